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
from .tags import new_tag, tag_changes_from


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
        try:  # everything is checked before anything is stored
            tag_changes, planned = _check(data, contacts, tags, replace)
        except Refusal as refusal:
            raise SeedError(f"sandbox seed refused: {refusal.message}") from None
        return _store(data, tag_changes, planned, replace)


Planned = list[tuple[dict[str, Any], list[str]]]


def _check(
    data: AccountData, contacts: list[dict[str, Any]], tags: list[Any], replace: bool
) -> tuple[list[dict[str, Any]], Planned]:
    bodies = [{"name": tag} if isinstance(tag, str) else dict(tag) for tag in tags]
    tag_changes = [tag_changes_from(body, data, creating=True) for body in bodies]
    known = set() if replace else {tag["name"] for tag in data.tags.values()}
    known |= {changes["name"] for changes in tag_changes}
    planned: Planned = []
    for body in contacts:
        names = body.pop("tags", [])
        if isinstance(names, str) or not all(isinstance(n, str) for n in names):
            raise Refusal.bad("tags", "expected a list of tag names")
        for name in names:
            if name not in known:
                raise Refusal.bad("tags", f"no tag is named {name[:40]!r}")
        planned.append((contact_changes(body, data, creating=True), list(names)))
    return tag_changes, planned


def _store(
    data: AccountData, tag_changes: list[dict[str, Any]], planned: Planned, replace: bool
) -> dict[str, list[dict[str, Any]]]:
    if replace:
        data.contacts.clear(), data.tags.clear(), data.applied.clear(), data.notes.clear()
        data._emails.clear()
    when = now()
    made_tags = [dict(new_tag(data, changes, when)) for changes in tag_changes]
    by_name = {tag["name"]: int(tag["id"]) for tag in data.tags.values()}
    made_contacts = []
    for changes, names in planned:
        record = new_contact(data, changes, when)
        for name in names:
            data.apply_tag(by_name[name], [int(record["id"])], when)
        made_contacts.append(render(data, record, []))
    return {"contacts": made_contacts, "tags": made_tags}
