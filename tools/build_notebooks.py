#!/usr/bin/env python3
r"""Turn the lesson sources ``lessons/<lang>/NN-slug.md`` into ``notebooks/<lang>/NN-slug.ipynb``.

    python tools/build_notebooks.py                     # every language: build, run, write
    python tools/build_notebooks.py --lang es 03-frase-y-clave-cifrada
    python tools/build_notebooks.py --no-execute        # structure only, no stored outputs
    python tools/build_notebooks.py --check             # committed notebooks match the sources?
    python tools/build_notebooks.py --times             # write each lesson's minutes everywhere

Sources are jupytext Markdown (see ``lessons/README.md``). The script adds the navigation
cells, runs the code headless in a fresh kernel of this Python in sandbox mode, and keeps
outputs only on cells tagged ``nbval-check-output``, so the files stay stable and secret-free.

>>> titles_in("# Uno\n```console\n# not a title\n```\n## Dos\n#not-a-title")
['Uno']
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import re
import sys
import tempfile
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import jupytext
import nbformat
from ipykernel.kernelspec import RESOURCES, get_kernel_dict
from jupyter_client.kernelspec import KernelSpec
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient
from nbclient.exceptions import CellControlSignal, DeadKernelError
from nbformat import NotebookNode
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from helpers.lessons import READING_ORDER, ROUTES  # noqa: E402  (no third-party imports)

SANITIZE_FILE = ROOT / "tests" / "nbval_sanitize.cfg"  # nbval's rules for volatile values
NAV_TAG, CHECK_TAG, RAISES_TAG = "nav", "nbval-check-output", "raises-exception"
KEPT_CELL_METADATA = ("tags", "jupyter", "editable")
NAV_WORDS = {  # previous, contents, next
    "es": ("Anterior", "Índice", "Siguiente"),
    "en": ("Previous", "Contents", "Next"),
    "pt": ("Anterior", "Índice", "Próxima"),
}
# The admin route is where most learners finish: its last lesson links no "Next" (it offers the
# developer route in its own text, as an optional way on).
FINISH = ROUTES["admin"][-1]
KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
NOTEBOOK_METADATA = {"kernelspec": KERNELSPEC, "language_info": {"name": "python"}}
# Variables that would take a lesson out of sandbox mode or change its language.
SANDBOX_UNSET = ("KEAP_API_BASE_URL", "KEAP_APP_NAME", "KEAP_API_KEY", "KEAP_TUTORIAL_LANG")
KEY_PATTERN = re.compile(r"KeapAK-[A-Za-z0-9_-]{16,}|\b[0-9a-f]{32}\b")
_NAME = re.compile(r"^\d\d-[a-z0-9-]+$")
_PAGE = re.compile(r"^[a-z][a-z0-9-]*$")  # a page outside the sequence (asistente): no navigation
_H1 = re.compile(r"^ {0,3}#[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
Rules = list[tuple[re.Pattern, str]]


# The time model: what a non-specialist needs to work through a lesson, from its source.
READING_WPM = 150  # words of prose per minute: careful reading of instructions by a non-programmer
MINUTES_PER_CODE_CELL = 0.5  # read the cell, run it, glance at what it shows
MINUTES_PER_EXERCISE = 3.0  # think, write the answer, check it, read the hint, try again
ROUND_TO = 5  # minutes are rounded up to a multiple of this, as a timetable shows them
# Files whose minutes come from the model: lesson headers, the contents tables, the trainer notes.
TIMED_DOCS = (
    "README.md",
    "docs/para-formadores.md",
    "docs/for-trainers.md",
    "docs/para-instrutores.md",
)
_HEADER_TIME = re.compile(
    r"^(\*\*(?:Tiempo|Time|Tempo):\*\* )(\d+)( (?:minutos|minutes)\.)$", re.MULTILINE
)
_TABLE_ROW = re.compile(r"^\|(.*)\|[ \t]*(\d+)[ \t]*\|[ \t]*$", re.MULTILINE)
_ROW_LESSON = re.compile(r"^\s*\[?\s*(\d{1,2})[.\s\]|]")
_ROW_TOTAL = re.compile(r"^\s*(\*\*)?(Total)\b[^|*]*(\*\*)?\s*$")
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
_CHECK_CALL = re.compile(r"\bcheck\(")


@dataclass(frozen=True)
class LessonTime:
    """What the time model counts in one lesson source, and the minutes that follow."""

    words: int
    code_cells: int
    exercises: int

    @property
    def exact(self) -> float:
        return (
            self.words / READING_WPM
            + self.code_cells * MINUTES_PER_CODE_CELL
            + self.exercises * MINUTES_PER_EXERCISE
        )

    @property
    def minutes(self) -> int:
        return max(ROUND_TO, math.ceil(self.exact / ROUND_TO) * ROUND_TO)


def lesson_time(text: str) -> LessonTime:
    r"""Count a lesson source: prose words, code cells, and exercises (cells that call check).

    >>> lesson_time("# T\n\nUno dos tres.\n\n```python\ncheck('00-1', answer)\n```\n")
    LessonTime(words=4, code_cells=1, exercises=1)
    """
    notebook = jupytext.reads(text, fmt="md")
    code = [cell.source for cell in notebook.cells if cell.cell_type == "code"]
    prose = " ".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")
    prose = re.sub(r"\]\([^)]*\)|<[^>]+>", " ", prose)  # link targets and HTML tags are not read
    return LessonTime(
        len(_WORD.findall(prose)),
        len(code),
        sum(bool(_CHECK_CALL.search(source)) for source in code),
    )


def lesson_minutes(root: Path) -> dict[str, int]:
    """Minutes per lesson number ("00"...), the most any edition needs (so no edition runs over)."""
    minutes: dict[str, int] = {}
    for lang in languages(root):
        for source in sorted((root / "lessons" / lang).glob("*.md")):
            if _NAME.match(source.stem):
                found = lesson_time(source.read_text(encoding="utf-8")).minutes
                minutes[source.stem[:2]] = max(found, minutes.get(source.stem[:2], 0))
    return minutes


def route_minutes(minutes: Mapping[str, int]) -> dict[str, int]:
    """Each route's modelled total: the sum of its lessons' minutes.

    >>> route_minutes({"00": 10, "01": 5, "02": 5, "03": 20, "04": 10, "05": 10, "06": 10,
    ...                "07": 30, "08": 10, "09": 30, "10": 35})
    {'admin': 50, 'developer': 95, 'appendix': 30}
    """
    return {name: sum(minutes.get(n, 0) for n in numbers) for name, numbers in ROUTES.items()}


def route_lines(minutes: Mapping[str, int]) -> list[str]:
    """One line per route, ``admin: 00 01 02 05 06 08 = 55 min``."""
    totals = route_minutes(minutes)
    return [f"{name}: {' '.join(numbers)} = {totals[name]} min" for name, numbers in ROUTES.items()]


def reading_order(lessons: list[Lesson]) -> list[Lesson]:
    """The numbered lessons in the routes' order (admin, developer, appendix), others last."""
    rank = {number: index for index, number in enumerate(READING_ORDER)}
    numbered = [lesson for lesson in lessons if lesson.numbered]
    return sorted(
        numbered, key=lambda item: (rank.get(item.source.stem[:2], len(rank)), item.source.stem)
    )


def _timed_text(text: str, minutes: Mapping[str, int], own: str | None, tables: bool = True) -> str:
    """``text`` with the model's minutes in its header (``own`` lesson) and its time tables.

    A time table row starts with a lesson number (``| 05 |``, ``| [5. Title](...) |``) and ends
    with the minutes; a row with a ``Total`` cell (``**Total**``, ``**Total: admin route**``)
    gets the sum of the rows above it, up to the previous total: one total per route.
    """
    if own is not None:
        text = _HEADER_TIME.sub(lambda m: f"{m.group(1)}{minutes[own]}{m.group(3)}", text)
    if not tables:
        return text
    shown: list[int] = []

    def row(match: re.Match) -> str:
        first = match.group(1).split("|")[0]
        lesson = _ROW_LESSON.match(first + "|")
        if lesson and f"{int(lesson.group(1)):02d}" in minutes:
            shown.append(minutes[f"{int(lesson.group(1)):02d}"])
            return f"|{match.group(1)}| {shown[-1]} |"
        if any(_ROW_TOTAL.match(cell) for cell in match.group(1).split("|")) and shown:
            total, shown[:] = sum(shown), []
            return f"|{match.group(1)}| {total} |"
        return match.group(0)

    return _TABLE_ROW.sub(row, text)


def _route_totals(text: str) -> list[int]:
    """The minutes of a time table's ``Total`` rows, in order."""
    return [
        int(match.group(2))
        for match in _TABLE_ROW.finditer(text)
        if any(_ROW_TOTAL.match(cell) for cell in match.group(1).split("|"))
    ]


def sync_times(root: Path, write: bool = False) -> list[str]:
    """Files whose minutes disagree with the time model; with ``write``, fix them instead."""
    minutes, stale = lesson_minutes(root), []
    files = [
        (path, path.stem[:2] if _NAME.match(path.stem) else None)
        for lang in languages(root)
        for path in sorted((root / "lessons" / lang).glob("*.md"))
    ]
    files += [(root / name, None) for name in TIMED_DOCS if (root / name).is_file()]
    routes = list(route_minutes(minutes).values())
    # Only a tree holding every route's lessons (not a test's small copy) must state the routes.
    has_routes = all(number in minutes for number in READING_ORDER)
    for path, own in files:
        text = path.read_text(encoding="utf-8")
        timed = _timed_text(text, minutes, own, tables=own in (None, "00"))
        is_table = own == "00" or path.relative_to(root).as_posix() in TIMED_DOCS
        if has_routes and is_table and _route_totals(timed) != routes:
            stale.append(
                f"{path.relative_to(root)}: its time table needs one Total row per route "
                f"({', '.join(ROUTES)}) after that route's lessons, giving {routes} minutes"
            )
        if timed != text and write:
            path.write_text(timed, encoding="utf-8", newline="\n")
        elif timed != text:
            stale.append(
                f"{path.relative_to(root)}: minutes differ from the time model; "
                "run python tools/build_notebooks.py --times"
            )
    return stale


class LessonError(Exception):
    """A lesson source cannot become a notebook; the message names the file and the cell."""


@dataclass(frozen=True)
class Lesson:
    """One lesson source, its H1 title and the notebook it becomes."""

    source: Path
    notebook: Path
    lang: str
    title: str

    @property
    def where(self) -> str:
        return f"lessons/{self.lang}/{self.source.name}"

    @property
    def numbered(self) -> bool:
        """True for a lesson of the sequence (``NN-slug``), False for a page such as the wizard."""
        return bool(_NAME.match(self.source.stem))


class _ThisPythonKernel(AsyncKernelManager):
    """Runs ipykernel with ``sys.executable`` (this venv), whatever other kernelspecs say."""

    @property
    def kernel_spec(self) -> KernelSpec:
        return KernelSpec(resource_dir=RESOURCES, **get_kernel_dict())


def titles_in(markdown: str) -> list[str]:
    """The H1 titles (``# Title``) of a markdown text, ignoring fenced code blocks."""
    titles, fence = [], ""
    for line in markdown.splitlines():
        marker = _FENCE.match(line)
        if marker and not fence:
            fence = marker.group(1)
        elif fence and line.strip().startswith(fence) and set(line.strip()) == {fence[0]}:
            fence = ""
        elif not fence and (h1 := _H1.match(line)):
            titles.append(h1.group(1))
    return titles


def sandbox_environment(env_dir: Path, base: Mapping[str, str] | None = None) -> dict[str, str]:
    """A lesson's environment: sandbox mode, ``env_dir/.env`` as ``.env``, this checkout importable."""
    env = {
        k: v for k, v in (os.environ if base is None else base).items() if k not in SANDBOX_UNSET
    }
    env["KEAP_ENV_FILE"] = str(env_dir / ".env")
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    return env


def languages(root: Path) -> list[str]:
    """Languages with lesson sources or committed notebooks."""
    found = {p.name for p in (root / "lessons").glob("*") if p.is_dir()}
    return sorted(found | {p.parent.name for p in (root / "notebooks").glob("*/*.ipynb")})


def find_lessons(root: Path, lang: str) -> tuple[list[Lesson], list[str]]:
    """The sources of ``lang``, sorted, with their titles; and why others were left out."""
    if lang not in NAV_WORDS:
        raise LessonError(f"lessons/{lang}: unknown language (known: {', '.join(NAV_WORDS)})")
    lessons, left_out = [], []
    for source in sorted((root / "lessons" / lang).glob("*.md")):
        titles = titles_in(source.read_text(encoding="utf-8")) or [source.stem]
        lesson = Lesson(source, root / "notebooks" / lang / f"{source.stem}.ipynb", lang, titles[0])
        if _NAME.match(source.stem) or _PAGE.match(source.stem):
            lessons.append(lesson)
        else:
            left_out.append(f"{lesson.where}: left out; name it like 03-two-words.md (a-z, 0-9, -)")
    return lessons, left_out


def nav_markdown(lessons: list[Lesson], index: int) -> str:
    """Links to the previous lesson, the contents (the 00 lesson) and the next lesson (none after
    the admin route's last lesson)."""
    previous, contents, following = NAV_WORDS[lessons[index].lang]
    links = []
    if index > 0:
        links.append(f"[← {previous}]({lessons[index - 1].notebook.name})")
    if index > 0 and lessons[0].source.stem.startswith("00-"):
        links.append(f"[{contents}]({lessons[0].notebook.name})")
    if index + 1 < len(lessons) and lessons[index].source.stem[:2] != FINISH:
        nxt = lessons[index + 1]
        title = nxt.title.replace("[", r"\[").replace("]", r"\]")
        links.append(f"[{following}: {title} →]({nxt.notebook.name})")
    return " · ".join(links)


def convert(lessons: list[Lesson], index: int) -> NotebookNode:
    """The unexecuted notebook of ``lessons[index]``: checked cells between two navigation cells."""
    lesson = lessons[index]
    text = lesson.source.read_text(encoding="utf-8")
    if len(titles_in(text)) != 1:
        raise LessonError(
            f"{lesson.where}: needs exactly one '# Title' line, found {len(titles_in(text))}"
        )
    source = jupytext.reads(text, fmt="md")
    if source.metadata.get("jupytext", {}).get("main_language", "python") != "python":
        raise LessonError(
            f"{lesson.where}: most code fences are not ```python; show commands "
            "in ```console or ```text fences (```sh/```bash become code cells)"
        )
    sequence = reading_order(lessons)
    nav = nav_markdown(sequence, sequence.index(lesson)) if lesson.numbered else None
    cells = [] if nav is None else [new_markdown_cell(nav, metadata={"tags": [NAV_TAG]})]
    for number, cell in enumerate(source.cells, start=1):
        _validate(cell, f"{lesson.where}, cell {number}")
        make = new_code_cell if cell.cell_type == "code" else new_markdown_cell
        cells.append(make(cell.source, metadata=_kept_metadata(cell.metadata)))
    if nav is not None:
        cells.append(new_markdown_cell(nav, metadata={"tags": [NAV_TAG]}))
    _assign_ids(cells, nav=nav is not None)
    return new_notebook(cells=cells, metadata=nbformat.from_dict(NOTEBOOK_METADATA))


def execute(nb: NotebookNode, cwd: Path, where: str, timeout: int = 120) -> None:
    """Run every code cell in a fresh kernel of this Python, in sandbox mode, inside ``cwd``."""
    if not any(cell.cell_type == "code" for cell in nb.cells):
        return
    running = {"index": 0}

    def _track(cell: NotebookNode, cell_index: int, **_: object) -> None:
        running["index"] = cell_index

    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name=KERNELSPEC["name"],
        kernel_manager_class=_ThisPythonKernel,
        store_widget_state=False,
        record_timing=False,
        coalesce_streams=True,
        shutdown_kernel="immediate",
        extra_arguments=["--IPKernelApp.log_level=ERROR"],
        on_cell_execute=_track,
        resources={"metadata": {"path": str(cwd)}},
    )
    with tempfile.TemporaryDirectory(prefix="keap-lesson-") as env_dir:
        try:
            client.execute(env=sandbox_environment(Path(env_dir)))
        except (CellControlSignal, DeadKernelError) as exc:
            index = running["index"]
            raise LessonError(
                f"{where}, cell {index} ({_first_line(nb.cells[index])!r}) failed "
                f"(tag it {RAISES_TAG!r} if that is on purpose):\n{exc}"
            ) from None
    for index, cell in enumerate(nb.cells):
        raised = any(out.output_type == "error" for out in cell.get("outputs", []))
        if RAISES_TAG in cell.metadata.get("tags", []) and not raised:
            raise LessonError(
                f"{where}, cell {index} ({_first_line(cell)!r}) is tagged "
                f"{RAISES_TAG!r} but raised nothing"
            )


def sanitize_rules(path: Path = SANITIZE_FILE) -> Rules:
    """nbval's regex/replace pairs, read as nbval reads them (none if the file is missing)."""
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    pairs = re.findall(r"^regex: (.*)$\n^replace: (.*)$", text, flags=re.MULTILINE)
    return [(re.compile(regex), replace) for regex, replace in pairs]


def keep_checked_outputs(nb: NotebookNode, rules: Rules | None = None) -> None:
    """Keep outputs, numbered 1..n, only on run ``nbval-check-output`` cells; tidy all metadata.

    Kept outputs are stored already sanitized with ``rules`` (ports, latencies, temporary
    paths...), so rebuilding gives identical files; nbval sanitizes both sides anyway.
    """
    count = 0
    for cell in nb.cells:
        cell.metadata = _kept_metadata(cell.metadata)
        if cell.cell_type != "code":
            continue
        if CHECK_TAG in cell.metadata.get("tags", []) and cell.execution_count is not None:
            count += 1
            cell.execution_count = count
            for output in cell.outputs:
                _tidy_output(output, count, rules or [])
        else:
            cell.outputs, cell.execution_count = [], None
    nb.metadata = nbformat.from_dict(NOTEBOOK_METADATA)


def _tidy_output(output: NotebookNode, count: int, rules: Rules) -> None:
    def clean(text: str) -> str:
        for regex, replace in rules:
            text = regex.sub(replace, text)
        return text

    data = output.get("data", {})
    data.pop(_WIDGET_VIEW, None)  # a random model id that nbval never compares
    data.update(
        {k: clean(v) for k, v in data.items() if k.startswith("text/") and isinstance(v, str)}
    )
    if output.output_type == "stream":
        output.text = clean(output.text)
    if output.output_type == "error":  # a traceback holds machine paths; nbval ignores it
        output.evalue = clean(output.evalue)
        output.traceback = [f"{output.ename}: {output.evalue}"]
    if output.output_type == "execute_result":
        output.execution_count = count


def write(nb: NotebookNode, path: Path) -> bool:
    """Validate and write ``nb`` (stable JSON); return False when the file already had it."""
    nbformat.validate(nb)
    text = nbformat.writes(nb, version=4).rstrip("\n") + "\n"
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")
    return True


def build(
    root: Path,
    lang: str,
    names: set[str] | None = None,
    run: bool = True,
    log: Callable[[str], None] = print,
) -> list[str]:
    """Build the lessons of ``lang`` (only ``names`` if given); return the error messages."""
    lessons, errors = find_lessons(root, lang)
    rules = sanitize_rules()
    for index, lesson in enumerate(lessons):
        if names and lesson.source.stem not in names:
            continue
        started = time.perf_counter()
        try:
            nb = convert(lessons, index)
            lesson.notebook.parent.mkdir(parents=True, exist_ok=True)
            if run:
                execute(nb, lesson.notebook.parent, lesson.where)
            keep_checked_outputs(nb, rules)
            if KEY_PATTERN.search(json.dumps(nb, ensure_ascii=False)):
                raise LessonError(f"{lesson.where}: an output shows a key; print mask(key) instead")
            state = "written" if write(nb, lesson.notebook) else "unchanged"
        except LessonError as exc:
            errors.append(str(exc))
            state = "FAILED"
        log(
            f"notebooks/{lang}/{lesson.notebook.name}  {time.perf_counter() - started:.1f} s  {state}"
        )
    return errors


def check(root: Path, langs: list[str] | None = None) -> list[str]:
    """Differences between the committed notebooks and what their sources produce (no kernel)."""
    problems = []
    for lang in langs or languages(root):
        try:
            lessons, left_out = find_lessons(root, lang)
        except LessonError as exc:
            problems.append(str(exc))
            continue
        problems += left_out
        for index, lesson in enumerate(lessons):
            try:
                problems += _compare(lesson.notebook, convert(lessons, index))
            except LessonError as exc:
                problems.append(str(exc))
        built = {lesson.notebook for lesson in lessons}
        for path in sorted(set((root / "notebooks" / lang).glob("*.ipynb")) - built):
            problems.append(f"notebooks/{lang}/{path.name}: no lesson source builds it")
    return problems


def _compare(path: Path, expected: NotebookNode) -> list[str]:
    rel = f"notebooks/{path.parent.name}/{path.name}"
    if not path.is_file():
        return [f"{rel}: missing; run python tools/build_notebooks.py"]
    actual = nbformat.read(path, as_version=4)
    got, want = (
        [(c.cell_type, c.source, c.metadata.get("tags", [])) for c in nb.cells]
        for nb in (actual, expected)
    )
    diff = next((i for i, (a, b) in enumerate(zip(got, want, strict=False)) if a != b), None)
    if diff is not None:
        return [f"{rel}: cell {diff} differs from the source (type, text or tags)"]
    if len(got) != len(want):
        return [f"{rel}: has {len(got)} cells, the source gives {len(want)}"]
    if actual.metadata.get("kernelspec") != KERNELSPEC:
        return [f"{rel}: kernelspec is not {KERNELSPEC}"]
    return []


def _validate(cell: NotebookNode, where: str) -> None:
    if cell.cell_type == "raw":
        raise LessonError(f"{where}: raw cells are not allowed (a ```python fence with options?)")
    if "incorrectly_encoded_metadata" in cell.metadata:
        bad = cell.metadata["incorrectly_encoded_metadata"]
        raise LessonError(f'{where}: unreadable fence options {bad!r}; write tags=["a", "b"]')
    if cell.cell_type == "code" and cell.source.lstrip().startswith("%%"):
        raise LessonError(
            f"{where}: not a Python cell ({_first_line(cell)!r}); show commands "
            "in ```console or ```text fences (```sh/```bash become code cells)"
        )
    if cell.cell_type == "code" and re.search(r"^\s*#\s*NBVAL_", cell.source, re.MULTILINE):
        raise LessonError(f"{where}: use cell tags, not NBVAL_ comments")
    for tag in cell.metadata.get("tags", []):
        special = tag.startswith(("nbval", "raises")) or tag == NAV_TAG
        if special and (tag not in (CHECK_TAG, RAISES_TAG) or cell.cell_type != "code"):
            raise LessonError(
                f"{where}: tag {tag!r} is not allowed here "
                f"(code cells may use {CHECK_TAG!r} and {RAISES_TAG!r})"
            )
    if KEY_PATTERN.search(cell.source):
        raise LessonError(f"{where}: key-shaped literal; use the DEMO_* constants or mask()")


def _kept_metadata(metadata: Mapping[str, object]) -> dict[str, object]:
    return {
        key: metadata[key] for key in KEPT_CELL_METADATA if metadata.get(key) not in (None, [], {})
    }


def _assign_ids(cells: list[NotebookNode], nav: bool = True) -> None:
    """Stable cell ids (a hash of the content), so rebuilding never churns the files."""
    seen: set[str] = set()
    for cell in cells[1:-1] if nav else cells:
        base = hashlib.sha1(f"{cell.cell_type}\0{cell.source}".encode()).hexdigest()[:8]
        cell.id, n = base, 1
        while cell.id in seen:
            n += 1
            cell.id = f"{base}-{n}"
        seen.add(cell.id)
    if nav:
        cells[0].id, cells[-1].id = "nav-top", "nav-bottom"


def _first_line(cell: NotebookNode) -> str:
    return next((line for line in cell.source.splitlines() if line.strip()), "")[:60]


def _time_report(root: Path) -> list[str]:
    """One line per lesson and edition: what the model counted and the minutes it gives."""
    lines = [
        f"time model: {READING_WPM} words/min + {MINUTES_PER_CODE_CELL:g} min per code cell "
        f"+ {MINUTES_PER_EXERCISE:g} min per exercise, rounded up to {ROUND_TO} min"
    ]
    for lang in languages(root):
        for source in sorted((root / "lessons" / lang).glob("*.md")):
            if _NAME.match(source.stem):
                time_ = lesson_time(source.read_text(encoding="utf-8"))
                lines.append(
                    f"{lang}/{source.stem}: {time_.words} words, {time_.code_cells} code cells, "
                    f"{time_.exercises} exercises -> {time_.exact:.1f} min"
                )
    minutes = lesson_minutes(root)
    lines.append(
        "minutes: "
        + ", ".join(f"{k} {v}" for k, v in minutes.items())
        + f"; total {sum(minutes.values())}"
    )
    return lines + route_lines(minutes)


def main(argv: list[str] | None = None, root: Path = ROOT) -> int:
    """Command line: build (default) or --check; exit status 0 when all is well."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lang", choices=sorted(NAV_WORDS), help="one language (default: all)")
    parser.add_argument(
        "--check",
        action="store_true",
        help="compare committed notebooks with their sources; write nothing",
    )
    parser.add_argument("--no-execute", action="store_true", help="do not run the code cells")
    parser.add_argument(
        "--times",
        action="store_true",
        help="write the time model's minutes into lesson headers, tables and notes",
    )
    parser.add_argument("lessons", nargs="*", help="lesson names or files (default: all)")
    args = parser.parse_args(argv)
    langs = [args.lang] if args.lang else languages(root)
    if args.times:
        for line in _time_report(root):
            print(line)
        sync_times(root, write=True)
        return 0
    if args.check:
        problems = check(root, langs) + sync_times(root)
        print("\n".join(problems) or f"notebooks match their sources ({', '.join(langs)})")
        return 1 if problems else 0
    names = {Path(name).stem for name in args.lessons}
    known = {p.stem for lang in langs for p in (root / "lessons" / lang).glob("*.md")}
    errors = [f"no lesson named {name!r}" for name in sorted(names - known)]
    for lang in langs:
        try:
            errors += build(root, lang, names, run=not args.no_execute)
        except LessonError as exc:
            errors.append(str(exc))
    for error in errors:
        print(f"ERROR {error}", file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
