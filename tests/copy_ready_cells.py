"""Lesson 08's copy-ready cells, as a developer runs them: standalone scripts in a fresh venv.

``copy_ready_cells()`` extracts, from the built notebook, the code cells meant to be copied
into a program (they read ``KEAP_API_KEY`` and use nothing of the tutorial). ``fresh_venv()``
makes a virtual environment with only what the cells say they need (requests, python-dotenv,
Keap's SDK; pip may reuse its cache), and ``run_script()`` runs a cell there in isolated
mode (``-I``: no project on sys.path, no PYTHON* variables) with only the variables given.
"""

from __future__ import annotations

import json
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = next((ROOT / "notebooks" / "en").glob("10-*.ipynb"))
CELL_DEPENDENCIES = ("requests", "python-dotenv", "keap-core-v2-sdk")
# Which library each copy-ready cell is about, told by what it imports.
_KINDS = {"rest": "import requests", "xmlrpc": "import xmlrpc.client", "sdk": "keap_core_v2_client"}
FIRST_CALL_MARKER = "WRITE_TO_KEAP = False"


def copy_ready_cells(notebook: Path = NOTEBOOK) -> dict[str, str]:
    """{"rest" | "xmlrpc" | "sdk": source} of the cells a developer copies."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    found: dict[str, str] = {}
    for cell in cells:
        source = "".join(cell["source"])
        if cell["cell_type"] != "code" or 'os.environ["KEAP_API_KEY"]' not in source:
            continue
        if "helpers" in source or FIRST_CALL_MARKER in source:
            continue  # the notebook's own preparation, or a "first real call" cell (below)
        (kind,) = [kind for kind, marker in _KINDS.items() if marker in source]
        found[kind] = source
    return found


def first_call_cells(notebook: Path = NOTEBOOK) -> dict[str, str]:
    """{"rest" | "xmlrpc" | "sdk": source} of the "first real call" cells (list, create, tag),
    the copy-ready cells that may write and so carry the ``WRITE_TO_KEAP`` flag."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    found: dict[str, str] = {}
    for cell in cells:
        source = "".join(cell["source"])
        if cell["cell_type"] == "code" and FIRST_CALL_MARKER in source and "helpers" not in source:
            (kind,) = [kind for kind, marker in _KINDS.items() if marker in source]
            found[kind] = source
    return found


def fresh_venv(folder: Path) -> Path:
    """A new venv in ``folder`` with only the cells' dependencies, at requirements-test.lock's
    versions (the same on any later day, whatever the index holds); its python."""
    from tests.first_run_rig import constraints  # the lock's pins as pip constraints

    venv.EnvBuilder(with_pip=True, clear=True).create(folder)
    python = folder / "bin" / "python"
    pinned = constraints(folder)
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "-c", str(pinned), *CELL_DEPENDENCIES],
        check=True,
        timeout=600,
    )
    return python


def run_script(
    python: Path, source: str, folder: Path, env: dict[str, str], timeout: float = 60
) -> subprocess.CompletedProcess:
    """Run ``source`` as a script in isolated mode, with only ``env`` (plus a PATH and a HOME)."""
    script = folder / "cell.py"
    script.write_text(source, encoding="utf-8")
    clean = {"PATH": "/usr/bin:/bin", "HOME": str(folder), "LANG": "C.UTF-8", **env}
    return subprocess.run(
        [str(python), "-I", str(script)],
        cwd=folder,
        env=clean,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


if __name__ == "__main__":  # print the cells as the tests see them
    for kind, source in copy_ready_cells().items():
        sys.stdout.write(f"# --- {kind}\n{source}\n")
