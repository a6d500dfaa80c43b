"""Turn Keap's answer (status, headers, body) into a cause, a message and a fix.

The shapes read here are Keap's: Apigee gateway faults ``{"fault": {"faultstring", "detail":
{"errorcode"}}}``, the REST v2 ``Error`` body, XML-RPC faults, and the quota headers.
"""

from __future__ import annotations

import datetime as dt
import json
import xml.parsers.expat
import xmlrpc.client
from typing import Any

import requests

from .credentials import KeyInfo, KeyKind, mask
from .i18n import t
from .result import CheckResult, Usage

_LAB = "09-laboratorio-de-errores"
_LESSONS = {"legacy_retired": "03-frase-y-clave-cifrada", "invalid_key": "05-claves-actuales",
            "missing_key": "06-prueba-en-vivo", "forbidden": "05-claves-actuales",
            "xmlrpc_invalid_key": "03-frase-y-clave-cifrada"}


def diagnose_response(result: CheckResult, response: requests.Response, body: bytes,
                      app_name: str, info: KeyInfo) -> CheckResult:
    """Fill ``result`` from an HTTP answer that did arrive."""
    result.quota, result.throttle = _usage(response.headers)
    status = response.status_code
    if 300 <= status < 400:
        host = requests.utils.urlparse(response.headers.get("Location", "")).hostname or "?"
        return fail(result, "redirect", host=host)
    if status == 401:
        return fail(result, _cause_401(_errorcode(body), info))
    if status == 403:
        return fail(result, "forbidden")
    if status == 429:
        return _throttled(result, response, body)
    if status >= 500:
        return fail(result, "server_error", status=status)
    if _is_html(response, body):
        return fail(result, "html_response")
    if status != 200:
        return fail(result, "unexpected_status", status=status)
    if result.api == "XML-RPC":
        return _read_xmlrpc(result, body, info)
    return _read_userinfo(result, body, app_name)


def fail(result: CheckResult, cause: str, **fmt: Any) -> CheckResult:
    """Mark ``result`` failed with ``cause``'s catalogue message, fix and lesson."""
    result.ok, result.cause, result.lesson = False, cause, _LESSONS.get(cause, _LAB)
    result.message = t(f"cause.{cause}.message", result.lang, **fmt)
    result.fix = t(f"cause.{cause}.fix", result.lang, **fmt)
    return result


def _succeed(result: CheckResult, account: dict[str, str]) -> CheckResult:
    result.ok, result.cause = True, "ok"
    result.account = {k: v for k, v in account.items() if v}
    result.message = t("cause.ok.message", result.lang)
    return result


def _cause_401(errorcode: str, info: KeyInfo) -> str:
    if errorcode == "oauth.v2.InvalidAccessToken":
        return "missing_key"
    if info.kind is KeyKind.LEGACY:
        return "legacy_retired"
    return "invalid_key"


def _errorcode(body: bytes) -> str:
    data = _json(body)
    fault = data.get("fault") if isinstance(data, dict) else None
    detail = fault.get("detail") if isinstance(fault, dict) else None
    return str(detail.get("errorcode", "")) if isinstance(detail, dict) else ""


def _throttled(result: CheckResult, response: requests.Response, body: bytes) -> CheckResult:
    code = _errorcode(body)
    data = _json(body)
    message = str(data.get("message", "")) if isinstance(data, dict) else ""
    retry = _retry_after(response.headers)
    if code.endswith("SpikeArrestViolation"):
        cause, retry = "spike_arrest", retry if retry is not None else 2
    elif code.endswith("QuotaViolation") or "quota" in message.lower():
        cause = "quota_exceeded"
        retry = retry if retry is not None else _seconds_to_utc_midnight()
    else:
        cause = "rate_limited"
    result.retry_after = retry
    return fail(result, cause)


def _retry_after(headers: Any) -> int | None:
    value = headers.get("Retry-After", "").strip()
    return int(value) if value.isdigit() else None


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
        used, limit = headers.get(f"{prefix}-used", ""), headers.get(f"{prefix}-limit", "")
        if used.strip().isdigit() and limit.strip().isdigit():
            return Usage(int(used), int(limit), unit)
        return None

    return one("x-keap-product-quota", "day"), one("x-keap-product-throttle", "minute")


def _is_html(response: requests.Response, body: bytes) -> bool:
    kind = response.headers.get("Content-Type", "").lower()
    start = body.lstrip()[:15].lower()
    return "text/html" in kind or start.startswith((b"<!doctype html", b"<html"))


def _json(body: bytes) -> Any:
    try:
        return json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
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
    data = _json(body)
    if not isinstance(data, dict):
        return fail(result, "malformed_response")
    name = " ".join(str(data.get(k) or "") for k in ("given_name", "family_name")).strip()
    tenant = str(data.get("tenant_id") or "")
    if _looks_like_app_name(tenant) and tenant.lower() != app_name:
        result.warnings.append(t("warning.tenant_mismatch", result.lang, tenant=tenant, app=app_name))
    return _succeed(result, {"name": name or str(data.get("preferred_name") or ""),
                             "email": str(data.get("email") or ""), "tenant_id": tenant})


def _read_xmlrpc(result: CheckResult, body: bytes, info: KeyInfo) -> CheckResult:
    try:
        (value,), _ = xmlrpc.client.loads(body.decode("utf-8", "replace"))
    except xmlrpc.client.Fault as fault:
        text = str(fault.faultString).replace(info.key, mask(info.key))[:200]
        if any(s in text for s in ("[InvalidKey]", "[InvalidConfig]", "KeyInvalid")):
            return fail(result, "xmlrpc_invalid_key", fault=text)
        return fail(result, "xmlrpc_fault", fault=text)
    except (xml.parsers.expat.ExpatError, xmlrpc.client.ResponseError, ValueError):
        return fail(result, "malformed_response")
    account = value if isinstance(value, dict) else {}
    result.warnings.append(t("warning.legacy_key", result.lang))
    # The struct's field names are not published; read the likely spellings.
    return _succeed(result, {"name": _first(account, "displayName", "name", "FirstName"),
                             "email": _first(account, "email", "Email", "casUsername"),
                             "tenant_id": _first(account, "appAlias")})


def _first(data: dict[str, Any], *names: str) -> str:
    return next((str(data[n]) for n in names if data.get(n)), "")
