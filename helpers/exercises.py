"""Exercise checkers: a learner's answer in, a friendly verdict out (no solution spoiled).

Each lesson registers its exercises with ``@exercise("NN-name")``; a checker returns ``None``
when the answer is right, or the catalogue key of a hint when it is not.

>>> check("demo-sum", 4, lang="en").ok
True
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from .i18n import get_language, t

Checker = Callable[[Any], "str | None"]
_CHECKERS: dict[str, Checker] = {}
_UNANSWERED = (None, "", ...)


@dataclass(frozen=True)
class Verdict:
    """The outcome of checking one answer, shown as a short line."""

    ok: bool
    text: str

    def __str__(self) -> str:
        return ("✅ " if self.ok else "🤔 ") + self.text

    def _repr_markdown_(self) -> str:
        return str(self)


def exercise(name: str) -> Callable[[Checker], Checker]:
    """Register ``checker`` under ``name`` (decorator)."""
    def register(checker: Checker) -> Checker:
        _CHECKERS[name] = checker
        return checker
    return register


def check(name: str, answer: Any, lang: str | None = None) -> Verdict:
    """Check ``answer`` for exercise ``name``; unanswered exercises get a gentle nudge."""
    lang = lang or get_language()
    if any(answer is u for u in _UNANSWERED) or answer == "":
        return Verdict(False, t("exercise.unanswered", lang))
    hint = _CHECKERS[name](answer)
    return Verdict(True, t("exercise.right", lang)) if hint is None else Verdict(False, t(hint, lang))


@exercise("demo-sum")
def _demo_sum(answer: Any) -> str | None:
    return None if answer == 4 else "exercise.try_again"


# --- lesson exercises: each lesson adds its checkers below, in lesson order ---------------
