"""The three editions stay in step: same lessons, same cells, same code, same tags.

Code cells are compared token by token after dropping comments (prose, translated) and the
edition's language code ("es", "en", "pt"); everything else must be identical, so changing a
code cell in one edition without the others fails here.
"""

from __future__ import annotations

import io
import re
import tokenize
from pathlib import Path

import nbformat
import pytest

from helpers.i18n import LANGUAGES
from helpers.lessons import GLOSSARY, LESSONS, WIZARD

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
_LINK = re.compile(r"\]\(\s*<?([^)\s>]+)")


def _edition_files(lang: str) -> dict[str, Path]:
    """Lesson number (or "wizard") -> notebook path in that edition, for files that exist."""
    return {k: path for k, path in _expected_files(lang).items() if path.exists()}


def _expected_files(lang: str) -> dict[str, Path]:
    """Lesson number (or "wizard") -> the notebook path the edition must have."""
    names = {number: names[lang] for number, names in LESSONS.items()}
    names["wizard"] = WIZARD[lang]
    names["glossary"] = GLOSSARY[lang]
    return {k: NOTEBOOKS / lang / f"{v}.ipynb" for k, v in names.items()}


def code_tokens(source: str) -> list[str]:
    """The code's tokens without comments, blank lines or the language code.

    >>> code_tokens('tutorial.start("pt")  # começa') == code_tokens('tutorial.start("es")')
    True
    >>> code_tokens('x = 1') == code_tokens('x = 2')
    False
    """
    skip = {tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.ENDMARKER}
    language = {f'"{code}"' for code in LANGUAGES} | {f"'{code}'" for code in LANGUAGES}
    tokens = tokenize.generate_tokens(io.StringIO(source.strip() + "\n").readline)
    return [
        "<LANG>" if tok.string in language else tok.string for tok in tokens if tok.type not in skip
    ]


def cell_signature(cell: nbformat.NotebookNode) -> tuple:
    """What must match across editions for one cell."""
    tags = tuple(cell.metadata.get("tags", ()))
    if cell.cell_type == "code":
        return ("code", tags, tuple(code_tokens(cell.source)))
    return (cell.cell_type, tags)


def differences(reference: Path, other: Path) -> list[str]:
    """Where ``other`` is out of step with ``reference``, cell by cell."""
    ref, oth = (nbformat.read(p, as_version=4).cells for p in (reference, other))
    problems = (
        [f"{other.name}: {len(oth)} cells, {reference.name} has {len(ref)}"]
        if len(ref) != len(oth)
        else []
    )
    for index, (a, b) in enumerate(zip(ref, oth, strict=False)):  # lengths compared above
        if cell_signature(a) != cell_signature(b):
            problems.append(
                f"{other.name} cell {index}: {cell_signature(b)[:2]} differs from "
                f"{reference.name}'s {cell_signature(a)[:2]}"
                + (" (code)" if a.cell_type == b.cell_type == "code" else "")
            )
    return problems


SPANISH = _expected_files("es")
OTHERS = [lang for lang in LANGUAGES if lang != "es"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_edition_has_every_lesson_and_the_wizard(lang):
    assert _edition_files(lang) == _expected_files(lang), "an empty or partial edition fails"


@pytest.mark.parametrize("lang", OTHERS)
def test_each_edition_has_the_same_notebooks(lang):
    assert set(_edition_files(lang)) == set(SPANISH)
    extra = {p.name for p in (NOTEBOOKS / lang).glob("*.ipynb")} - {
        p.name for p in _edition_files(lang).values()
    }
    assert extra == set()


@pytest.mark.parametrize("lang", OTHERS)
@pytest.mark.parametrize("lesson", sorted(SPANISH))
def test_cells_code_and_tags_match_the_spanish_edition(lang, lesson):
    other = _edition_files(lang).get(lesson)
    if other is None:
        pytest.fail(f"{lang} edition has no notebook for lesson {lesson}")
    assert differences(SPANISH[lesson], other) == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_links_stay_inside_their_own_edition(lang):
    outside = []
    for path in (NOTEBOOKS / lang).glob("*.ipynb"):
        for cell in nbformat.read(path, as_version=4).cells:
            for target in _LINK.findall(cell.source) if cell.cell_type == "markdown" else ():
                if "://" in target or target.startswith("#"):
                    continue
                resolved = (path.parent / target.split("#")[0]).resolve()
                if resolved.suffix == ".ipynb" and resolved.parent != path.parent.resolve():
                    outside.append(f"{path.name}: {target}")
    assert outside == []


def test_a_code_change_in_one_edition_is_caught(tmp_path):
    source = SPANISH["06"]
    nb = nbformat.read(source, as_version=4)
    code = next(c for c in nb.cells if c.cell_type == "code")
    code.source = code.source.replace('"es"', '"en"') + "  # un comentario traducido"
    nbformat.write(nb, tmp_path / "same.ipynb")
    assert differences(source, tmp_path / "same.ipynb") == []
    code.source += "\nprint(1)"
    nbformat.write(nb, tmp_path / "changed.ipynb")
    assert differences(source, tmp_path / "changed.ipynb") != []
