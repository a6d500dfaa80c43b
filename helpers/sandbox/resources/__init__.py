"""The sandbox's REST v2 resources, with state: contacts, tags, notes, companies, the model.

``answer`` routes one request: first to a resource the sandbox keeps (``contacts``, ``tags``,
``notes``, ``companies``), then to ``empty`` (Keap's other operations, answered as an empty
account), else a 404. A ``Refusal`` raised anywhere becomes Keap's ``Error`` body, and nothing
was changed: every handler checks the whole request before it touches the account.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from ..store import AccountData
from . import companies, contacts, empty, notes, tag_categories, tags
from .common import Answer, ApiRequest, Refusal

__all__ = ["AccountData", "ApiRequest", "Refusal", "answer"]

Handler = Callable[..., Answer]


def _compile() -> list[tuple[str, re.Pattern[str], Handler]]:
    table = companies.ROUTES + notes.ROUTES + tag_categories.ROUTES + tags.ROUTES + contacts.ROUTES
    return [(method, re.compile(pattern + "$"), handler) for method, pattern, handler in table]


_ROUTES = _compile()
# Keap's fixed paths (``/companies/model``) that no resource here keeps: never an id.
_FIXED_ELSEWHERE = frozenset(
    (method, path)
    for method, path, _, _ in empty.operations()
    if "{" not in path and not any(p.pattern == path + "$" for _, p, _ in _ROUTES)
)


def answer(request: ApiRequest, data: AccountData) -> Answer:
    """``(status, body)`` for an authenticated REST v2 request (path under ``/crm``)."""
    try:
        if (request.method, request.path) in _FIXED_ELSEWHERE:
            return empty.answer(request.method, request.path) or (404, None)
        for method, pattern, handler in _ROUTES:
            found = pattern.match(request.path)
            if found is not None and method == request.method:
                return handler(request, data, *found.groups())
        fallback = empty.answer(request.method, request.path)
    except Refusal as refusal:
        return refusal.code, refusal.body()
    if fallback is None:
        resource = request.path.rsplit("/", 1)[-1][:60]
        return 404, Refusal(404, "NOT_FOUND", "Not Found", resource).body()
    return fallback


def is_resource_path(path: str) -> bool:
    """True for a path under Keap's REST v2 (``/rest/v2/...``)."""
    return path.startswith("/rest/v2/")


def describe() -> dict[str, Any]:
    """How many of Keap's operations the sandbox keeps with state, and how many in all."""
    return {"stateful_routes": len(_ROUTES), "operations": len(empty.operations())}
