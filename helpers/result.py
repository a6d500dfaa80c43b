"""The plain result of a connection check, readable as text and as an HTML card.

``CheckResult.cause`` has one vocabulary, and ``fail`` is the one way to set it: the catalogue
code of what stopped the check, without the ``cause.`` prefix. What happened on the wire or
in the answer is a snake_case word catalogued as ``cause.<word>`` (``invalid_key``,
``read_timeout``, ``response_too_large``); a value refused before anything was sent is
``<field>.<rule>`` (``key.empty``, ``app_name.is_key``, ``destination.unsafe``). A dot in a
cause therefore always means "fix what you typed or configured".
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any

from .i18n import format_number, format_wait, t
from .lessons import lesson_label, lesson_slug


@dataclass(frozen=True)
class Usage:
    """A counter Keap reports in its headers: ``used`` of ``limit`` per ``unit``."""

    used: int
    limit: int
    unit: str  # "day" or "minute"

    def describe(self, lang: str) -> str:
        """'used 120 of 30,000 today' in the learner's language."""
        return t(
            f"usage.{self.unit}",
            lang,
            used=format_number(self.used, lang),
            limit=format_number(self.limit, lang),
        )


@dataclass
class CheckResult:
    """Everything one check found out. Holds the masked key only, never the key."""

    ok: bool
    cause: str
    lang: str
    masked_key: str = ""
    key_kind: str | None = None  # "keap" | "legacy" | None when the key was not readable
    mode: str | None = None  # "sandbox" | "keap"
    api: str | None = None  # "REST v2" | "XML-RPC"
    route: str | None = None  # "rest" | "gateway" | "app"
    method: str | None = None
    endpoint: str | None = None
    http_status: int | None = None
    latency_ms: float | None = None
    account: dict[str, str] = field(default_factory=dict)
    quota: Usage | None = None
    throttle: Usage | None = None
    retry_after: int | None = None
    warnings: list[str] = field(default_factory=list)
    message: str = ""
    fix: str = ""
    lesson: str | None = None

    @property
    def kind_label(self) -> str:
        """The kind of key, in words."""
        return t(f"kind.{self.key_kind or 'unknown'}", self.lang)

    def _rows(self) -> list[tuple[str, str]]:
        lang = self.lang
        rows = [
            (t("result.key", lang), _key_line(self.masked_key, self.key_kind and self.kind_label))
        ]
        if self.mode:
            rows.append((t("result.mode", lang), t(f"mode.{self.mode}", lang)))
        if self.endpoint:
            call = f"{self.api} · {self.method} {self.endpoint}"
            if self.http_status is not None:
                call += f" · HTTP {self.http_status}"
            if self.latency_ms is not None:
                call += f" · {self.latency_ms:.0f} ms"
            rows.append((t("result.request", lang), call))
        if self.account:
            rows.append((t("result.account", lang), _account_line(self.account)))
        usage = [u.describe(lang) for u in (self.quota, self.throttle) if u]
        if usage:
            rows.append((t("result.usage", lang), "; ".join(usage)))
        if self.retry_after is not None:
            rows.append(
                (
                    t("result.retry", lang),
                    t("result.retry_seconds", lang, seconds=format_wait(self.retry_after, lang)),
                )
            )
        return rows

    def __str__(self) -> str:
        head = ("✅ " if self.ok else "❌ ") + t(
            "result.ok" if self.ok else "result.failed", self.lang
        )
        lines = [head, *(f"  {label}: {value}" for label, value in self._rows())]
        if not self.ok:
            lines.append(f"  {t('result.cause', self.lang)}: {self.message}")
            lines.append(f"  {t('result.fix', self.lang)}: {self.fix}")
        lines += [f"  ⚠️ {w}" for w in self.warnings]
        if self.lesson and not self.ok:
            lines.append(
                "  "
                + t("common.see_lesson", self.lang, lesson=lesson_label(self.lesson, self.lang))
            )
        return "\n".join(lines)

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        """Plain-text display (terminals, nbval): the readable text, not the field list."""
        printer.text(str(self))

    def _repr_html_(self) -> str:
        e = html.escape
        icon, title = (
            ("✅", t("result.ok", self.lang)) if self.ok else ("❌", t("result.failed", self.lang))
        )
        border = "#2f9e44" if self.ok else "#c92a2a"
        rows = "".join(
            f"<tr><th scope='row' style='text-align:left;padding-right:1em'>{e(a)}</th>"
            f"<td style='text-align:left'>{e(b)}</td></tr>"
            for a, b in self._rows()
        )
        parts = [
            f"<div class='keap-result keap-result-{'ok' if self.ok else 'fail'}' role='status' "
            f"style='border-left:6px solid {border};padding:.6em 1em;margin:.4em 0'>",
            f"<p style='font-weight:bold;margin:0 0 .4em'><span aria-hidden='true'>{icon}</span> {e(title)}</p>",
            f"<table>{rows}</table>",
        ]
        if not self.ok:
            parts.append(
                f"<p><strong>{e(t('result.cause', self.lang))}:</strong> {e(self.message)}</p>"
            )
            parts.append(f"<p><strong>{e(t('result.fix', self.lang))}:</strong> {e(self.fix)}</p>")
        parts += [
            f"<p><span aria-hidden='true'>⚠️</span> <strong>{e(t('result.warning', self.lang))}:</strong> {e(w)}</p>"
            for w in self.warnings
        ]
        if self.lesson and not self.ok:
            label = lesson_label(self.lesson, self.lang)
            # Relative to the notebook's folder: JupyterLab opens the lesson beside this one; from
            # the wizard in Voila, the page template sends a lesson on to JupyterLab.
            link = (
                f"<a href='{e(lesson_slug(self.lesson, self.lang))}.ipynb' target='_blank' rel='noopener' "
                f"style='color:#0b57d0;text-decoration:underline'>{e(label)}</a>"
            )
            sentence = e(t("common.see_lesson", self.lang, lesson="\0"))
            parts.append(f"<p>{sentence.replace(chr(0), link)}</p>")
        return "".join(parts) + "</div>"


# The lesson that explains each cause; every other failure points to the error lab.
_LAB = "09-laboratorio-de-errores"
_LESSONS = {
    "legacy_retired": "03-frase-y-clave-cifrada",
    "invalid_key": "05-claves-actuales",
    "missing_key": "06-prueba-en-vivo",
    "forbidden": "05-claves-actuales",
    "xmlrpc_invalid_key": "03-frase-y-clave-cifrada",
    "browser_blocked": "10-la-clave-en-tu-programa",  # the command-line check
}


def fail(result: CheckResult, code: str, lesson: str | None = None, **fmt: Any) -> CheckResult:
    """The one way a check fails: mark ``result`` failed with ``code``'s message, fix and lesson.

    The cause vocabulary: ``result.cause`` is the catalogue code of what stopped the check,
    without the ``cause.`` prefix. What happened on the wire or in the answer is one
    snake_case word catalogued as ``cause.<word>`` (``invalid_key``, ``read_timeout``); a value
    refused before anything was sent is ``<field>.<rule>`` (``key.empty``,
    ``destination.unsafe``), catalogued under that name. Nothing else is a cause.
    """
    cause = code.removeprefix("cause.")
    catalogue = f"cause.{cause}" if code.startswith("cause.") or "." not in code else code
    result.ok, result.cause = False, cause
    result.lesson = lesson or _LESSONS.get(cause, _LAB)
    result.message = t(f"{catalogue}.message", result.lang, **fmt)
    result.fix = t(f"{catalogue}.fix", result.lang, **fmt)
    return result


def _key_line(masked: str, kind: str | None) -> str:
    """The key as far as it is known: masked, with its kind only when it was recognised."""
    shown = masked if masked.strip("*") else ""  # an empty field masks to stars: say nothing
    if shown and kind:
        return f"{shown} ({kind})"
    return shown or kind or "—"


def _account_line(account: dict[str, str]) -> str:
    name, email = account.get("name", ""), account.get("email", "")
    who = f"{name} <{email}>" if name and email else name or email
    extra = [account[k] for k in ("business", "tenant_id") if account.get(k)]
    return " · ".join([who, *extra]) if who else " · ".join(extra)
