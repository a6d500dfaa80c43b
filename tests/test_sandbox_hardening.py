"""The sandbox holds up: web pages cannot switch its scenario, bad bodies get a 400, stalled
connections are closed, and many clients at once are all served."""

from __future__ import annotations

import select
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from helpers.sandbox import DEMO_SERVICE_ACCOUNT_KEY, Sandbox
from helpers.sandbox.server import _Server

USERINFO = "/crm/rest/v2/oauth/connect/userinfo"


def _control(sandbox) -> str:
    return sandbox.url + "/_sandbox/scenario"


def test_a_cross_origin_text_post_cannot_switch_the_scenario(sandbox):
    # What any web page can send to 127.0.0.1 without asking: a "simple" text/plain POST.
    response = requests.post(
        _control(sandbox),
        data='{"scenario": "drop"}',
        timeout=5,
        headers={"Content-Type": "text/plain", "Origin": "https://evil.example"},
    )
    assert response.status_code == 415 and sandbox.scenario == "normal"


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "https://evil.example"},
        {"Origin": "null"},
        {"Origin": "http://127.0.0.1:1"},
        {"Sec-Fetch-Site": "cross-site"},
    ],
)
def test_a_json_post_from_another_origin_is_refused(sandbox, headers):
    response = requests.post(
        _control(sandbox), json={"scenario": "drop"}, headers=headers, timeout=5
    )
    assert response.status_code == 403 and sandbox.scenario == "normal"


def test_the_sandbox_own_origin_and_scripts_without_origin_may_switch(sandbox):
    own = requests.post(
        _control(sandbox), json={"scenario": "quota"}, timeout=5, headers={"Origin": sandbox.url}
    )
    assert own.status_code == 200 and sandbox.scenario == "quota"
    script = requests.post(_control(sandbox), json={"scenario": "normal"}, timeout=5)
    assert script.status_code == 200 and sandbox.scenario == "normal"


@pytest.mark.parametrize(
    "body",
    [
        b"[" * 100_000 + b"]" * 100_000,
        b"\xff\xfe",
        b"[]",
        b"not json",
        b'{"slow_seconds": "nan"}',
        b'{"slow_seconds": {}}',
        b'{"scenario": ["drop"]}',
    ],
)
def test_bad_settings_bodies_get_a_400(sandbox, body):
    response = requests.post(
        _control(sandbox), data=body, timeout=5, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400 and sandbox.scenario == "normal"


def test_stalled_connections_are_closed_after_the_idle_timeout(sandbox):
    sandbox.idle_timeout = 0.5
    host, port = sandbox.url.removeprefix("http://").rsplit(":", 1)
    before = threading.active_count()
    stalled = []
    for _ in range(30):
        sock = socket.create_connection((host, int(port)), timeout=5)
        sock.sendall(b"POST /crm/xmlrpc/v1 HTTP/1.1\r\nContent-Length: 1000\r\n\r\nab")
        stalled.append(sock)
    try:
        time.sleep(1.5)
        closed = 0
        for sock in stalled:
            sock.settimeout(2)
            closed += sock.recv(1) == b""
        assert closed == len(stalled)
        assert threading.active_count() <= before + 2
    finally:
        for sock in stalled:
            sock.close()


def test_fifty_clients_at_once_are_all_served(sandbox):
    def one_client(_: int) -> int:
        ok = 0
        with requests.Session() as http:
            for _ in range(10):
                response = http.get(
                    sandbox.url + USERINFO,
                    timeout=5,
                    headers={"X-Keap-API-Key": DEMO_SERVICE_ACCOUNT_KEY},
                )
                ok += response.status_code == 200
        return ok

    with ThreadPoolExecutor(max_workers=50) as pool:
        served = sum(pool.map(one_client, range(50)))
    assert served == 500


def test_the_listen_queue_holds_fifty_connections_before_any_is_accepted():
    # A server that has bound and listens but accepts nothing yet: whatever completes the
    # handshake waits in the kernel's queue. With a queue of 5, the 7th client's SYN is dropped
    # and retried a second later: what 50 learners at once saw as a one-second stall.
    server = _Server("127.0.0.1", 0, Sandbox())
    clients = []
    try:
        for _ in range(50):
            client = socket.socket()
            client.setblocking(False)
            client.connect_ex(server.server_address)
            clients.append(client)
        time.sleep(0.3)
        _, writable, _ = select.select([], clients, [], 0)
        connected = [c for c in writable if c.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR) == 0]
        assert len(connected) == 50
    finally:
        for client in clients:
            client.close()
        server.server_close()


# --- DNS rebinding: only loopback names in Host -------------------------------------------------
def _raw_request(sandbox, head: str) -> bytes:
    """Send ``head`` (request line and headers) as typed; the whole answer."""
    host, port = sandbox.url.removeprefix("http://").rsplit(":", 1)
    with socket.create_connection((host, int(port)), timeout=5) as sock:
        sock.sendall(head.encode("latin-1") + b"\r\n")
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    return answer


@pytest.mark.parametrize(
    "host",
    ["127.0.0.1", "127.0.0.1:{port}", "localhost", "LOCALHOST:{port}", "[::1]", "[::1]:{port}"],
)
def test_loopback_host_names_are_answered(sandbox, host):
    port = sandbox.url.rsplit(":", 1)[1]
    answer = _raw_request(
        sandbox,
        f"GET {USERINFO} HTTP/1.1\r\nHost: {host.format(port=port)}\r\n"
        f"X-Keap-API-Key: {DEMO_SERVICE_ACCOUNT_KEY}\r\n",
    )
    assert answer.startswith(b"HTTP/1.1 200 ")


@pytest.mark.parametrize(
    "host",
    [
        "evil.example",
        "evil.example:{port}",
        "127.0.0.1.nip.io:{port}",
        "localhost.evil.example:{port}",
        "127.0.0.2:{port}",
        "[::1]x:{port}",
        "127.0.0.1:{port}@evil.example",
        "",
        None,  # no Host header at all
    ],
)
@pytest.mark.parametrize("path", [USERINFO, "/_sandbox/scenario"])
def test_a_rebound_or_missing_host_gets_a_403_and_reaches_nothing(sandbox, host, path):
    """A page that rebinds its own name to 127.0.0.1 sends that name as Host."""
    port = sandbox.url.rsplit(":", 1)[1]
    header = "" if host is None else f"Host: {host.format(port=port)}\r\n"
    answer = _raw_request(
        sandbox, f"GET {path} HTTP/1.1\r\n{header}X-Keap-API-Key: {DEMO_SERVICE_ACCOUNT_KEY}\r\n"
    )
    assert answer.startswith(b"HTTP/1.1 403 ")
    assert b"example.com" not in answer and b"scenarios" not in answer
    assert sandbox.requests_seen == 0


def test_a_rebound_host_cannot_switch_the_scenario(sandbox):
    response = requests.post(
        _control(sandbox),
        json={"scenario": "drop"},
        headers={"Host": "rebound.example"},
        timeout=5,
    )
    assert response.status_code == 403 and sandbox.scenario == "normal"


# --- a trickling client -------------------------------------------------------------------------
@pytest.mark.parametrize("part", ["headers", "body"])
def test_a_trickling_client_is_dropped_at_the_request_deadline(sandbox, part):
    """One byte at a time, each well inside the idle timeout: only the overall deadline stops
    it. The server must close the connection long before the request is complete."""
    sandbox.idle_timeout, sandbox.request_deadline = 5.0, 0.5
    host, port = sandbox.url.removeprefix("http://").rsplit(":", 1)
    head = "POST /crm/xmlrpc/v1 HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 400\r\n"
    if part == "headers":
        request, sent_at_once = head.encode() + b"X-Pad: " + b"a" * 400 + b"\r\n\r\n", 0
    else:
        request, sent_at_once = head.encode() + b"\r\n" + b"b" * 400, len(head) + 2
    with socket.create_connection((host, int(port)), timeout=5) as sock:
        sock.sendall(request[:sent_at_once])
        sent, answer = sent_at_once, b"not closed"
        while sent < len(request):
            # Wait 50 ms for the server to close (readable), else trickle one more byte.
            readable, _, _ = select.select([sock], [], [], 0.05)
            if readable:
                answer = sock.recv(65536)
                break
            try:
                sock.sendall(request[sent : sent + 1])
            except OSError:  # reset: closed by the server
                answer = b""
                break
            sent += 1
    assert answer == b"" and sent < len(request)
    assert sandbox.requests_seen == 0
