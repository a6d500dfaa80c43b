"""Turn Keap's answer (status, headers, body) into a cause, a message and a fix.

The shapes read here are Keap's: Apigee gateway faults ``{"fault": {"faultstring", "detail":
{"errorcode"}}}``, the REST v2 ``Error`` body, XML-RPC faults, and the quota headers.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from . import config
from .credentials import KeyInfo, KeyKind, hide_keys, inspect_key, mask, shown
from .errors import TutorialError
from .facts import value
from .i18n import get_language, normalize_language, t
from .result import CheckResult, Usage, fail

_DIGITS = re.compile(r"[0-9]{1,12}")  # ASCII digits only: "²".isdigit() is True
MAX_RETRY_SECONDS = 7 * 24 * 3600


def diagnose_response(
    result: CheckResult, response: Any, body: bytes, app_name: str, info: KeyInfo
) -> CheckResult:
    """Fill ``result`` from an HTTP answer that did arrive (status, headers, body)."""
    status = response.status_code
    headers = response.headers
    result.quota, result.throttle = _usage(headers)
    if 300 <= status < 400:
        return fail(result, "redirect", host=_location_host(headers.get("Location", "")))
    if status == 401:
        return fail(result, _cause_401(_errorcode(body), info))
    if status == 403:
        return fail(result, "forbidden")
    if status == 429:
        return _throttled(result, headers, body)
    if status >= 500:
        return fail(result, "server_error", status=status)
    if _is_html(headers, body):
        return fail(result, "html_response")
    if status != 200:
        return fail(result, "unexpected_status", status=status)
    if result.api == "XML-RPC":
        return _read_xmlrpc(result, body, info)
    return _read_userinfo(result, body, app_name)


def explain_response(response: Any, lang: str | None = None) -> CheckResult:
    """The tutorial's card for an answer your own code got with ``requests``.

    Reads what was sent (method, address, the key header) and what came back (status, headers,
    body), and explains it as a check does: the same causes, fixes and lessons. The key sent,
    if any, appears only masked; a key line of "—" means no key went out.
    """
    lang = normalize_language(lang) if isinstance(lang, str) and lang else get_language()
    request = response.request
    key = _sent_key(request.headers)
    result = CheckResult(ok=False, cause="", lang=lang, masked_key=mask(key))
    info = KeyInfo(key, KeyKind.KEAP)
    if key:
        try:
            info = inspect_key(key, lang)
            result.key_kind = info.kind.value
        except TutorialError:
            pass  # not a key's shape: shown masked, kind unknown
    url = urlsplit(request.url)
    origin = f"{url.scheme}://{url.netloc}"
    result.mode = "sandbox" if config.is_sandbox_url(origin) else "keap"
    result.api = "XML-RPC" if "xmlrpc" in url.path else "REST v2"
    result.method = request.method
    result.endpoint = hide_keys(shown(origin + url.path, 200), key)
    result.http_status = response.status_code
    if 200 < response.status_code < 300 and result.api == "REST v2":
        return _succeed(result, {})  # created, accepted, no content: nothing more to read
    return diagnose_response(result, response, response.content, "", info)


def _sent_key(headers: Mapping[str, str]) -> str:
    """The key a request carried as ``X-Keap-API-Key`` or ``Authorization: Bearer``, or ''."""
    key = (headers.get("X-Keap-API-Key") or "").strip()
    if key:
        return key
    scheme, _, value = (headers.get("Authorization") or "").strip().partition(" ")
    return value.strip() if scheme.lower() == "bearer" else ""


def _succeed(result: CheckResult, account: dict[str, str]) -> CheckResult:
    result.ok, result.cause = True, "ok"
    result.account = {k: v for k, v in account.items() if v}
    result.message = t("cause.ok.message", result.lang)
    return result


def _cause_401(errorcode: str, info: KeyInfo) -> str:
    if errorcode == value("missing_key_errorcode"):
        return "missing_key"
    if info.kind is KeyKind.LEGACY:
        return "legacy_retired"
    return "invalid_key"


def _errorcode(body: bytes) -> str:
    data = parse_json(body)
    fault = data.get("fault") if isinstance(data, dict) else None
    detail = fault.get("detail") if isinstance(fault, dict) else None
    return str(detail.get("errorcode", "")) if isinstance(detail, dict) else ""


def _location_host(location: str) -> str:
    """The host a redirect points to, as it may be shown; '?' when it cannot be read."""
    try:
        host = urlsplit(location.strip()).hostname or ""
    except ValueError:  # e.g. "http://[::1"
        host = ""
    return shown(host) or "?"


def _throttled(result: CheckResult, headers: Mapping[str, str], body: bytes) -> CheckResult:
    code = _errorcode(body)
    data = parse_json(body)
    message = str(data.get("message", "")) if isinstance(data, dict) else ""
    retry = _retry_after(headers)
    if code.endswith("SpikeArrestViolation"):
        cause, retry = "spike_arrest", retry if retry is not None else 2
    elif code.endswith("QuotaViolation") or "quota" in message.lower():
        cause = "quota_exceeded"
        retry = retry if retry is not None else _seconds_to_utc_midnight()
    else:
        cause = "rate_limited"
    result.retry_after = retry
    return fail(result, cause)


def _retry_after(headers: Mapping[str, str]) -> int | None:
    """Retry-After in seconds (ASCII digits only, capped at a week); None otherwise.

    >>> _retry_after({"Retry-After": "²"}), _retry_after({"Retry-After": "9" * 5000})
    (None, None)
    """
    value = headers.get("Retry-After", "").strip()
    return min(int(value), MAX_RETRY_SECONDS) if _DIGITS.fullmatch(value) else None


def _seconds_to_utc_midnight(now: dt.datetime | None = None) -> int:
    """Keap's daily quota resets at 00:00 UTC.

    >>> _seconds_to_utc_midnight(dt.datetime(2026, 1, 1, 23, 59, tzinfo=dt.timezone.utc))
    60
    """
    now = now or dt.datetime.now(dt.timezone.utc)
    tomorrow = (now + dt.timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    return int((tomorrow - now).total_seconds())


def _usage(headers: Any) -> tuple[Usage | None, Usage | None]:
    def one(prefix: str, unit: str) -> Usage | None:
        used = headers.get(f"{prefix}-used", "").strip()
        limit = headers.get(f"{prefix}-limit", "").strip()
        if _DIGITS.fullmatch(used) and _DIGITS.fullmatch(limit):
            return Usage(int(used), int(limit), unit)
        return None

    return one("x-keap-product-quota", "day"), one("x-keap-product-throttle", "minute")


def _is_html(headers: Mapping[str, str], body: bytes) -> bool:
    kind = headers.get("Content-Type", "").lower()
    start = body.lstrip()[:15].lower()
    return "text/html" in kind or start.startswith((b"<!doctype html", b"<html"))


def parse_json(body: bytes) -> Any:
    """The JSON in ``body``, or None when it is not JSON (including JSON nested too deep)."""
    try:
        return json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):  # RecursionError: JSON nested deep
        return None


def _looks_like_app_name(value: str) -> bool:
    """True if ``value`` could be an app name (``ab123``); whether Keap's ``tenant_id`` is one
    is UNCONFIRMED (fact sheet §5), so only such a value may raise a mismatch warning.

    >>> [_looks_like_app_name(v) for v in ("ab123", "AB123", "1234567", "", "a1b2-c3d4")]
    [True, True, False, False, False]
    """
    text = value.strip().lower()
    return 2 <= len(text) <= 32 and text.isascii() and text.isalnum() and not text.isdigit()


def _read_userinfo(result: CheckResult, body: bytes, app_name: str) -> CheckResult:
    data = parse_json(body)
    if not isinstance(data, dict):
        return fail(result, "malformed_response")
    name = " ".join(
        shown(str(data.get(k) or ""), 100) for k in ("given_name", "family_name")
    ).strip()
    tenant = shown(str(data.get("tenant_id") or ""), 100)
    if _looks_like_app_name(tenant) and tenant.lower() != app_name:
        result.warnings.append(
            t("warning.tenant_mismatch", result.lang, tenant=tenant, app=app_name)
        )
    return _succeed(
        result,
        {
            "name": name or shown(str(data.get("preferred_name") or ""), 100),
            "email": shown(str(data.get("email") or ""), 200),
            "tenant_id": tenant,
        },
    )


def _read_xmlrpc(result: CheckResult, body: bytes, info: KeyInfo) -> CheckResult:
    import xml.parsers.expat
    import xmlrpc.client  # only the legacy path needs it

    try:
        (value,), _ = xmlrpc.client.loads(body.decode("utf-8", "replace"))
    except xmlrpc.client.Fault as fault:
        text = hide_keys(str(fault.faultString)[:2000], info.key)
        text = shown(text, 200)
        if any(s in text for s in ("[InvalidKey]", "[InvalidConfig]", "KeyInvalid")):
            return fail(result, "xmlrpc_invalid_key", fault=text)
        return fail(result, "xmlrpc_fault", fault=text)
    except (
        xml.parsers.expat.ExpatError,
        xmlrpc.client.ResponseError,
        ValueError,
        TypeError,
        KeyError,
        AttributeError,
        IndexError,
        OverflowError,
        RecursionError,
    ):
        # TypeError: a fault without faultString or whose value is not a struct.
        return fail(result, "malformed_response")
    account = value if isinstance(value, dict) else {}
    result.warnings.append(t("warning.legacy_key", result.lang))
    # The struct's field names are not published; read the likely spellings.
    return _succeed(
        result,
        {
            "name": _first(account, "displayName", "name", "FirstName"),
            "email": _first(account, "email", "Email", "casUsername"),
            "tenant_id": _first(account, "appAlias"),
        },
    )


def _first(data: dict[str, Any], *names: str) -> str:
    return next((shown(str(data[n]), 200) for n in names if data.get(n)), "")
