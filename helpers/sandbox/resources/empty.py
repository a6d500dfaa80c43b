"""Keap's other REST v2 operations, answered as an account with nothing in it would answer.

The table is ``operations`` (made from Keap's description). A list answers an empty, valid
page; anything with an id answers 404 in Keap's ``Error`` shape (nothing exists to find,
change or delete); a create or action without an id, and the few reads an empty account
cannot make up, answer 501 saying the sandbox does not imitate them, so a test never takes
a write for a success. A known path with another method answers 405.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from ..operations import OPERATIONS_TEXT
from .common import Answer, Refusal

Operation = tuple[str, str, str, tuple[str, ...]]


@lru_cache(maxsize=1)
def operations() -> tuple[Operation, ...]:
    """``(method, path, kind, list fields)`` for every operation in the table."""
    rows = []
    for line in OPERATIONS_TEXT.strip().splitlines():
        method, path, kind, *extra = line.split()
        rows.append((method, path, kind, tuple(extra[0].split(",")) if extra else ()))
    return tuple(rows)


@lru_cache(maxsize=1)
def _patterns() -> tuple[tuple[re.Pattern[str], Operation], ...]:
    compiled = []
    for row in operations():
        regex = re.sub(r"\\\{[^}]+\\\}", "[^/:]+", re.escape(row[1]))
        compiled.append((re.compile(regex + "$"), row))
    # Fixed paths before templated ones: /contacts/model is not the contact with id "model".
    compiled.sort(key=lambda pair: pair[1][1].count("{"))
    return tuple(compiled)


def lookup(method: str, path: str) -> tuple[Operation | None, bool]:
    """The operation for ``method`` at ``path`` (under ``/crm``), and whether the path is known."""
    known = False
    for pattern, row in _patterns():
        if pattern.match(path):
            if row[0] == method:
                return row, True
            known = True
    return None, known


def answer(method: str, path: str) -> Answer | None:
    """The empty account's answer, or None when Keap's description has no such path."""
    row, known = lookup(method, path)
    if row is None:
        if not known:
            return None
        raise Refusal(405, "METHOD_NOT_ALLOWED", f"{method} is not allowed on {path[:120]}")
    kind, fields = row[2], row[3]
    resource = row[1].split("/")[3] if row[1].count("/") >= 3 else row[1]
    if kind == "list":
        body: dict[str, Any] = {name: "" if name == "next_page_token" else [] for name in fields}
        return 200, body
    if kind == "item":
        raise Refusal(
            404,
            "NOT_FOUND",
            f"Not found: this account has no {resource} (the Keap sandbox keeps none)",
            resource,
        )
    raise Refusal(
        501,
        "UNIMPLEMENTED",
        f"The Keap sandbox does not imitate {method} {row[1]}: nothing was done. It keeps contacts, tags, notes and companies.",
        resource,
    )
