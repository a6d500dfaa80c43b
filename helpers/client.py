"""The live check: one read-only request that proves a key works, explained in plain words.

Every outcome, including every failure, is a ``CheckResult``; ``check_connection`` never
raises. The request leaves through ``helpers.transport`` (destination guard, one overall
deadline, a size cap on the answer).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import requests

from . import config, transport
from .credentials import KeyInfo, KeyKind, hide_keys, inspect_app_name, inspect_key, mask, shown
from .diagnose import diagnose_response
from .errors import RequestFailed, TutorialError
from .i18n import format_seconds, get_language, normalize_language, t
from .result import CheckResult, fail

USERINFO_PATH = "/crm/rest/v2/oauth/connect/userinfo"
GATEWAY_XMLRPC_PATH = "/crm/xmlrpc/v1"
APP_XMLRPC_PATH = "/api/xmlrpc"
DEFAULT_TIMEOUT = (3.05, 5.0)  # (connect, read) seconds; the whole check ends within the larger
USER_AGENT = "keap-api-key-tutorial/1.0"


@dataclass(frozen=True)
class PlannedRequest:
    """The one request a check sends, and how the result names it."""

    api: str  # "REST v2" | "XML-RPC"
    route: str  # "rest" | "gateway" | "app"
    outgoing: transport.Outgoing


def check_connection(
    app_name: str | None,
    key: str | None,
    *,
    lang: str | None = None,
    base_url: str | None = None,
    timeout: Any = DEFAULT_TIMEOUT,
    legacy_route: str = "gateway",
    session: requests.Session | None = None,
) -> CheckResult:
    """Prove that ``key`` works for ``app_name`` with exactly one read-only request.

    A Personal Access Token or Service Account Key asks REST v2 ``userinfo``; a legacy key
    asks XML-RPC ``DataService.getUserInfo`` through Keap's gateway (``legacy_route="gateway"``)
    or the old per-app endpoint (``legacy_route="app"``). Never raises: every failure is a result.
    """
    lang = normalize_language(lang) if isinstance(lang, str) and lang else get_language()
    result = CheckResult(ok=False, cause="", lang=lang, masked_key=mask(key))
    try:
        return _check(result, app_name, key, base_url, timeout, legacy_route, session)
    except TutorialError as error:
        return fail(result, error.code, error.lesson, **_shown_fmt(error.fmt, lang))
    except Exception:
        return fail(result, "unexpected")


def _check(
    result: CheckResult,
    app_name: Any,
    key: Any,
    base_url: Any,
    timeout: Any,
    legacy_route: Any,
    session: requests.Session | None,
) -> CheckResult:
    lang = result.lang
    app = inspect_app_name(app_name, lang)
    info = inspect_key(key, lang)
    result.masked_key, result.key_kind = info.masked, info.kind.value
    result.warnings += [
        t(n, lang) for n in info.cleaned + app.notes if n != "app_name.note_from_url"
    ]
    transport.budget_seconds(timeout)  # refuse a bad timeout before anything else happens
    origin = _origin(base_url, info)
    planned = _build_request(origin, app.name, info, "app" if legacy_route == "app" else "gateway")
    config.ensure_safe_destination(planned.outgoing.url)
    result.mode = "sandbox" if config.is_sandbox_url(origin) else "keap"
    result.api, result.route = planned.api, planned.route
    result.method, result.endpoint = planned.outgoing.method, hide_keys(planned.outgoing.url)
    try:
        answer = transport.fetch(session, planned.outgoing, timeout)
    except RequestFailed as error:
        fail(result, error.code, **_shown_fmt(error.fmt, lang))
        if result.cause == "dns":
            result.fix = _dns_fix(origin, planned, lang)
        return result
    result.latency_ms = answer.seconds * 1000
    result.http_status = answer.status_code
    return diagnose_response(result, answer, answer.body, app.name, info)


def read_json(
    path: str, key: str, *, base_url: str | None = None, timeout: Any = DEFAULT_TIMEOUT
) -> Any:
    """GET ``path`` (e.g. ``/crm/rest/v2/businessProfile``) with ``key`` through the same guard,
    deadline and cap as a check; the parsed JSON of a 200 answer, else None. Never raises."""
    try:
        info = inspect_key(key)
        origin = _origin(base_url, info)
        headers = {
            "User-Agent": USER_AGENT,
            "X-Keap-API-Key": info.key,
            "Accept": "application/json",
        }
        answer = transport.fetch(None, transport.Outgoing("GET", origin + path, headers), timeout)
    except TutorialError:
        return None
    if answer.status_code != 200:
        return None
    from .diagnose import parse_json

    return parse_json(answer.body)


def _origin(base_url: Any, info: KeyInfo) -> str:
    if base_url is None or base_url == "":
        return config.start_target(config.check_target(info.key))
    if not isinstance(base_url, str):
        config.ensure_safe_destination("")  # raises UnsafeDestination
    origin = base_url.strip().rstrip("/")
    config.ensure_safe_destination(origin)
    return origin


def _dns_fix(origin: str, planned: PlannedRequest, lang: str) -> str:
    """The advice when a server's name does not resolve, naming only what the learner set: the
    KEAP_API_BASE_URL they chose, the app name the old per-app address is built from, or else
    (Keap's own address) this computer's connection."""
    chosen = os.environ.get(config.ENV_BASE_URL, "").strip().rstrip("/")
    if chosen and chosen == origin:
        return t("cause.dns.fix_base_url", lang, url=hide_keys(shown(origin, 200)))
    if planned.route == "app":
        host = urlsplit(planned.outgoing.url).hostname or ""
        return t("cause.dns.fix_app_name", lang, host=shown(host, 200))
    return t("cause.dns.fix", lang)


def _build_request(origin: str, app_name: str, info: KeyInfo, legacy_route: str) -> PlannedRequest:
    headers = {"User-Agent": USER_AGENT, "X-Keap-API-Key": info.key}
    if info.kind is KeyKind.KEAP:
        headers["Accept"] = "application/json"
        return PlannedRequest(
            "REST v2", "rest", transport.Outgoing("GET", origin + USERINFO_PATH, headers)
        )
    import xmlrpc.client  # only the legacy path needs it

    headers["Content-Type"] = "text/xml"
    if legacy_route == "app":
        # The old per-app endpoint takes the key as the first XML-RPC parameter, not a header.
        del headers["X-Keap-API-Key"]
        app_origin = (
            origin if config.is_sandbox_url(origin) else f"https://{app_name}.infusionsoft.com"
        )
        body = xmlrpc.client.dumps((info.key,), "DataService.getUserInfo")
        url = app_origin + APP_XMLRPC_PATH
    else:
        body = xmlrpc.client.dumps((), "DataService.getUserInfo")
        url = origin + GATEWAY_XMLRPC_PATH
    return PlannedRequest(
        "XML-RPC", legacy_route, transport.Outgoing("POST", url, headers, body.encode("utf-8"))
    )


def _shown_fmt(fmt: dict[str, object], lang: str) -> dict[str, object]:
    """Placeholders as a learner reads them: seconds with the language's decimal mark."""
    return {
        name: _seconds_text(float(value), lang) if name == "seconds" else value  # type: ignore[arg-type]
        for name, value in fmt.items()
    }


def _seconds_text(seconds: float, lang: str) -> str:
    """'5 segundos', '0.5 seconds', '1 segundo': the number and its unit, by Babel.

    >>> _seconds_text(5.0, "es"), _seconds_text(0.5, "en"), _seconds_text(1, "pt")
    ('5 segundos', '0.5 seconds', '1 segundo')
    """
    return format_seconds(seconds, lang)
