"""What a lesson's fresh kernel says when a cell needs one that ran before.

A lesson's kernel starts afresh when the lesson is opened again, when the learner restarts it,
or when the server stops it after a while unused (the tutorial's servers do, to keep each
learner's memory low: see the trainer notes). Until the lesson's first cell runs again, a cell
that uses an earlier cell's variable would fail with Python's bare ``NameError``. The
tutorial's servers load this module into every kernel as an IPython extension
(``binder/ipython_kernel_config.json``); in a lesson's kernel it explains, in the lesson's
language, what happened and what to do. ``tutorial.start`` then puts the lesson's own
explanation in its place.
"""

from __future__ import annotations

import os
import re
import sys
from typing import Any

from .i18n import LANGUAGES, t

_LESSON = re.compile(r"(?:^|/)notebooks/([a-z]{2})/[^/]+\.ipynb$")


def lesson_language(session_name: str | None = None) -> str | None:
    """The edition of the lesson this kernel runs (from the notebook's path), or None.

    >>> lesson_language("clone/notebooks/pt/06-teste-ao-vivo.ipynb")
    'pt'
    >>> lesson_language("my-own-notebook.ipynb") is None
    True
    """
    path = session_name if session_name is not None else os.environ.get("JPY_SESSION_NAME", "")
    found = _LESSON.search(path.replace("\\", "/"))
    return found.group(1) if found and found.group(1) in LANGUAGES else None


def load_ipython_extension(shell: Any) -> None:
    """Explain ``NameError`` in a lesson's fresh kernel; leave other notebooks alone."""
    lang = lesson_language()
    if lang is None:
        return

    def explain(
        shell: Any, etype: type, value: BaseException, tb: Any, tb_offset: Any = None
    ) -> None:
        name = getattr(value, "name", None) or "?"
        print(f"NameError: {value}", file=sys.stderr)
        print(t("kernel.fresh_start", lang, name=name), file=sys.stderr)

    shell.set_custom_exc((NameError,), explain)
