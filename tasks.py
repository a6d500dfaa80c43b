#!/usr/bin/env python3
"""Set up and run the tutorial with nothing but Python 3.10+ installed.

    python3 tasks.py run [es|en|pt]     # JupyterLab on the first lesson of an edition (sandbox mode)
    python3 tasks.py test               # every test (apt installs chromium when CI=true)
    python3 tasks.py wizard [es|en|pt]  # the one-page wizard (Voila); its lesson links open in JupyterLab
    python3 tasks.py lock               # re-pin binder/requirements.txt from binder/requirements.in

Both create ``.venv`` beside this file on first use and reinstall only when a requirements
file changes, so they can be run again and again.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
FIRST_LESSON = {"es": "00-empieza-aqui", "en": "00-start-here", "pt": "00-comece-aqui"}
WIZARD = {"es": "asistente", "en": "wizard", "pt": "assistente"}
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
# The classes' environment: lower bounds in LOCK_IN, exact pins in LOCK (Binder and hubs use it).
LOCK_IN, LOCK = "binder/requirements.in", "binder/requirements.txt"
# The hub tests run a real JupyterHub, whose proxy comes from npm; it goes beside the venv.
PROXY_SPEC = "configurable-http-proxy@5.3.0"
PROXY_BIN = VENV / "node" / "node_modules" / ".bin" / "configurable-http-proxy"


def _ensure_venv(requirements: str) -> None:
    """Create .venv and install ``requirements`` plus this project (editable) when needed."""
    if not PYTHON.exists():
        print(f"Creating {VENV.name} ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    files = [ROOT / requirements, ROOT / "requirements.txt", ROOT / "pyproject.toml"]
    digest = hashlib.sha256(b"".join(f.read_bytes() for f in files)).hexdigest()
    stamp = VENV / f".installed-{Path(requirements).stem}"
    if stamp.exists() and stamp.read_text() == digest:
        return
    print(f"Installing {requirements} ...", flush=True)
    pip = [str(PYTHON), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "--upgrade", "pip"], check=True)
    subprocess.run([*pip, "-r", str(ROOT / requirements), "-e", str(ROOT)], check=True)
    stamp.write_text(digest)


def _ensure_chromium() -> None:
    """On CI (CI=true, root, Debian), install Debian's chromium for the browser tests."""
    if os.environ.get("CI") != "true" or shutil.which("chromium"):
        return
    if not shutil.which("apt-get") or os.geteuid() != 0:
        print("CI=true but chromium cannot be installed here: the browser tests will fail.")
        return
    subprocess.run(["apt-get", "update", "-q"], check=True)
    subprocess.run(["apt-get", "install", "-y", "-q", "chromium"], check=True)


def _ensure_proxy() -> None:
    """Install JupyterHub's configurable-http-proxy (npm) beside the venv when it is missing."""
    if shutil.which("configurable-http-proxy") or PROXY_BIN.exists():
        return
    if not shutil.which("npm"):
        print("npm is missing: the JupyterHub tests (tests/test_hub_class.py) will fail.")
        return
    subprocess.run(["npm", "install", "--prefix", str(PROXY_BIN.parents[2]), "--no-audit",
                    "--no-fund", "--loglevel=error", PROXY_SPEC], check=True)


def lock_command(exclude_newer: str) -> list[str]:
    """uv's command that pins LOCK from LOCK_IN for Binder's Linux and Python, as of a date."""
    python = (ROOT / "binder" / "runtime.txt").read_text().strip().removeprefix("python-")
    return [str(PYTHON), "-m", "uv", "pip", "compile", LOCK_IN, "--python-version", python,
            "--python-platform", "x86_64-unknown-linux-gnu", "--exclude-newer", exclude_newer]


def lock() -> int:
    """Refresh the lock: the newest versions allowed by LOCK_IN, as published up to today."""
    _ensure_venv("requirements-test.txt")
    today = datetime.now(timezone.utc).strftime("%Y-%m-%dT00:00:00Z")
    return subprocess.run([*lock_command(today), "--upgrade", "--quiet", "-o", LOCK],
                          cwd=ROOT).returncode


def _lab(*args: str) -> int:
    """Run JupyterLab from the repository root until Ctrl+C."""
    command = [str(PYTHON), "-m", "jupyter", "lab", *args]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")  # containers and CI machines often run as root
    try:
        return subprocess.run(command, cwd=ROOT).returncode
    except KeyboardInterrupt:
        return 0


def _edition(argv: list[str]) -> str:
    """The edition asked for on the command line (Spanish by default)."""
    lang = argv[0] if argv else "es"
    if lang not in FIRST_LESSON:
        raise SystemExit(f"Unknown edition {lang!r}: choose es, en or pt.")
    return lang


def run(lang: str) -> int:
    """Open the tutorial in JupyterLab, in sandbox mode unless real credentials are set."""
    _ensure_venv("requirements.txt")
    return _lab(f"notebooks/{lang}/{FIRST_LESSON[lang]}.ipynb")


def wizard(lang: str) -> int:
    """Open the wizard page: Voila inside JupyterLab's server, as on Binder."""
    _ensure_venv("requirements.txt")
    return _lab(f"--LabApp.default_url=/voila/render/notebooks/{lang}/{WIZARD[lang]}.ipynb")


def _lint() -> int:
    """ruff, as configured in pyproject.toml: lint rules, then formatting (checked, not changed)."""
    ruff = [str(PYTHON), "-m", "ruff"]
    codes = [subprocess.run([*ruff, *args, "."], cwd=ROOT).returncode
             for args in (["check", "--output-format", "concise"], ["format", "--check"])]
    return max(codes)


def test(extra: list[str]) -> int:
    """Run every test: lint, unit, sandbox, SDK, docstrings, notebooks (nbval) and browser tests."""
    _ensure_venv("requirements-test.txt")
    _ensure_chromium()
    lint = _lint()
    _ensure_proxy()
    code = subprocess.run([str(PYTHON), "-m", "pytest", *extra], cwd=ROOT).returncode
    if code == 5:
        print("pytest collected no tests: that counts as a failure.", file=sys.stderr)
        return 1
    return code or lint


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"run", "test", "wizard", "lock"}:
        print(__doc__)
        return 2
    if argv[0] == "lock":
        return lock()
    if argv[0] == "wizard":
        return wizard(_edition(argv[1:]))
    return run(_edition(argv[1:])) if argv[0] == "run" else test(argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
