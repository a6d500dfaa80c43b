"""A hostile HTTP server on 127.0.0.1: every way an answer can try to hold, flood or crash a check.

Each mode writes raw bytes on the socket (no HTTP library), so it can send what no polite
server would. Shared by tests/test_hostile_servers.py and bench/bench_hostile.py.
"""

from __future__ import annotations

import gzip
import socket
import socketserver
import threading
import time
import xmlrpc.client
from collections.abc import Callable

Writer = Callable[[socket.socket, threading.Event], None]
MIB = 1 << 20


def _head(status: str, headers: dict[str, str] | None = None, length: int | None = None) -> bytes:
    lines = [f"HTTP/1.1 {status}"]
    lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
    if length is not None:
        lines.append(f"Content-Length: {length}")
    lines.append("Connection: close")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def _answer(status: str, body: bytes, headers: dict[str, str] | None = None) -> Writer:
    def write(sock: socket.socket, stop: threading.Event) -> None:
        sock.sendall(_head(status, headers, len(body)) + body)

    return write


def _trickle_headers(sock: socket.socket, stop: threading.Event) -> None:
    """One byte every 0.5 s, forever: the status line and headers never end."""
    for byte in b"HTTP/1.1 200 OK\r\n" + b"X-Slow: " + b"a" * 100_000:
        if stop.wait(0.5):
            return
        sock.sendall(bytes([byte]))


def _trickle_body(sock: socket.socket, stop: threading.Event) -> None:
    """Headers at once, then a body of one byte every 0.2 s (no length: read until close)."""
    sock.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n")
    while not stop.wait(0.2):
        sock.sendall(b" ")


def _flood(sock: socket.socket, stop: threading.Event) -> None:
    """A 500 MB body, as fast as the client takes it."""
    sock.sendall(_head("200 OK", {"Content-Type": "application/json"}, 500 * 1000 * 1000))
    block = b"[" * MIB
    for _ in range(500):
        if stop.is_set():
            return
        sock.sendall(block)


def _gzip_bomb_body() -> bytes:
    """About 1 MB of gzip that inflates to 1 GiB of zeros: 16 gzip members of 64 MiB each."""
    member = gzip.compress(bytes(64 * MIB), compresslevel=9)
    return member * 16


_BOMB: list[bytes] = []


def prepare() -> None:
    """Build the slow-to-make bodies before any clock starts."""
    if not _BOMB:
        _BOMB.append(_gzip_bomb_body())


def _gzip_bomb(sock: socket.socket, stop: threading.Event) -> None:
    if not _BOMB:
        _BOMB.append(_gzip_bomb_body())
    body = _BOMB[0]
    sock.sendall(
        _head("200 OK", {"Content-Type": "application/json", "Content-Encoding": "gzip"}, len(body))
        + body
    )


def _endless_chunked(sock: socket.socket, stop: threading.Event) -> None:
    sock.sendall(
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
        b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    )
    chunk = b"10000\r\n" + b"[" * 0x10000 + b"\r\n"
    while not stop.is_set():
        sock.sendall(chunk)


def _many_headers(sock: socket.socket, stop: threading.Event) -> None:
    headers = "".join(f"X-H{i}: {i}\r\n" for i in range(5000))
    sock.sendall(f"HTTP/1.1 200 OK\r\n{headers}Content-Length: 2\r\n\r\n{{}}".encode())


def _long_header(sock: socket.socket, stop: threading.Event) -> None:
    sock.sendall(
        b"HTTP/1.1 200 OK\r\nX-Long: " + b"a" * (200 * 1024) + b"\r\nContent-Length: 2\r\n\r\n{}"
    )


def _bad_status_line(sock: socket.socket, stop: threading.Event) -> None:
    sock.sendall(b"HTTP/1.1 two hundred OK\r\nContent-Length: 2\r\n\r\n{}")


def _fault(struct: object) -> bytes:
    """An XML-RPC methodResponse with a <fault> whose value is ``struct`` (any shape)."""
    value = xmlrpc.client.dumps((struct,), methodresponse=True)
    return (
        value.replace("<params>\n<param>\n", "<fault>\n")
        .replace("</param>\n</params>\n", "</fault>\n")
        .encode()
    )


DEEP = 100_000
MODES: dict[str, Writer] = {
    "trickle_headers": _trickle_headers,
    "trickle_body": _trickle_body,
    "flood": _flood,
    "gzip_bomb": _gzip_bomb,
    "endless_chunked": _endless_chunked,
    "many_headers": _many_headers,
    "long_header": _long_header,
    "bad_status_line": _bad_status_line,
    "retry_after_superscript": _answer("429 Too Many Requests", b"{}", {"Retry-After": "\u00b2"}),
    "retry_after_5000_digits": _answer("429 Too Many Requests", b"{}", {"Retry-After": "9" * 5000}),
    "quota_superscript": _answer(
        "200 OK",
        b'{"email": "a@example.com"}',
        {
            "Content-Type": "application/json",
            "x-keap-product-quota-used": "\u00b9",
            "x-keap-product-quota-limit": "30000",
        },
    ),
    "quota_5000_digits": _answer(
        "200 OK",
        b'{"email": "a@example.com"}',
        {
            "Content-Type": "application/json",
            "x-keap-product-quota-used": "9" * 5000,
            "x-keap-product-quota-limit": "9" * 5000,
        },
    ),
    "deep_json_200": _answer(
        "200 OK", b"[" * DEEP + b"]" * DEEP, {"Content-Type": "application/json"}
    ),
    "deep_json_401": _answer(
        "401 Unauthorized",
        b'{"fault": ' + b"[" * DEEP + b"]" * DEEP + b"}",
        {"Content-Type": "application/json"},
    ),
    "fault_without_string": _answer(
        "200 OK", _fault({"faultCode": 2}), {"Content-Type": "text/xml"}
    ),
    "fault_not_a_struct": _answer("200 OK", _fault("just text"), {"Content-Type": "text/xml"}),
    "bad_location": _answer("307 Temporary Redirect", b"", {"Location": "http://[::1"}),
    "binary_garbage": _answer(
        "200 OK", bytes(range(256)) * 8, {"Content-Type": "application/json"}
    ),
}


class HostileServer:
    """Serve ``mode`` on a free 127.0.0.1 port until ``stop()``; ``url`` is its origin.

    ``received`` holds every request as it arrived (head and body), and ``connections``
    counts every connection accepted, so a test can say what reached this server."""

    def __init__(self, mode: str | Writer) -> None:
        self.writer = MODES[mode] if isinstance(mode, str) else mode
        self.stop_event = threading.Event()
        self.received: list[bytes] = []
        self.connections = 0
        server = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                sock: socket.socket = self.request
                sock.settimeout(5)
                server.connections += 1
                try:
                    server.received.append(_read_request(sock))
                    server.writer(sock, server.stop_event)
                    sock.shutdown(socket.SHUT_WR)
                    time.sleep(0.05)
                except OSError:
                    pass  # the client gave up: that is the point

        socketserver.ThreadingTCPServer.allow_reuse_address = True
        self._server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()

    def stop(self) -> None:
        self.stop_event.set()
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> HostileServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _read_request(sock: socket.socket) -> bytes:
    data = b""
    while b"\r\n\r\n" not in data and len(data) < 65536:
        part = sock.recv(4096)
        if not part:
            break
        data += part
    head, _, rest = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":", 1)[1])
    while len(rest) < length:
        part = sock.recv(4096)
        if not part:
            break
        rest += part
    return head + b"\r\n\r\n" + rest


def redirect_to(location: str, status: str = "307 Temporary Redirect") -> Writer:
    """Answer every request with a redirect to ``location``."""
    return _answer(status, b"", {"Location": location, "Content-Type": "application/json"})


def _redirect_flood(sock: socket.socket, stop: threading.Event) -> None:
    """A redirect with a 500 MB body: requests' redirect handling would read all of it."""
    sock.sendall(
        _head("307 Temporary Redirect", {"Location": "http://127.0.0.1:9/"}, 500 * 1000 * 1000)
    )
    block = b" " * MIB
    for _ in range(500):
        if stop.is_set():
            return
        sock.sendall(block)


MODES["redirect_flood"] = _redirect_flood
