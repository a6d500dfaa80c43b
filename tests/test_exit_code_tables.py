"""The exit-code tables people read (README, the lesson that teaches the command-line check in
every edition) list the command's codes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from helpers.check import EXIT_CODES

ROOT = Path(__file__).resolve().parents[1]
_HEADERS = {"Exit code", "Code", "Código"}


def _table_codes(text: str) -> tuple[int, ...]:
    """The first column of the table headed "Exit code" / "Code" / "Código"."""
    tables = re.findall(r"(?:^\|.*\n)+", text, re.MULTILINE)
    (table,) = [t for t in tables if t.split("|")[1].strip() in _HEADERS]
    rows = table.splitlines()[2:]  # below the header and its |---| line
    return tuple(int(row.split("|")[1]) for row in rows)


def test_the_readme_lists_every_exit_code():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert _table_codes(readme) == EXIT_CODES


@pytest.mark.parametrize("lang", ["es", "en", "pt"])
def test_every_lesson_with_an_exit_code_table_lists_every_code(lang):
    tables = 0
    for source in sorted((ROOT / "lessons" / lang).glob("[0-9][0-9]-*.md")):
        text = source.read_text(encoding="utf-8")
        if "python -m helpers.check" in text and re.search(
            r"^\| *(Exit code|Code|Código) *\|", text, re.M
        ):
            assert _table_codes(text) == EXIT_CODES, source.name
            tables += 1
    assert tables, f"no {lang} lesson shows the command-line check's exit codes"
