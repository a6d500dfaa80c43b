"""The plain result of a connection check, readable as text and as an HTML card."""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any

from .i18n import t
from .lessons import lesson_label, lesson_slug


@dataclass(frozen=True)
class Usage:
    """A counter Keap reports in its headers: ``used`` of ``limit`` per ``unit``."""

    used: int
    limit: int
    unit: str  # "day" or "minute"

    def describe(self, lang: str) -> str:
        """'used 120 of 30,000 today' in the learner's language."""
        return t(f"usage.{self.unit}", lang, used=_number(self.used, lang),
                 limit=_number(self.limit, lang))


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
        rows = [(t("result.key", lang), _key_line(self.masked_key, self.key_kind and self.kind_label))]
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
            rows.append((t("result.retry", lang), t("result.retry_seconds", lang, seconds=self.retry_after)))
        return rows

    def __str__(self) -> str:
        head = ("✅ " if self.ok else "❌ ") + t("result.ok" if self.ok else "result.failed", self.lang)
        lines = [head, *(f"  {label}: {value}" for label, value in self._rows())]
        if not self.ok:
            lines.append(f"  {t('result.cause', self.lang)}: {self.message}")
            lines.append(f"  {t('result.fix', self.lang)}: {self.fix}")
        lines += [f"  ⚠️ {w}" for w in self.warnings]
        if self.lesson and not self.ok:
            lines.append("  " + t("common.see_lesson", self.lang, lesson=lesson_label(self.lesson, self.lang)))
        return "\n".join(lines)

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        """Plain-text display (terminals, nbval): the readable text, not the field list."""
        printer.text(str(self))

    def _repr_html_(self) -> str:
        e = html.escape
        icon, title = ("✅", t("result.ok", self.lang)) if self.ok else ("❌", t("result.failed", self.lang))
        border = "#2f9e44" if self.ok else "#c92a2a"
        rows = "".join(f"<tr><th scope='row' style='text-align:left;padding-right:1em'>{e(a)}</th>"
                       f"<td style='text-align:left'>{e(b)}</td></tr>" for a, b in self._rows())
        parts = [f"<div class='keap-result keap-result-{'ok' if self.ok else 'fail'}' role='status' "
                 f"style='border-left:6px solid {border};padding:.6em 1em;margin:.4em 0'>",
                 f"<p style='font-weight:bold;margin:0 0 .4em'><span aria-hidden='true'>{icon}</span> {e(title)}</p>",
                 f"<table>{rows}</table>"]
        if not self.ok:
            parts.append(f"<p><strong>{e(t('result.cause', self.lang))}:</strong> {e(self.message)}</p>")
            parts.append(f"<p><strong>{e(t('result.fix', self.lang))}:</strong> {e(self.fix)}</p>")
        parts += [f"<p><span aria-hidden='true'>⚠️</span> <strong>{e(t('result.warning', self.lang))}:</strong> {e(w)}</p>"
                  for w in self.warnings]
        if self.lesson and not self.ok:
            label = lesson_label(self.lesson, self.lang)
            # Relative to the lesson's folder: JupyterLab opens it as a notebook beside this one.
            link = (f"<a href='{e(lesson_slug(self.lesson, self.lang))}.ipynb' target='_blank' rel='noopener' "
                    f"style='color:#0b57d0;text-decoration:underline'>{e(label)}</a>")
            sentence = e(t("common.see_lesson", self.lang, lesson="\0"))
            parts.append(f"<p>{sentence.replace(chr(0), link)}</p>")
        return "".join(parts) + "</div>"


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


def _number(value: int, lang: str) -> str:
    text = f"{value:,}"
    return text if lang == "en" else text.replace(",", ".")
