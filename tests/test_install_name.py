"""Installed, the package is keap_api_tutorial: no top-level ``helpers`` in anyone's environment
but the tutorial's own ``.venv``, where the lessons import it from this checkout.

The lessons import ``helpers`` from the repository; a project that installs this one (for the
``keap_sandbox`` fixture) keeps its own ``helpers/``. The slow test does it for real: it builds
the wheel, installs it into a fresh virtual environment and runs another project's tests there.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import helpers.sandbox.server

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
# What the wheel and pytest need at run time, at the lock's exact versions (hashes checked).
RUNTIME = {
    "babel",
    "certifi",
    "charset-normalizer",
    "exceptiongroup",
    "idna",
    "iniconfig",
    "packaging",
    "pluggy",
    "pygments",
    "pytest",
    "python-dotenv",
    "requests",
    "tomli",
    "typing-extensions",
    "urllib3",
}

THEIR_HELPERS = '''"""Their own helpers package, which this tutorial must not shadow."""

OWNER = "their project"
'''

THEIR_TESTS = """import helpers
import pytest
import requests
from keap_api_tutorial.sandbox import DEMO_SERVICE_ACCOUNT_KEY, Sandbox


def test_helpers_is_their_own_package():
    assert helpers.OWNER == "their project"


@pytest.mark.keap_sandbox(keys={"KeapAK-" + "5eed" * 12 + "ab": "personal"}, app_name="ab123")
def test_the_marker_chooses_the_sandbox_keys(keap_sandbox):
    assert isinstance(keap_sandbox, Sandbox)
    url = keap_sandbox.url + "/crm/rest/v2/oauth/connect/userinfo"
    answer = requests.get(url, headers={"X-Keap-API-Key": "KeapAK-" + "5eed" * 12 + "ab"}, timeout=5)
    assert answer.status_code == 200 and answer.json()["tenant_id"] == "ab123"
    refused = requests.get(url, headers={"X-Keap-API-Key": DEMO_SERVICE_ACCOUNT_KEY}, timeout=5)
    assert refused.status_code == 401
"""


def _clean_env(**extra: str) -> dict[str, str]:
    """The environment of a new shell: nothing of this repository's test run on any path."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("KEAP_", "PYTHON", "PYTEST", "VIRTUAL_ENV"))
    }
    return {**env, **extra}


def _readme_example() -> str:
    section = README.split("## Test your own code against the sandbox", 1)[1]
    return section.split("```python\n", 1)[1].split("```", 1)[0]


def _lock_subset(names: set[str]) -> str:
    """The blocks of requirements-test.lock (name==version, markers, hashes) for ``names``."""
    blocks: list[list[str]] = []
    for line in (ROOT / "requirements-test.lock").read_text().splitlines():
        if line and not line[0].isspace() and not line.startswith("#"):
            blocks.append([line])
        elif blocks and line.strip().startswith("--hash"):
            blocks[-1].append(line)
    chosen = [b for b in blocks if b[0].split("==")[0].strip().lower() in names]
    assert {b[0].split("==")[0].lower() for b in chosen} == names, "a runtime package left the lock"
    return "\n".join("\n".join(b) for b in chosen) + "\n"


def _run(command: list, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(c) for c in command],
        cwd=cwd,
        env=_clean_env(**env),
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_venv_finds_both_names_in_this_checkout_from_any_folder(tmp_path):
    """This checkout's .venv: ``keap_api_tutorial`` from the editable install, and the lessons'
    ``helpers`` through the ``.pth`` tasks.py writes; the same files. Other environments get the
    wheel, with no ``helpers`` (test_the_wheel_beside_a_project_with_its_own_helpers)."""
    code = (
        "import importlib.util as u; "
        "print(u.find_spec('helpers').origin); print(u.find_spec('keap_api_tutorial').origin)"
    )
    done = _run([sys.executable, "-c", code], tmp_path)
    assert done.returncode == 0, done.stderr
    lessons, package = done.stdout.split()
    assert Path(lessons).resolve() == Path(package).resolve() == ROOT / "helpers" / "__init__.py"


def test_building_the_package_warns_about_nothing(tmp_path):
    """setuptools, verbose: no folder of the package left out of its configuration (the message
    catalogues' folders are declared data-only packages), and the catalogues are in the wheel."""
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    shutil.copytree(
        ROOT / "helpers", source / "helpers", ignore=shutil.ignore_patterns("__pycache__")
    )
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "wheel", "-v"]
    built = _run([*pip, "--no-deps", "--no-build-isolation", "-w", tmp_path, source], tmp_path)
    assert built.returncode == 0, built.stderr
    output = built.stdout + built.stderr
    assert "Preparing metadata" in output or "Building wheel" in output  # setuptools ran
    assert "is absent from the `packages` configuration" not in output
    assert "Package would be ignored" not in output
    (wheel,) = tmp_path.glob("*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for locale in ("es", "en", "pt_BR"):
        assert f"keap_api_tutorial/locale/{locale}/LC_MESSAGES/tutorial.po" in names


def test_the_package_imports_itself_only_relatively():
    """The same files are helpers and keap_api_tutorial: neither name may appear in an import."""
    absolute = []
    for path in (ROOT / "helpers").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                modules = [node.module or ""]
            else:
                continue
            absolute += [
                f"{path.relative_to(ROOT)}:{node.lineno} {module}"
                for module in modules
                if module.split(".")[0] in ("helpers", "keap_api_tutorial")
            ]
    assert absolute == []


def test_this_test_run_imports_the_package_under_one_name_only(keap_sandbox):
    """The fixture comes from helpers.sandbox here (the entry point is blocked in pyproject)."""
    assert isinstance(keap_sandbox, helpers.sandbox.server.Sandbox)
    assert not [name for name in sys.modules if name.split(".")[0] == "keap_api_tutorial"]


def test_importing_both_names_in_one_process_warns(tmp_path):
    done = _run(
        [sys.executable, "-W", "error::RuntimeWarning", "-c", "import helpers, keap_api_tutorial"],
        tmp_path,
        PYTHONPATH=str(ROOT),
    )
    assert done.returncode == 1
    assert "imported as both 'helpers' and 'keap_api_tutorial'" in done.stderr


def test_the_readme_example_uses_the_installed_name():
    assert "from keap_api_tutorial.sandbox import" in _readme_example()
    assert "helpers" not in _readme_example()


@pytest.mark.slow
def test_the_wheel_beside_a_project_with_its_own_helpers(tmp_path):
    """Build the wheel, install it into a fresh venv, run another project's tests with the fixture."""
    source = tmp_path / "source"  # a copy: building in the checkout would leave build/ behind
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    shutil.copytree(
        ROOT / "helpers", source / "helpers", ignore=shutil.ignore_patterns("__pycache__")
    )
    dist = tmp_path / "dist"
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check"]
    built = _run(
        [*pip, "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", dist, source], tmp_path
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = dist.glob("*.whl")

    names = zipfile.ZipFile(wheel).namelist()
    assert {n.split("/")[0] for n in names if not n.split("/")[0].endswith(".dist-info")} == {
        "keap_api_tutorial"
    }
    for locale in ("es", "en", "pt_BR"):
        assert f"keap_api_tutorial/locale/{locale}/LC_MESSAGES/tutorial.mo" in names

    venv = tmp_path / "venv"
    assert _run([sys.executable, "-m", "venv", "--without-pip", venv], tmp_path).returncode == 0
    python = venv / "bin" / "python"
    lock = tmp_path / "runtime.lock"
    lock.write_text(_lock_subset(RUNTIME))
    into = [*pip, "--python", python, "install", "-q", "--no-deps"]
    for command in ([*into, "--require-hashes", "-r", lock], [*into, wheel]):
        installed = _run(command, tmp_path)
        assert installed.returncode == 0, installed.stderr

    theirs = tmp_path / "their-project"
    (theirs / "helpers").mkdir(parents=True)
    (theirs / "helpers" / "__init__.py").write_text(THEIR_HELPERS)
    (theirs / "test_theirs.py").write_text(THEIR_TESTS)
    (theirs / "test_readme.py").write_text(_readme_example())
    # Both ways of starting pytest: "python -m pytest" puts the project's folder on sys.path
    # first; the "pytest" script finds it through the test files' rootdir.
    for pytest_command in ([python, "-m", "pytest"], [venv / "bin" / "pytest"]):
        run = _run([*pytest_command, "-q", "-p", "no:cacheprovider"], theirs)
        assert run.returncode == 0, run.stdout + run.stderr
        assert "3 passed" in run.stdout, run.stdout

    # Outside their project the environment has no helpers at all, and the commands work
    # under the installed name, in every language (the catalogues are in the wheel).
    elsewhere = _run([python, "-c", "import helpers"], tmp_path)
    assert "No module named 'helpers'" in elsewhere.stderr
    usage = _run([python, "-m", "keap_api_tutorial.check", "--lang", "pt", "--help"], tmp_path)
    assert usage.returncode == 0, usage.stderr
    assert usage.stdout.startswith("usage: python -m keap_api_tutorial.check")
    english = _run([python, "-m", "keap_api_tutorial.check", "--lang", "en", "--help"], tmp_path)
    assert usage.stdout != english.stdout  # the Portuguese catalogue was found and used
