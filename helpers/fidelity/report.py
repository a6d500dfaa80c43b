"""The report: a JSON document and a side-by-side text, both in the learner's language.

Only redacted shapes, relations and differences reach this module (see ``shape``), so
nothing here can print a key, a name, an email, an id or the app name.
"""

from __future__ import annotations

import json
from typing import Any

from ..facts import verdicts
from ..i18n import t
from .compare import Difference, field_text, header_text, status_text
from .probes import PREFLIGHT_ORIGIN, PROBES, PROBES_BY_ID
from .runner import Comparison, Side

FORMAT = 1
_WIDTH_FIELD, _WIDTH_SIDE = 42, 22


def request_lines(gateway_origin: str, lang: str) -> list[str]:
    """The numbered request list, exactly as shown before anything is sent."""
    return [
        f"  {n}. {p.method} {p.shown_url(gateway_origin)} ({_auth(p.auth, lang)})"
        for n, p in enumerate(PROBES, start=1)
    ]


def _auth(auth: str, lang: str) -> str:
    """How a request carries the key, in words (the preflight names the origin it sends)."""
    return t(f"fidelity.auth.{auth}", lang, origin=PREFLIGHT_ORIGIN)


def _request_ref(request: str, lang: str) -> str:
    number = next(n for n, p in enumerate(PROBES, start=1) if p.id == request)
    probe = PROBES_BY_ID[request]
    return t(
        "fidelity.report.request_ref",
        lang,
        number=number,
        method=probe.method,
        path=probe.path,
        auth=_auth(probe.auth, lang),
    )


def _relation_word(token: str, lang: str) -> str:
    return {
        "yes": t("common.yes", lang),
        "no": t("common.no", lang),
        "unknown": t("fidelity.relation.unknown", lang),
    }.get(token, token)


def difference_text(diff: Difference, lang: str) -> str:
    """One difference as a sentence in ``lang``."""
    if diff.kind == "relation":
        return t(
            "fidelity.diff.relation",
            lang,
            question=t(f"fidelity.relation.{diff.field}", lang),
            keap=_relation_word(diff.keap, lang),
            sandbox=_relation_word(diff.sandbox, lang),
        )
    return t(
        f"fidelity.diff.{diff.kind}",
        lang,
        request=_request_ref(diff.request, lang),
        field=diff.field,
        keap=diff.keap,
        sandbox=diff.sandbox,
    )


def to_json(comparison: Comparison, lang: str) -> dict[str, Any]:
    """The report as a JSON-ready dict (stable English ids; sentences in ``lang``)."""
    return {
        "report": "keap-sandbox-fidelity",
        "format": FORMAT,
        "date": comparison.date,
        "self_test": comparison.self_test,
        "language": lang,
        "key_kind": comparison.key_kind,
        "requests": [
            {
                "number": n,
                "id": p.id,
                "method": p.method,
                "url": p.shown_url(comparison.gateway_origin),
                "auth": p.auth,
            }
            for n, p in enumerate(PROBES, start=1)
        ],
        "answers": {"keap": comparison.keap.shapes, "sandbox": comparison.sandbox.shapes},
        "relations": {
            name: {"keap": value, "sandbox": comparison.sandbox.relations.get(name)}
            for name, value in comparison.keap.relations.items()
        },
        "differences": [
            {**d.as_dict(), "text": difference_text(d, lang)} for d in comparison.differences
        ],
        "facts": verdicts(comparison.keap.relations),
        "cors_preflight": {
            "origin": PREFLIGHT_ORIGIN,
            "keap": {
                "allows": comparison.keap.relations.get("cors_preflight_allows_key_header"),
                **comparison.keap.preflight,
            },
            "sandbox": {
                "allows": comparison.sandbox.relations.get("cors_preflight_allows_key_header"),
                **comparison.sandbox.preflight,
            },
        },
    }


def dumps(comparison: Comparison, lang: str) -> str:
    """The JSON report as text."""
    return json.dumps(to_json(comparison, lang), ensure_ascii=False, indent=2) + "\n"


def _row(label: str, keap: str, sandbox: str, width: int = _WIDTH_SIDE) -> str:
    mark = " " if keap == sandbox else "*"
    return f"{mark} {label:<{_WIDTH_FIELD}} {keap:<{width}} {sandbox}"


def _answer_rows(
    keap: dict[str, Any],
    sandbox: dict[str, Any],
    labels: tuple[str, str, str],
    lang: str,
    same_headers_as: int | None = None,
) -> list[str]:
    cells = [
        (t("fidelity.report.row.status", lang), status_text(keap), status_text(sandbox)),
        (t("fidelity.report.row.body", lang), keap["body"], sandbox["body"]),
    ]
    cells += [
        (path, field_text(keap["fields"].get(path)), field_text(sandbox["fields"].get(path)))
        for path in _union(keap["fields"], sandbox["fields"])
    ]
    if same_headers_as is None:
        cells += [
            (
                t("fidelity.report.row.header", lang, name=name),
                header_text(keap["headers"].get(name)),
                header_text(sandbox["headers"].get(name)),
            )
            for name in _union(keap["headers"], sandbox["headers"])
        ]

    width = max([_WIDTH_SIDE] + [len(keap_cell) + 1 for _, keap_cell, _ in cells])
    head = " " + _row(*labels, width=width)[1:]
    rows = [head] + [_row(*cell, width=width) for cell in cells]
    if same_headers_as is not None:  # the same header rows again would only hide what differs
        rows.append("  " + t("fidelity.report.row.headers_as", lang, number=same_headers_as))
    return rows


def _union(first: dict[str, Any], second: dict[str, Any]) -> list[str]:
    return list(first) + [name for name in second if name not in first]


def _relation_value(value: Any, lang: str) -> str:
    if isinstance(value, list):
        return ", ".join(value) or "-"
    return _relation_word({True: "yes", False: "no", None: "unknown"}[value], lang)


def _preflight_line(label: str, side: Side, lang: str) -> str:
    """'Keap: yes (HTTP 204; Access-Control-Allow-Origin: *; Access-Control-Allow-Headers: ...)'."""
    answer = _relation_value(side.relations.get("cors_preflight_allows_key_header"), lang)
    found = side.preflight or {}
    status = found.get("status")
    return (
        f"  {label}: {answer} (HTTP {status if status is not None else '-'}; "
        f"Access-Control-Allow-Origin: {found.get('allow_origin', '-')}; "
        f"Access-Control-Allow-Headers: {found.get('allow_headers', '-')})"
    )


def _fact_lines(comparison: Comparison, lang: str) -> list[str]:
    """Each Keap fact the answers settle (helpers/facts.py), with its verdict, then a blank."""
    lines = [t("fidelity.report.facts", lang)]
    lines += [
        "  "
        + t(
            "fidelity.report.fact_line",
            lang,
            fact=v["fact"],
            certainty=v["certainty"],
            status=t(f"fidelity.fact.{v['status']}", lang),
        )
        for v in verdicts(comparison.keap.relations)
    ]
    return [*lines, ""]


def to_text(comparison: Comparison, lang: str) -> str:
    """The side-by-side report for the screen or a .txt file."""
    keap_label = t(
        "fidelity.report.column.mirror" if comparison.self_test else "fidelity.report.column.keap",
        lang,
    )
    sandbox_label = t("fidelity.report.column.sandbox", lang)
    labels = (t("fidelity.report.column.field", lang), keap_label, sandbox_label)
    lines = [
        t("fidelity.report.title", lang),
        t(
            "fidelity.report.date_line",
            lang,
            date=comparison.date,
            count=len(PROBES),
            key_kind=t(f"fidelity.key_kind.{comparison.key_kind}", lang),
        ),
    ]
    if comparison.self_test:
        lines.append(t("fidelity.report.self_test_note", lang))
    lines += [t("fidelity.report.privacy", lang), ""]
    seen_headers: dict[str, int] = {}
    for number, line in enumerate(request_lines(comparison.gateway_origin, lang), start=1):
        probe = PROBES[number - 1]
        keap, sandbox = comparison.keap.shapes[probe.id], comparison.sandbox.shapes[probe.id]
        headers = json.dumps([keap["headers"], sandbox["headers"]], sort_keys=True)
        lines += [line, *_answer_rows(keap, sandbox, labels, lang, seen_headers.get(headers)), ""]
        seen_headers.setdefault(headers, number)
    lines.append(t("fidelity.report.questions", lang))
    for name, value in comparison.keap.relations.items():
        keap, sandbox = (
            _relation_value(value, lang),
            _relation_value(comparison.sandbox.relations.get(name), lang),
        )
        mark = " " if keap == sandbox else "*"
        lines.append(
            f"{mark} {t(f'fidelity.relation.{name}', lang)}: {keap_label} {keap}"
            f" | {sandbox_label} {sandbox}"
        )
    lines.append("")
    lines += _fact_lines(comparison, lang)
    lines.append(t("fidelity.report.preflight", lang, origin=PREFLIGHT_ORIGIN))
    lines += [
        _preflight_line(label, side, lang)
        for label, side in ((keap_label, comparison.keap), (sandbox_label, comparison.sandbox))
    ]
    lines.append("")
    if comparison.differences:
        lines.append(t("fidelity.report.differences", lang, count=len(comparison.differences)))
        lines += [f"- {difference_text(d, lang)}" for d in comparison.differences]
    else:
        lines.append(t("fidelity.report.no_differences", lang))
    return "\n".join(lines) + "\n"
