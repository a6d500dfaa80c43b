"""What every REST resource of the sandbox shares: the request, Keap's error bodies, checks.

An answer is ``(status, body)``; ``body`` is a JSON-ready object, or None for 204.
A refusal is raised as ``Refusal`` and turned into Keap's v2 ``Error`` body by the router,
so a handler checks everything before it changes anything (state is unchanged after a 400).

Shapes: Keap REST v2 OpenAPI, schemas Error and ErrorDetails. The ``status`` words
(INVALID_ARGUMENT, NOT_FOUND, UNIMPLEMENTED) and putting the field's name in
``details[].resource`` are UNCONFIRMED: no real Keap 400 body naming a field was found.

>>> Refusal.bad("given_name", "must be at most 40 characters").body()["message"]
'Invalid given_name: must be at most 40 characters'
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs

Answer = tuple[int, Any]
MAX_QUERY_VALUE = 2000  # longer filter or token values are refused, never parsed
_EMAIL = re.compile(
    r"^[^@\s\x00-\x1f]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$"
)


class Refusal(Exception):
    """A request Keap's API would refuse: its status, message and the field it names."""

    def __init__(self, code: int, status: str, message: str, resource: str = "") -> None:
        super().__init__(message)
        self.code, self.status, self.message, self.resource = code, status, message, resource

    @classmethod
    def bad(cls, name: str, problem: str) -> Refusal:
        """A 400 naming the field (or parameter) ``name``."""
        return cls(400, "INVALID_ARGUMENT", f"Invalid {name}: {problem}", name)

    @classmethod
    def missing(cls, resource: str, ident: str) -> Refusal:
        """A 404 for an id that does not exist."""
        shown = ident[:60]
        return cls(404, "NOT_FOUND", f"{resource} with id {shown} not found", resource)

    def body(self) -> dict[str, Any]:
        details = [{"domain": "crm", "resource": self.resource}] if self.resource else []
        return {
            "code": self.code,
            "message": self.message,
            "status": self.status,
            "details": details,
        }


@dataclass
class ApiRequest:
    """One REST request: method, path under ``/crm``, query parameters and raw body."""

    method: str
    path: str
    query: dict[str, list[str]] = field(default_factory=dict)
    body: bytes = b""

    @classmethod
    def parse(cls, method: str, path: str, query: str = "", body: bytes = b"") -> ApiRequest:
        try:
            params = parse_qs(query, keep_blank_values=True, max_num_fields=50)
        except ValueError:
            params = {"": ["too many parameters"]}
        return cls(method.upper(), path, params, body)

    def one(self, name: str, default: str = "") -> str:
        """The single value of query parameter ``name`` (400 if repeated or too long)."""
        values = self.query.get(name)
        if not values:
            return default
        if len(values) > 1 and name not in ("fields", "update_mask"):
            raise Refusal.bad(name, "give it once")
        if len(values[0]) > MAX_QUERY_VALUE:
            raise Refusal.bad(name, f"longer than {MAX_QUERY_VALUE} characters")
        return values[0]

    def names(self, name: str) -> list[str]:
        """A comma-separated list parameter (``fields``, ``update_mask``), repeatable."""
        joined = ",".join(self.query.get(name, []))
        if len(joined) > MAX_QUERY_VALUE:
            raise Refusal.bad(name, f"longer than {MAX_QUERY_VALUE} characters")
        return [part.strip() for part in joined.split(",") if part.strip()]

    def json(self, required: bool = True) -> dict[str, Any]:
        """The body as a JSON object, or a 400 saying what is wrong with it."""
        if not self.body.strip():
            if required:
                raise Refusal.bad("body", "a JSON object is required")
            return {}
        try:
            value = json.loads(self.body)
        except (ValueError, RecursionError):
            raise Refusal.bad("body", "not valid JSON") from None
        if not isinstance(value, dict):
            raise Refusal.bad("body", "expected a JSON object")
        return value


def text(value: Any, name: str, max_length: int | None = None) -> str:
    """``value`` as a string field: a 400 naming ``name`` if not a string or too long."""
    if not isinstance(value, str):
        raise Refusal.bad(name, "expected a string")
    if max_length is not None and len(value) > max_length:
        raise Refusal.bad(name, f"must be at most {max_length} characters")
    if "\x00" in value:
        raise Refusal.bad(name, "contains a NUL character")
    return value


def choice(value: Any, name: str, allowed: tuple[str, ...]) -> str:
    """``value`` if it is one of ``allowed``, else a 400 listing them."""
    if value not in allowed:
        raise Refusal.bad(name, "must be one of " + ", ".join(allowed))
    return value


def email(value: Any, name: str, max_length: int) -> str:
    """A well-formed email address of at most ``max_length`` characters."""
    address = text(value, name, max_length).strip()
    if not _EMAIL.match(address):
        raise Refusal.bad(name, "not a valid email address")
    return address


def objects(value: Any, name: str, limit: int = 100) -> list[dict[str, Any]]:
    """A JSON array of objects (at most ``limit``)."""
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise Refusal.bad(name, "expected an array of objects")
    if len(value) > limit:
        raise Refusal.bad(name, f"at most {limit} items")
    return value


def known_fields(body: dict[str, Any], allowed: frozenset[str], where: str = "") -> None:
    """A 400 for the first field of ``body`` that Keap's request schema does not have."""
    for name in body:
        if name not in allowed:
            raise Refusal.bad(where + str(name)[:60], "unknown field")


def ident(value: str, resource: str) -> int:
    """A path or body id as Keap's numeric id; a 404 when it cannot be one."""
    text_value = str(value).strip()
    if not text_value.isascii() or not text_value.isdigit() or len(text_value) > 18:
        raise Refusal.missing(resource, text_value)
    return int(text_value)
