"""Run a test file as another project's tests would run: its own folder, no conftest, the
``keap_sandbox`` fixture from the installed entry point, and none of this run's pytest options."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def run_their_tests(folder: Path, source: str, timeout: float = 180) -> subprocess.CompletedProcess:
    """Write ``source`` as ``test_theirs.py`` in ``folder`` and run pytest there."""
    (folder / "test_theirs.py").write_text(source)
    env = {k: v for k, v in os.environ.items() if k != "PYTEST_ADDOPTS"}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_theirs.py"],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
