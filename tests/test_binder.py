"""Binder builds from binder/ alone: a fresh environment made only from those files runs the lessons.

Docker (and so repo2docker) is not available on the test machines, so this does what
repo2docker would do with these files: a new virtual environment, ``binder/requirements.txt``,
then ``binder/postBuild`` from the repository root, then every Spanish lesson executed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

import tasks

ROOT = Path(__file__).resolve().parents[1]
BINDER = ROOT / "binder"


def test_binder_folder_has_what_repo2docker_reads():
    assert (BINDER / "runtime.txt").read_text().strip().startswith("python-3.")
    post_build = (BINDER / "postBuild").read_text()
    assert post_build.startswith("#!/usr/bin/env bash") and "set -e" in post_build
    assert os.access(BINDER / "postBuild", os.X_OK)
    json.loads((BINDER / "overrides.json").read_text())


def test_binder_requirements_match_the_tutorials():
    """Every package the tutorial needs is pinned in Binder's lock (names compared as pip does)."""

    lines = (
        line.split("#")[0].strip() for line in (ROOT / "requirements.txt").read_text().splitlines()
    )
    needed = {canonicalize_name(Requirement(line).name) for line in lines if line}
    pinned = {
        canonicalize_name(name)
        for name, _ in tasks.pinned((BINDER / "requirements.txt").read_text())
    }
    assert needed <= pinned


def test_fresh_environment_from_binder_files_runs_the_lessons(binder_environment, tmp_path):
    # As repo2docker does: the lock alone (hashes checked; nbconvert, which runs the lessons
    # below, is in it through jupyter_server), then postBuild.
    env_dir = binder_environment
    python = env_dir / "bin" / "python"
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("KEAP_", "VIRTUAL_ENV", "PYTHON"))
    }
    env.update(
        PATH=f"{env_dir / 'bin'}{os.pathsep}{env['PATH']}",
        NB_PYTHON_PREFIX=str(env_dir),
        KEAP_ENV_FILE=str(tmp_path / "binder.env"),
    )
    subprocess.run(["bash", str(BINDER / "postBuild")], cwd=ROOT, env=env, check=True, timeout=600)
    assert (env_dir / "share/jupyter/lab/settings/overrides.json").exists()
    lessons = sorted((ROOT / "notebooks" / "es").glob("[0-9][0-9]-*.ipynb"))
    assert lessons, "no Spanish lessons to run: an empty collection is a failure"
    done = subprocess.run(
        [
            str(python),
            "-m",
            "jupyter",
            "nbconvert",
            "--to",
            "notebook",
            "--execute",
            "--output-dir",
            str(tmp_path / "out"),
            "--ExecutePreprocessor.timeout=120",
            "--ExecutePreprocessor.kernel_name=python3",
            *map(str, lessons),
        ],
        cwd=ROOT / "notebooks" / "es",
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert len(list((tmp_path / "out").glob("*.ipynb"))) == len(lessons)


def test_binder_links_name_the_repository_from_one_place():
    done = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "binder_links.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    owner_repo = (BINDER / "repository.txt").read_text().strip()
    assert f"https://mybinder.org/v2/gh/{owner_repo}/HEAD?urlpath=lab/tree/notebooks/es/" in readme
