"""XML-RPC ``ContactService`` and ``DataService`` on the sandbox's records (the same contacts
and tags its REST v2 answers with, so a contact made over one is found over the other).

Methods and field names: Keap's XML-RPC reference as mirrored by infusionsoft-php and the
original guide's API (``ContactService.add/load/update/findByEmail/addToGroup/
removeFromGroup``, ``DataService.query/findByField`` on ``Contact``, ``ContactGroup`` and
``ContactGroupAssign``; tags are "groups" there). A contact's checks are REST's (same limits).
UNCONFIRMED: the fault strings for bad input (``[NoFieldFound]``, ``[RecordNotFound]``,
``[InvalidParameter]`` follow the ``[Code]Text`` form of ``[InvalidKey]Invalid Key``, fact
sheet §4) and their fault code (the sandbox sends 0).
"""

from __future__ import annotations

import xmlrpc.client
from collections.abc import Callable
from typing import Any

from . import rpc_tables
from .resources.common import Refusal
from .resources.contact_body import contact_changes
from .resources.contacts import new_contact
from .store import AccountData, now

Fault = xmlrpc.client.Fault


def fault(code: str, text: str) -> Fault:
    return Fault(0, f"[{code}]{text}")


def _int(value: Any, name: str) -> int:
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, str))
        or not str(value).strip().isdigit()
    ):
        raise fault("InvalidParameter", f"{name} must be a whole number")
    return int(value)


def _struct(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise fault("InvalidParameter", "expected a struct of contact fields")
    return value


def _changes(
    data: AccountData, fields: dict[str, Any], old: dict[str, Any] | None
) -> dict[str, Any]:
    try:
        body = rpc_tables.contact_body(fields, old)
        return contact_changes(body, data, creating=old is None)
    except Refusal as refusal:
        raise fault("InvalidParameter", refusal.message) from None


def add(data: AccountData, fields: Any) -> int:
    with data.lock:
        record = new_contact(data, _changes(data, _struct(fields), None), now())
        return int(record["id"])


def update(data: AccountData, contact_id: Any, fields: Any) -> int:
    number = _int(contact_id, "contactId")
    with data.lock:
        old = _contact(data, number)
        changes = _changes(data, _struct(fields), old)
        data.put_contact({**old, **changes, "update_time": now()})
        return number


def load(data: AccountData, contact_id: Any, selected: Any) -> dict[str, Any]:
    number = _int(contact_id, "contactId")
    with data.lock:
        row = rpc_tables.contact_row(data, _contact(data, number))
        return rpc_tables.select(row, selected, "Contact")


def find_by_email(data: AccountData, address: Any, selected: Any) -> list[dict[str, Any]]:
    if not isinstance(address, str):
        raise fault("InvalidParameter", "email must be a string")
    with data.lock:
        rows = [rpc_tables.contact_row(data, data.contacts[n]) for n in data.find_by_email(address)]
        return [rpc_tables.select(row, selected, "Contact") for row in rows]


def add_to_group(data: AccountData, contact_id: Any, group_id: Any) -> bool:
    number, tag = _int(contact_id, "contactId"), _int(group_id, "groupId")
    with data.lock:
        _contact(data, number)
        if tag not in data.tags:
            raise fault("RecordNotFound", f"Group (tag) {tag} was not found")
        data.apply_tag(tag, [number], now())
    return True


def remove_from_group(data: AccountData, contact_id: Any, group_id: Any) -> bool:
    number, tag = _int(contact_id, "contactId"), _int(group_id, "groupId")
    with data.lock:
        _contact(data, number)
        data.remove_tag(tag, [number], now())
    return True


def _contact(data: AccountData, number: int) -> dict[str, Any]:
    record = data.contacts.get(number)
    if record is None:
        raise fault("RecordNotFound", f"Contact {number} was not found")
    return record


def query(
    data: AccountData, table: Any, limit: Any, page: Any, where: Any, selected: Any, *order: Any
) -> list[dict[str, Any]]:
    size, number = _int(limit, "limit"), _int(page, "page")
    if not 1 <= size <= 1000:
        raise fault("InvalidParameter", "limit must be between 1 and 1000")
    if not isinstance(where, dict):
        raise fault("InvalidParameter", "queryData must be a struct")
    with data.lock:
        rows = rpc_tables.rows(data, str(table))
    kept = [row for row in rows if rpc_tables.matches(row, where, str(table))]
    if order:
        kept = rpc_tables.ordered(kept, order, str(table))
    chosen = kept[number * size : (number + 1) * size]
    return [rpc_tables.select(row, selected, str(table)) for row in chosen]


def find_by_field(
    data: AccountData, table: Any, limit: Any, page: Any, name: Any, value: Any, selected: Any
) -> list[dict[str, Any]]:
    return query(data, table, limit, page, {str(name): value}, selected)


# name -> (number of parameters after the key, the method)
METHODS: dict[str, tuple[int, Callable[..., Any]]] = {
    "ContactService.add": (1, add),
    "ContactService.update": (2, update),
    "ContactService.load": (2, load),
    "ContactService.findByEmail": (2, find_by_email),
    "ContactService.addToGroup": (2, add_to_group),
    "ContactService.removeFromGroup": (2, remove_from_group),
    "DataService.query": (5, query),
    "DataService.findByField": (6, find_by_field),
}


def call(data: AccountData, method: str, params: tuple[Any, ...], key_first: bool) -> Any:
    """The result (or a ``Fault``) of ``method``; ``key_first``: a key placeholder may lead."""
    arity, function = METHODS[method]
    if key_first and params and isinstance(params[0], str) and len(params) > arity:
        params = params[1:]
    extra = 2 if method == "DataService.query" else 0  # orderBy, ascending
    if not arity <= len(params) <= arity + extra:
        return Fault(0, f"No method matching arguments: {method}")
    try:
        return function(data, *params)
    except Fault as refusal:
        return refusal
