"""Lesson times come from one model, computed by the build, and every place that shows them
agrees: each lesson's header, lesson 00's contents, the README table and the trainer notes."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import build_notebooks as build  # noqa: E402

LESSON = """# 1. Una lección

**Tiempo:** 5 minutos.

{prose}

```python
from helpers import tutorial
tutorial.start("es")
```

```python
from helpers.exercises import check
check("01-1", answer)
```
"""


def test_committed_minutes_agree_with_the_time_model_everywhere():
    assert build.sync_times(ROOT) == []


@pytest.mark.parametrize("lang", ["es", "en", "pt"])
def test_every_lesson_header_states_its_time(lang):
    for source in sorted((ROOT / "lessons" / lang).glob("[0-9][0-9]-*.md")):
        assert build._HEADER_TIME.search(source.read_text(encoding="utf-8")), source.name


def test_model_counts_prose_words_code_cells_and_exercises():
    time = build.lesson_time(LESSON.format(prose="palabra " * 300))
    assert (time.code_cells, time.exercises) == (2, 1)
    assert 300 <= time.words <= 310  # the prose plus the title and header words
    expected = (
        time.words / build.READING_WPM
        + 2 * build.MINUTES_PER_CODE_CELL
        + build.MINUTES_PER_EXERCISE
    )
    assert time.exact == pytest.approx(expected)
    assert time.minutes % build.ROUND_TO == 0 and time.minutes >= time.exact


def test_link_targets_and_html_are_not_counted_as_words():
    plain = build.lesson_time("# T\n\nuno dos tres\n")
    linked = build.lesson_time(
        "# T\n\n[uno](https://example.com/a-b-c/d) dos <details>tres</details>\n"
    )
    assert plain.words == linked.words


def _copy_project(tmp_path: Path) -> Path:
    for name in ("lessons", "README.md", "docs"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name)
        else:
            shutil.copy(source, tmp_path / name)
    return tmp_path


def test_a_lesson_that_grows_makes_every_place_stale_until_times_are_written(tmp_path):
    root = _copy_project(tmp_path)
    lesson = next((root / "lessons" / "es").glob("05-*.md"))
    lesson.write_text(
        lesson.read_text(encoding="utf-8") + "\n\n" + "palabra " * 3000, encoding="utf-8"
    )
    stale = "\n".join(build.sync_times(root))
    for place in (
        "lessons/es/05-",
        "lessons/en/00-",
        "README.md",
        "docs/para-formadores.md",
        "docs/for-trainers.md",
        "docs/para-instrutores.md",
    ):
        assert place in stale
    assert build.sync_times(root, write=True) == []
    assert build.sync_times(root) == []
    minutes = build.lesson_minutes(root)["05"]
    assert f"**Tiempo:** {minutes} minutos." in lesson.read_text(encoding="utf-8")
    readme_row = next(
        line for line in (root / "README.md").read_text().splitlines() if line.startswith("| 5 |")
    )
    assert readme_row.endswith(f"| {minutes} |")


def test_a_hand_edited_minute_is_put_back_by_the_model():
    text = (ROOT / "docs" / "for-trainers.md").read_text(encoding="utf-8")
    edited = re.sub(r"(\| 05 \| Today's keys \| )\d+ \|", r"\g<1>1 |", text)
    assert edited != text
    assert build._timed_text(edited, build.lesson_minutes(ROOT), None) == text
