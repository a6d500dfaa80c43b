"""Updating the tutorial keeps the learner's work: a real clone, real saves, a real merge.

The upstream is a git copy of this checkout's last commit; the learner clones it, runs every
lesson (each saved through Jupyter's own contents manager with the tutorial's pre-save hook, as
JupyterLab saves it), edits a lesson, saves a ``.env``; upstream then changes that lesson and
another one. ``python3 tasks.py update`` must merge without a conflict and keep it all. No
network: every repository is in a temporary folder.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

import tasks
from helpers.lessons import LESSONS

ROOT = Path(__file__).resolve().parents[1]
GIT = [
    "git",
    "-c",
    "user.email=t@example.com",
    "-c",
    "user.name=t",
    "-c",
    "init.defaultBranch=main",
]
LIVE = f"notebooks/es/{LESSONS['06']['es']}.ipynb"
NAME = f"notebooks/es/{LESSONS['01']['es']}.ipynb"


def _git(folder: Path, *args: str) -> str:
    done = subprocess.run([*GIT, *args], cwd=folder, capture_output=True, text=True, check=True)
    return done.stdout


def _contents_manager(root: Path):
    from jupyter_server.services.contents.largefilemanager import LargeFileManager

    return LargeFileManager(root_dir=str(root), pre_save_hook=tasks.PRE_SAVE_HOOK)


def _as_run(nb: dict) -> dict:
    """The notebook as JupyterLab holds it after Run All: outputs and counts everywhere."""
    nb = json.loads(json.dumps(nb))
    for count, cell in enumerate((c for c in nb["cells"] if c["cell_type"] == "code"), 1):
        cell["execution_count"] = count
        cell["outputs"] = [{"output_type": "stream", "name": "stdout", "text": f"run {count}\n"}]
        cell["metadata"]["execution"] = {"iopub.status.idle": "2026-01-01T00:00:00Z"}
    nb["metadata"]["language_info"] = {"name": "python", "version": "3.11.2"}
    nb["metadata"]["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    return nb


@pytest.fixture
def clones(tmp_path: Path) -> tuple[Path, Path]:
    upstream, learner = tmp_path / "upstream", tmp_path / "clave-api-keap"
    _git(ROOT, "worktree", "list")  # fails early outside a git checkout
    subprocess.run(["git", "clone", "-q", "--no-hardlinks", str(ROOT), str(upstream)], check=True)
    _git(upstream, "checkout", "-q", "-B", "main")
    subprocess.run(["git", "clone", "-q", str(upstream), str(learner)], check=True)
    venv = Path(sys.prefix)  # the learner's .venv: this one, already installed
    (learner / ".venv").symlink_to(venv, target_is_directory=True)
    stamp, digest = tasks.install_stamp("requirements.txt")
    (venv / stamp.name).write_text(digest)
    return upstream, learner


def test_running_every_lesson_leaves_the_tracked_notebooks_unchanged(clones):
    _, learner = clones
    manager = _contents_manager(learner)
    lessons = sorted((learner / "notebooks").glob("*/*.ipynb"))
    assert len(lessons) >= 30
    for path in lessons:
        api_path = path.relative_to(learner).as_posix()
        model = {"type": "notebook", "format": "json"}
        model["content"] = _as_run(json.loads(path.read_text(encoding="utf-8")))
        manager.save(model, api_path)
    assert _git(learner, "status", "--porcelain", "--untracked-files=no") == ""


def test_update_merges_a_newer_lesson_and_keeps_the_learners_edits_and_env(clones):
    upstream, learner = clones
    manager = _contents_manager(learner)
    for path in sorted((learner / "notebooks").glob("*/*.ipynb")):  # Run All, saved
        model = {"type": "notebook", "format": "json"}
        model["content"] = _as_run(json.loads(path.read_text(encoding="utf-8")))
        manager.save(model, path.relative_to(learner).as_posix())
    # The learner's own edits in lesson 06: a changed code cell and a cell of their own.
    live = json.loads((learner / LIVE).read_text(encoding="utf-8"))
    code = next(c for c in live["cells"] if c["cell_type"] == "code")
    code["source"] = "".join(code["source"]) + "\n# my own note"
    live["cells"].append(nbformat.v4.new_code_cell("print('my own cell')").copy())
    live["cells"][-1]["id"] = "learner-own-cell"
    manager.save({"type": "notebook", "format": "json", "content": _as_run(live)}, LIVE)
    env = learner / ".env"
    env.write_text("KEAP_APP_NAME=zz123\nKEAP_API_KEY=KeapAK-learner\n", encoding="utf-8")
    # Upstream corrects lesson 01 and the end of lesson 06's first markdown cell.
    for name, marker in ((NAME, "Corrected in a later version."), (LIVE, "Also corrected.")):
        nb = json.loads((upstream / name).read_text(encoding="utf-8"))
        cell = next(c for c in nb["cells"] if c["cell_type"] == "markdown")
        cell["source"] = "".join(cell["source"]) + f"\n\n{marker}"
        (upstream / name).write_text(nbformat.writes(nbformat.from_dict(nb)) + "\n")
    _git(upstream, "commit", "-qam", "Correct two lessons")

    done = subprocess.run(
        [sys.executable, "tasks.py", "update", "en"], cwd=learner, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Tutorial updated: 1 new change arrived" in done.stdout
    assert "Traceback" not in done.stdout + done.stderr
    assert env.read_text(encoding="utf-8").endswith("KEAP_API_KEY=KeapAK-learner\n")
    assert "Corrected in a later version." in (learner / NAME).read_text(encoding="utf-8")
    merged = nbformat.read(learner / LIVE, as_version=4)  # still a valid notebook
    nbformat.validate(merged)
    text = json.dumps(merged)
    assert "Also corrected." in text and "# my own note" in text and "my own cell" in text
    assert _git(learner, "status", "--porcelain", "--untracked-files=no") == ""
    # A plain `git pull` afterwards has nothing left to conflict with.
    subprocess.run([*GIT, "pull", "-q", "--no-rebase"], cwd=learner, check=True)


def test_update_outside_a_git_clone_says_so_without_a_traceback(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "helpers.update", "--lang", "es", "--folder", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 3
    assert "no es una copia git del tutorial" in done.stderr and "Traceback" not in done.stderr
