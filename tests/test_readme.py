"""The README's first screen and its links: what a newcomer reads first must be true."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from helpers.lessons import LESSONS, WIZARD

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
BINDER = "https://mybinder.org/v2/gh/" + (ROOT / "binder" / "repository.txt").read_text().strip()


def test_first_screen_gives_the_two_setup_commands():
    first_screen = "\n".join(README.splitlines()[:30])
    assert "python3 tasks.py run" in first_screen and "python3 tasks.py test" in first_screen
    assert (ROOT / ".ci" / "run").read_text().count("tasks.py test") == 1


def test_every_relative_link_and_image_resolves():
    targets = re.findall(r"\]\(([^)\s]+)\)", README)
    local = [t for t in targets if "://" not in t and not t.startswith("#")]
    assert local and [t for t in local if not (ROOT / t).exists()] == []


@pytest.mark.parametrize("lang", ["es", "en", "pt"])
def test_each_edition_has_its_lessons_and_binder_links(lang):
    start = f"notebooks/{lang}/{LESSONS['00'][lang]}.ipynb"
    assert f"]({start})" in README
    assert f"{BINDER}/HEAD?urlpath=lab/tree/{start}" in README
    assert (
        f"{BINDER}/HEAD?urlpath=voila%2Frender%2Fnotebooks%2F{lang}%2F{WIZARD[lang]}.ipynb"
        in README
    )
    for names in LESSONS.values():
        assert f"(notebooks/{lang}/{names[lang]}.ipynb)" in README
