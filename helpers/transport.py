"""The one way a request leaves the package: guarded, time-boxed and size-capped.

* ``GuardedAdapter`` is a requests transport adapter that runs ``config.ensure_safe_destination``
  on the *prepared* URL right before sending, so what is judged is exactly what urllib3 opens.
  ``guarded_session()`` mounts it for every scheme; a session given by a caller is wrapped too.
* ``fetch`` sends one request and reads the answer in streaming mode under one overall
  deadline (connect, headers and body together) and a size cap counted after decompression.
  Every way it can fail is a ``RequestFailed`` whose ``cause`` names what happened.
* In a browser page (the JupyterLite edition) a call to Keap that cannot connect is
  ``browser_blocked``: the browser hides why from the page, and the usual reason is that Keap
  does not allow calls from other sites' pages (CORS). Nothing is ever routed elsewhere.
"""

from __future__ import annotations

import contextlib
import errno
import http.client
import math
import socket
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import requests
from requests.adapters import BaseAdapter, HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from . import config, runtime
from .errors import RequestFailed, TutorialError, UnsafeDestination

MAX_BODY_BYTES = 1 << 20  # userinfo and XML-RPC answers are a few KB
CHUNK_BYTES = 64 * 1024
MAX_TIMEOUT_SECONDS = 600.0
DEADLINE_SLACK = 0.1  # lets the socket's own timeouts speak first; well inside the 0.5 s promise
_local = threading.local()


@dataclass(frozen=True)
class Answer:
    """What came back: the status, the headers and the body (at most ``MAX_BODY_BYTES``)."""

    status_code: int
    headers: Mapping[str, str]
    body: bytes
    seconds: float = 0.0


@dataclass(frozen=True)
class Outgoing:
    """One request as the package sends it."""

    method: str
    url: str
    headers: Mapping[str, str] = field(default_factory=dict)
    data: bytes | None = None


# --- the guard -----------------------------------------------------------------------------
class GuardedAdapter(BaseAdapter):
    """Checks the prepared request's URL with the package's guard, then lets ``inner`` send it."""

    def __init__(self, inner: BaseAdapter | None = None) -> None:
        super().__init__()
        self.inner = inner or _DeadlineAdapter()

    def send(
        self,
        request: requests.PreparedRequest,
        stream: bool = False,
        timeout: Any = None,
        verify: Any = True,
        cert: Any = None,
        proxies: Mapping[str, str] | None = None,
    ) -> requests.Response:
        """Send ``request`` only if its destination is Keap over HTTPS or loopback, never via a proxy."""
        config.ensure_safe_destination(request.url or "")
        if any(proxies.values() if proxies else ()):
            raise UnsafeDestination("destination.proxy")
        return self.inner.send(
            request, stream=stream, timeout=timeout, verify=verify, cert=cert, proxies={}
        )

    def close(self) -> None:
        self.inner.close()


def guarded_session(session: requests.Session | None = None) -> requests.Session:
    """``session`` (or a new one) with every mounted adapter behind the guard and no proxies."""
    http = session if session is not None else requests.Session()
    http.trust_env = False  # never let a proxy setting carry the key elsewhere
    http.proxies = {}
    for prefix in ("https://", "http://"):
        http.adapters.setdefault(prefix, _DeadlineAdapter())
    for prefix, adapter in list(http.adapters.items()):
        if not isinstance(adapter, GuardedAdapter):
            inner = _DeadlineAdapter() if type(adapter) is HTTPAdapter else adapter
            http.adapters[prefix] = GuardedAdapter(inner)
    return http


# --- the overall deadline ------------------------------------------------------------------
class _Deadline:
    """Shuts every socket opened under it down when the time is up, whatever the server does."""

    def __init__(self, seconds: float) -> None:
        self.expired = threading.Event()
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def watch(self, sock: socket.socket | None) -> None:
        if sock is None:
            return
        with self._lock:
            self._sockets.append(sock)
        if self.expired.is_set():
            _shutdown(sock)

    def _expire(self) -> None:
        self.expired.set()
        with self._lock:
            for sock in self._sockets:
                _shutdown(sock)

    def __enter__(self) -> _Deadline:
        _local.deadline = self
        # No threads in a browser page (Pyodide): there each read's own timeout still holds.
        with contextlib.suppress(RuntimeError):
            self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()
        _local.deadline = None


def _shutdown(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)


def _watch(sock: socket.socket | None) -> None:
    deadline = getattr(_local, "deadline", None)
    if deadline is not None:
        deadline.watch(sock)


class _WatchedHTTPConnection(HTTPConnection):
    def _new_conn(self) -> socket.socket:
        sock = super()._new_conn()
        _watch(sock)
        return sock

    def request(self, *args: Any, **kwargs: Any) -> None:
        # A connection kept alive from an earlier deadline (Pyodide's urllib3 ones have no sock).
        _watch(getattr(self, "sock", None))
        super().request(*args, **kwargs)


class _WatchedHTTPSConnection(HTTPSConnection):
    def _new_conn(self) -> socket.socket:
        sock = super()._new_conn()
        _watch(sock)
        return sock

    def request(self, *args: Any, **kwargs: Any) -> None:
        _watch(getattr(self, "sock", None))
        super().request(*args, **kwargs)


class _WatchedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _WatchedHTTPConnection


class _WatchedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _WatchedHTTPSConnection


class _DeadlineAdapter(HTTPAdapter):
    """requests' adapter whose sockets an overall deadline can shut down."""

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {
            "http": _WatchedHTTPPool,
            "https": _WatchedHTTPSPool,
        }


# --- one request -------------------------------------------------------------------------
def budget_seconds(timeout: object) -> float:
    """The overall time a request may take: ``timeout`` in seconds, or the read part of
    (connect, read). Connecting gets at most that too. Refuses 0, negatives, nan, inf, non-numbers.

    >>> budget_seconds(5), budget_seconds((3.05, 0.5))
    (5.0, 0.5)
    """
    values = timeout if isinstance(timeout, tuple) and len(timeout) == 2 else (timeout,)
    numbers: list[float] = []
    for value in values:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise RequestFailed("timeout_invalid", limit=int(MAX_TIMEOUT_SECONDS))
        number = float(value) if abs(value) < 1e300 else math.inf
        if not (0 < number <= MAX_TIMEOUT_SECONDS):  # also refuses nan and inf
            raise RequestFailed("timeout_invalid", limit=int(MAX_TIMEOUT_SECONDS))
        numbers.append(number)
    return numbers[-1]


def fetch(
    session: requests.Session, outgoing: Outgoing, timeout: object, max_bytes: int = MAX_BODY_BYTES
) -> Answer:
    """Send ``outgoing`` through the guard and read the answer within the deadline and the cap."""
    budget = budget_seconds(timeout)
    connect = min(budget, timeout[0]) if isinstance(timeout, tuple) else budget
    sender = guarded_session(session)
    started = time.perf_counter()
    try:
        with _Deadline(budget + DEADLINE_SLACK) as deadline:
            try:
                # Straight to the adapter: Session.send would read a redirect's whole body.
                prepared = sender.prepare_request(
                    requests.Request(
                        outgoing.method,
                        outgoing.url,
                        headers=dict(outgoing.headers),
                        data=outgoing.data,
                    )
                )
                response = sender.get_adapter(prepared.url or "").send(
                    prepared, stream=True, timeout=(connect, budget), verify=True, proxies={}
                )
                try:
                    redirect = 300 <= response.status_code < 400
                    body = b"" if redirect else _read_capped(response, max_bytes)
                finally:
                    if response.raw is not None:
                        response.close()
                if deadline.expired.is_set():  # the cut-off socket looked like a normal end
                    raise RequestFailed("read_timeout", seconds=budget)
            except TutorialError:
                raise
            except (
                requests.RequestException,
                OSError,
                http.client.HTTPException,
                ValueError,
            ) as error:
                cause = network_cause(error)
                if deadline.expired.is_set() and cause != "connect_timeout":
                    cause = "read_timeout"
                elif cause in BROWSER_BLOCKABLE and _browser_page_to_keap(outgoing.url):
                    cause = "browser_blocked"
                raise RequestFailed(cause, seconds=budget) from None
            except Exception as error:
                if not _browser_failure(error):
                    raise
                # The browser's own fetch failed and, as always, says only that it failed.
                cause = "browser_blocked" if _browser_page_to_keap(outgoing.url) else "refused"
                raise RequestFailed(cause, seconds=budget) from None
    finally:
        if session is None:
            sender.close()
    return Answer(
        response.status_code, _plain_headers(response.headers), body, time.perf_counter() - started
    )


def _read_capped(response: requests.Response, max_bytes: int) -> bytes:
    """The body, decompressed, or ``RequestFailed("response_too_large")`` past ``max_bytes``."""
    if response.raw is None:  # a transport adapter that answered from memory
        content = response.content or b""
        if len(content) > max_bytes:
            raise RequestFailed("response_too_large", limit=max_bytes // 1024)
        return content
    parts: list[bytes] = []
    size = 0
    for chunk in response.iter_content(CHUNK_BYTES):
        size += len(chunk)
        if size > max_bytes:
            raise RequestFailed("response_too_large", limit=max_bytes // 1024)
        parts.append(chunk)
    return b"".join(parts)


def _plain_headers(headers: Mapping[str, str]) -> requests.structures.CaseInsensitiveDict[str]:
    return requests.structures.CaseInsensitiveDict(
        {str(k): str(v)[:1024] for k, v in headers.items()}
    )


# What a refused cross-origin call looks like from Python in a browser page: the browser's
# fetch only says "failed" (never why), which Pyodide's urllib3 turns into a connection error
# (an HTTPException from its _RequestError, a NewConnectionError, a ProtocolError...).
BROWSER_BLOCKABLE = frozenset({"dns", "offline", "refused", "dropped", "tls", "malformed_response"})


def _browser_failure(error: BaseException) -> bool:
    """True for an error of the browser itself reaching Python in a page (Pyodide's
    ``JsException``, e.g. "TypeError: Failed to fetch"), which urllib3 does not always wrap."""
    return runtime.in_browser() and type(error).__name__ == "JsException"


def _browser_page_to_keap(url: str) -> bool:
    """True when this Python runs in a browser page and ``url`` is Keap's (not the sandbox's)."""
    return runtime.in_browser() and not config.is_loopback_url(url)


def network_cause(error: BaseException) -> str:
    """Name what went wrong on the way to the server, from the exception chain."""
    if isinstance(error, requests.exceptions.SSLError):
        return "tls"
    if isinstance(error, requests.exceptions.ConnectTimeout):
        return "connect_timeout"
    if isinstance(error, requests.exceptions.ReadTimeout):
        return "read_timeout"
    chain = _exception_chain(error)
    if any(isinstance(e, socket.gaierror) for e in chain) or any(
        "NameResolution" in type(e).__name__ for e in chain
    ):
        gai = next((e for e in chain if isinstance(e, socket.gaierror)), None)
        return "offline" if gai is not None and gai.errno == socket.EAI_AGAIN else "dns"
    if any(isinstance(e, ConnectionRefusedError) for e in chain):
        return "refused"
    if any(
        isinstance(e, OSError)
        and e.errno in (errno.ENETUNREACH, errno.EHOSTUNREACH, errno.ENETDOWN)
        for e in chain
    ):
        return "offline"
    if any(isinstance(e, socket.timeout) for e in chain):
        return "read_timeout"
    cut = (http.client.RemoteDisconnected, http.client.IncompleteRead)
    if any(isinstance(e, requests.exceptions.ContentDecodingError) for e in chain) or any(
        isinstance(e, http.client.HTTPException) and not isinstance(e, cut) for e in chain
    ):
        return "malformed_response"  # a status line, header block or encoding no HTTP server sends
    if isinstance(
        error,
        (requests.exceptions.ConnectionError, requests.exceptions.ChunkedEncodingError, OSError),
    ):
        return "dropped"
    return "unexpected"


def _exception_chain(error: BaseException) -> list[BaseException]:
    """The exception, its causes and contexts, and urllib3's ``reason`` links, flattened."""
    seen: list[BaseException] = []
    todo: list[BaseException | None] = [error]
    while todo:
        current = todo.pop()
        if current is None or any(current is s for s in seen):
            continue
        seen.append(current)
        todo += [current.__cause__, current.__context__, getattr(current, "reason", None)]
        todo += [a for a in getattr(current, "args", ()) if isinstance(a, BaseException)]
    return seen
