"""Contacts (Keap REST v2 ``/contacts``): create, get, update, delete and list with filters.

Behaviour from Keap's REST v2 description: ``duplicate_option`` (Email, EmailAndName,
EmailAndNameAndCompany) updates a match and answers 200 instead of creating (201);
``update_mask`` names the fields a PATCH changes (a masked field left out of the body is
cleared); ``fields`` chooses what an answer holds; list filters are ``name==value`` parts
joined by ``;``, with a trailing ``*`` as a prefix wildcard.
"""

from __future__ import annotations

import bisect
import hashlib
from typing import Any

from ..store import AccountData, Record, now
from . import contact_filter, paging
from .common import Answer, ApiRequest, Refusal, ident
from .contact_body import FIELDS as WRITABLE
from .contact_body import contact_changes

READABLE = frozenset(
    [
        "addresses",
        "anniversary_date",
        "birth_date",
        "company",
        "contact_type",
        "create_time",
        "custom_fields",
        "email_addresses",
        "family_name",
        "fax_numbers",
        "given_name",
        "id",
        "job_title",
        "leadsource_id",
        "links",
        "middle_name",
        "notes",
        "origin",
        "owner_id",
        "phone_numbers",
        "preferred_locale",
        "preferred_name",
        "prefix",
        "referral_code",
        "score_value",
        "social_accounts",
        "source_type",
        "spouse_name",
        "suffix",
        "tag_ids",
        "time_zone",
        "update_time",
        "utm_parameters",
        "website",
        "account_id",
        "assistant_name",
        "assistant_phone",
        "billing_information",
        "created_by",
        "groups",
        "last_updated_by",
    ]
)
ORDERS = ("id", "create_time", "email", "update_time")
DUPLICATE_OPTIONS = ("Email", "EmailAndName", "EmailAndNameAndCompany")


def render(data: AccountData, record: Record, fields: list[str]) -> Record:
    """The contact as Keap sends it: every field it has, or only ``fields`` (and its id)."""
    full = {**record, "tag_ids": data.tag_ids(int(record["id"]))}
    if not fields:
        return full
    return {name: full[name] for name in ["id", *fields] if name in full}


def asked_fields(request: ApiRequest) -> list[str]:
    """The ``fields`` parameter, each name checked against Keap's list of contact fields."""
    names = request.names("fields")
    for name in names:
        if name not in READABLE:
            raise Refusal.bad("fields", f"unknown contact field {name[:40]!r}")
    return names


def contact_of(data: AccountData, raw_id: str) -> Record:
    """The stored contact with id ``raw_id``, or a 404."""
    record = data.contacts.get(ident(raw_id, "contact"))
    if record is None:
        raise Refusal.missing("contact", raw_id)
    return record


def new_contact(data: AccountData, changes: dict[str, Any], when: str) -> Record:
    """Store a new contact made of checked ``changes``; the stored record."""
    number = data.next_id("contact")
    record = {"id": str(number), **changes, "create_time": when, "update_time": when}
    data.put_contact(record)
    return record


def create(request: ApiRequest, data: AccountData) -> Answer:
    fields = asked_fields(request)
    option = request.one("duplicate_option")
    if option and option not in DUPLICATE_OPTIONS:
        raise Refusal.bad("duplicate_option", "must be one of " + ", ".join(DUPLICATE_OPTIONS))
    body = request.json()
    with data.lock:
        changes = contact_changes(body, data, creating=True)
        match = _duplicate(data, changes, option) if option else None
        when = now()
        if match is not None:
            record = {**match, **changes, "update_time": when}
            data.put_contact(record)
            return 200, render(data, record, fields)
        return 201, render(data, new_contact(data, changes, when), fields)


def _duplicate(data: AccountData, changes: dict[str, Any], option: str) -> Record | None:
    emails = changes.get("email_addresses") or []
    if not emails:
        return None
    for number in data.find_by_email(emails[0]["email"]):
        record = data.contacts[number]
        if option != "Email" and not _same_name(record, changes):
            continue
        if option == "EmailAndNameAndCompany" and record.get("company") != changes.get("company"):
            continue
        return record
    return None


def _same_name(record: Record, changes: dict[str, Any]) -> bool:
    return all(
        (record.get(name) or "").casefold() == (changes.get(name) or "").casefold()
        for name in ("given_name", "family_name")
    )


def get(request: ApiRequest, data: AccountData, contact_id: str) -> Answer:
    fields = asked_fields(request)
    with data.lock:
        return 200, render(data, contact_of(data, contact_id), fields)


def update(request: ApiRequest, data: AccountData, contact_id: str) -> Answer:
    fields = asked_fields(request)
    mask = request.names("update_mask")
    for name in mask:
        if name not in WRITABLE:
            raise Refusal.bad("update_mask", f"unknown contact field {name[:40]!r}")
    body = request.json()
    with data.lock:
        record = contact_of(data, contact_id)
        changes = contact_changes(body, data, creating=False)
        if mask:
            changes = {name: changes[name] for name in mask if name in changes}
            cleared = [name for name in mask if name not in changes]
        else:
            cleared = [name for name, value in body.items() if value is None]
        updated = {k: v for k, v in {**record, **changes}.items() if k not in cleared}
        updated["update_time"] = now()
        data.put_contact(updated)
        return 200, render(data, updated, fields)


def delete(request: ApiRequest, data: AccountData, contact_id: str) -> Answer:
    with data.lock:
        record = contact_of(data, contact_id)
        data.drop_contact(int(record["id"]))
    return 204, None


def list_contacts(request: ApiRequest, data: AccountData) -> Answer:
    fields = asked_fields(request)
    order = paging.order_by(request, ORDERS, "id")
    raw_filter = request.one("filter")
    fingerprint = hashlib.sha256(raw_filter.encode("utf-8", "replace")).hexdigest()[:16]
    conditions = contact_filter.parse(raw_filter, data)
    with data.lock:
        if conditions or order[0] != "id":
            matches = contact_filter.matching(data, conditions)
        else:  # the whole account by id: only the ids around the page, not every contact
            after = paging.decode_token(request.one("page_token"), order, fingerprint)
            matches = _by_id(data, order[1], after, paging.page_size(request))
        chosen, token = paging.page(matches, request, order, _sort_key(order[0]), fingerprint)
        contacts = [render(data, record, fields) for record in chosen]
    return 200, {"contacts": contacts, "next_page_token": token}


def _by_id(data: AccountData, direction: str, after: list[Any] | None, size: int) -> list[Record]:
    """The ``size + 1`` contacts after ``after`` in id order (the store keeps ids ascending)."""
    if after is not None and not isinstance(after[0], int):
        raise Refusal.bad("page_token", "not a token this list gave")
    ids = list(data.contacts)
    if direction == "asc":
        start = 0 if after is None else bisect.bisect_right(ids, after[0])
        chosen = ids[start : start + size + 1]
    else:
        end = len(ids) if after is None else bisect.bisect_left(ids, after[0])
        chosen = ids[max(0, end - size - 1) : end]
    return [data.contacts[number] for number in chosen]


def _sort_key(name: str) -> Any:
    def key(record: Record) -> list[Any]:
        number = int(record["id"])
        if name == "id":
            return [number, number]
        if name == "email":
            emails = record.get("email_addresses") or [{"email": ""}]
            return [emails[0]["email"].lower(), number]
        return [record[name], number]

    return key


ROUTES = [
    ("GET", r"/rest/v2/contacts", list_contacts),
    ("POST", r"/rest/v2/contacts", create),
    ("GET", r"/rest/v2/contacts/([^/:]+)", get),
    ("PATCH", r"/rest/v2/contacts/([^/:]+)", update),
    ("DELETE", r"/rest/v2/contacts/([^/:]+)", delete),
]
