"""Keap's list parameters: ``page_size``, an opaque ``page_token`` and ``order_by``.

Pages are cut by key, not by offset: a token remembers the order and the last item's sort
key, so items created or deleted between two pages never make another item appear twice or
go missing. ``page_size`` 0 (or none) means Keap's default page; the description allows 0 to
1000. UNCONFIRMED: Keap's default page size (the sandbox uses 50) and its token format.

>>> token = encode_token(("id", "asc"), [3, 3], "f")
>>> decode_token(token, ("id", "asc"), "f")
[3, 3]
"""

from __future__ import annotations

import base64
import binascii
import heapq
import json
from collections.abc import Callable, Iterable
from typing import Any

from .common import ApiRequest, Refusal

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 1000


def page_size(request: ApiRequest) -> int:
    """The page size asked for (0-1000; 0 or missing: the default)."""
    raw = request.one("page_size", "0").strip()
    if not raw.isascii() or not raw.lstrip("-").isdigit() or len(raw) > 6:
        raise Refusal.bad("page_size", "expected a whole number from 0 to 1000")
    size = int(raw)
    if not 0 <= size <= MAX_PAGE_SIZE:
        raise Refusal.bad("page_size", "must be between 0 and 1000")
    return size or DEFAULT_PAGE_SIZE


def order_by(request: ApiRequest, fields: tuple[str, ...], default: str) -> tuple[str, str]:
    """``(field, direction)`` from ``order_by`` (``email``, ``email desc``, ``email asc``)."""
    raw = request.one("order_by", default).strip()
    parts = raw.replace(",", " ").split()
    if not parts or len(parts) > 2 or parts[0] not in fields:
        raise Refusal.bad("order_by", "must be one of " + ", ".join(fields) + " [asc|desc]")
    direction = parts[1].lower() if len(parts) == 2 else "asc"
    if direction not in ("asc", "desc"):
        raise Refusal.bad("order_by", "direction must be asc or desc")
    return parts[0], direction


def encode_token(order: tuple[str, str], last_key: list[Any], fingerprint: str) -> str:
    data = json.dumps({"o": list(order), "k": last_key, "f": fingerprint}, separators=(",", ":"))
    return base64.urlsafe_b64encode(data.encode()).decode().rstrip("=")


def decode_token(token: str, order: tuple[str, str], fingerprint: str) -> list[Any] | None:
    """The last key of the previous page, or None for the first page; 400 for a bad token."""
    if not token:
        return None
    try:
        padded = token + "=" * (-len(token) % 4)
        data = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
    except (ValueError, binascii.Error, UnicodeError, RecursionError):
        raise Refusal.bad("page_token", "not a token this list gave") from None
    if not isinstance(data, dict) or data.get("o") != list(order) or data.get("f") != fingerprint:
        raise Refusal.bad("page_token", "made for another list, order or filter")
    key = data.get("k")
    if (
        not isinstance(key, list)
        or len(key) != 2
        or not all(isinstance(part, (str, int)) and not isinstance(part, bool) for part in key)
    ):
        raise Refusal.bad("page_token", "not a token this list gave")
    return key


def page(
    items: Iterable[Any],
    request: ApiRequest,
    order: tuple[str, str],
    sort_key: Callable[[Any], list[Any]],
    fingerprint: str,
) -> tuple[list[Any], str]:
    """One page of ``items`` in ``order`` after the request's token, and the next token ('')."""
    size = page_size(request)
    after = decode_token(request.one("page_token"), order, fingerprint)
    reverse = order[1] == "desc"
    keyed: Iterable[tuple[list[Any], Any]] = ((sort_key(item), item) for item in items)
    if after is not None:
        keyed = ((k, i) for k, i in keyed if (k < after if reverse else k > after))
    pick = heapq.nlargest if reverse else heapq.nsmallest  # no full sort of a large account
    try:
        chosen = pick(size + 1, keyed, key=lambda pair: pair[0])
    except TypeError:  # a forged token whose key has other types than this order's
        raise Refusal.bad("page_token", "not a token this list gave") from None
    more = len(chosen) > size
    chosen = chosen[:size]
    token = encode_token(order, chosen[-1][0], fingerprint) if more else ""
    return [item for _, item in chosen], token
