"""Exercise slips in the lesson's language: an unquoted answer gets a hint, not a raw NameError."""

from __future__ import annotations

import pytest
from IPython.core.interactiveshell import InteractiveShell

from helpers import friendly_errors
from helpers.i18n import t


@pytest.mark.parametrize("lang", ["es", "en", "pt"])
def test_an_unquoted_answer_gets_a_hint_in_the_lesson_language(lang, capsys):
    shell = InteractiveShell.instance()
    try:
        assert friendly_errors.install(lang, shell)
        result = shell.run_cell("answer = B")
    finally:
        shell.set_custom_exc((), None)
    assert result.error_in_exec is not None  # the cell still fails
    err = capsys.readouterr().err
    assert t("friendly.name_error", lang, name="B") in err
    assert "Traceback" not in err


def test_outside_ipython_nothing_is_installed(monkeypatch):
    import IPython

    monkeypatch.setattr(IPython, "get_ipython", lambda: None)
    assert friendly_errors.install("es") is False
