"""Notes of a contact (Keap REST v2 ``/contacts/{id}/notes``) and the account's notes list.

Shapes: Keap REST v2 description, schemas Note, CreateNoteRequest (``user_id`` required, and
a ``title`` or a ``type``), UpdateNoteRequest and ListNotesResponse. The sandbox's account has
no note custom fields, so any ``custom_fields`` entry is a 400.
"""

from __future__ import annotations

from typing import Any

from ..store import AccountData, Record, now
from . import paging
from .common import Answer, ApiRequest, Refusal, choice, ident, known_fields, text
from .contacts import contact_of
from .simple_filter import matcher

_FIELDS = frozenset(
    {"title", "text", "type", "user_id", "is_pinned", "custom_fields", "contact_id"}
)
_TYPES = ("Appointment", "Call", "Email", "Fax", "Letter", "Other")


def _changes(body: dict[str, Any], creating: bool) -> dict[str, Any]:
    known_fields(body, _FIELDS if not creating else _FIELDS - {"contact_id"})
    user = body.get("user_id")
    if not isinstance(user, (str, int)) or isinstance(user, bool) or not str(user).isdigit():
        raise Refusal.bad("user_id", "the id of the user writing the note is required")
    changes: dict[str, Any] = {"user_id": str(user)}
    for name in ("title", "text"):
        if name in body:
            changes[name] = text(body[name], name, 255 if name == "title" else 65535)
    if "type" in body:
        changes["type"] = choice(body["type"], "type", _TYPES)
    if creating and not (changes.get("title") or changes.get("type")):
        raise Refusal.bad("title", "a note needs a title or a type")
    if body.get("custom_fields"):
        raise Refusal.bad("custom_fields[0].id", "this account has no note custom fields")
    if "is_pinned" in body and not isinstance(body["is_pinned"], bool):
        raise Refusal.bad("is_pinned", "expected true or false")
    changes["is_pinned"] = body.get("is_pinned")
    return changes


def _store(record: Record, changes: dict[str, Any], when: str) -> Record:
    user = changes.pop("user_id")
    pinned = changes.pop("is_pinned")
    record.update({k: v for k, v in changes.items() if k != "contact_id"})
    record.update(last_updated_by_user_id=user, update_time=when)
    record.setdefault("created_by_user_id", user)
    record.setdefault("assigned_to_user", {"id": user})
    if pinned is True:
        record.setdefault("pinned_at", when)
    elif pinned is False:
        record.pop("pinned_at", None)
    return record


def note_of(data: AccountData, contact_id: str, note_id: str) -> Record:
    contact = contact_of(data, contact_id)
    record = data.notes.get(ident(note_id, "note"))
    if record is None or record["contact_id"] != contact["id"]:
        raise Refusal.missing("note", note_id)
    return record


def _list(request: ApiRequest, notes: list[Record], *extra: str) -> Answer:
    order = paging.order_by(request, ("id", "create_time", "update_time"), "id")
    fields = {
        "ids": lambda r: r["id"],
        "title": lambda r: r.get("title"),
        "contact_id": lambda r: r["contact_id"],
        "assigned_to_user_id": lambda r: r["assigned_to_user"]["id"],
    }
    keep = matcher(request.one("filter"), fields, ("since_time", "until_time", "id"))
    rows = [dict(r) for r in notes if keep(r)]

    def key(record: Record) -> list[Any]:
        return [int(record["id"]) if order[0] == "id" else record[order[0]], int(record["id"])]

    chosen, token = paging.page(
        rows, request, order, key, "|".join([request.one("filter"), *extra])
    )
    return 200, {"notes": chosen, "next_page_token": token}


def list_notes(request: ApiRequest, data: AccountData, contact_id: str) -> Answer:
    with data.lock:
        contact = contact_of(data, contact_id)
        notes = [n for n in data.notes.values() if n["contact_id"] == contact["id"]]
    return _list(request, notes, contact_id)


def list_all_notes(request: ApiRequest, data: AccountData) -> Answer:
    with data.lock:
        notes = list(data.notes.values())
    return _list(request, notes)


def create_note(request: ApiRequest, data: AccountData, contact_id: str) -> Answer:
    changes = _changes(request.json(), creating=True)
    with data.lock:
        contact = contact_of(data, contact_id)
        when = now()
        record = {
            "id": str(data.next_id("other")),
            "contact_id": contact["id"],
            "create_time": when,
        }
        data.notes[int(record["id"])] = _store(record, changes, when)
        return 201, dict(record)


def get_note(request: ApiRequest, data: AccountData, contact_id: str, note_id: str) -> Answer:
    with data.lock:
        return 200, dict(note_of(data, contact_id, note_id))


def update_note(request: ApiRequest, data: AccountData, contact_id: str, note_id: str) -> Answer:
    changes = _changes(request.json(), creating=False)
    with data.lock:
        record = note_of(data, contact_id, note_id)
        return 200, dict(_store(record, changes, now()))


def delete_note(request: ApiRequest, data: AccountData, contact_id: str, note_id: str) -> Answer:
    with data.lock:
        del data.notes[int(note_of(data, contact_id, note_id)["id"])]
    return 204, None


ROUTES = [
    ("GET", r"/rest/v2/notes", list_all_notes),
    ("GET", r"/rest/v2/contacts/([^/:]+)/notes", list_notes),
    ("POST", r"/rest/v2/contacts/([^/:]+)/notes", create_note),
    ("GET", r"/rest/v2/contacts/([^/:]+)/notes/([^/:]+)", get_note),
    ("PATCH", r"/rest/v2/contacts/([^/:]+)/notes/([^/:]+)", update_note),
    ("DELETE", r"/rest/v2/contacts/([^/:]+)/notes/([^/:]+)", delete_note),
]
