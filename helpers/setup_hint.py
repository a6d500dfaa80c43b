"""What lesson 00's first cell says when this Python cannot import the tutorial's helpers.

The cell (the same in every edition but for the language code)::

    try:
        from helpers import tutorial
    except ImportError:
        %run ../../helpers/setup_hint.py
    tutorial.start("es")

Run by IPython's ``%run`` from a lesson's folder, this file needs only the standard library:
it leaves ``tutorial`` standing in for the real module, and ``tutorial.start("es")`` then stops
the cell with a few lines in the edition's language that say what to run, not a traceback
(IPython shows an exception's ``_render_traceback_`` lines instead of its traceback). The cell
still fails, so Run All stops there.
"""

from __future__ import annotations

import sys
from types import ModuleType


class NotSetUp(Exception):
    """This Python lacks the tutorial's helpers (or a package they need).

    >>> NotSetUp("en", "helpers", "/usr/bin/python3")._render_traceback_()[0]
    "This notebook's Python (/usr/bin/python3) cannot load the tutorial's tools: 'helpers' is missing."
    """

    def __init__(self, lang: str, module: str, python: str = sys.executable) -> None:
        self.lang, self.module, self.python = lang, module, python
        super().__init__(module)

    def __str__(self) -> str:
        i18n = _i18n()
        lang = i18n.normalize_language(self.lang)
        return i18n.t("setup.not_set_up", lang, module=self.module, python=self.python)

    def _render_traceback_(self) -> list[str]:
        return str(self).splitlines()


class StandIn:
    """Takes the place of ``helpers.tutorial``: every call says what to run, in its language."""

    def __init__(self, module: str) -> None:
        self._module = module

    def start(self, lang: str = "es", *args: object, **kwargs: object) -> None:
        raise NotSetUp(lang, self._module)

    def __getattr__(self, name: str) -> object:
        return self.start  # tutorial.wizard_link("es") and the like say the same

    def __repr__(self) -> str:
        return f"<stand-in for helpers.tutorial: {self._module!r} is missing>"


def _i18n() -> ModuleType:
    """helpers/i18n.py (standard library only), whether this file runs as a script or a module."""
    if __package__:
        from . import i18n

        return i18n
    import importlib.util
    from pathlib import Path

    name = "_keap_tutorial_i18n"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name("i18n.py"))
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        sys.modules[name] = module
    return sys.modules[name]


def missing_module(error: BaseException | None = None) -> str:
    """The module whose import failed: the one being handled (``%run`` inside ``except``).

    >>> missing_module(ModuleNotFoundError("No module named 'dotenv'", name="dotenv"))
    'dotenv'
    """
    error = sys.exc_info()[1] if error is None else error
    return getattr(error, "name", None) or "helpers"


if __name__ == "__main__":  # %run: the names below land in the notebook's namespace
    tutorial = StandIn(missing_module())
