"""The ``filter`` of ``GET /contacts``: ``name==value`` parts joined by ``;``.

Fields (Keap REST v2 description, listContacts): ``email``, ``given_name``, ``family_name``
and ``middle_name`` with a trailing ``*`` wildcard (prefix, any case: UNCONFIRMED whether
Keap's match ignores case), ``ids`` / ``contact_ids`` (comma-separated), ``company_id``,
``start_update_time`` / ``end_update_time`` (ISO-8601), ``contact_id`` with ``== > < >= <=``,
and a contact custom field by its ``field_name``. Other fields Keap documents (phones,
addresses, lead sources) are refused with a 400 that says the sandbox does not filter on them.

>>> parse("email==ana*;contact_id>=2", None)
[('email', '==', 'ana*'), ('contact_id', '>=', '2')]
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import Any

from .common import Refusal

_PART = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_]{0,63})\s*(==|>=|<=|>|<)\s*(.*?)\s*$", re.S)
_TEXT = ("email", "given_name", "family_name", "middle_name")
_TIMES = ("start_update_time", "end_update_time")
_NOT_IMITATED = ("phone_number", "phone_fields", "city", "state", "website", "lead_source_name")
Condition = tuple[str, str, str]


def parse(raw: str, data: Any) -> list[Condition]:
    """The conditions of a filter, each checked; a 400 naming the part that is wrong."""
    conditions = []
    for part in (p for p in raw.split(";") if p.strip()):
        found = _PART.match(part)
        if found is None:
            raise Refusal.bad("filter", f"expected name==value, got {part[:40]!r}")
        name, operator, value = found.groups()
        _check(name, operator, value, data)
        conditions.append((name, operator, value))
    return conditions


def _check(name: str, operator: str, value: str, data: Any) -> None:
    if name == "contact_id":
        if not value.isascii() or not value.isdigit() or len(value) > 18:
            raise Refusal.bad("filter", "contact_id must be a whole number")
        return
    if operator != "==":
        raise Refusal.bad("filter", f"{name} takes only ==")
    if name in _TEXT or _custom_field(name, data) is not None:
        if "*" in value[:-1]:
            raise Refusal.bad("filter", "a wildcard * may only end the value")
    elif name in ("ids", "contact_ids", "company_id"):
        if not all(p.strip().isascii() and p.strip().isdigit() for p in value.split(",")):
            raise Refusal.bad("filter", f"{name} takes whole numbers separated by commas")
    elif name in _TIMES:
        _time(value)
    elif (
        name.startswith(("billing_address_", "shipping_address_", "other_address_"))
        or name in _NOT_IMITATED
    ):
        raise Refusal(
            400,
            "INVALID_ARGUMENT",
            f"The Keap sandbox does not filter contacts on {name}",
            "filter",
        )
    else:
        raise Refusal.bad("filter", f"unknown field {name[:40]!r}")


def _time(value: str) -> str:
    """An ISO-8601 time as the sandbox stores times (UTC, milliseconds, ``Z``)."""
    try:
        stamp = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise Refusal.bad(
            "filter", "times must be ISO-8601, e.g. 2026-01-01T00:00:00.000Z"
        ) from None
    if stamp.tzinfo is None:
        raise Refusal.bad("filter", "times need a time zone, e.g. 2026-01-01T00:00:00.000Z")
    stamp = stamp.astimezone(timezone.utc)
    return stamp.strftime("%Y-%m-%dT%H:%M:%S.") + f"{stamp.microsecond // 1000:03d}Z"


def _custom_field(name: str, data: Any) -> dict[str, Any] | None:
    fields = data.custom_fields if data is not None else []
    return next((f for f in fields if f.get("field_name", "").lower() == name.lower()), None)


def _text_matches(have: str, wanted: str) -> bool:
    have, wanted = have.casefold(), wanted.casefold()
    return have.startswith(wanted[:-1]) if wanted.endswith("*") else have == wanted


def _holds(record: dict[str, Any], condition: Condition, data: Any) -> bool:
    name, operator, value = condition
    if name == "email":
        return any(_text_matches(e["email"], value) for e in record.get("email_addresses", []))
    if name in _TEXT:
        return _text_matches(record.get(name, ""), value)
    if name in ("ids", "contact_ids"):
        return int(record["id"]) in {int(p) for p in value.split(",")}
    if name == "company_id":
        return (record.get("company") or {}).get("id") == str(int(value))
    if name == "contact_id":
        number, other = int(record["id"]), int(value)
        return {
            "==": number == other,
            ">": number > other,
            "<": number < other,
            ">=": number >= other,
            "<=": number <= other,
        }[operator]
    if name == "start_update_time":
        return record["update_time"] >= _time(value)
    if name == "end_update_time":
        return record["update_time"] <= _time(value)
    field = _custom_field(name, data)
    content = next(
        (c["content"] for c in record.get("custom_fields", []) if c["id"] == field["id"]), None
    )
    return content is not None and _text_matches(str(content), value)


def matching(data: Any, conditions: list[Condition]) -> list[dict[str, Any]]:
    """The contacts that meet every condition (an exact email uses the email index)."""
    exact = [c for c in conditions if c[0] == "email" and not c[2].endswith("*")]
    if exact:
        candidates = [data.contacts[n] for n in data.find_by_email(exact[0][2])]
    else:
        candidates = list(data.contacts.values())
    return [r for r in candidates if all(_holds(r, c, data) for c in conditions)]
