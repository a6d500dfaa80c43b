"""Name every difference between the two sides' shapes and relations.

A difference is data (``Difference``); ``report`` turns it into a sentence in the learner's
language. Kinds: ``status``, ``body``, ``extra_field``, ``missing_field``, ``renamed_field``,
``type``, ``value``, ``extra_header``, ``missing_header``, ``header_value``, ``relation``.
"""

from __future__ import annotations

import difflib
from dataclasses import asdict, dataclass
from typing import Any

from .shape import ROOT

RENAME_SIMILARITY = 0.5  # below this, a missing and an extra field are reported apart


@dataclass(frozen=True)
class Difference:
    """One way Keap's answer differs from the sandbox's; ``keap``/``sandbox`` are display text."""

    kind: str
    request: str = ""
    field: str = ""
    keap: str = ""
    sandbox: str = ""

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


def field_text(entry: dict[str, Any] | None) -> str:
    """``string(24)``, ``integer(9)``, ``boolean`` or a shown value such as ``"day"``.

    >>> field_text({"type": "string", "length": 3}), field_text({"type": "string", "value": "x"})
    ('string(3)', '"x"')
    """
    if not entry:
        return "-"
    if "value" in entry:
        value = entry["value"]
        return f'"{value}"' if isinstance(value, str) else str(value)
    length = entry.get("length")
    return f"{entry['type']}({length})" if length is not None else entry["type"]


def header_text(entry: dict[str, Any] | None) -> str:
    """A header's value class, or its shown value (units, media type)."""
    if not entry:
        return "-"
    return f'"{entry["value"]}"' if "value" in entry else entry["class"]


def status_text(shape: dict[str, Any]) -> str:
    """The status code, or the exception's name when no answer arrived."""
    return str(shape["status"]) if shape["status"] is not None else f"- ({shape.get('error', '')})"


def _similarity(a: str, b: str) -> float:
    """How alike two field names are, 0 to 1 (``keap_id`` and ``keap_user_id``: 0.74)."""
    return difflib.SequenceMatcher(None, a.rsplit(".", 1)[-1], b.rsplit(".", 1)[-1]).ratio()


def _parent(path: str) -> str:
    head = path.removesuffix("[]")
    return head.rsplit(".", 1)[0] if "." in head else ROOT


def _fields(request: str, keap: dict[str, Any], sandbox: dict[str, Any]) -> list[Difference]:
    only_keap = [p for p in keap if p not in sandbox]
    only_sandbox = [p for p in sandbox if p not in keap]
    # Inside a field that exists on one side only, the children need no line of their own.
    only_keap = [p for p in only_keap if _parent(p) not in only_keap]
    only_sandbox = [p for p in only_sandbox if _parent(p) not in only_sandbox]
    out: list[Difference] = []
    for old in list(only_sandbox):
        candidates = [
            p
            for p in only_keap
            if _parent(p) == _parent(old) and keap[p]["type"] == sandbox[old]["type"]
        ]
        new = max(candidates, key=lambda p: _similarity(p, old), default=None)
        if new is not None and _similarity(new, old) >= RENAME_SIMILARITY:
            only_keap.remove(new)
            only_sandbox.remove(old)
            out.append(Difference("renamed_field", request, old, new, old))
    out += [Difference("extra_field", request, p, field_text(keap[p]), "-") for p in only_keap]
    out += [
        Difference("missing_field", request, p, "-", field_text(sandbox[p])) for p in only_sandbox
    ]
    for path in (p for p in keap if p in sandbox):
        a, b = keap[path], sandbox[path]
        if a["type"] != b["type"]:
            out.append(Difference("type", request, path, a["type"], b["type"]))
        elif ("value" in a or "value" in b) and a.get("value") != b.get("value"):
            out.append(Difference("value", request, path, field_text(a), field_text(b)))
    return out


def _headers(request: str, keap: dict[str, Any], sandbox: dict[str, Any]) -> list[Difference]:
    out = [
        Difference("extra_header", request, n, header_text(keap[n]), "-")
        for n in keap
        if n not in sandbox
    ]
    out += [
        Difference("missing_header", request, n, "-", header_text(sandbox[n]))
        for n in sandbox
        if n not in keap
    ]
    for name in (n for n in keap if n in sandbox):
        a, b = keap[name], sandbox[name]
        if a["class"] != b["class"] or a.get("value") != b.get("value"):
            out.append(Difference("header_value", request, name, header_text(a), header_text(b)))
    return out


def compare_answer(request: str, keap: dict[str, Any], sandbox: dict[str, Any]) -> list[Difference]:
    """The differences of one request's two answers.

    When the status or the kind of body differ, the fields are not compared one by one: the
    two answers are different answers, and both shapes are in the report.
    """
    out = []
    if keap["status"] != sandbox["status"]:
        out.append(Difference("status", request, "", status_text(keap), status_text(sandbox)))
    if keap["body"] != sandbox["body"]:
        out.append(Difference("body", request, "", keap["body"], sandbox["body"]))
    if out:
        return out
    return _fields(request, keap["fields"], sandbox["fields"]) + _headers(
        request, keap["headers"], sandbox["headers"]
    )


def compare(
    keap: dict[str, dict[str, Any]],
    sandbox: dict[str, dict[str, Any]],
    keap_relations: dict[str, Any],
    sandbox_relations: dict[str, Any],
) -> list[Difference]:
    """Every difference: request by request in list order, then the relations."""
    out: list[Difference] = []
    for request in keap:
        out += compare_answer(request, keap[request], sandbox[request])
    for name, value in keap_relations.items():
        other = sandbox_relations.get(name)
        if value != other:
            out.append(
                Difference("relation", "", name, _relation_text(value), _relation_text(other))
            )
    return out


def _relation_text(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(value) or "-"
    return {True: "yes", False: "no", None: "unknown"}[value]
