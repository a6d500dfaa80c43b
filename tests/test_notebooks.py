"""The committed notebooks (fast, no kernel) and the builder that makes them.

The first half checks every ``notebooks/<lang>/*.ipynb`` as committed: every lesson of every
edition must be there, and a check that finds no notebook fails. The second half builds the fixture lessons in
``tests/fixtures/lessons`` into a temporary folder with ``tools/build_notebooks.py`` (a real
kernel, in sandbox mode) and checks what comes out, with the same checks.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from urllib.parse import unquote, urlsplit

import nbformat
import pytest
from nbformat import NotebookNode
from nbval.plugin import get_sanitize_patterns

from helpers.i18n import LANGUAGES
from helpers.lessons import LESSONS, WIZARD
from tools import build_notebooks as builder

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*/*.ipynb"))
FIXTURE_LESSONS = Path(__file__).parent / "fixtures" / "lessons"
LESSON_NAME = re.compile(r"^\d\d-[a-z0-9-]+\.ipynb$")  # a lesson of the sequence: navigation
PAGE_NAME = re.compile(r"^[a-z][a-z0-9-]*\.ipynb$")  # a page outside it (the wizard): none
KEY_SHAPES = (re.compile(r"KeapAK-[A-Za-z0-9_-]{16,}"), re.compile(r"\b[0-9a-f]{32}\b"))
NAV = "nav"
CHECK = "nbval-check-output"
KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
_CODE = re.compile(
    r"^ {0,3}(`{3,}|~{3,}).*?^ {0,3}\1[`~]*[ \t]*$|`[^`\n]+`", re.MULTILINE | re.DOTALL
)
_LINKS = (
    re.compile(r"\[(?:[^\]\\]|\\.)*\]\(\s*<?([^)\s>]+)>?(?:\s+[\"'][^)]*)?\)"),  # [text](target)
    re.compile(r"^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)", re.MULTILINE),  # [ref]: target
    re.compile(r"<(?:img|a|source)\b[^>]*?\b(?:src|href)\s*=\s*[\"']([^\"']+)[\"']", re.IGNORECASE),
)

Check = Callable[[Path, NotebookNode], Iterable[str]]


# -- checks, one per rule; each yields what is wrong with one notebook ----------------------


def _name_is_numbered_slug_or_page(path: Path, nb: NotebookNode) -> Iterable[str]:
    if not (LESSON_NAME.match(path.name) or PAGE_NAME.match(path.name)):
        yield "name is not NN-slug.ipynb (a lesson) or slug.ipynb (a page): a-z, 0-9, hyphens"


def _valid_with_python3_kernel(path: Path, nb: NotebookNode) -> Iterable[str]:
    try:
        nbformat.validate(nb)
    except nbformat.ValidationError as exc:
        yield f"not valid nbformat: {exc.message}"
    if nb.metadata.get("kernelspec") != KERNELSPEC:
        yield f"kernelspec is {nb.metadata.get('kernelspec')}, not {KERNELSPEC}"


def _no_widget_state_or_timing(path: Path, nb: NotebookNode) -> Iterable[str]:
    if "widgets" in nb.metadata:
        yield "metadata.widgets is stored (widget state can hold what was typed)"
    for index, cell in enumerate(nb.cells):
        extra = set(cell.metadata) - {"tags", "jupyter", "editable"}
        if extra:
            yield f"cell {index}: metadata {sorted(extra)} (timing, collapsed...) should be stripped"


def _outputs_only_on_check_output_cells(path: Path, nb: NotebookNode) -> Iterable[str]:
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        checked = CHECK in cell.metadata.get("tags", [])
        if not checked and (cell.outputs or cell.execution_count is not None):
            yield f"cell {index}: has outputs or an execution count but is not tagged {CHECK!r}"
        if checked and cell.outputs and cell.execution_count is None:
            yield f"cell {index}: outputs with execution_count null (nbval: 'Unrun reference cell has outputs')"


def _no_key_shaped_string(path: Path, nb: NotebookNode) -> Iterable[str]:
    text = path.read_text(encoding="utf-8")
    for shape in KEY_SHAPES:
        if shape.search(text):
            yield f"a key-shaped string ({shape.pattern}) is stored: show DEMO_* names or mask()"


def _relative_links_resolve(path: Path, nb: NotebookNode) -> Iterable[str]:
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "markdown":
            continue
        prose = _CODE.sub("", cell.source)
        for target in (m.group(1) for pattern in _LINKS for m in pattern.finditer(prose)):
            if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^#|^//", target):
                continue  # a web address, mailto:, attachment:, or an anchor in this notebook
            if not (path.parent / unquote(urlsplit(target).path)).exists():
                yield f"cell {index}: dead link {target!r}"


def _navigation_first_and_last(path: Path, nb: NotebookNode) -> Iterable[str]:
    nav = [i for i, c in enumerate(nb.cells) if NAV in c.metadata.get("tags", [])]
    if not LESSON_NAME.match(path.name):
        if nav:
            yield f"a page outside the lesson sequence has navigation cells {nav}"
        return
    if nav != [0, len(nb.cells) - 1] or any(nb.cells[i].cell_type != "markdown" for i in nav):
        yield f"navigation (markdown tagged {NAV!r}) must be exactly the first and last cells, not {nav}"


def _exactly_one_h1(path: Path, nb: NotebookNode) -> Iterable[str]:
    titles = [t for c in nb.cells if c.cell_type == "markdown" for t in builder.titles_in(c.source)]
    if len(titles) != 1:
        yield f"{len(titles)} H1 titles ('# ...'), expected exactly one: {titles}"


ALL_CHECKS: tuple[Check, ...] = (
    _name_is_numbered_slug_or_page,
    _valid_with_python3_kernel,
    _no_widget_state_or_timing,
    _outputs_only_on_check_output_cells,
    _no_key_shaped_string,
    _relative_links_resolve,
    _navigation_first_and_last,
    _exactly_one_h1,
)


def _problems(notebooks: Iterable[Path], *checks: Check) -> list[str]:
    notebooks = list(notebooks)
    if not notebooks:
        pytest.fail("no notebooks to check: an empty collection is a failure")
    found = []
    for path in notebooks:
        nb = nbformat.read(path, as_version=4)
        found += [
            f"{path.parent.name}/{path.name}: {p}" for check in checks for p in check(path, nb)
        ]
    return found


# -- the committed notebooks ------------------------------------------------------------------


def test_every_lesson_and_the_wizard_exist_in_every_edition():
    expected = {
        ROOT / "notebooks" / lang / f"{names[lang]}.ipynb"
        for names in [*LESSONS.values(), WIZARD]
        for lang in LANGUAGES
    }
    assert sorted(expected - set(NOTEBOOKS)) == []


def test_an_empty_collection_of_notebooks_fails():
    with pytest.raises(pytest.fail.Exception, match="empty collection"):
        _problems([], _exactly_one_h1)


def test_notebook_names_are_numbered_slugs_or_pages():
    assert _problems(NOTEBOOKS, _name_is_numbered_slug_or_page) == []


def test_notebooks_are_valid_and_name_the_python3_kernel():
    assert _problems(NOTEBOOKS, _valid_with_python3_kernel) == []


def test_notebooks_store_no_widget_state_and_no_cell_metadata_but_tags():
    assert _problems(NOTEBOOKS, _no_widget_state_or_timing) == []


def test_only_cells_tagged_check_output_keep_outputs():
    assert _problems(NOTEBOOKS, _outputs_only_on_check_output_cells) == []


def test_no_key_shaped_string_in_sources_outputs_or_metadata():
    assert _problems(NOTEBOOKS, _no_key_shaped_string) == []


def test_relative_links_and_images_resolve():
    assert _problems(NOTEBOOKS, _relative_links_resolve) == []


def test_first_and_last_cells_of_a_lesson_are_the_navigation():
    assert _problems(NOTEBOOKS, _navigation_first_and_last) == []


def test_each_notebook_has_exactly_one_h1():
    assert _problems(NOTEBOOKS, _exactly_one_h1) == []


def test_link_check_finds_dead_relative_links_and_skips_web_addresses_code_and_anchors(tmp_path):
    (tmp_path / "img").mkdir()
    (tmp_path / "img" / "ok.svg").write_text("<svg/>")
    page = tmp_path / "es" / "01-x.ipynb"
    page.parent.mkdir()
    source = (
        "[web](https://keap.com) [anchor](#paso-2) ![ok](../img/ok.svg) [self](01-x.ipynb#a)\n"
        "`[code](nope.ipynb)`\n```\n[fenced](nope.ipynb)\n```\n"
        '![gone](../img/gone.svg) [missing](02-y.ipynb) <img src="../img/nope.svg">\n[ref]: 03-z.ipynb'
    )
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(source)])
    nbformat.write(nb, page)
    assert list(_relative_links_resolve(page, nb)) == [
        "cell 0: dead link '../img/gone.svg'",
        "cell 0: dead link '02-y.ipynb'",
        "cell 0: dead link '03-z.ipynb'",
        "cell 0: dead link '../img/nope.svg'",
    ]


def test_committed_notebooks_match_their_lesson_sources():
    """Same as ``python tools/build_notebooks.py --check``: rebuild when this fails."""
    assert builder.check(ROOT) == []


# -- the builder, on the fixture lessons -------------------------------------------------------


def _copy_fixture(root: Path) -> Path:
    shutil.copytree(FIXTURE_LESSONS, root / "lessons")
    return root


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """The fixture lessons built twice (with a kernel) into one folder: bytes and log of both.

    Real-looking credentials in this process's environment must not reach the lessons.
    """
    root = _copy_fixture(tmp_path_factory.mktemp("built"))
    runs = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("KEAP_API_KEY", "not-a-key")
        patch.setenv("KEAP_APP_NAME", "ab123")
        patch.setenv("KEAP_API_BASE_URL", "https://api.infusionsoft.com")
        for _ in range(2):
            log: list[str] = []
            assert builder.build(root, "es", log=log.append) == []
            files = {
                p.name: p.read_bytes() for p in sorted((root / "notebooks" / "es").glob("*.ipynb"))
            }
            runs.append((files, log))
    return {"root": root, "runs": runs}


def _read(built: dict[str, object], name: str) -> NotebookNode:
    return nbformat.read(built["root"] / "notebooks" / "es" / name, as_version=4)


def test_build_writes_one_notebook_per_lesson_and_logs_its_time(built):
    files, log = built["runs"][0]
    assert sorted(files) == [
        "00-indice.ipynb",
        "01-primera.ipynb",
        "02-ultima.ipynb",
        "pagina-aparte.ipynb",
    ]
    assert all(re.fullmatch(r"notebooks/es/\S+\.ipynb  \d+\.\d s  written", line) for line in log)


def test_build_is_idempotent(built):
    (first, _), (second, log) = built["runs"]
    assert first == second
    assert all(line.endswith("unchanged") for line in log)


def test_build_writes_navigation_links_in_the_lesson_language(built):
    nav = {
        name: _read(built, name).cells
        for name in ("00-indice.ipynb", "01-primera.ipynb", "02-ultima.ipynb")
    }
    assert (
        nav["00-indice.ipynb"][0].source
        == "[Siguiente: Primera lección de prueba →](01-primera.ipynb)"
    )
    assert nav["01-primera.ipynb"][0].source == (
        r"[← Anterior](00-indice.ipynb) · [Índice](00-indice.ipynb) · "
        r"[Siguiente: Última \[lección\] →](02-ultima.ipynb)"
    )
    assert (
        nav["02-ultima.ipynb"][0].source
        == "[← Anterior](01-primera.ipynb) · [Índice](00-indice.ipynb)"
    )
    for cells in nav.values():
        assert cells[-1].source == cells[0].source


def test_build_gives_a_page_outside_the_sequence_no_navigation(built):
    cells = _read(built, "pagina-aparte.ipynb").cells
    assert [c.metadata.get("tags") for c in cells] == [None]
    assert cells[0].source.startswith("# Página aparte")


def test_build_keeps_outputs_only_on_check_output_cells_numbered_in_order(built):
    code = [c for c in _read(built, "01-primera.ipynb").cells if c.cell_type == "code"]
    kept = [(c.execution_count, bool(c.outputs)) for c in code]
    assert kept == [(None, False), (1, True), (None, False), (None, False), (2, True)]
    assert [o.text for o in code[1].outputs] == ["hola\n42\n"]  # streams coalesced, as nbval does


def test_build_keeps_tags_on_code_and_markdown_cells(built):
    tags = [c.metadata.get("tags") for c in _read(built, "01-primera.ipynb").cells]
    assert ["raises-exception"] in tags
    assert ["nota"] in tags
    assert [CHECK, "entorno"] in tags


def test_build_runs_lessons_in_sandbox_mode_with_this_python_in_the_notebook_folder(built):
    cell = _read(built, "01-primera.ipynb").cells[-3]
    stdout, result = cell.outputs
    assert stdout.text == "[]\nes .env\n"  # no key, base URL or app name; cwd notebooks/es
    assert result.data["text/plain"] == _sanitized(repr(sys.prefix))  # stored outputs are sanitized


def test_build_stores_minimal_stable_metadata(built):
    nb = _read(built, "01-primera.ipynb")
    assert nb.metadata == {"kernelspec": KERNELSPEC, "language_info": {"name": "python"}}
    assert [c.id for c in (nb.cells[0], nb.cells[-1])] == ["nav-top", "nav-bottom"]


def test_built_notebooks_pass_every_committed_notebook_check(built):
    notebooks = sorted((built["root"] / "notebooks" / "es").glob("*.ipynb"))
    assert _problems(notebooks, *ALL_CHECKS) == []


def test_check_passes_on_a_fresh_build_and_lists_every_difference(built, tmp_path):
    root = shutil.copytree(built["root"], tmp_path / "copy")
    assert builder.main(["--check"], root=root) == 0
    lesson = root / "lessons" / "es" / "02-ultima.md"
    lesson.write_text(
        lesson.read_text(encoding="utf-8") + "\nOtro párrafo.\n\n\nY otro.\n", encoding="utf-8"
    )
    (root / "notebooks" / "es" / "00-indice.ipynb").unlink()
    shutil.copy(
        root / "notebooks" / "es" / "01-primera.ipynb",
        root / "notebooks" / "es" / "07-suelto.ipynb",
    )
    assert builder.check(root) == [
        "notebooks/es/00-indice.ipynb: missing; run python tools/build_notebooks.py",
        "notebooks/es/02-ultima.ipynb: cell 1 differs from the source (type, text or tags)",
        "notebooks/es/07-suelto.ipynb: no lesson source builds it",
    ]
    assert builder.main(["--check"], root=root) == 1


def test_build_without_executing_stores_no_outputs(tmp_path):
    root = _copy_fixture(tmp_path)
    assert builder.main(["--no-execute", "01-primera"], root=root) == 0
    nb = nbformat.read(root / "notebooks" / "es" / "01-primera.ipynb", as_version=4)
    assert all(
        not c.outputs and c.execution_count is None for c in nb.cells if c.cell_type == "code"
    )
    assert not (root / "notebooks" / "es" / "00-indice.ipynb").exists()


@pytest.fixture(scope="module")
def failed_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """Two lessons that fail when run: an unexpected error, and an expected one that never comes."""
    root = tmp_path_factory.mktemp("failed")
    lessons = root / "lessons" / "es"
    lessons.mkdir(parents=True)
    (lessons / "01-falla.md").write_text(
        "# Falla\n\n```python\nx = 1\n```\n\n```python\n1 / 0\n```\n"
    )
    (lessons / "02-no-falla.md").write_text(
        '# No falla\n\n```python tags=["raises-exception"]\nprint("sin error")\n```\n'
    )
    return root, builder.build(root, "es", log=lambda line: None)


def test_build_names_the_lesson_and_cell_that_failed(failed_build):
    root, errors = failed_build
    assert errors[0].startswith("lessons/es/01-falla.md, cell 3 ('1 / 0') failed")
    assert "ZeroDivisionError" in errors[0]
    assert not (root / "notebooks" / "es" / "01-falla.ipynb").exists()


def test_build_refuses_a_raises_exception_cell_that_raises_nothing(failed_build):
    _, errors = failed_build
    assert errors[1] == (
        "lessons/es/02-no-falla.md, cell 2 ('print(\"sin error\")') is tagged "
        "'raises-exception' but raised nothing"
    )


@pytest.mark.parametrize(
    ("name", "source", "message"),
    [
        (
            "01-sh.md",
            "# T\n\n```sh\nls\n```\n\n```python\nx = 1\n```\n",
            "not a Python cell ('%%sh')",
        ),
        ("01-bash.md", "# T\n\n```bash\nls\n```\n", "most code fences are not ```python"),
        ("01-tags.md", '# T\n\n```python tags=["a"\nx = 1\n```\n', "unreadable fence options"),
        (
            "01-typo.md",
            '# T\n\n```python tags=["nbval-check-outputs"]\nx = 1\n```\n',
            "is not allowed here",
        ),
        (
            "01-nav.md",
            '# T\n\n<!-- #region tags=["nav"] -->\nx\n<!-- #endregion -->\n',
            "is not allowed here",
        ),
        (
            "01-comment.md",
            "# T\n\n```python\n# NBVAL_CHECK_OUTPUT\nx = 1\n```\n",
            "not NBVAL_ comments",
        ),
        (
            "01-key.md",
            "# T\n\n```python\nkey = 'KeapAK-" + "ab12" * 10 + "'\n```\n",
            "key-shaped literal",
        ),
        ("01-raw.md", '# T\n\n```python active="md"\nx = 1\n```\n', "raw cells are not allowed"),
        ("01-two.md", "# T\n\n# U\n", "exactly one '# Title' line, found 2"),
        (
            "01-none.md",
            "## T\n\n```python\n# a comment, not a title\n```\n",
            "exactly one '# Title' line, found 0",
        ),
        ("1-short.md", "# T\n", "left out; name it like 03-two-words.md"),
        ("Mayus.md", "# T\n", "left out; name it like 03-two-words.md"),
    ],
)
def test_build_refuses_sources_that_would_make_a_bad_notebook(tmp_path, name, source, message):
    (tmp_path / "lessons" / "es").mkdir(parents=True)
    (tmp_path / "lessons" / "es" / name).write_text(source, encoding="utf-8")
    with pytest.raises(builder.LessonError, match=re.escape(message)):
        errors = builder.build(tmp_path, "es", run=False, log=lambda line: None)
        raise builder.LessonError("; ".join(errors))
    assert not list(tmp_path.glob("notebooks/es/*.ipynb"))


def test_sandbox_environment_drops_credentials_and_points_at_a_private_env_file(tmp_path):
    base = {
        "KEAP_API_KEY": "x",
        "KEAP_APP_NAME": "ab123",
        "KEAP_API_BASE_URL": "https://api.keap.com",
        "KEAP_TUTORIAL_LANG": "en",
        "PYTHONPATH": "elsewhere",
        "HOME": "/home/learner",
    }
    env = builder.sandbox_environment(tmp_path, base)
    assert env == {
        "KEAP_ENV_FILE": str(tmp_path / ".env"),
        "HOME": "/home/learner",
        "PYTHONPATH": f"{ROOT}{os.pathsep}elsewhere",
    }


# -- the nbval sanitize file ------------------------------------------------------------------

SANITIZE_FILE = ROOT / "tests" / "nbval_sanitize.cfg"


def test_every_sanitize_rule_is_read_by_nbval():
    text = SANITIZE_FILE.read_text(encoding="utf-8")
    assert len(get_sanitize_patterns(text)) == text.count("\nregex: ")
    assert len(builder.sanitize_rules(SANITIZE_FILE)) == text.count("\nregex: ")


@pytest.mark.parametrize(
    ("volatile", "stable"),
    [
        ("Modo sandbox (http://127.0.0.1:54321).", "Modo sandbox (http://127.0.0.1:PORT)."),
        ("GET http://localhost:8765/crm/rest/v2", "GET http://127.0.0.1:PORT/crm/rest/v2"),
        ("HTTP 200 · 12 ms", "HTTP 200 · N ms"),
        ("HTTP 200 · 3.5ms", "HTTP 200 · N ms"),
        ("dentro de 43210 s como pronto", "dentro de N s como pronto"),
        (
            "usadas 3 de 30.000 hoy; 2 de 240 en este minuto",
            "usadas N de 30.000 hoy; N de 240 en este minuto",
        ),
        (
            "used 1,234 of 30,000 today; 7 of 240 this minute",
            "used N of 30,000 today; N of 240 this minute",
        ),
        ("guardado en /tmp/keap-lesson-a1b2_c3/.env", "guardado en TMPDIR/.env"),
        ("saved to /var/folders/xy/T/tmpab12/.env", "saved to TMPDIR/.env"),
        (r"saved to C:\Users\ana\AppData\Local\Temp\tmpab12\.env", "saved to TMPDIR/.env"),
        ("expiry 1732838400000", "expiry EPOCH_MS"),
        ("at 2026-08-11T09:15:02.123Z", "at DATETIME"),
        ("<Sandbox object at 0x7f3a2c1d5e50>", "<Sandbox object at 0xADDR>"),
        ("no respondió en 3 segundos", "no respondió en 3 segundos"),
        ("não respondeu em 1 segundo.", "não respondeu em 1 segundo."),
        ("dentro de 37 minutos como pronto", "dentro de N UNIT como pronto"),
        ("in 1 hour at the earliest", "in N UNIT at the earliest"),
        ("em 12 horas, no mínimo", "em N UNIT, no mínimo"),
    ],
)
def test_sanitize_rules_hide_values_that_change_between_runs(volatile, stable):
    assert _sanitized(volatile) == stable
    assert (
        _sanitized(stable) == stable
    )  # stored outputs are sanitized already: a second pass keeps them


def _sanitized(text: str) -> str:
    for regex, replace in builder.sanitize_rules(SANITIZE_FILE):
        text = regex.sub(replace, text)
    return text


GLOSSARIES = {"es": "glosario", "en": "glossary", "pt": "glossario"}


@pytest.mark.parametrize("lang", sorted(GLOSSARIES))
def test_every_glossary_link_names_an_entry_and_every_entry_is_linked(lang):
    """JupyterLab's anchors are the heading's words joined by hyphens."""
    folder = ROOT / "lessons" / lang
    glossary = GLOSSARIES[lang]
    entries = {
        line[3:].strip().replace(" ", "-")
        for line in (folder / f"{glossary}.md").read_text(encoding="utf-8").splitlines()
        if line.startswith("## ")
    }
    linked = set()
    for source in folder.glob("*.md"):
        for anchor in re.findall(rf"\]\({glossary}\.ipynb#([^)\s]+)\)", source.read_text("utf-8")):
            assert anchor in entries, f"{source.name} links {glossary}#{anchor}, which is no entry"
            linked.add(anchor)
    assert len(entries) >= 20 and entries <= linked, sorted(entries - linked)


def test_lesson_images_are_plain_ascii_so_the_browser_edition_can_show_them():
    """JupyterLite shows an SVG through ``btoa``, which fails on any character past Latin-1:
    accents in a drawing's labels are written as XML character references (``&#233;``)."""
    images = sorted((ROOT / "notebooks" / "img").glob("*.svg"))
    assert images
    for image in images:
        assert image.read_bytes().isascii(), f"{image.name}: write non-ASCII as &#NNN;"
