"""A learner's most common slip in an exercise, explained in the lesson's language.

``answer = B`` (an answer without quotes) raises Python's English ``NameError``. Inside a
lesson (IPython), :func:`install` shows instead one short line in the learner's language that
says how to fix it; the cell still counts as failed, as Python would have it.
"""

from __future__ import annotations

import sys
from typing import Any

from .i18n import t


def install(lang: str, shell: Any = None) -> bool:
    """Explain ``NameError`` in ``lang`` in this IPython session; False outside IPython."""
    if shell is None:
        try:
            from IPython import get_ipython
        except ImportError:
            return False
        shell = get_ipython()
    if shell is None:
        return False

    def explain(
        shell: Any, etype: type, value: BaseException, tb: Any, tb_offset: Any = None
    ) -> None:
        name = getattr(value, "name", None) or str(value).split("'")[1:2] or ["?"]
        name = name if isinstance(name, str) else name[0]
        print(f"NameError: {value}", file=sys.stderr)
        print(t("friendly.name_error", lang, name=name), file=sys.stderr)

    shell.set_custom_exc((NameError,), explain)
    return True
