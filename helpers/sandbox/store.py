"""The demo account's records: contacts, tags, tag categories, notes, companies, custom fields.

One ``AccountData`` per sandbox, shared by its REST resources and its XML-RPC methods (so a
contact made over one is found over the other), by the server's threads and by the in-page
sandbox alike. Everything that reads or changes records holds ``lock``: an answer sees one
consistent account and no change is lost between two clients.

Records are kept in the shape Keap's REST v2 sends them (ids as strings, ISO-8601 times with
milliseconds), except a contact's tags, kept in ``applied`` (contact id -> tag id -> time).
``contacts`` holds contacts in ascending id order (ids only grow), which paging relies on.

>>> data = AccountData("en")
>>> sorted(data.contacts)[:2], data.find_by_email("EMMA.JOHNSON@example.com")
([1, 2], [1])
"""

from __future__ import annotations

import copy
import itertools
import threading
from datetime import datetime, timezone
from typing import Any

from . import seed

Record = dict[str, Any]


def now() -> str:
    """The current UTC time as Keap writes it: ``2026-01-01T00:00:00.000Z``."""
    stamp = datetime.now(timezone.utc)
    return stamp.strftime("%Y-%m-%dT%H:%M:%S.") + f"{stamp.microsecond // 1000:03d}Z"


class AccountData:
    """The records of one demo account, seeded in ``lang``; ``reset()`` brings the seed back."""

    def __init__(self, lang: str = "es") -> None:
        self.lock = threading.RLock()
        self.reset(lang)

    def reset(self, lang: str | None = None) -> None:
        """Forget every change: the seeded contacts, tags and the rest of ``lang`` (or the last)."""
        with self.lock:
            self.lang = lang or self.lang
            self.contacts: dict[int, Record] = {}
            self.tags: dict[int, Record] = {}
            self.categories: dict[int, Record] = {}
            self.notes: dict[int, Record] = {}
            self.companies: dict[int, Record] = {}
            self.applied: dict[int, dict[int, str]] = {}
            self.custom_fields: list[Record] = seed.custom_fields(self.lang)
            self._emails: dict[str, set[int]] = {}
            self._ids = {name: itertools.count(1) for name in ("contact", "tag", "other")}
            seed.fill(self)

    # --- ids and contacts -------------------------------------------------------------------
    def next_id(self, kind: str) -> int:
        """A new id: contacts and tags count on their own, other records share a counter."""
        return next(self._ids[kind if kind in self._ids else "other"])

    def put_contact(self, record: Record) -> None:
        """Store ``record`` (new or changed) under its id and index its email addresses."""
        number = int(record["id"])
        self._unindex(number)
        self.contacts[number] = record
        for entry in record.get("email_addresses", []):
            self._emails.setdefault(entry["email"].lower(), set()).add(number)

    def drop_contact(self, number: int) -> None:
        """Delete contact ``number``, its tags and its notes."""
        self._unindex(number)
        self.contacts.pop(number, None)
        self.applied.pop(number, None)
        for note_id in [n for n, note in self.notes.items() if note["contact_id"] == str(number)]:
            del self.notes[note_id]

    def _unindex(self, number: int) -> None:
        old = self.contacts.get(number)
        for entry in (old or {}).get("email_addresses", []):
            holders = self._emails.get(entry["email"].lower())
            if holders is not None:
                holders.discard(number)
                if not holders:
                    del self._emails[entry["email"].lower()]

    def find_by_email(self, address: str) -> list[int]:
        """Ids of the contacts with ``address`` in any email slot (any case), oldest first."""
        with self.lock:
            return sorted(self._emails.get(address.strip().lower(), ()))

    def tag_ids(self, number: int) -> list[str]:
        """The ids of the tags applied to contact ``number``, as strings, in id order."""
        return [str(tag) for tag in sorted(self.applied.get(number, {}))]

    # --- tags -------------------------------------------------------------------------------
    def apply_tag(self, tag: int, contacts: list[int], when: str) -> None:
        """Apply tag ``tag`` to each of ``contacts`` (a tag already there keeps its time)."""
        for number in contacts:
            self.applied.setdefault(number, {}).setdefault(tag, when)
            self.contacts[number]["update_time"] = when

    def remove_tag(self, tag: int, contacts: list[int], when: str) -> None:
        """Remove tag ``tag`` from each of ``contacts`` that has it."""
        for number in contacts:
            if self.applied.get(number, {}).pop(tag, None) is not None:
                self.contacts[number]["update_time"] = when

    def drop_tag(self, tag: int) -> None:
        """Delete tag ``tag`` and take it off every contact."""
        self.tags.pop(tag, None)
        for tags in self.applied.values():
            tags.pop(tag, None)

    def snapshot(self) -> dict[str, Any]:
        """A deep copy of every record (for tests and the bench)."""
        with self.lock:
            return copy.deepcopy(
                {"contacts": self.contacts, "tags": self.tags, "applied": self.applied}
            )
