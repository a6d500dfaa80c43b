#!/usr/bin/env python3
"""Point every Binder link in the Markdown docs at the repository named in binder/repository.txt.

    python tools/binder_links.py          # rewrite the links
    python tools/binder_links.py --check  # exit 1 if a link names another repository

Change the repository in one place, ``binder/repository.txt`` (``owner/name`` on GitHub),
then run this script.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
_LINK = re.compile(r"(https://mybinder\.org/v2/gh/)([\w.-]+/[\w.-]+)(/)")


def repository() -> str:
    """The ``owner/name`` Binder builds from."""
    return (ROOT / "binder" / "repository.txt").read_text(encoding="utf-8").strip()


def stale_links() -> list[str]:
    """``file: owner/name`` for each Binder link that names another repository."""
    wanted = repository()
    return [
        f"{doc.relative_to(ROOT)}: {m.group(2)}"
        for doc in DOCS
        if doc.exists()
        for m in _LINK.finditer(doc.read_text(encoding="utf-8"))
        if m.group(2) != wanted
    ]


def rewrite() -> None:
    """Rewrite every Binder link in place."""
    wanted = repository()
    for doc in DOCS:
        if doc.exists():
            text = doc.read_text(encoding="utf-8")
            doc.write_text(
                _LINK.sub(lambda m: m.group(1) + wanted + m.group(3), text), encoding="utf-8"
            )


if __name__ == "__main__":
    if sys.argv[1:] == ["--check"]:
        stale = stale_links()
        print("\n".join(stale) or "Binder links are up to date.")
        sys.exit(1 if stale else 0)
    rewrite()
