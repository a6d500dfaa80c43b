"""The XML-RPC tables ``Contact``, ``ContactGroup`` and ``ContactGroupAssign`` over the records.

Field names: Keap's XML-RPC table reference (``FirstName``, ``Email``, ``Groups``: the ids of
a contact's tags, comma-separated). ``DataService.query`` matches ``%`` as a wildcard
anywhere, and ignores case (UNCONFIRMED for Keap). A row leaves out fields with no value, as
Keap's structs do.
"""

from __future__ import annotations

import re
import xmlrpc.client
from datetime import datetime
from typing import Any

from .store import AccountData

Fault = xmlrpc.client.Fault
# XML-RPC name -> REST v2 field, for a contact's plain strings.
_STRINGS = {
    "FirstName": "given_name",
    "LastName": "family_name",
    "MiddleName": "middle_name",
    "Nickname": "preferred_name",
    "JobTitle": "job_title",
    "Website": "website",
    "SpouseName": "spouse_name",
    "Title": "prefix",
    "Suffix": "suffix",
}
_EMAILS = {"Email": "EMAIL1", "EmailAddress2": "EMAIL2", "EmailAddress3": "EMAIL3"}
_PHONES = {f"Phone{n}": f"PHONE{n}" for n in range(1, 6)}
_ADDRESS = {
    "StreetAddress1": "line1",
    "StreetAddress2": "line2",
    "City": "locality",
    "PostalCode": "postal_code",
    "Country": "country_code",
}
_READ_ONLY = ("Id", "Groups", "DateCreated", "LastUpdated", "Company")
CONTACT_FIELDS = (*_STRINGS, *_EMAILS, *_PHONES, *_ADDRESS, "CompanyID", *_READ_ONLY)
TABLES = {
    "Contact": CONTACT_FIELDS,
    "ContactGroup": ("Id", "GroupName", "GroupCategoryId", "GroupDescription"),
    "ContactGroupAssign": ("GroupId", "ContactId", "ContactGroup", "DateCreated"),
}


def _fault(code: str, text: str) -> Fault:
    return Fault(0, f"[{code}]{text}")


def _time(stamp: str) -> xmlrpc.client.DateTime:
    return xmlrpc.client.DateTime(datetime.strptime(stamp[:19], "%Y-%m-%dT%H:%M:%S"))


def contact_body(fields: dict[str, Any], old: dict[str, Any] | None) -> dict[str, Any]:
    """A REST ``CreateUpdateContactRequest`` body for an XML-RPC struct (merged into ``old``)."""
    body: dict[str, Any] = {}
    old = old or {}
    for name, value in fields.items():
        if name in _READ_ONLY:
            raise _fault("InvalidParameter", f"Contact.{name} cannot be written")
        if name not in CONTACT_FIELDS:
            raise _fault("NoFieldFound", f"No field found: Contact.{str(name)[:60]}")
        if name in _STRINGS:
            body[_STRINGS[name]] = value
    body.update(_slots(fields, _EMAILS, "email_addresses", "email", old))
    body.update(_slots(fields, _PHONES, "phone_numbers", "number", old))
    address = {_ADDRESS[n]: v for n, v in fields.items() if n in _ADDRESS}
    if address:
        billing = next((a for a in old.get("addresses", []) if a["field"] == "BILLING"), {})
        others = [a for a in old.get("addresses", []) if a["field"] != "BILLING"]
        body["addresses"] = [*others, {**billing, **address, "field": "BILLING"}]
    if "CompanyID" in fields:
        body["company"] = {"id": str(fields["CompanyID"])}
    return body


def _slots(
    fields: dict[str, Any], names: dict[str, str], key: str, inner: str, old: dict[str, Any]
) -> dict[str, Any]:
    given = {slot: fields[name] for name, slot in names.items() if name in fields}
    if not given:
        return {}
    kept = {entry["field"]: entry for entry in old.get(key, [])}
    for slot, value in given.items():
        if value in ("", None):
            kept.pop(slot, None)
        else:
            kept[slot] = {**kept.get(slot, {}), inner: value, "field": slot}
    return {key: [kept[slot] for slot in sorted(kept)]}


def contact_row(data: AccountData, record: dict[str, Any]) -> dict[str, Any]:
    """A contact as an XML-RPC ``Contact`` struct."""
    row: dict[str, Any] = {"Id": int(record["id"])}
    row.update({name: record[field] for name, field in _STRINGS.items() if record.get(field)})
    for key, inner, names in (
        ("email_addresses", "email", _EMAILS),
        ("phone_numbers", "number", _PHONES),
    ):
        slots = {entry["field"]: entry[inner] for entry in record.get(key, [])}
        row.update({name: slots[slot] for name, slot in names.items() if slot in slots})
    billing = next((a for a in record.get("addresses", []) if a["field"] == "BILLING"), {})
    row.update({name: billing[field] for name, field in _ADDRESS.items() if billing.get(field)})
    if record.get("company"):
        row["CompanyID"] = int(record["company"]["id"])
        row["Company"] = record["company"].get("company_name", "")
    tags = data.tag_ids(int(record["id"]))
    if tags:
        row["Groups"] = ",".join(tags)
    row["DateCreated"], row["LastUpdated"] = (
        _time(record["create_time"]),
        _time(record["update_time"]),
    )
    return row


def rows(data: AccountData, table: str) -> list[dict[str, Any]]:
    """Every row of ``table`` (its lock held by the caller), in id order."""
    if table == "Contact":
        return [contact_row(data, data.contacts[n]) for n in sorted(data.contacts)]
    if table == "ContactGroup":
        return [_group_row(tag) for _, tag in sorted(data.tags.items())]
    if table == "ContactGroupAssign":
        return [
            {
                "GroupId": tag,
                "ContactId": number,
                "ContactGroup": data.tags[tag]["name"],
                "DateCreated": _time(when),
            }
            for number, tags in sorted(data.applied.items())
            for tag, when in sorted(tags.items())
        ]
    raise _fault("InvalidParameter", f"Invalid table name: {table[:60]}")


def _group_row(tag: dict[str, Any]) -> dict[str, Any]:
    row = {"Id": int(tag["id"]), "GroupName": tag["name"]}
    if tag.get("category"):
        row["GroupCategoryId"] = int(tag["category"]["id"])
    if tag.get("description"):
        row["GroupDescription"] = tag["description"]
    return row


def _check_fields(names: Any, table: str) -> list[str]:
    if not isinstance(names, (list, tuple)) or not all(isinstance(n, str) for n in names):
        raise _fault("InvalidParameter", "selectedFields must be an array of field names")
    for name in names:
        if name not in TABLES.get(table, ()):
            raise _fault("NoFieldFound", f"No field found: {table}.{name[:60]}")
    return list(names)


def select(row: dict[str, Any], selected: Any, table: str) -> dict[str, Any]:
    """Only the ``selected`` fields of ``row`` that have a value."""
    return {name: row[name] for name in _check_fields(selected, table) if name in row}


def matches(row: dict[str, Any], where: dict[str, Any], table: str) -> bool:
    """True when ``row`` meets every ``field: value`` of a query (``%`` as a wildcard)."""
    for name, wanted in where.items():
        _check_fields([name], table)
        have = row.get(name)
        if isinstance(wanted, str):
            pattern = ".*".join(re.escape(part) for part in wanted.split("%"))
            if not re.fullmatch(pattern, str(have if have is not None else ""), re.I | re.S):
                return False
        elif have != wanted:
            return False
    return True


def ordered(
    found: list[dict[str, Any]], order: tuple[Any, ...], table: str
) -> list[dict[str, Any]]:
    """``found`` sorted by ``order[0]`` (a field), ascending unless ``order[1]`` is false."""
    (name,) = _check_fields([order[0]], table)
    ascending = bool(order[1]) if len(order) > 1 else True
    return sorted(found, key=lambda row: str(row.get(name, "")).casefold(), reverse=not ascending)
