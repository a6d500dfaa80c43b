#!/usr/bin/env python3
"""Take the README's screenshots (``docs/img/*.png``) by running the browser tests.

    python tools/screenshots.py

The journeys in ``tests/browser`` take a picture at each key moment; this runs them with
``KEAP_SCREENSHOTS_DIR=docs/img`` so the pictures are kept. They show the sandbox's demo data
only, and the key only as dots or masked (``KeapAK-...155d``). Needs Debian's chromium; for
the ✅/❌ icons to show, an emoji font too (``apt-get install fonts-noto-color-emoji``).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FOLDER = ROOT / "docs" / "img"
EMOJI = "2705"  # ✅, the success card's icon


def _has_emoji_font() -> bool | None:
    """True/False when fontconfig can tell whether a font draws ✅; None when it cannot."""
    if not shutil.which("fc-list"):
        return None
    found = subprocess.run(
        ["fc-list", f":charset={EMOJI}", "family"], capture_output=True, text=True
    )
    return bool(found.stdout.strip())


def main() -> int:
    if _has_emoji_font() is False:
        print(
            "No emoji font: the cards' ✅/❌ would show as boxes. "
            "Install one first: apt-get install fonts-noto-color-emoji",
            file=sys.stderr,
        )
        return 1
    FOLDER.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "KEAP_SCREENSHOTS_DIR": str(FOLDER)}
    code = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "tests/browser",
            "-q",
            "-rs",
            "-p",
            "no:cacheprovider",
            "-o",
            "addopts=",
        ],
        cwd=ROOT,
        env=env,
    ).returncode
    for png in sorted(FOLDER.glob("*.png")):
        print(f"{png.relative_to(ROOT)}  {png.stat().st_size // 1024} KB")
    return code


if __name__ == "__main__":
    sys.exit(main())
