"""A newcomer's first run, in one fresh copy of the repository with no ``.venv``: ``tasks.py run``,
then ``wizard``, then ``test``, each as its first run. Each prints one line per installation stage
and at most FIRST_SCREEN lines before the address to open (for ``test``, before pytest's own
output), and no warning of the tutorial's own making: none from its packaging, its server options
or the tools it installs with (their output is in ``.venv/install.log``).

The copy installs for real, from the package index (a few minutes from the local pip cache),
held to requirements-test.lock's versions so that it installs the same on any later day
(tests/first_run_rig.py). ``bench/bench_first_run.py`` prints the same figures.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import tasks
from helpers.i18n import t
from tests import first_run_rig as rig

ROOT = Path(__file__).resolve().parents[1]
FIRST_SCREEN = 60  # lines a newcomer reads before the address (issue: "at most 60")
# What a warning of the tutorial's own making looks like: Python's warnings (SetuptoolsWarning,
# DeprecationWarning, ...), setuptools' boxed notices, pip's and npm's own warnings.
WARNING = re.compile(r"Warning\b|\bWARN(ING)?\b|DEPRECAT|^\s*!!\s*$|\*{20}", re.IGNORECASE)
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(os.name == "nt", reason="Ctrl+C is a POSIX signal here"),
]


@pytest.fixture(scope="module")
def first_runs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """One fresh copy, shared by every assertion: run, wizard, test (see tests/first_run_rig)."""
    root = rig.fresh_copy(Path(tempfile.mkdtemp(prefix="clave-api-keap-")))
    try:
        yield rig.first_runs(root, tmp_path_factory.mktemp("newcomer"))
    finally:
        shutil.rmtree(root, ignore_errors=True)


@pytest.mark.parametrize(("kind", "lang"), [("run", "en"), ("wizard", "pt")])
def test_a_first_run_ends_with_one_line_naming_the_address(first_runs, kind, lang):
    run = first_runs[kind]
    before = run.before(rig.MARKER)
    assert len(before) <= FIRST_SCREEN, "\n".join(before)
    (line,) = [line for line in run.lines if rig.MARKER in line]
    page = tasks.page_path(kind, lang)
    assert re.search(rf"http://\S+/{re.escape(page)}\?token=[0-9a-f]+", line), line
    assert run.address_status == 200  # the address opens the page, token and all
    opening = t("server.open", lang, url="URL").split("URL")[0]
    assert opening in line
    assert run.exit_code == 0, "\n".join(run.lines[-30:])  # one Ctrl+C ends it


def test_a_first_run_shows_one_line_per_installation_stage_in_the_learners_language(first_runs):
    stages = [t(key, "en") for key, _ in tasks.install_stages("requirements.txt")]
    assert first_runs["run"].lines[:3] == [t("install.venv", "en"), *stages]
    assert first_runs["wizard"].lines[:2] == [
        t(key, "pt") for key, _ in tasks.install_stages("requirements.txt")
    ]


@pytest.mark.parametrize("kind", ["run", "wizard", "test"])
def test_a_first_run_prints_no_warning_of_the_tutorials_own_making(first_runs, kind):
    run = first_runs[kind]
    marker = rig.MARKER if kind != "test" else "test session starts"
    warnings = [line for line in run.before(marker) if WARNING.search(line)]
    assert warnings == []


def test_the_test_commands_first_run_reaches_pytest_within_the_first_screen(first_runs):
    run = first_runs["test"]
    before = run.before("test session starts")
    assert len(before) <= FIRST_SCREEN, "\n".join(before)
    assert run.exit_code == 0, "\n".join(run.lines[-30:])
    lang = first_runs["test_lang"]
    stages = tasks.install_stages(tasks.TEST_LOCK_IN)
    assert before[: len(stages)] == [t(key, lang, lock=tasks.TEST_LOCK) for key, _ in stages]


def test_the_tools_output_is_kept_in_the_install_log(first_runs):
    """Every stage's command and output are in .venv/install.log (run's, wizard's, test's), and
    none of it is setuptools speaking about the tutorial's package."""
    log = first_runs["install_log"]
    stages = [*tasks.install_stages("requirements.txt")] * 2 + tasks.install_stages(
        tasks.TEST_LOCK_IN
    )
    assert log.count("\n$ ") == len(stages)
    logged = re.sub(r"\S*/clave-api-keap-[^/\s]+", "<root>", log)  # the copy's folder
    shown = [shlex.join(command[3:]).replace(str(ROOT), "<root>") for _, command in stages]
    assert [line for line in shown if line not in logged] == []  # "pip install ..." lines
    assert "absent from the `packages` configuration" not in log
