"""The open questions about Keap's answers, answered as yes/no relations, never as values.

Each relation compares values *inside* one side's answers (or with the app name) and keeps
only the answer: ``True``, ``False``, or ``None`` when the answers do not allow it. The values
themselves are dropped here and never reach the report.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from typing import Any

from ..facts import value
from .probes import PREFLIGHT_HEADER, PREFLIGHT_ID, PREFLIGHT_ORIGIN
from .shape import Answer, Redactor, parse_body, walk

DAY = 86400
DOCUMENTED_QUOTA_LIMIT: int = value("quota_limits")["day"]  # per PAT/SAK per day
DOCUMENTED_THROTTLE_LIMIT: int = value("quota_limits")["minute"]  # per PAT/SAK per minute
_MIDNIGHT_SLACK = 120  # seconds

Answers = dict[str, Answer]
Shapes = dict[str, dict[str, Any]]


def _json(answers: Answers, probe: str) -> dict[str, Any]:
    answer = answers.get(probe)
    if answer is None or answer.status != 200:
        return {}
    kind, parsed = parse_body(answer)
    return parsed if kind in ("json", "xmlrpc") and isinstance(parsed, dict) else {}


def _same(a: Any, b: Any) -> bool | None:
    if a is None or b is None or isinstance(a, (dict, list)) or isinstance(b, (dict, list)):
        return None
    return str(a).strip().casefold() == str(b).strip().casefold()


def _header(answers: Answers, probe: str, name: str) -> str | None:
    answer = answers.get(probe)
    if answer is None or answer.status is None:
        return None
    value = {k.lower(): v for k, v in answer.headers.items()}.get(name)
    return value.strip() if value and value.strip() else None


def _int_header(answers: Answers, name: str) -> int | None:
    value = _header(answers, "v2_userinfo_keap_header", name)
    return int(value) if value and value.isdigit() else None


def _expiry_seconds(answers: Answers, unit: int, now: float) -> bool | None:
    """Whether the quota expiry header, read in ``unit`` (1 s or 1000 ms), is near today."""
    value = _int_header(answers, "x-keap-product-quota-expiry-time")
    if value is None:
        return None
    return now - DAY <= value / unit <= now + 2 * DAY


def _expiry_midnight(answers: Answers, now: float) -> bool | None:
    value = _int_header(answers, "x-keap-product-quota-expiry-time")
    if value is None:
        return None
    seconds = value / 1000 if value > 10**11 else value
    midnight = now - now % DAY + DAY
    return abs(seconds - midnight) <= _MIDNIGHT_SLACK


def _same_shape(shapes: Shapes, a: str, b: str, values: bool = False) -> bool | None:
    first, second = shapes.get(a), shapes.get(b)
    if not first or not second or first["status"] is None or second["status"] is None:
        return None

    def key(shape: dict[str, Any]) -> Any:
        fields = {
            p: (f["type"], f.get("value")) if values else f["type"]
            for p, f in shape["fields"].items()
        }
        return shape["status"], shape["body"], fields

    return key(first) == key(second)


def _errorcode(shapes: Shapes, probe: str) -> Any:
    shape = shapes.get(probe) or {}
    entry = (shape.get("fields") or {}).get("fault.detail.errorcode") or {}
    return entry.get("value")


def _accepted(shapes: Shapes, probe: str) -> bool | None:
    shape = shapes.get(probe)
    if not shape or shape["status"] is None:
        return None
    return shape["status"] == 200 and shape["body"] == "xmlrpc"


def _holds_app_name(answers: Answers, probe: str, app_name: str) -> bool | None:
    struct = _json(answers, probe)
    if not struct:
        return None
    return any(_same(value, app_name) for value in struct.values() if isinstance(value, str))


def _differs(a: Any, b: Any) -> bool | None:
    return None if a is None or b is None else a != b


def relations(
    answers: Answers, shapes: Shapes, app_name: str, now: float | None = None
) -> dict[str, bool | None]:
    """Every relation, by id (the catalogue has ``fidelity.relation.<id>`` for each)."""
    now = time.time() if now is None else now
    v2 = _json(answers, "v2_userinfo_keap_header")
    v1 = _json(answers, "v1_userinfo_keap_header")
    tenant_header = _header(answers, "v2_userinfo_keap_header", "x-keap-tenant-id")
    checks: dict[str, Callable[[], bool | None]] = {
        "tenant_id_is_app_name": lambda: _same(v2.get("tenant_id"), app_name),
        "tenant_header_is_app_name": lambda: _same(tenant_header, app_name),
        "tenant_header_is_tenant_id": lambda: _same(tenant_header, v2.get("tenant_id")),
        "v2_id_is_v1_global_user_id": lambda: _same(v2.get("id"), v1.get("global_user_id")),
        "v2_sub_is_v1_sub": lambda: _same(v2.get("sub"), v1.get("sub")),
        "keap_id_is_email": lambda: _same(v2.get("keap_id"), v2.get("email")),
        "v1_infusionsoft_id_is_email": lambda: _same(v1.get("infusionsoft_id"), v1.get("email")),
        "keap_header_accepted": lambda: _status_is(shapes, "v2_userinfo_keap_header", 200),
        "bearer_userinfo_same": lambda: _same_shape(
            shapes, "v2_userinfo_keap_header", "v2_userinfo_bearer"
        ),
        "bearer_business_same": lambda: _same_shape(
            shapes, "v2_business_keap_header", "v2_business_bearer"
        ),
        "business_profile_readable": lambda: _status_is(shapes, "v2_business_keap_header", 200),
        "wrong_key_same_both_headers": lambda: _same_shape(
            shapes, "v2_userinfo_wrong_keap_header", "v2_userinfo_wrong_bearer", values=True
        ),
        "wrong_key_differs_from_no_key": lambda: _differs(
            _errorcode(shapes, "v2_userinfo_wrong_keap_header"),
            _errorcode(shapes, "v2_userinfo_no_key"),
        ),
        "quota_limit_documented": lambda: _eq(
            _int_header(answers, "x-keap-product-quota-limit"), DOCUMENTED_QUOTA_LIMIT
        ),
        "throttle_limit_documented": lambda: _eq(
            _int_header(answers, "x-keap-product-throttle-limit"), DOCUMENTED_THROTTLE_LIMIT
        ),
        "quota_expiry_epoch_ms": lambda: _expiry_seconds(answers, 1000, now),
        "quota_expiry_epoch_seconds": lambda: _expiry_seconds(answers, 1, now),
        "quota_expiry_next_utc_midnight": lambda: _expiry_midnight(answers, now),
        "xmlrpc_gateway_accepts_key": lambda: _accepted(shapes, "xmlrpc_gateway_getuserinfo"),
        "xmlrpc_user_holds_app_name": lambda: _holds_app_name(
            answers, "xmlrpc_gateway_getuserinfo", app_name
        ),
        "per_app_accepts_key": lambda: _accepted(shapes, "xmlrpc_per_app_getuserinfo"),
        "cors_preflight_allows_key_header": lambda: preflight_allows(answers.get(PREFLIGHT_ID)),
    }
    return {name: check() for name, check in checks.items()}


def app_name_fields(answers: Answers, app_name: str) -> list[str]:
    """``request:field`` for every field of a successful answer whose value is the app name."""
    found = []
    for probe, answer in answers.items():
        if answer.status != 200:
            continue
        kind, parsed = parse_body(answer)
        if kind not in ("json", "xmlrpc") or parsed is None:
            continue
        found += [
            f"{probe}:{path}"
            for path, value in walk(parsed)
            if isinstance(value, str) and _same(value, app_name)
        ]
    return sorted(set(found))


def _status_is(shapes: Shapes, probe: str, status: int) -> bool | None:
    shape = shapes.get(probe)
    return None if not shape or shape["status"] is None else shape["status"] == status


def _eq(value: int | None, expected: int) -> bool | None:
    return None if value is None else value == expected


# --- the browser edition's question: may a page of another site call Keap with the key? -----
_HEADER_TOKEN = re.compile(r"^(?:\*|[A-Za-z0-9-]{1,64})$")


def _allow(answer: Answer, name: str) -> str:
    return {k.lower(): v for k, v in answer.headers.items()}.get(name, "").strip()


def preflight_allows(answer: Answer | None) -> bool | None:
    """Would a browser let a page of ``PREFLIGHT_ORIGIN`` send the key header to Keap?

    Yes when the preflight's answer has an ok status (2xx, as browsers require), allows the
    origin (``Access-Control-Allow-Origin`` is ``*`` or that origin) and lists the header (or
    ``*``) in ``Access-Control-Allow-Headers``. None when no answer arrived.
    """
    if answer is None or answer.status is None:
        return None
    origin = _allow(answer, "access-control-allow-origin")
    listed = {h.strip().lower() for h in _allow(answer, "access-control-allow-headers").split(",")}
    return (
        200 <= answer.status < 300
        and origin in ("*", PREFLIGHT_ORIGIN)
        and bool(listed & {"*", PREFLIGHT_HEADER})
    )


def preflight_details(answer: Answer | None, redactor: Redactor) -> dict[str, Any]:
    """The preflight's status and its two CORS headers, as they may be shown.

    The origin is shown only as ``*``, ``null`` or the neutral origin we sent (another origin
    could name an account); each allowed header name only when ``redactor`` finds it safe.
    """
    if answer is None or answer.status is None:
        return {"status": None, "allow_origin": "-", "allow_headers": "-"}
    origin = _allow(answer, "access-control-allow-origin")
    shown_origin = (
        origin if origin in ("", "*", "null", PREFLIGHT_ORIGIN) else f"<origin({len(origin)})>"
    )
    tokens = [h.strip() for h in _allow(answer, "access-control-allow-headers").split(",")]
    shown_headers = [
        h if _HEADER_TOKEN.match(h) and (h == "*" or redactor.safe(h)) else f"<header({len(h)})>"
        for h in tokens
        if h
    ]
    return {
        "status": answer.status,
        "allow_origin": shown_origin or "-",
        "allow_headers": ", ".join(shown_headers) or "-",
    }
