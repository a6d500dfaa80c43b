"""Every markdown cell shows on screen as written, in each front end that shows it.

JupyterLab 4.6 and the browser edition (JupyterLite 0.8, built on the same JupyterLab) render
markdown with marked, the version their bundles share for ``@jupyterlab/markedparser-extension``
(pinned in package.json; ``test_marked_is_the_version_jupyterlab_renders_with`` keeps the pin
honest). marked does not always read emphasis as CommonMark does: ``**bold *[link](x)* text**``
shows its asterisks. So every markdown cell of every edition (lessons, glossary, wizard, the
navigation cells) goes through marked, in one Node.js process, and the text a learner sees
(code left out) must hold no ``*``, no ``_`` at a word's edge, no backtick and no link syntax.

The Voila wizard page renders its markdown on the server with nbconvert's ``markdown2html``
(mistune), as Voila's lab template does: the wizard notebooks are checked with that too.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import jupyterlab
import nbformat
import pytest
from nbconvert.filters.markdown_mistune import markdown2html_mistune

from helpers.lessons import WIZARD

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*/*.ipynb"))
WIZARDS = [ROOT / "notebooks" / lang / f"{name}.ipynb" for lang, name in WIZARD.items()]
RENDER = Path(__file__).with_name("markdown_render.mjs")
MARKED = ROOT / "node_modules" / "marked" / "package.json"  # npm ci (tasks.py test)
STRAY = {
    "an asterisk": re.compile(r"\*"),
    "an underscore at the edge of a word": re.compile(r"(?<!\w)_|_(?!\w)"),
    "a backtick": re.compile(r"`"),
    "link syntax": re.compile(r"\]\(|\]\["),
}
# Sources the check must flag (as marked shows them) and must let through.
PROBES = {
    "the old callout of lesson 00": (
        "> **The *Encrypted Key* is retired. Use a *[Service Account Key](g.ipynb#SAK)*.**",
        True,
    ),
    "the same callout, italics inside the link": (
        "> **The *Encrypted Key* is retired. Use a [*Service Account Key*](g.ipynb#SAK).**",
        False,
    ),
    "a variable name in prose and in code": ("Set KEAP_API_KEY (`KEAP_API_KEY`).", False),
}


class _VisibleText(HTMLParser):
    """The text of an HTML fragment as a reader sees it, without code blocks and code spans."""

    _HIDDEN = frozenset({"code", "pre", "script", "style"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self._hidden += tag in self._HIDDEN

    def handle_endtag(self, tag: str) -> None:
        self._hidden -= tag in self._HIDDEN and self._hidden > 0

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _VisibleText()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)


def stray_markup(html: str) -> list[str]:
    """What of the markup still shows in the rendered ``html``: one line per find, in context."""
    text = visible_text(html)
    found = []
    for name, pattern in STRAY.items():
        for match in pattern.finditer(text):
            context = text[max(0, match.start() - 30) : match.end() + 30].replace("\n", " ")
            found.append(f"{name}: …{context}…")
    return found


def markdown_cells(paths: list[Path]) -> dict[str, str]:
    """``notebooks/es/00-empieza-aqui.ipynb, cell 2`` -> that markdown cell's source."""
    cells = {}
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        for number, cell in enumerate(nb.cells, start=1):
            if cell.cell_type == "markdown":
                cells[f"{path.relative_to(ROOT)}, cell {number}"] = cell.source
    return cells


def render_with_marked(sources: list[str]) -> list[str]:
    """``sources`` rendered by the pinned marked, all in one Node.js process."""
    node = shutil.which("node")
    if not node or not MARKED.is_file():
        pytest.fail(
            "Node.js and the npm package marked are needed: run `python3 tasks.py test` once "
            "(it installs package-lock.json's packages with npm)",
            pytrace=False,
        )
    done = subprocess.run(
        [node, str(RENDER)],
        input=json.dumps(sources),
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def rendered() -> dict[str, str]:
    """Every markdown cell of every edition, and the probes, as JupyterLab renders them."""
    cells = markdown_cells(NOTEBOOKS)
    probes = {f"probe: {name}": source for name, (source, _) in PROBES.items()}
    sources = {**cells, **probes}
    return dict(zip(sources, render_with_marked(list(sources.values())), strict=True))


def test_marked_is_the_version_jupyterlab_renders_with() -> None:
    """The pin in package.json is the marked that the installed JupyterLab's markdown parser
    was built with (its staging yarn.lock: markedparser-extension's range, then its version)."""
    lock = (Path(jupyterlab.__file__).parent / "staging" / "yarn.lock").read_text(encoding="utf-8")
    parser = re.search(r'^"@jupyterlab/markedparser-extension@.*?\n\n', lock, re.M | re.S)
    assert parser, "markedparser-extension is not in JupyterLab's yarn.lock"
    wanted = re.search(r"^\s+marked: (\S+)$", parser.group(0), re.M).group(1)
    entry = re.search(rf'^"marked@npm:{re.escape(wanted)}":\n\s+version: (\S+)$', lock, re.M)
    pinned = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["devDependencies"]
    assert pinned["marked"] == entry.group(1), (
        f"JupyterLab renders markdown with marked {entry.group(1)}: pin that exact version "
        "(npm install --save-dev --save-exact marked@VERSION)"
    )
    if MARKED.is_file():
        assert json.loads(MARKED.read_text(encoding="utf-8"))["version"] == entry.group(1)


@pytest.mark.parametrize("name", PROBES)
def test_the_check_flags_what_marked_shows_literally(rendered: dict[str, str], name: str) -> None:
    _, flagged = PROBES[name]
    assert bool(stray_markup(rendered[f"probe: {name}"])) is flagged


def test_every_markdown_cell_shows_no_markup_in_jupyterlab(rendered: dict[str, str]) -> None:
    cells = {where: html for where, html in rendered.items() if not where.startswith("probe:")}
    editions = {where.split("/")[1] for where in cells}
    assert editions == set(WIZARD), f"markdown cells found only in {sorted(editions)}"
    problems = [f"{where}: {find}" for where, html in cells.items() for find in stray_markup(html)]
    assert not problems, (
        "marked (JupyterLab, the browser edition) shows markup as text; in lessons/<lang>/*.md, "
        "put emphasis inside link text ([*Name*](x)) rather than around it, then rebuild:\n"
        + "\n".join(problems)
    )


def test_no_markdown_cell_holds_math_that_jupyterlab_would_typeset(
    rendered: dict[str, str],
) -> None:
    """JupyterLab hands text between two ``$`` to MathJax before marked sees it: ``$5 and $10``
    would show as a formula. marked alone renders the lessons as JupyterLab does only while no
    cell has two ``$`` outside code."""
    found = [
        where
        for where, html in rendered.items()
        if not where.startswith("probe:") and visible_text(html).count("$") >= 2
    ]
    assert not found, f"two $ in a cell's text (write USD 5, or put it in `code`): {found}"


def test_the_wizard_page_shows_no_markup_in_voila() -> None:
    """Voila renders the wizard's markdown on the server: nbconvert's markdown2html (mistune)."""
    cells = markdown_cells(WIZARDS)
    assert cells, "the wizard notebooks have no markdown cell to check"
    problems = [
        f"{where}: {find}"
        for where, source in cells.items()
        for find in stray_markup(markdown2html_mistune(source))
    ]
    assert not problems, "Voila shows markup as text:\n" + "\n".join(problems)
