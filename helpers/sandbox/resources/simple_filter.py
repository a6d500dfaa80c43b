"""The ``filter`` of the smaller lists (tags, categories, tagged contacts, notes, companies).

``name==value`` parts joined by ``;``; a trailing ``*`` matches a prefix and ``NONE`` an
absent value, as Keap's REST v2 description says for these lists. Comparison ignores case
(UNCONFIRMED for Keap). A name the list does not know is a 400; one Keap documents but the
sandbox does not imitate (time windows) is a 400 that says so.

>>> keep = matcher("name==Cli*", {"name": lambda r: r["name"]}, ())
>>> keep({"name": "Cliente"}), keep({"name": "VIP"})
(True, False)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from .common import Refusal

Getter = Callable[[dict[str, Any]], Any]


def _equal(have: Any, wanted: str) -> bool:
    if wanted == "NONE":
        return have in (None, "", [])
    if isinstance(have, (list, tuple, set)):
        return any(_equal(item, wanted) for item in have)
    text = str(have if have is not None else "").casefold()
    if wanted.endswith("*"):
        return text.startswith(wanted[:-1].casefold())
    return text == wanted.casefold()


def matcher(
    raw: str, fields: dict[str, Getter], not_imitated: Iterable[str]
) -> Callable[[dict[str, Any]], bool]:
    """A test that a record meets every part of ``raw`` (a 400 for a bad part)."""
    conditions = []
    for part in (p.strip() for p in raw.split(";") if p.strip()):
        name, sep, value = part.partition("==")
        name = name.strip()
        if not sep:
            raise Refusal.bad("filter", f"expected name==value, got {part[:40]!r}")
        if name in not_imitated:
            raise Refusal(
                400, "INVALID_ARGUMENT", f"The Keap sandbox does not filter on {name}", "filter"
            )
        if name not in fields:
            raise Refusal.bad("filter", f"unknown field {name[:40]!r}; known: " + ", ".join(fields))
        values = [v.strip() for v in value.split(",")] if name.endswith("ids") else [value.strip()]
        conditions.append((fields[name], values))

    def keep(record: dict[str, Any]) -> bool:
        return all(any(_equal(get(record), v) for v in values) for get, values in conditions)

    return keep
