"""Tags (Keap REST v2 ``/tags``), applying and removing them, the contacts with
a tag and the tags of a contact. Categories: ``tag_categories``.

Shapes: Keap REST v2 description, schemas Tag, UpdateTagResponse, TagCategory,
ApplyRemoveTagRequest, ApplyTagsResponse, ListTaggedContactsResponse (TaggedContact) and
ListContactTagsResponse (AppliedTag). UNCONFIRMED: the words in ``ApplyTagsResponse.results``
(the sandbox says SUCCESS, DUPLICATE when the contact had the tag, NOT_FOUND for an unknown
contact id; Keap's REST v1 used SUCCESS and DUPLICATE).
"""

from __future__ import annotations

import hashlib
from typing import Any

from ..store import AccountData, Record, now
from . import paging
from .common import Answer, ApiRequest, Refusal, ident, known_fields, text
from .contacts import contact_of
from .simple_filter import matcher
from .tag_categories import category_of

_TIMES = ("since_create_time", "until_create_time", "since_update_time", "until_update_time")
_APPLIED = ("since_applied_time", "until_applied_time")


def _fingerprint(request: ApiRequest, *extra: str) -> str:
    raw = "|".join([request.one("filter"), *extra])
    return hashlib.sha256(raw.encode("utf-8", "replace")).hexdigest()[:16]


def _key(name: str) -> Any:
    return lambda record: [
        str(record.get(name) or "").casefold() if name != "id" else int(record["id"]),
        int(record["id"]),
    ]


def tag_of(data: AccountData, raw_id: str) -> Record:
    record = data.tags.get(ident(raw_id, "tag"))
    if record is None:
        raise Refusal.missing("tag", raw_id)
    return record


def tag_changes_from(body: dict[str, Any], data: AccountData, creating: bool) -> dict[str, Any]:
    known_fields(body, frozenset({"name", "description", "category"}))
    changes: dict[str, Any] = {}
    if creating and not str(body.get("name") or "").strip():
        raise Refusal.bad("name", "a tag needs a name")
    if "name" in body:
        changes["name"] = text(body["name"], "name", 255)
    if "description" in body:
        changes["description"] = text(body["description"], "description", 1000)
    if body.get("category") is not None:
        category = body["category"]
        if not isinstance(category, dict) or "id" not in category:
            raise Refusal.bad("category", "expected an object with an id")
        known_fields(category, frozenset({"id"}), "category.")
        try:
            changes["category"] = {"id": category_of(data, str(category["id"]))["id"]}
        except Refusal:
            raise Refusal.bad(
                "category.id", f"no tag category has id {str(category['id'])[:20]!r}"
            ) from None
    return changes


def new_tag(data: AccountData, changes: dict[str, Any], when: str) -> Record:
    record = {"id": str(data.next_id("tag")), **changes, "create_time": when, "update_time": when}
    data.tags[int(record["id"])] = record
    return record


def list_tags(request: ApiRequest, data: AccountData) -> Answer:
    order = paging.order_by(request, ("name", "create_time", "update_time"), "name")
    fields = {
        "name": lambda r: r.get("name"),
        "description": lambda r: r.get("description"),
        "category_id": lambda r: (r.get("category") or {}).get("id"),
        "tag_ids": lambda r: r["id"],
    }
    keep = matcher(request.one("filter"), fields, _TIMES)
    with data.lock:
        found = [dict(r) for r in data.tags.values() if keep(r)]
    chosen, token = paging.page(found, request, order, _key(order[0]), _fingerprint(request))
    return 200, {"tags": chosen, "next_page_token": token}


def create_tag(request: ApiRequest, data: AccountData) -> Answer:
    body = request.json()
    with data.lock:
        return 201, dict(new_tag(data, tag_changes_from(body, data, creating=True), now()))


def get_tag(request: ApiRequest, data: AccountData, tag_id: str) -> Answer:
    with data.lock:
        return 200, dict(tag_of(data, tag_id))


def _masked(
    request: ApiRequest, body: dict[str, Any], changes: dict[str, Any], names: frozenset[str]
) -> dict[str, Any]:
    mask = request.names("update_mask")
    for name in mask:
        if name not in names:
            raise Refusal.bad("update_mask", f"unknown field {name[:40]!r}")
    return {name: changes[name] for name in mask if name in changes} if mask else changes


def update_tag(request: ApiRequest, data: AccountData, tag_id: str) -> Answer:
    body = request.json()
    with data.lock:
        record = tag_of(data, tag_id)
        changes = _masked(
            request,
            body,
            tag_changes_from(body, data, creating=False),
            frozenset({"name", "description", "category"}),
        )
        record.update(changes, update_time=now())
        return 200, dict(record)


def delete_tag(request: ApiRequest, data: AccountData, tag_id: str) -> Answer:
    with data.lock:
        data.drop_tag(int(tag_of(data, tag_id)["id"]))
    return 204, None


def _contact_ids(request: ApiRequest) -> list[str]:
    body = request.json()
    known_fields(body, frozenset({"contact_ids"}))
    ids = body.get("contact_ids")
    if not isinstance(ids, list) or not ids or len(ids) > 1000:
        raise Refusal.bad("contact_ids", "expected an array of 1 to 1000 contact ids")
    if not all(isinstance(i, (str, int)) and not isinstance(i, bool) for i in ids):
        raise Refusal.bad("contact_ids", "each id must be a string or a whole number")
    return [str(i).strip() for i in ids]


def _known_contacts(data: AccountData, ids: list[str]) -> tuple[list[int], dict[str, str]]:
    found, missing = [], {}
    for raw in ids:
        number = int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 18 else None
        if number is None or number not in data.contacts:
            missing[raw[:40]] = "NOT_FOUND"
        else:
            found.append(number)
    return found, missing


def apply_tags(request: ApiRequest, data: AccountData, tag_id: str) -> Answer:
    ids = _contact_ids(request)
    with data.lock:
        tag = int(tag_of(data, tag_id)["id"])
        found, results = _known_contacts(data, ids)
        for number in found:
            results[str(number)] = "DUPLICATE" if tag in data.applied.get(number, {}) else "SUCCESS"
        data.apply_tag(tag, found, now())
    return 200, {"results": results}


def remove_tags(request: ApiRequest, data: AccountData, tag_id: str) -> Answer:
    ids = _contact_ids(request)
    with data.lock:
        tag = int(tag_of(data, tag_id)["id"])
        found, _ = _known_contacts(data, ids)
        data.remove_tag(tag, found, now())
    return 204, None


def tagged_contacts(request: ApiRequest, data: AccountData, tag_id: str) -> Answer:
    order = paging.order_by(
        request, ("given_name", "family_name", "email", "applied_time"), "applied_time"
    )
    fields = {name: (lambda r, n=name: r.get(n)) for name in ("given_name", "family_name", "email")}
    keep = matcher(request.one("filter"), fields, _APPLIED)
    with data.lock:
        tag = int(tag_of(data, tag_id)["id"])
        rows = [
            _tagged(data.contacts[n], times[tag])
            for n, times in data.applied.items()
            if tag in times
        ]
    rows = [row for row in rows if keep(row)]
    chosen, token = paging.page(rows, request, order, _key(order[0]), _fingerprint(request, tag_id))
    return 200, {"contacts": chosen, "next_page_token": token}


def _tagged(record: Record, applied_time: str) -> Record:
    emails = record.get("email_addresses") or []
    row = {
        "id": record["id"],
        "given_name": record.get("given_name"),
        "family_name": record.get("family_name"),
        "email": emails[0]["email"] if emails else None,
        "applied_time": applied_time,
    }
    return {k: v for k, v in row.items() if v is not None}


def tags_of_contact(request: ApiRequest, data: AccountData, contact_id: str) -> Answer:
    order = paging.order_by(
        request, ("name", "create_time", "update_time", "applied_time", "category_id"), "name"
    )
    fields = {
        "name": lambda r: r["tag"].get("name"),
        "description": lambda r: r["tag"].get("description"),
        "category_id": lambda r: (r["tag"].get("category") or {}).get("id"),
    }
    keep = matcher(request.one("filter"), fields, _APPLIED + _TIMES)
    with data.lock:
        number = int(contact_of(data, contact_id)["id"])
        rows = [
            {"tag": dict(data.tags[t]), "applied_time": when}
            for t, when in sorted(data.applied.get(number, {}).items())
        ]
    rows = [row for row in rows if keep(row)]

    def sort_key(row: Record) -> list[Any]:
        tag = row["tag"]
        value = (
            row["applied_time"]
            if order[0] == "applied_time"
            else (tag.get("category") or {}).get("id", "")
            if order[0] == "category_id"
            else tag.get(order[0], "")
        )
        return [str(value).casefold(), int(tag["id"])]

    chosen, token = paging.page(rows, request, order, sort_key, _fingerprint(request, contact_id))
    return 200, {"tags": chosen, "next_page_token": token}


ROUTES = [
    ("GET", r"/rest/v2/tags", list_tags),
    ("POST", r"/rest/v2/tags", create_tag),
    ("GET", r"/rest/v2/tags/([^/:]+)", get_tag),
    ("PATCH", r"/rest/v2/tags/([^/:]+)", update_tag),
    ("DELETE", r"/rest/v2/tags/([^/:]+)", delete_tag),
    ("POST", r"/rest/v2/tags/([^/:]+)/contacts:applyTags", apply_tags),
    ("POST", r"/rest/v2/tags/([^/:]+)/contacts:removeTags", remove_tags),
    ("GET", r"/rest/v2/tags/([^/:]+)/contacts", tagged_contacts),
    ("GET", r"/rest/v2/contacts/([^/:]+)/tags", tags_of_contact),
]
