#!/usr/bin/env python3
"""What a newcomer's first runs print before the address to open, and how long they take.

    python bench/bench_first_run.py

In one fresh copy of the repository (no ``.venv``), as ``tests/test_first_run.py`` does:
``tasks.py run en`` (creates .venv), ``wizard pt`` (installs again), ``test`` (the test tools,
one quick test). Prints, for each, the lines shown before the address (for ``test``, before
pytest's own output) beside the budget of 60, and the seconds; then the lines of the tools'
own output kept in ``.venv/install.log``. Asserts nothing.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests import first_run_rig as rig  # noqa: E402

BUDGET = 60


def main() -> int:
    root = rig.fresh_copy(Path(tempfile.mkdtemp(prefix="clave-api-keap-")))
    home = Path(tempfile.mkdtemp(prefix="bench-first-run-home-"))
    try:
        runs = rig.first_runs(root, home)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    print(f"the commands' output: {home}")
    for kind, marker in (("run", rig.MARKER), ("wizard", rig.MARKER), ("test", "test session")):
        lines = runs[kind].lines
        found = next((i for i, line in enumerate(lines) if marker in line), None)
        shown = "never" if found is None else f"{found:3d}"
        code = runs[kind].exit_code
        print(
            f"{runs[kind].command:<18} lines before the address: {shown} (budget {BUDGET}), exit {code}"
        )
    print(f"run's first start, install included: {runs['run_seconds']:.0f} s")
    print(f"test's first start, install included: {runs['test_seconds']:.0f} s")
    print(f"tools' output kept in .venv/install.log: {len(runs['install_log'].splitlines())} lines")
    return 0


if __name__ == "__main__":
    sys.exit(main())
