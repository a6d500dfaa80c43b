"""The HTTP request handler: Keap's gateway rules, the scenarios and the control paths.

Order of a request under ``/crm`` (fact sheet §3): the gateway checks the key before it
routes, so an unknown path without a valid key is a 401, and with one a 404. A request to
``/api/xmlrpc`` is the old per-app endpoint, which is not behind the gateway: no metering
headers, no 429s, no 403; its key is checked by ``rpc``.

Before any of that, two refusals: a ``Host`` that is not a loopback name gets a 403 (a web
page that rebinds its own name to 127.0.0.1 sends its name), and a request that has not fully
arrived (line, headers, body) within ``state.request_deadline`` is dropped, however slowly it
trickles, so no client holds a thread for long.

The handler is given a ``state.SandboxState`` and needs nothing else from the server.
Nothing here logs or echoes a request header, a key or a query string.
"""

from __future__ import annotations

import io
import json
import re
import socket
import sys
import time
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import urlsplit

from . import bodies, rest, rpc
from .demo import DemoUser
from .headers import blank_metering_headers, metering_headers, seconds_until_utc_midnight
from .scenarios import SCENARIOS, SandboxSettingError, accepts_legacy
from .state import SandboxState

XMLRPC_PATHS = frozenset({"/crm/xmlrpc/v1", "/crm/xmlrpc"})
PER_APP_PATH = "/api/xmlrpc"
CONTROL_PREFIX = "/_sandbox/"
_JSON = "application/json"
_XML = "text/xml"
_HTML = "text/html; charset=utf-8"
_MAX_BODY = 1 << 20
# The names this machine alone answers to, with or without a port: never a rebound DNS name.
_LOOPBACK_HOST = re.compile(r"^(?:localhost|127\.0\.0\.1|\[::1\])(?::[0-9]{1,5})?$", re.I)


def is_loopback_host_header(value: str | None) -> bool:
    """True for a ``Host`` of ``localhost``, ``127.0.0.1`` or ``[::1]``, with or without port.

    >>> is_loopback_host_header("127.0.0.1:8765"), is_loopback_host_header("evil.example:8765")
    (True, False)
    """
    return bool(_LOOPBACK_HOST.match((value or "").strip()))


class _DeadlineReader(io.RawIOBase):
    """A socket's bytes, each read waiting at most the idle timeout and never past a deadline."""

    def __init__(self, sock: socket.socket, deadline: float, idle: float) -> None:
        super().__init__()
        self._sock, self._deadline, self._idle = sock, deadline, idle

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        left = self._deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("the request did not arrive in time")
        self._sock.settimeout(min(self._idle, left))
        return self._sock.recv_into(buffer)


def key_from_headers(headers: Any) -> str:
    """The key sent as ``X-Keap-API-Key`` or ``Authorization: Bearer``, or ''."""
    key = (headers.get("X-Keap-API-Key") or "").strip()
    if key:
        return key
    scheme, _, value = (headers.get("Authorization") or "").strip().partition(" ")
    return value.strip() if scheme.lower() == "bearer" else ""


class SandboxHandler(BaseHTTPRequestHandler):
    """One request to the sandbox, answered from ``state`` (see ``state.SandboxState``).

    Serve it with ``functools.partial(SandboxHandler, state=state)`` as a socketserver's
    handler class.
    """

    protocol_version = "HTTP/1.1"
    server_version = "keap-sandbox"
    sys_version = ""

    def __init__(self, *args: Any, state: SandboxState, **kwargs: Any) -> None:
        self.state = state
        super().__init__(*args, **kwargs)  # handles the request

    def setup(self) -> None:
        """Bound the request's arrival: an idle timeout per read and one overall deadline."""
        self.timeout = self.state.idle_timeout
        super().setup()
        deadline = time.monotonic() + self.state.request_deadline
        self.rfile = io.BufferedReader(_DeadlineReader(self.connection, deadline, self.timeout))

    def do_GET(self) -> None:
        """Handle GET (and every other method, below)."""
        self._handle()

    do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_GET

    def version_string(self) -> str:
        """The Server header: no Python version."""
        return self.server_version

    # --- flow ---------------------------------------------------------------------------
    def _handle(self) -> None:
        self.close_connection = True
        path = urlsplit(self.path).path
        body = self._read_body()
        self.connection.settimeout(self.timeout)  # the deadline was for reading the request
        if not is_loopback_host_header(self.headers.get("Host")):
            error = bodies.api_error(403, "Host not allowed", "FORBIDDEN_HOST")
            return self._send_json(403, error)
        if path.startswith(CONTROL_PREFIX):
            self._control(path, body)
            return
        state = self.state
        if path == "/" and self.command in ("GET", "HEAD"):  # a person opened the address
            page = bodies.home_page(state.url, state.account.lang)
            return self._send(200, page.encode(), _HTML)
        state.note_request()
        scenario = state.scenario
        if scenario == "slow" and not self._hold():
            return self._drop()  # the sandbox is stopping: no answer
        if scenario == "drop":
            return self._drop()
        if scenario == "redirect":
            location = state.url + bodies.LOGIN_PATH
            return self._send(302, b"", _HTML, {"Location": location})
        if scenario == "html":
            return self._send(200, bodies.login_page().encode(), _HTML)
        if path == PER_APP_PATH:
            return self._per_app(body, scenario)
        if path == "/crm" or path.startswith("/crm/"):
            return self._gateway(path, body, scenario)
        self._send_json(404, bodies.api_error(404, "Not Found", "NOT_FOUND"))

    def _hold(self) -> bool:
        """Hold the answer ``state.slow_seconds`` (``slow``); False if the sandbox stops meanwhile.

        ``memory`` overrides it: in memory the client's own timeout bounds the wait.
        """
        return self.state.pause()

    def _gateway(self, path: str, body: bytes, scenario: str) -> None:
        key = key_from_headers(self.headers)
        if not key:
            return self._send_json(401, bodies.MISSING_KEY_FAULT, blank_metering_headers())
        user = self.state.account.owner_of(key)
        if user is None or (user.kind == "legacy_app" and not accepts_legacy(scenario)):
            return self._send_json(401, bodies.INVALID_KEY_FAULT, blank_metering_headers())
        usage = self.state.usage
        if scenario == "spike":  # refused before the quota counts it
            headers = metering_headers(usage.peek(user.kind), user.app_name)
            return self._send_json(429, bodies.SPIKE_FAULT, {**headers, "Retry-After": "1"})
        if scenario == "quota":
            headers = metering_headers(usage.peek(user.kind), user.app_name, exhausted=True)
            retry = str(seconds_until_utc_midnight())
            return self._send_json(429, bodies.QUOTA_FAULT, {**headers, "Retry-After": retry})
        headers = metering_headers(usage.record(user.kind), user.app_name)
        resource = path.rsplit("/", 1)[-1]
        if scenario == "forbidden":
            error = bodies.api_error(
                403, "The caller does not have permission", "PERMISSION_DENIED", resource
            )
            return self._send_json(403, error, headers)
        if scenario == "server_error":
            error = bodies.api_error(500, "Internal Server Error", "INTERNAL")
            return self._send_json(500, error, headers)
        status, payload, ctype = self._gateway_payload(path, body, user)
        if scenario == "malformed" and status == 200:
            payload = _cut(payload)
        self._send(status, payload, ctype, headers)

    def _gateway_payload(self, path: str, body: bytes, user: DemoUser) -> tuple[int, bytes, str]:
        if path in XMLRPC_PATHS:
            if self.command != "POST":
                error = bodies.api_error(405, "Method Not Allowed", "METHOD_NOT_ALLOWED")
                return 405, _json_bytes(error), _JSON
            return 200, rpc.gateway_answer(body, user, self.state.data), _XML
        query = urlsplit(self.path).query
        data = self.state.data
        status, obj = rest.answer(self.command, path, user, query=query, body=body, data=data)
        return status, b"" if obj is None else _json_bytes(obj), _JSON

    def _per_app(self, body: bytes, scenario: str) -> None:
        if self.command != "POST":
            return self._send(405, b"Method Not Allowed", "text/plain")
        if scenario == "server_error":
            return self._send(500, b"Internal Server Error", "text/plain")
        payload = rpc.per_app_answer(
            body,
            legacy_retired=not accepts_legacy(scenario),
            account=self.state.account,
            data=self.state.data,
        )
        self._send(200, _cut(payload) if scenario == "malformed" else payload, _XML)

    # --- control paths (sandbox only, no key) ------------------------------------------
    def _control(self, path: str, body: bytes) -> None:
        if path == bodies.LOGIN_PATH:
            return self._send(200, bodies.login_page().encode(), _HTML)
        if path == CONTROL_PREFIX + "reset":
            return self._reset()
        if path != CONTROL_PREFIX + "scenario":
            return self._send_json(404, bodies.api_error(404, "Not Found", "NOT_FOUND"))
        if self.command == "POST":
            refusal = self._cross_origin_refusal()
            if refusal is not None:
                return self._send_json(refusal[0], {"error": refusal[1]})
            try:
                self._apply_settings(json.loads(body or b"{}"))
            except (ValueError, TypeError, RecursionError, SandboxSettingError) as exc:
                error = (
                    str(exc)[:200]
                    if not isinstance(exc, RecursionError)
                    else "JSON nested too deep"
                )
                return self._send_json(400, {"error": error, "scenarios": list(SCENARIOS)})
        elif self.command not in ("GET", "HEAD"):
            return self._send_json(405, {"error": "GET or POST"})
        state = self.state
        self._send_json(
            200,
            {
                "scenario": state.scenario,
                "scenarios": list(SCENARIOS),
                "slow_seconds": state.slow_seconds,
            },
        )

    def _reset(self) -> None:
        """POST /_sandbox/reset: the account's records back to the seed (same checks as a
        settings change, so a web page cannot wipe them)."""
        if self.command != "POST":
            return self._send_json(405, {"error": "POST"})
        refusal = self._cross_origin_refusal()
        if refusal is not None:
            return self._send_json(refusal[0], {"error": refusal[1]})
        self.state.data.reset()
        self._send_json(200, {"reset": True, "contacts": len(self.state.data.contacts)})

    def _cross_origin_refusal(self) -> tuple[int, str] | None:
        """(status, reason) when a settings change may come from a web page, else None.

        A page the learner visits can POST to 127.0.0.1, but only as a "simple" request
        (text/plain, forms) unless the server allows CORS, which this one never does. So a
        change must be JSON, and any Origin sent must be this sandbox itself.
        """
        kind = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if kind != "application/json":
            return 415, "send the settings as JSON (Content-Type: application/json)"
        origin = (self.headers.get("Origin") or "").strip()
        if origin and not _same_origin(origin, self.state.url):
            return 403, "cross-origin requests may not change the sandbox"
        if (self.headers.get("Sec-Fetch-Site") or "").strip().lower() == "cross-site":
            return 403, "cross-origin requests may not change the sandbox"
        return None

    def _apply_settings(self, settings: Any) -> None:
        if not isinstance(settings, dict):
            raise ValueError("expected a JSON object")
        if "slow_seconds" in settings:
            seconds = float(settings["slow_seconds"])
            if not 0 <= seconds <= 600:
                raise ValueError("slow_seconds must be between 0 and 600")
            self.state.slow_seconds = seconds
        if "scenario" in settings:
            self.state.scenario = settings["scenario"]

    # --- I/O ----------------------------------------------------------------------------
    def _read_body(self) -> bytes:
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = 0
        return self.rfile.read(min(max(length, 0), _MAX_BODY)) if length > 0 else b""

    def _send_json(self, status: int, obj: Any, headers: dict[str, str] | None = None) -> None:
        self._send(status, _json_bytes(obj), _JSON, headers)

    def _send(
        self, status: int, payload: bytes, ctype: str, headers: dict[str, str] | None = None
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(payload)

    def _drop(self) -> None:
        """Close the connection without writing a single byte."""
        self.close_connection = True
        self._log_line("dropped")

    # --- logging: method + path + status only, and only when verbose -------------------
    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        """Log one line without query string or headers (when the sandbox is verbose)."""
        self._log_line(str(getattr(code, "value", code)))

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        """Stay silent: the default would print the request line, which may hold secrets."""

    def _log_line(self, outcome: str) -> None:
        if self.state.verbose:
            path = urlsplit(getattr(self, "path", "")).path
            sys.stderr.write(f"{self.command} {path} -> {outcome}\n")


def _same_origin(origin: str, own_url: str) -> bool:
    """True when ``origin`` is this sandbox (any loopback spelling of its host, same port)."""
    try:
        theirs, ours = urlsplit(origin), urlsplit(own_url)
        same_port = theirs.port == ours.port
    except ValueError:
        return False
    loopback = {"127.0.0.1", "localhost", "::1", ours.hostname}
    return theirs.scheme == "http" and theirs.hostname in loopback and same_port


def _json_bytes(obj: Any) -> bytes:
    return json.dumps(obj, ensure_ascii=False).encode("utf-8")


def _cut(payload: bytes) -> bytes:
    """A body cut in the middle, as a dropped connection or a broken proxy leaves it."""
    cut = payload[: max(1, len(payload) // 2)]
    return cut.decode("utf-8", "ignore").encode("utf-8")  # never split a character
