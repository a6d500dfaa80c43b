"""In-page sandboxes: the sandbox answering this Python process's requests, with no server.

In a browser page (Pyodide, the JupyterLite edition) a program can neither listen on a socket
nor start a thread. There ``Sandbox.start()`` registers its state here under its usual origin,
``http://127.0.0.1:<port>`` (8765 upwards), and two hooks, installed once, give every connection
this process opens to a registered origin a ``memory.MemorySocket``, answered by the same
``SandboxHandler`` from the same ``SandboxState`` as over TCP:

* urllib3 (requests, Keap's SDK): ``HTTPConnectionPool._new_conn`` gives a pool for a registered
  origin an ``InPageHTTPConnection``, built on urllib3's socket-based ``HTTPConnection`` (the
  one ``urllib3.connectionpool`` imported, which stays socket-based even where urllib3 switched
  to the browser's fetch);
* http.client (xmlrpc.client, urllib.request): ``HTTPConnection.connect`` sets the memory socket.

Only plain HTTP to a loopback name (127.0.0.1, localhost, ::1) with a registered port is
answered here; every other address goes exactly as before, with one exception: inside a
browser page a loopback port with no sandbox is refused here, as a closed port is (e.g. a
sandbox that was stopped), never asked of the learner's own computer through the browser.
"""

from __future__ import annotations

import errno
import functools
import http.client
import itertools
import socket
import threading
from typing import Any

from urllib3 import connectionpool
from urllib3.connectionpool import HTTPConnection as _SocketHTTPConnection
from urllib3.exceptions import NewConnectionError

from .. import runtime
from .memory import MemorySocket
from .state import SandboxState

FIRST_PORT = 8765
_LOOPBACK_NAMES = frozenset({"127.0.0.1", "localhost", "::1"})
_table: dict[int, SandboxState] = {}
_lock = threading.Lock()
_hooked = False


def register(state: SandboxState, port: int = 0) -> int:
    """Answer requests to ``port`` (0: the first free one from 8765) from ``state``; the port.

    A port another in-page sandbox holds raises ``OSError`` (EADDRINUSE), as binding would.
    """
    with _lock:
        if port == 0:
            port = next(p for p in itertools.count(FIRST_PORT) if p not in _table)
        elif port in _table:
            raise OSError(errno.EADDRINUSE, "Address already in use")
        _table[port] = state
        _install_hooks()
    return port


def unregister(port: int) -> None:
    """Stop answering ``port`` in memory (nothing happens if it was not registered)."""
    with _lock:
        _table.pop(port, None)


def _closed_in_page(host: object) -> bool:
    """True for a loopback name inside a browser page: no server can listen there, so a port
    with no in-page sandbox is a closed port."""
    name = str(host or "").strip().strip("[]").lower()
    return runtime.in_browser() and name in _LOOPBACK_NAMES


def _refused(connection: Any) -> NewConnectionError:
    refused = ConnectionRefusedError(errno.ECONNREFUSED, "Connection refused")
    error = NewConnectionError(connection, f"Failed to establish a new connection: {refused}")
    error.__cause__ = refused
    return error


def lookup(host: object, port: object) -> SandboxState | None:
    """The state answering ``host:port`` in memory, or None (the request goes to the network).

    >>> lookup("example.com", FIRST_PORT) is None
    True
    """
    name = str(host or "").strip().strip("[]").lower()
    if name not in _LOOPBACK_NAMES or not isinstance(port, int):
        return None
    return _table.get(port)


class InPageHTTPConnection(_SocketHTTPConnection):
    """urllib3's socket-based connection whose socket is a ``MemorySocket``."""

    def _new_conn(self) -> socket.socket:
        state = lookup(self.host, self.port)
        if state is None:  # the sandbox stopped after the pool chose this connection
            raise _refused(self)
        return MemorySocket(state, (self.host, self.port), self.timeout)  # type: ignore[return-value]

    @property
    def is_connected(self) -> bool:
        """Connected until the answer is made (no select() on a memory socket)."""
        sock = self.sock
        return isinstance(sock, MemorySocket) and not sock.answered


def _install_hooks() -> None:
    """Patch urllib3's HTTP pools and http.client once (called with ``_lock`` held)."""
    global _hooked
    if _hooked:
        return
    pool_new_conn = connectionpool.HTTPConnectionPool._new_conn
    client_connect = http.client.HTTPConnection.connect

    @functools.wraps(pool_new_conn)
    def _new_conn(pool: Any) -> Any:
        if pool.scheme != "http" or (
            lookup(pool.host, pool.port) is None and not _closed_in_page(pool.host)
        ):
            return pool_new_conn(pool)
        pool.num_connections += 1
        return InPageHTTPConnection(
            host=pool.host, port=pool.port, timeout=pool.timeout.connect_timeout, **pool.conn_kw
        )

    @functools.wraps(client_connect)
    def connect(conn: http.client.HTTPConnection) -> None:
        https = isinstance(conn, http.client.HTTPSConnection)
        state = None if https else lookup(conn.host, conn.port)
        if state is None and not https and _closed_in_page(conn.host):
            raise ConnectionRefusedError(errno.ECONNREFUSED, "Connection refused")
        if state is None:
            return client_connect(conn)
        conn.sock = MemorySocket(state, (conn.host, conn.port), conn.timeout)  # type: ignore[assignment]

    connectionpool.HTTPConnectionPool._new_conn = _new_conn  # type: ignore[method-assign]
    http.client.HTTPConnection.connect = connect  # type: ignore[method-assign]
    _hooked = True
