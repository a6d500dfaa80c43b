"""Records a test puts in before it runs: its own contacts and tags, checked as Keap checks them.

``Sandbox.seed`` and the ``keap_sandbox`` marker use this. A contact is a request body of
``POST /contacts`` (``CreateUpdateContactRequest``) plus, if you like, ``"tags"``: names of
tags to apply (existing ones, or ones in ``tags``). A tag is a name or a ``POST /tags`` body.
A bad record raises ``SeedError`` naming the field, and nothing is added.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from typing import Any

from ..store import AccountData, now
from .common import Refusal
from .contact_body import contact_changes
from .contacts import new_contact, render
from .tags import _tag_changes, new_tag


class SeedError(ValueError):
    """A contact or tag given to ``Sandbox.seed`` that Keap's API would refuse.

    Raised in a developer's test set-up, never in front of a learner: its message is the
    English of Keap's own 400 (``Invalid given_name: must be at most 40 characters``).
    """


def seed(
    data: AccountData,
    contacts: Iterable[Mapping[str, Any]] = (),
    tags: Iterable[str | Mapping[str, Any]] = (),
    *,
    replace: bool = False,
) -> dict[str, list[dict[str, Any]]]:
    """Add ``tags`` then ``contacts`` (after removing the demo records if ``replace``).

    Returns what was stored, as Keap's API would answer for each: ``{"contacts": [...],
    "tags": [...]}``.
    """
    contacts, tags = [copy.deepcopy(dict(c)) for c in contacts], list(tags)
    with data.lock:
        backup = copy.deepcopy(data.__dict__.copy() | {"lock": None})
        try:
            return _add(data, contacts, tags, replace)
        except Refusal as refusal:
            backup["lock"] = data.lock
            data.__dict__.update(backup)
            raise SeedError(f"sandbox seed refused: {refusal.message}") from None


def _add(
    data: AccountData, contacts: list[dict[str, Any]], tags: list[Any], replace: bool
) -> dict[str, list[dict[str, Any]]]:
    if replace:
        data.contacts.clear(), data.tags.clear(), data.applied.clear(), data.notes.clear()
        data._emails.clear()
    when = now()
    made_tags = []
    for tag in tags:
        body = {"name": tag} if isinstance(tag, str) else dict(tag)
        made_tags.append(dict(new_tag(data, _tag_changes(body, data, creating=True), when)))
    by_name = {t["name"]: int(t["id"]) for t in data.tags.values()}
    made_contacts = []
    for body in contacts:
        names = body.pop("tags", [])
        if isinstance(names, str) or not all(isinstance(n, str) for n in names):
            raise Refusal.bad("tags", "expected a list of tag names")
        record = new_contact(data, contact_changes(body, data, creating=True), when)
        for name in names:
            if name not in by_name:
                raise Refusal.bad("tags", f"no tag is named {name[:40]!r}")
            data.apply_tag(by_name[name], [int(record["id"])], when)
        made_contacts.append(render(data, record, []))
    return {"contacts": made_contacts, "tags": made_tags}
