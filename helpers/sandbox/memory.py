"""One request answered in memory: a socket-like object instead of a TCP connection.

``MemorySocket`` is what an HTTP client gets instead of a socket (``in_page`` hands it out). It
keeps the bytes the client sends; when the client first reads, it runs ``SandboxHandler`` on
them, in the calling thread, and serves the answer's bytes. Nothing listens, no thread starts.

It behaves as the sandbox's TCP connection does, seen from the client:

* ``slow`` holds the answer. A client whose socket timeout is shorter waits that long, then its
  read raises ``TimeoutError`` (``socket.timeout``), as a real socket's does.
* ``drop``, and a request that never arrived whole, answer no byte: the client reads the end of
  the stream, which ``http.client`` reports as ``RemoteDisconnected`` (a connection reset).
* ``shutdown()`` or ``close()`` from another thread (a deadline giving up) ends a held answer.

The request has fully arrived when the handler runs, so its idle timeout and request deadline
never fire here; ``Host`` is checked as over TCP. Nothing here logs or echoes a request.
"""

from __future__ import annotations

import errno
import io
import socket
import sys
import threading
import time
import traceback
from typing import Any

from .handler import SandboxHandler
from .state import SandboxState

_STEP = 0.05  # seconds between looks at "stop waiting" while an answer is held


class ClientGaveUp(Exception):
    """The client's socket timeout ran out while the answer was held."""


def timeout_value(timeout: object) -> float | None:
    """A socket timeout from what a client library holds: a number, None, or a 'default' marker.

    >>> timeout_value(2), timeout_value(None), timeout_value(object()) is socket.getdefaulttimeout()
    (2.0, None, True)
    """
    if isinstance(timeout, (int, float)) and not isinstance(timeout, bool):
        return float(timeout)
    return None if timeout is None else socket.getdefaulttimeout()


def wait(seconds: float, *stop: threading.Event) -> bool:
    """Sleep ``seconds`` in short steps (no other thread needed); False if a ``stop`` is set first."""
    end = time.monotonic() + seconds
    while not any(event.is_set() for event in stop):
        left = end - time.monotonic()
        if left <= 0:
            return True
        time.sleep(min(left, _STEP))
    return False


class MemorySocket:
    """A client's connection to an in-page sandbox: it sends the request, reads the answer."""

    family = socket.AF_INET
    type = socket.SOCK_STREAM
    proto = 0

    def __init__(self, state: SandboxState, peer: tuple[str, int], timeout: object) -> None:
        self._state, self._peer = state, peer
        self._timeout = timeout_value(timeout)
        self._sent = bytearray()
        self._answer: io.BytesIO | None = None
        self._read_shut = False
        self._closed = False
        self.ended = threading.Event()  # shut down or closed: a held answer stops waiting

    # --- settings ---------------------------------------------------------------------------
    def settimeout(self, value: float | None) -> None:
        if value is not None and value < 0:
            raise ValueError("Timeout value out of range")
        self._timeout = None if value is None else float(value)

    def gettimeout(self) -> float | None:
        return self._timeout

    def setblocking(self, flag: bool) -> None:
        self._timeout = None if flag else 0.0

    def getblocking(self) -> bool:
        return self._timeout != 0.0

    def setsockopt(self, *args: Any) -> None:
        """Accepted and ignored (TCP_NODELAY and the like mean nothing in memory)."""

    def getsockopt(self, *args: Any) -> int:
        return 0

    def getpeername(self) -> tuple[str, int]:
        return self._peer

    def getsockname(self) -> tuple[str, int]:
        return ("127.0.0.1", 0)

    def fileno(self) -> int:
        return -1  # no descriptor: nothing may select() or poll() on it

    @property
    def answered(self) -> bool:
        """True once the answer was made (the sandbox then closes its end, as over TCP)."""
        return self._answer is not None

    # --- sending ----------------------------------------------------------------------------
    def send(self, data: bytes, flags: int = 0) -> int:
        self._check_open()
        if self._answer is None:  # after the answer the sandbox has closed its end: discarded
            self._sent += data
        return len(data)

    def sendall(self, data: bytes, flags: int = 0) -> None:
        self.send(data, flags)

    # --- receiving --------------------------------------------------------------------------
    def recv(self, size: int, flags: int = 0) -> bytes:
        return self._incoming().read(size)

    def recv_into(self, buffer: Any, nbytes: int = 0, flags: int = 0) -> int:
        view = memoryview(buffer).cast("B")
        data = self.recv(nbytes or len(view))
        view[: len(data)] = data
        return len(data)

    def makefile(self, mode: str = "r", buffering: int | None = None, **text: Any) -> Any:
        """A file that reads the answer (``rb`` as ``http.client`` asks, or text with ``r``)."""
        if set(mode) - {"r", "b"}:
            raise ValueError("an in-page connection's file can only be read")
        raw = _Reader(self)
        if "b" in mode and buffering == 0:
            return raw
        buffered = io.BufferedReader(raw, buffering or io.DEFAULT_BUFFER_SIZE)
        return buffered if "b" in mode else io.TextIOWrapper(buffered, **text)

    def shutdown(self, how: int) -> None:
        if how in (socket.SHUT_RD, socket.SHUT_RDWR):
            self._read_shut = True
        self.ended.set()

    def close(self) -> None:
        """Close; a file made by ``makefile`` still reads the answer, as with a real socket."""
        self._closed = True
        self.ended.set()

    def __enter__(self) -> MemorySocket:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- the answer -------------------------------------------------------------------------
    def _check_open(self) -> None:
        if self._closed:
            raise OSError(errno.EBADF, "Bad file descriptor")

    def _incoming(self) -> io.BytesIO:
        """The answer's bytes, made on the first read; the end of the stream once shut down."""
        if self._read_shut:
            return io.BytesIO()
        if self._answer is None:
            try:
                made = answer(self._state, bytes(self._sent), self)
            except ClientGaveUp:
                self._answer = io.BytesIO()  # the late answer is never delivered
                raise TimeoutError("timed out") from None  # socket.timeout
            self._answer = io.BytesIO(made)
        return self._answer


class _Reader(io.RawIOBase):
    """The read side of a ``MemorySocket`` as a raw file."""

    def __init__(self, sock: MemorySocket) -> None:
        super().__init__()
        self._sock = sock

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        return self._sock.recv_into(buffer)


class _ServerEnd:
    """The handler's side of a memory connection: the request's bytes and a buffer for the answer."""

    def __init__(self, request: bytes, client: MemorySocket) -> None:
        self.request, self.client = request, client
        self.output = io.BytesIO()

    def settimeout(self, value: float | None) -> None:
        """Ignored: the request is already whole, and the answer is written to memory."""

    def setsockopt(self, *args: Any) -> None:
        """Ignored."""


class _MemoryHandler(SandboxHandler):
    """``SandboxHandler`` reading the request from memory and writing the answer to memory."""

    request: _ServerEnd

    def setup(self) -> None:
        self.timeout = self.state.idle_timeout
        self.connection = self.request
        self.rfile = io.BytesIO(self.request.request)
        self.wfile = self.request.output

    def finish(self) -> None:
        """Keep the answer's buffer open: the client reads it next."""

    def _hold(self) -> bool:
        """Hold as ``slow`` does, bounded by the client's timeout (raises ``ClientGaveUp``)."""
        client = self.request.client
        hold, limit = self.state.slow_seconds, client.gettimeout()
        stop = (self.state.stopping, client.ended)
        if limit is not None and limit < hold:
            if wait(max(limit, 0.0), *stop):
                raise ClientGaveUp
            return False
        return wait(hold, *stop)


def answer(state: SandboxState, request: bytes, client: MemorySocket) -> bytes:
    """The bytes the sandbox sends back for ``request`` (b'' when it sends nothing).

    An error inside the handler ends the answer where it stopped and writes one line on stderr,
    as the sandbox's server does.
    """
    end = _ServerEnd(request, client)
    try:
        _MemoryHandler(end, ("127.0.0.1", 0), None, state=state)
    except ClientGaveUp:
        raise
    except OSError:
        pass  # what the server's handle_error treats as a client that went away
    except Exception as exc:
        sys.stderr.write(f"keap sandbox: internal error ({type(exc).__name__})\n")
        if state.verbose:
            traceback.print_exc()
    return end.output.getvalue()
