"""An answer's shape: what it looks like, with every value that could identify anyone removed.

``Answer`` holds what arrived (in memory only). ``shape_of`` keeps the status, the body's kind,
the field names with their types, the header names with the class of their values, and only
three kinds of value verbatim: Keap's error vocabulary (``errorcode``, ``faultstring``, XML-RPC
``faultCode``/``faultString``) when it passes ``Redactor.safe``, the quota/throttle headers'
units, and the content type. Everything else becomes its type and length.

>>> r = Redactor(["ab123"])
>>> r.safe("Invalid access token"), r.safe("No user ab123"), r.safe("user ana@example.com")
(True, False, False)
>>> r.safe("[InvalidConfig]Invalid Configuration: for help, please contact Support\u2026")
True
>>> describe("Ana")
{'type': 'string', 'length': 3}
"""

from __future__ import annotations

import json
import re
import xmlrpc.client
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

MAX_BODY = 1 << 20
MAX_FIELDS = 300
ROOT = "(root)"
# Headers every HTTP server or proxy adds; they say nothing about Keap's API.
TRANSPORT_HEADERS = frozenset(
    {
        "date",
        "server",
        "connection",
        "content-length",
        "transfer-encoding",
        "keep-alive",
        "via",
        "age",
        "alt-svc",
        "vary",
        "etag",
        "last-modified",
        "expires",
        "cache-control",
        "pragma",
        "set-cookie",
        "strict-transport-security",
        "x-request-id",
        "x-correlation-id",
        "x-amzn-trace-id",
        "x-powered-by",
        "x-cache",
        "cf-ray",
        "cf-cache-status",
        "nel",
        "report-to",
        "accept-ranges",
    }
)
# Fields of an error answer whose values are Keap's fixed vocabulary, not data.
VOCABULARY = frozenset(
    {
        "fault.faultstring",
        "fault.detail.errorcode",
        "code",
        "status",
        "message",
        "error",
        "error_description",
        "faultCode",
        "faultString",
    }
)
_SAFE_TEXT = re.compile(r"^[A-Za-z\[][A-Za-z0-9 ._,:;!?'()\[\]\u2026-]{0,199}$")
_SAFE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_:-]{0,63}$")
_SAFE_HEADER = re.compile(r"^[a-z0-9-]{1,64}$")
_UNIT_VALUE = re.compile(r"^[a-z0-9|]{0,40}$")
_MEDIA_TYPE = re.compile(r"^[a-z0-9.+-]{1,40}/[a-z0-9.+-]{1,60}$")
_NUMBER = re.compile(r"^-?[0-9]+$")
_WINDOW = 6  # a piece of a key this long is enough to hide a value


@dataclass
class Answer:
    """What one request got back, in memory only: never printed, never saved."""

    status: int | None
    headers: dict[str, str] = field(default_factory=dict, repr=False)
    body: bytes = field(default=b"", repr=False)
    error: str = ""  # the exception's class name when no answer arrived


class Redactor:
    """Decides whether a text may be shown as it is, given everything that identifies someone."""

    def __init__(self, secrets: Iterable[str], keys: Iterable[str] = ()) -> None:
        self._words = {s.strip().casefold() for s in secrets if s and len(s.strip()) >= 2}
        self._pieces = {
            k[i : i + _WINDOW].casefold()
            for k in keys
            if k
            for i in range(max(0, len(k) - _WINDOW + 1))
        }

    def safe(self, text: str) -> bool:
        """True if ``text`` looks like fixed vocabulary and holds no identifying value."""
        if not _SAFE_TEXT.match(text) or _key_shaped(text):
            return False
        if any(_looks_like_data(token) for token in text.split()):
            return False
        return not self._holds_secret(text)

    def safe_name(self, name: str) -> bool:
        """True if a field name may be shown as it is (names are schema: only a name that *is*
        an identifying value, or holds a piece of a key, is hidden)."""
        low = name.casefold()
        return (
            bool(_SAFE_NAME.match(name))
            and not _key_shaped(name)
            and low not in self._words
            and not any(piece in low for piece in self._pieces)
        )

    def holds_key(self, text: str) -> bool:
        """True if ``text`` is key-shaped or holds a piece of one of the keys in use."""
        low = text.casefold()
        return _key_shaped(text) or any(piece in low for piece in self._pieces)

    def _holds_secret(self, text: str) -> bool:
        low = text.casefold()
        if any(piece in low for piece in self._pieces):
            return True
        words = set(re.findall(r"[^\W_]+", low))
        return any(s in words if len(s) < 4 else s in low for s in self._words)


def _key_shaped(text: str) -> bool:
    """True when ``text`` holds anything the package's key filter would mask.

    >>> _key_shaped("x-keap-product-quota-used"), _key_shaped("x-" + "0123abcd" * 4)
    (False, True)
    """
    from ..credentials import hide_keys

    return hide_keys(text) != text or "keapak-" in text.casefold()


def _looks_like_data(token: str) -> bool:
    """A token that could be an id, a number or a secret rather than a word.

    >>> _looks_like_data("keymanagement.service.invalid_access_token")
    False
    >>> _looks_like_data("oauth.v2.InvalidAccessToken")
    False
    >>> _looks_like_data("4711"), _looks_like_data("Zm9vYmFyYmF6cXV4cXV1eA")
    (True, True)
    """
    if sum(c.isdigit() for c in token) >= 4:
        return True
    return any(
        len(part) > 20 or sum(c.isdigit() for c in part) > 1
        for part in re.split(r"[^A-Za-z0-9]", token)
    )


def parse_body(answer: Answer) -> tuple[str, Any]:
    """The body's kind and, for JSON and XML-RPC, its parsed value.

    Kinds: ``empty``, ``json``, ``xmlrpc``, ``xmlrpc_fault``, ``xml``, ``html``, ``text``,
    ``no_answer``.
    """
    if answer.status is None:
        return "no_answer", None
    body = answer.body[:MAX_BODY]
    text = body.decode("utf-8", "replace").lstrip()
    if not text:
        return "empty", None
    if text[0] in "{[":
        try:
            return "json", json.loads(text)
        except ValueError:
            return "text", None
    lowered = text[:200].lower()
    if lowered.startswith(("<!doctype html", "<html")):
        return "html", None
    if text.startswith("<"):
        return _parse_xmlrpc(body)
    return "text", None


def _parse_xmlrpc(body: bytes) -> tuple[str, Any]:
    try:
        params, _ = xmlrpc.client.loads(body)
    except xmlrpc.client.Fault as fault:
        return "xmlrpc_fault", {"faultCode": fault.faultCode, "faultString": fault.faultString}
    except Exception:  # expat or ResponseError: XML, but not an XML-RPC answer
        return "xml", None
    return "xmlrpc", params[0] if params else None


def walk(value: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    """Every (path, value) pair of a parsed body: ``a.b`` for members, ``a[]`` for items."""
    yield path or ROOT, value
    if isinstance(value, dict):
        for name, item in value.items():
            yield from walk(item, f"{path}.{name}" if path else str(name))
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from walk(item, f"{path}[]")


def type_name(value: Any) -> str:
    """JSON/XML-RPC type names: object, array, string, integer, number, boolean, null, ..."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, dict):
        return "object"
    if isinstance(value, (list, tuple)):
        return "array"
    if isinstance(value, xmlrpc.client.DateTime):
        return "dateTime"
    if isinstance(value, xmlrpc.client.Binary):
        return "base64"
    return type(value).__name__


def describe(value: Any) -> dict[str, Any]:
    """A value replaced by its type and, for strings, integers and arrays, its length."""
    kind = type_name(value)
    if kind == "string":
        return {"type": kind, "length": len(value)}
    if kind == "integer":
        return {"type": kind, "length": len(str(abs(value)))}
    if kind == "array":
        return {"type": kind, "length": len(value)}
    return {"type": kind}


def shape_of(answer: Answer, redactor: Redactor) -> dict[str, Any]:
    """The answer's shape, safe to print and save (see the module docstring)."""
    kind, parsed = parse_body(answer)
    shape: dict[str, Any] = {"status": answer.status, "body": kind}
    if answer.error:
        shape["error"] = answer.error if _SAFE_NAME.match(answer.error) else "error"
    is_error = kind == "xmlrpc_fault" or (answer.status or 0) >= 400
    fields: dict[str, Any] = {}
    if parsed is not None:
        for path, value in walk(parsed):
            if len(fields) >= MAX_FIELDS:
                break
            path = safe_path(path, redactor)
            entry = fields.get(path)
            if entry is None or entry["type"] == "null":
                fields[path] = _field(path, value, is_error, redactor)
            elif entry["type"] != type_name(value) and type_name(value) != "null":
                entry["type"] = "mixed"
    shape["fields"] = fields
    shape["headers"] = headers_shape(answer.headers, redactor)
    return shape


def _field(path: str, value: Any, is_error: bool, redactor: Redactor) -> dict[str, Any]:
    if is_error and path in VOCABULARY:
        if isinstance(value, str) and redactor.safe(value):
            return {"type": "string", "value": value}
        if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 100000:
            return {"type": "integer", "value": value}
    return describe(value)


def safe_path(path: str, redactor: Redactor) -> str:
    parts = []
    for part in path.split("."):
        name = part.removesuffix("[]") if part.endswith("[]") else part
        suffix = part[len(name) :]
        shown = name if name == ROOT or redactor.safe_name(name) else f"<name({len(name)})>"
        parts.append(shown + suffix)
    return ".".join(parts)


def headers_shape(headers: dict[str, str], redactor: Redactor) -> dict[str, Any]:
    """Header names with the class of each value; units and the media type verbatim.

    Names and verbatim values pass the same filter as field names and values: a header
    whose name holds a key (or any identifying value) is shown as ``<header(length)>``.
    """
    out: dict[str, Any] = {}
    for raw_name, value in sorted(headers.items()):
        name = raw_name.lower()
        if name in TRANSPORT_HEADERS:
            continue
        if not _SAFE_HEADER.match(name) or not redactor.safe_name(name):
            name = f"<header({len(name)})>"
        value = value.strip()
        entry: dict[str, Any] = {"class": value_class(value)}
        if is_unit_header(name) and _UNIT_VALUE.match(value) and not redactor.holds_key(value):
            entry["value"] = value
        elif name == "content-type":
            media = value.split(";")[0].strip().lower()
            if _MEDIA_TYPE.match(media) and not redactor.holds_key(media):
                entry["value"] = media
        out[name] = entry
    return out


def is_unit_header(name: str) -> bool:
    """Keap's documented quota/throttle unit headers (their values are units, not data)."""
    return name.startswith("x-keap-") and name.endswith(("-time-unit", "-interval"))


def value_class(value: str) -> str:
    """``empty``, ``number``, ``text``, or those joined by ``|`` for Keap's paired values.

    >>> value_class(""), value_class("30000"), value_class("10|250"), value_class("|"), value_class("zz123")
    ('empty', 'number', 'number|number', 'empty|empty', 'text')
    """

    def one(part: str) -> str:
        part = part.strip()
        return "empty" if not part else "number" if _NUMBER.match(part) else "text"

    return "|".join(one(part) for part in value.split("|")) if "|" in value else one(value)


def identifying_values(answers: Iterable[Answer]) -> set[str]:
    """Every string or number in successful bodies and in headers: the redactor's secrets.

    Error bodies are left out: their fixed vocabulary is what the report wants to show.
    """
    found: set[str] = set()
    for answer in answers:
        kind, parsed = parse_body(answer)
        success = kind != "xmlrpc_fault" and 200 <= (answer.status or 0) < 300
        for _, value in walk(parsed) if parsed is not None and success else ():
            if isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool)):
                found.add(str(value))
        for name, value in answer.headers.items():
            name = name.lower()
            if (
                not is_unit_header(name)
                and name != "content-type"
                and name not in TRANSPORT_HEADERS
            ):
                found.add(value)
    # Each word too, so that a first name alone, echoed in an error, is caught.
    found |= {word for value in list(found) for word in re.findall(r"[^\W_]{4,}", value)}
    return {value for value in found if len(value.strip()) >= 2}
