"""The live check: one read-only request that proves a key works, explained in plain words.

Every outcome, including every failure, is a ``CheckResult``; nothing raises at the learner.
"""

from __future__ import annotations

import errno
import socket
import time
import xmlrpc.client
from typing import Any

import requests

from . import config
from .credentials import KeyInfo, KeyKind, inspect_app_name, inspect_key, mask
from .diagnose import diagnose_response, fail
from .errors import TutorialError
from .i18n import format_seconds, get_language, normalize_language, t
from .result import CheckResult

USERINFO_PATH = "/crm/rest/v2/oauth/connect/userinfo"
GATEWAY_XMLRPC_PATH = "/crm/xmlrpc/v1"
APP_XMLRPC_PATH = "/api/xmlrpc"
DEFAULT_TIMEOUT = (3.05, 5.0)  # (connect, read) seconds
USER_AGENT = "keap-api-key-tutorial/1.0"


def check_connection(app_name: str | None, key: str | None, *, lang: str | None = None,
                     base_url: str | None = None, timeout: float | tuple[float, float] = DEFAULT_TIMEOUT,
                     legacy_route: str = "gateway",
                     session: requests.Session | None = None) -> CheckResult:
    """Prove that ``key`` works for ``app_name`` with exactly one read-only request.

    A Personal Access Token or Service Account Key asks REST v2 ``userinfo``; a legacy key
    asks XML-RPC ``DataService.getUserInfo`` through Keap's gateway (``legacy_route="gateway"``)
    or the old per-app endpoint (``legacy_route="app"``).
    """
    lang = normalize_language(lang) if lang else get_language()
    result = CheckResult(ok=False, cause="", lang=lang, masked_key=mask(key))
    try:
        app = inspect_app_name(app_name, lang)
        info = inspect_key(key, lang)
        result.masked_key, result.key_kind = info.masked, info.kind.value
        result.warnings += [t(n, lang) for n in info.cleaned + app.notes if n != "app_name.note_from_url"]
        origin = (base_url.rstrip("/") if base_url else config.resolve_base_url(info.key))
        request = _build_request(origin, app.name, info, legacy_route)
        config.ensure_safe_destination(request["url"])
    except TutorialError as error:
        return _failed(result, error.code, error.lesson, error.message, error.fix)
    result.mode = "sandbox" if config.is_sandbox_url(origin) else "keap"
    result.api, result.route, result.method = request.pop("api"), request.pop("route"), request["method"]
    result.endpoint = request["url"]
    return _send(result, request, app.name, info, timeout, session)


def _build_request(origin: str, app_name: str, info: KeyInfo, legacy_route: str) -> dict[str, Any]:
    headers = {"User-Agent": USER_AGENT, "X-Keap-API-Key": info.key}
    if info.kind is KeyKind.KEAP:
        headers["Accept"] = "application/json"
        return {"api": "REST v2", "route": "rest", "method": "GET",
                "url": origin + USERINFO_PATH, "headers": headers}
    headers["Content-Type"] = "text/xml"
    if legacy_route == "app":
        # The old per-app endpoint takes the key as the first XML-RPC parameter, not a header.
        del headers["X-Keap-API-Key"]
        app_origin = origin if config.is_sandbox_url(origin) else f"https://{app_name}.infusionsoft.com"
        body = xmlrpc.client.dumps((info.key,), "DataService.getUserInfo")
        url = app_origin + APP_XMLRPC_PATH
    else:
        body = xmlrpc.client.dumps((), "DataService.getUserInfo")
        url = origin + GATEWAY_XMLRPC_PATH
    return {"api": "XML-RPC", "route": legacy_route, "method": "POST", "url": url,
            "headers": headers, "data": body.encode("utf-8")}


def _send(result: CheckResult, request: dict[str, Any], app_name: str, info: KeyInfo,
          timeout: float | tuple[float, float], session: requests.Session | None) -> CheckResult:
    http = session or requests.Session()
    http.trust_env = False  # never let a proxy setting carry the key elsewhere
    started = time.perf_counter()
    try:
        response = http.request(timeout=timeout, allow_redirects=False, **request)
        body = response.content
    except requests.RequestException as error:
        return fail(result, _network_cause(error),
                    seconds=_seconds_text(_read_timeout(timeout), result.lang))
    finally:
        if session is None:
            http.close()
    result.latency_ms = (time.perf_counter() - started) * 1000
    result.http_status = response.status_code
    return diagnose_response(result, response, body, app_name, info)


def _failed(result: CheckResult, code: str, lesson: str | None, message: str, fix: str) -> CheckResult:
    result.ok, result.cause = False, code.removeprefix("cause.")
    result.lesson, result.message, result.fix = lesson, message, fix
    return result


def _read_timeout(timeout: float | tuple[float, float]) -> float:
    return timeout[1] if isinstance(timeout, tuple) else timeout


def _seconds_text(seconds: float, lang: str) -> str:
    """'5 segundos', '0.5 seconds', '1 segundo': the number and its unit, by Babel.

    >>> _seconds_text(5.0, "es"), _seconds_text(0.5, "en"), _seconds_text(1, "pt")
    ('5 segundos', '0.5 seconds', '1 segundo')
    """
    return format_seconds(seconds, lang)


def _network_cause(error: requests.RequestException) -> str:
    """Name what went wrong on the way to the server, from the exception chain."""
    if isinstance(error, requests.exceptions.SSLError):
        return "tls"
    if isinstance(error, requests.exceptions.ConnectTimeout):
        return "connect_timeout"
    if isinstance(error, requests.exceptions.ReadTimeout):
        return "read_timeout"
    chain = _exception_chain(error)
    if any(isinstance(e, socket.gaierror) for e in chain) or any(
            "NameResolution" in type(e).__name__ for e in chain):
        gai = next((e for e in chain if isinstance(e, socket.gaierror)), None)
        return "offline" if gai is not None and gai.errno == socket.EAI_AGAIN else "dns"
    if any(isinstance(e, ConnectionRefusedError) for e in chain):
        return "refused"
    if any(isinstance(e, OSError) and e.errno in (errno.ENETUNREACH, errno.EHOSTUNREACH,
                                                  errno.ENETDOWN) for e in chain):
        return "offline"
    if any(isinstance(e, socket.timeout) for e in chain):
        return "read_timeout"
    if isinstance(error, (requests.exceptions.ConnectionError, requests.exceptions.ChunkedEncodingError)):
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
