"""Tag categories (Keap REST v2 ``/tags/categories``): list, create, get, update, delete.

Shapes: Keap REST v2 description, schemas TagCategory, GetTagCategoryResponse,
CreateUpdateTagCategoryRequest and UpdateTagCategoryResponse. Deleting a category leaves its
tags without one.
"""

from __future__ import annotations

from typing import Any

from ..store import AccountData, Record, now
from . import paging
from .common import Answer, ApiRequest, Refusal, ident, known_fields, text
from .simple_filter import matcher

_TIMES = ("since_create_time", "until_create_time", "since_update_time", "until_update_time")


def category_of(data: AccountData, raw_id: str) -> Record:
    record = data.categories.get(ident(raw_id, "tag_category"))
    if record is None:
        raise Refusal.missing("tag_category", raw_id)
    return record


def _key(name: str) -> Any:
    return lambda record: [str(record.get(name) or "").casefold(), int(record["id"])]


def _masked(request: ApiRequest, changes: dict[str, Any]) -> dict[str, Any]:
    mask = request.names("update_mask")
    for name in mask:
        if name not in ("name", "description"):
            raise Refusal.bad("update_mask", f"unknown field {name[:40]!r}")
    return {name: changes[name] for name in mask if name in changes} if mask else changes


def list_categories(request: ApiRequest, data: AccountData) -> Answer:
    order = paging.order_by(request, ("name", "create_time", "update_time"), "name")
    fields = {"name": lambda r: r.get("name"), "description": lambda r: r.get("description")}
    keep = matcher(request.one("filter"), fields, _TIMES)
    with data.lock:
        found = [dict(r) for r in data.categories.values() if keep(r)]
    chosen, token = paging.page(found, request, order, _key(order[0]), request.one("filter"))
    return 200, {"tag_categories": chosen, "next_page_token": token}


def _category_changes(body: dict[str, Any], creating: bool) -> dict[str, Any]:
    known_fields(body, frozenset({"name", "description"}))
    if creating and not str(body.get("name") or "").strip():
        raise Refusal.bad("name", "a tag category needs a name")
    return {name: text(body[name], name, 255 if name == "name" else 1000) for name in body}


def create_category(request: ApiRequest, data: AccountData) -> Answer:
    changes = _category_changes(request.json(), creating=True)
    with data.lock:
        when = now()
        record = {
            "id": str(data.next_id("other")),
            **changes,
            "create_time": when,
            "update_time": when,
        }
        data.categories[int(record["id"])] = record
        return 201, dict(record)


def get_category(request: ApiRequest, data: AccountData, category_id: str) -> Answer:
    with data.lock:
        return 200, dict(category_of(data, category_id))


def update_category(request: ApiRequest, data: AccountData, category_id: str) -> Answer:
    body = request.json()
    changes = _masked(request, _category_changes(body, creating=False))
    with data.lock:
        record = category_of(data, category_id)
        record.update(changes, update_time=now())
        return 200, dict(record)


def delete_category(request: ApiRequest, data: AccountData, category_id: str) -> Answer:
    with data.lock:
        number = int(category_of(data, category_id)["id"])
        del data.categories[number]
        for tag in data.tags.values():
            if (tag.get("category") or {}).get("id") == str(number):
                del tag["category"]
    return 204, None


ROUTES = [
    ("GET", r"/rest/v2/tags/categories", list_categories),
    ("POST", r"/rest/v2/tags/categories", create_category),
    ("GET", r"/rest/v2/tags/categories/([^/:]+)", get_category),
    ("PATCH", r"/rest/v2/tags/categories/([^/:]+)", update_category),
    ("DELETE", r"/rest/v2/tags/categories/([^/:]+)", delete_category),
]
