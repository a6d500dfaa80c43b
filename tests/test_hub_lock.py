"""The locks: exact pins with hashes, made by ``python3 tasks.py lock`` from lower bounds.

``binder/requirements.txt`` is the classes' environment (Binder, the hubs' image, TLJH);
``requirements-test.lock`` is what ``python3 tasks.py test`` installs. Nothing here asks a
package index which versions exist today: re-resolving is the maintainer's
``python3 tasks.py lock --check``. The slow test installs the classes' lock alone (exact files,
hashes checked) and proves it is complete and in step with its lower bounds.
"""

from __future__ import annotations

import json
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

import tasks

ROOT = Path(__file__).resolve().parents[1]
LOCKS = tasks.LOCKS


def _pins(lock: str) -> dict[str, set[str]]:
    """Canonical name -> every version the lock pins for it (a universal lock may pin one
    version per Python)."""
    pins: dict[str, set[str]] = {}
    for (name, _markers), version in tasks.pinned((ROOT / lock).read_text("utf-8")).items():
        pins.setdefault(canonicalize_name(name), set()).add(version)
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


@pytest.mark.parametrize("lock", LOCKS)
def test_every_pin_is_exact_and_carries_hashes(lock):
    entries = (ROOT / lock).read_text("utf-8").split("\n")
    pins = [i for i, line in enumerate(entries) if line and line[0].isalnum()]
    assert pins, f"{lock} pins nothing"
    for i in pins:
        requirement = Requirement(entries[i].rstrip(" \\"))
        assert len(requirement.specifier) == 1, entries[i]
        assert next(iter(requirement.specifier)).operator == "==", entries[i]
        assert entries[i].endswith("\\") and "--hash=sha256:" in entries[i + 1], (
            f"{lock}: {entries[i]} has no hash: run python3 tasks.py lock"
        )


@pytest.mark.parametrize("lock", LOCKS)
def test_lock_pins_every_requirement_within_its_lower_bounds(lock):
    pins = _pins(lock)
    for requirement in _requirements(ROOT / LOCKS[lock]):
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{requirement} is missing from {lock}: run python3 tasks.py lock"
        for version in pins[name]:
            assert requirement.specifier.contains(version, prereleases=True), (
                f"{lock} has {name}=={version}, outside {requirement}: run python3 tasks.py lock"
            )


@pytest.mark.parametrize("lock", LOCKS)
def test_lock_records_the_command_and_date_that_made_it(lock):
    header = (ROOT / lock).read_text("utf-8").split("\n", 3)[1]
    command = tasks.lock_command(tasks.recorded_date(lock), lock)[3:]  # from "uv pip compile"
    assert " ".join(command) in header, f"{lock} was not made by tasks.py lock: run it again"


def test_binder_runs_the_python_the_lock_was_made_for():
    runtime = (ROOT / "binder" / "runtime.txt").read_text().strip().removeprefix("python-")
    assert f"--python-version {runtime} " in (ROOT / tasks.LOCK).read_text(encoding="utf-8")


def test_the_test_environment_is_exactly_the_test_lock():
    """``tasks.py test`` installed requirements-test.lock: what runs is what is pinned."""
    if Path(sys.prefix).resolve() != tasks.VENV.resolve():
        pytest.skip("not running in this checkout's .venv (python3 tasks.py test makes it)")
    wanted = {}
    for (name, markers), version in tasks.pinned((ROOT / tasks.TEST_LOCK).read_text()).items():
        if not markers or Requirement(f"x; {markers}").marker.evaluate():
            wanted[canonicalize_name(name)] = version
    installed = {canonicalize_name(d.metadata["Name"]): d.version for d in metadata.distributions()}
    assert {n: installed.get(n) for n in wanted} == wanted


CLOSURE = r"""
import json, sys
from importlib import metadata
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

todo = [(Requirement(line), "") for line in json.loads(sys.argv[1])]
seen, missing = set(), []
while todo:
    requirement, extra = todo.pop()
    if requirement.marker and not requirement.marker.evaluate({"extra": extra}):
        continue
    name = canonicalize_name(requirement.name)
    try:
        dist = metadata.distribution(name)
    except metadata.PackageNotFoundError:
        missing.append(str(requirement))
        continue
    for wanted in sorted(requirement.extras) or [""]:
        if (name, wanted) in seen:
            continue
        seen.add((name, wanted))
        todo += [(Requirement(r), wanted) for r in dist.requires or []]
print(json.dumps({"needed": sorted({n for n, _ in seen}), "missing": missing}))
"""


@pytest.mark.slow
def test_lock_installs_alone_in_a_fresh_environment_and_pins_exactly_what_is_needed(
    binder_environment,
):
    # The fixture installed the lock with --no-deps: everything it needs must be in it.
    python = str(binder_environment / "bin" / "python")
    check = subprocess.run([python, "-m", "pip", "check"], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout
    pins = {name: versions.pop() for name, versions in _pins(tasks.LOCK).items()}
    installed = subprocess.run(
        [python, "-m", "pip", "list", "--format=json"], capture_output=True, text=True, check=True
    ).stdout
    got = {canonicalize_name(p["name"]): p["version"] for p in json.loads(installed)}
    assert {n: got.get(n) for n in pins} == pins
    # In step: the lower bounds, followed through every installed package's own requirements,
    # need exactly the pinned packages (nothing missing, nothing left over from an old lock).
    roots = json.dumps([str(r) for r in _requirements(ROOT / tasks.LOCK_IN)])
    closure = json.loads(
        subprocess.run(
            [python, "-c", CLOSURE, roots], capture_output=True, text=True, check=True
        ).stdout
    )
    assert closure["missing"] == []
    assert set(closure["needed"]) == set(pins), set(closure["needed"]) ^ set(pins)
    imports = (
        "import jupyterlab, voila, nbgitpuller, ipywidgets, dotenv, requests; "
        "from jupyterhub import singleuser"
    )
    smoke = subprocess.run([python, "-c", imports], capture_output=True, text=True)
    assert smoke.returncode == 0, smoke.stderr[-2000:]
