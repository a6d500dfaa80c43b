"""The local Keap sandbox: a small HTTP server on a loopback address, or in the page.

Where a program cannot listen on a socket (a browser page: ``runtime.in_browser()``), or when
asked with ``in_page=True``, the same sandbox answers in memory instead (see ``in_page``): same
origin form, same handler, same state, and nothing else in the package changes.

>>> with Sandbox() as sandbox:
...     sandbox.url.startswith("http://127.0.0.1:")
True
>>> with Sandbox(in_page=True) as sandbox:
...     sandbox.in_page, sandbox.url.startswith("http://127.0.0.1:")
(True, True)
"""

from __future__ import annotations

import atexit
import functools
import ipaddress
import socket
import socketserver
import sys
import threading
from collections.abc import Callable, Iterable, Mapping
from http.server import ThreadingHTTPServer
from types import TracebackType
from typing import Any

from ..errors import SandboxError
from ..i18n import DEFAULT_LANGUAGE, get_language, normalize_language
from ..runtime import in_browser
from . import in_page as _in_page
from .demo import DEMO_APP_NAME, DemoAccount, Keys, demo_account
from .handler import SandboxHandler
from .headers import UsageCounter
from .scenarios import SandboxSettingError
from .state import DEFAULT_SLOW_SECONDS, SandboxState


def _loopback_host(host: str) -> str:
    """Return ``host`` if it is a loopback address, else raise ``SandboxSettingError``."""
    text = (host or "").strip()
    if text.lower() == "localhost":
        return "localhost"
    try:
        address = ipaddress.ip_address(text.strip("[]"))
    except ValueError:
        address = None
    if address is None or not address.is_loopback:
        raise SandboxSettingError("sandbox.not_loopback", host=text[:60])
    return str(address)


class _Server(ThreadingHTTPServer):
    """ThreadingHTTPServer with daemon threads, no reverse DNS, and quiet errors."""

    daemon_threads = True
    request_queue_size = 128  # 50 clients at once must not see refused or retried connections

    def __init__(self, host: str, port: int, sandbox: Sandbox) -> None:
        self.sandbox = sandbox
        if ":" in host:
            self.address_family = socket.AF_INET6
        super().__init__((host, port), functools.partial(SandboxHandler, state=sandbox.state))

    def server_bind(self) -> None:
        """Bind without HTTPServer's reverse DNS lookup (getfqdn can be slow)."""
        socketserver.TCPServer.server_bind(self)
        self.server_name = str(self.server_address[0])
        self.server_port = int(self.server_address[1])

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that went away is normal; anything else gets one line on stderr."""
        exc = sys.exc_info()[1]
        if isinstance(exc, (ConnectionError, TimeoutError, OSError)):
            return
        sys.stderr.write(f"keap sandbox: internal error ({type(exc).__name__})\n")
        if self.sandbox.verbose:
            super().handle_error(request, client_address)


def _setting(name: str, convert: Callable[[Any], Any], doc: str) -> property:
    """A setting of the sandbox kept in its state object, which the handler reads."""
    return property(
        lambda self: getattr(self.state, name),
        lambda self, value: setattr(self.state, name, convert(value)),
        doc=doc,
    )


class Sandbox:
    """A fake Keap API on loopback: Keap's paths, auth rules, headers and failures.

    Use it as a context manager, or call ``start()`` and ``stop()``. ``scenario`` chooses
    how it answers (see ``SCENARIOS``); it can change while the server runs. ``keys`` are
    the keys it accepts (default: the demo keys; see ``demo.demo_account``), ``app_name``
    the application name it reports. ``lang`` (``es``, ``en`` or ``pt``; Spanish by default)
    is the edition of the demo people and business it describes: only those human-readable
    values change with it, never a key, an id or a shape; it can change while the server
    runs. ``idle_timeout`` (seconds) closes a connection that stops sending its request, and
    ``request_deadline`` (seconds) one whose request has not fully arrived by then, however
    it trickles. Only requests whose ``Host`` is a loopback name are answered (no DNS
    rebinding). What requests read and change lives in ``state`` (a ``SandboxState``).

    ``in_page`` (default: only inside a browser page) answers this process's requests in
    memory instead of binding a socket: its ``url`` is still ``http://127.0.0.1:<port>``
    (``port``, or the first free one from 8765), and requests, Keap's SDK, xmlrpc.client and
    urllib reach it there. Nothing outside this Python process can.

    >>> Sandbox(lang="pt-BR").lang
    'pt'
    """

    def __init__(
        self,
        port: int = 0,
        host: str = "127.0.0.1",
        scenario: str = "normal",
        *,
        slow_seconds: float = DEFAULT_SLOW_SECONDS,
        verbose: bool = False,
        keys: Keys | None = None,
        app_name: str = DEMO_APP_NAME,
        lang: str = DEFAULT_LANGUAGE,
        in_page: bool | None = None,
    ) -> None:
        self.host = _loopback_host(host)
        self._in_page_choice = in_page
        self.port = int(port)
        self._keys = keys if keys is None or isinstance(keys, Mapping) else list(keys)
        self.app_name = app_name
        # Which keys work, as whom (see demo.py); replaced whole when ``lang`` changes.
        self.state = SandboxState(
            demo_account(self._keys, app_name, lang),
            scenario,
            slow_seconds=slow_seconds,
            verbose=verbose,
        )
        self._lock = threading.Lock()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._page_port: int | None = None  # the port registered in memory, while in the page

    # --- state ---------------------------------------------------------------------------
    @property
    def scenario(self) -> str:
        """The active scenario's name."""
        return self.state.scenario

    @scenario.setter
    def scenario(self, name: str) -> None:
        self.state.scenario = name

    @property
    def account(self) -> DemoAccount:
        """Which keys work, as whom (see ``demo``)."""
        return self.state.account

    @property
    def usage(self) -> UsageCounter:
        """The quota counters the metering headers report."""
        return self.state.usage

    slow_seconds = _setting(
        "slow_seconds", float, "How long the ``slow`` scenario holds each answer."
    )
    verbose = _setting(
        "verbose", bool, "Log one line per request (method, path, status) on stderr."
    )
    idle_timeout = _setting(
        "idle_timeout", float, "Seconds a connection may send nothing before it is closed."
    )
    request_deadline = _setting(
        "request_deadline", float, "Seconds a request (line, headers and body) has to arrive whole."
    )

    @property
    def lang(self) -> str:
        """The edition whose demo people and business the sandbox describes."""
        return self.account.lang

    @lang.setter
    def lang(self, lang: str) -> None:
        if normalize_language(lang) != self.account.lang:
            self.state.account = demo_account(self._keys, self.app_name, lang)
            self.state.data.reset(self.state.account.lang)  # the demo records in that language

    # --- records (contacts, tags, ...) -------------------------------------------------------
    def reset(self) -> None:
        """Bring the demo records back: every contact, tag or note made since is forgotten."""
        self.state.data.reset()

    def seed(
        self,
        contacts: Iterable[Mapping[str, Any]] = (),
        tags: Iterable[str | Mapping[str, Any]] = (),
        *,
        replace: bool = False,
    ) -> dict[str, list[dict[str, Any]]]:
        """Add your own ``tags`` (names or ``POST /tags`` bodies) and ``contacts`` (``POST
        /contacts`` bodies; ``"tags": [names]`` applies tags); ``replace`` first removes the
        demo contacts, tags and notes. Returns what was stored, as Keap's API answers it.

        >>> with Sandbox() as sandbox:
        ...     made = sandbox.seed(tags=["VIP"], contacts=[
        ...         {"given_name": "Ada", "email_addresses": [{"email": "ada@example.com"}],
        ...          "tags": ["VIP"]}], replace=True)
        ...     made["contacts"][0]["id"], len(sandbox.state.data.contacts)
        ('4', 1)
        """
        from .resources.seeding import seed

        return seed(self.state.data, contacts, tags, replace=replace)

    @property
    def requests_seen(self) -> int:
        """How many API requests arrived (control paths under /_sandbox/ not counted)."""
        return self.state.requests_seen

    @property
    def in_page(self) -> bool:
        """True when it answers in memory (the choice given, else: inside a browser page)."""
        choice = self._in_page_choice
        return in_browser() if choice is None else bool(choice)

    @property
    def running(self) -> bool:
        """True between start() and stop()."""
        return self._server is not None or self._page_port is not None

    @property
    def url(self) -> str:
        """The origin, e.g. ``http://127.0.0.1:8765`` (no trailing slash)."""
        server, port = self._server, self._page_port
        if server is None and port is None:
            raise SandboxError("sandbox.not_started")
        return self._origin(server.server_port if server is not None else port)

    def _origin(self, port: int) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{port}"

    # --- life cycle ------------------------------------------------------------------------
    def start(self) -> Sandbox:
        """Bind and serve in a background daemon thread (or register in memory, ``in_page``);
        return at once. Idempotent."""
        with self._lock:
            if self.running:
                return self
            self.state.stopping = threading.Event()
            if self.in_page:
                self._page_port = _in_page.register(self.state, self.port)
                self.state.url = self._origin(self._page_port)
                return self
            server = _Server(self.host, self.port, self)
            self.state.url = self._origin(server.server_port)
            thread = threading.Thread(
                target=server.serve_forever,
                kwargs={"poll_interval": 0.05},
                name="keap-sandbox",
                daemon=True,
            )
            thread.start()
            self._server, self._thread = server, thread
        return self

    def stop(self) -> None:
        """Stop serving and close the socket (or leave the in-memory table); wakes any request
        held by ``slow``. Idempotent."""
        with self._lock:
            server, thread = self._server, self._thread
            if self._page_port is not None:
                self.state.stopping.set()
                _in_page.unregister(self._page_port)
                self._page_port = None
            if server is None:
                return
            self.state.stopping.set()
            server.shutdown()
            server.server_close()
            if thread is not None:
                thread.join(timeout=2)
            self._server = self._thread = None

    def __enter__(self) -> Sandbox:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def __repr__(self) -> str:
        where = self.url if self.running else "stopped"
        where += " in the page" if self._page_port is not None else ""
        return f"Sandbox({where}, scenario={self.scenario!r})"


_shared: Sandbox | None = None
_shared_lock = threading.Lock()


def ensure_running(lang: str | None = None) -> Sandbox:
    """The process's shared sandbox on a free port, started on first use and reused.

    Its demo people and business follow ``lang``, else the tutorial's language in force
    (``helpers.i18n.get_language``, set by a lesson's start cell), so each edition's lessons
    and forms read names from their own language.
    """
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = Sandbox(lang=lang or get_language())
            atexit.register(_shared.stop)
        _shared.lang = lang or get_language()
        if not _shared.running:
            _shared.start()
        return _shared
