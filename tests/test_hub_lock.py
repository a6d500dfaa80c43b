"""The classes' lock, binder/requirements.txt: exact pins, in step with binder/requirements.in,
and complete enough to install on its own in a fresh environment."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

import tasks

ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / tasks.LOCK
LOCK_IN = ROOT / tasks.LOCK_IN


def _pins(text: str) -> dict[str, str]:
    """name -> version for every ``name==version`` line."""
    pins = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, sep, version = line.partition("==")
            assert sep and version and not re.search(r"[<>=!~;@ ]", version), f"not exact: {line!r}"
            pins[canonicalize_name(name)] = version
    return pins


def _requirements(path: Path) -> list[Requirement]:
    """The requirements of a pip requirements file, following ``-r`` includes."""
    found = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line.startswith("-r"):
            found += _requirements((path.parent / line[2:].strip()).resolve())
        elif line:
            found.append(Requirement(line))
    return found


def test_lock_pins_every_package_exactly_and_satisfies_every_requirement():
    pins = _pins(LOCK.read_text(encoding="utf-8"))
    for requirement in _requirements(LOCK_IN):
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{requirement} is missing from the lock: run python3 tasks.py lock"
        assert requirement.specifier.contains(pins[name], prereleases=True), (
            f"the lock has {name}=={pins[name]}, outside {requirement}: run python3 tasks.py lock"
        )


def test_lock_is_exactly_what_the_lock_command_resolves_for_its_recorded_date(tmp_path):
    """Resolve again with the lock's own date (uv's --exclude-newer), so PyPI's later releases
    do not count: any difference means the requirements changed without a new lock."""
    header = LOCK.read_text(encoding="utf-8")
    date = re.search(r"--exclude-newer (\S+)", header).group(1)
    out = tmp_path / "requirements.txt"
    command = [
        sys.executable if part == str(tasks.PYTHON) else part for part in tasks.lock_command(date)
    ]
    done = subprocess.run(
        [*command, "--quiet", "-o", str(out)], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert _pins(out.read_text()) == _pins(header), "the lock is stale: run python3 tasks.py lock"


def test_binder_runs_the_python_the_lock_was_made_for():
    runtime = (ROOT / "binder" / "runtime.txt").read_text().strip().removeprefix("python-")
    assert f"--python-version {runtime} " in LOCK.read_text(encoding="utf-8")


@pytest.mark.slow
def test_lock_installs_alone_in_a_fresh_environment_and_is_consistent(tmp_path):
    env_dir = tmp_path / "fresh"
    subprocess.run([sys.executable, "-m", "venv", str(env_dir)], check=True)
    python = str(env_dir / "bin" / "python")
    # --no-deps: everything the lock needs must be in the lock itself.
    done = subprocess.run(
        [
            python,
            "-m",
            "pip",
            "install",
            "-q",
            "--disable-pip-version-check",
            "--no-deps",
            "-r",
            str(LOCK),
        ],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    check = subprocess.run([python, "-m", "pip", "check"], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout
    installed = subprocess.run(
        [python, "-m", "pip", "list", "--format=freeze"], capture_output=True, text=True, check=True
    ).stdout
    pins = _pins(LOCK.read_text(encoding="utf-8"))
    lines = (line.partition("==") for line in installed.split())
    got = {canonicalize_name(name): version for name, _, version in lines}
    assert {n: got.get(n) for n in pins} == pins
    imports = (
        "import jupyterlab, voila, nbgitpuller, ipywidgets, dotenv, requests; "
        "from jupyterhub import singleuser"
    )
    smoke = subprocess.run([python, "-c", imports], capture_output=True, text=True)
    assert smoke.returncode == 0, smoke.stderr[-2000:]
