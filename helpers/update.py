"""``python -m helpers.update`` (``python3 tasks.py update``): bring the tutorial's newest version.

It is nbgitpuller's merge, as on a class hub: the learner's changes are committed on their own
branch, then the tutorial's new commits are merged with ``-Xours``, so where the learner and the
tutorial changed the same lines the learner's version wins, and everything else arrives. Files
git does not track (``.env``, the learner's own notebooks) are left alone; a new tutorial file
whose name the learner already used is added beside the learner's, which is renamed.

Exit codes: 0 updated (or nothing new), 2 the update could not be fetched or merged, 3 this
folder is not a git clone of the tutorial.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from .i18n import t, tutorial_language

ROOT = Path(__file__).resolve().parents[1]
EXIT_OK, EXIT_FAILED, EXIT_NOT_A_CLONE = 0, 2, 3


def _git(folder: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=folder, capture_output=True, text=True, check=True
    ).stdout.strip()


def update(folder: Path, lang: str) -> int:
    """Merge the tutorial's newest commits into ``folder``, keeping the learner's work."""
    try:
        url = _git(folder, "remote", "get-url", "origin")
        branch = _git(folder, "symbolic-ref", "--short", "HEAD")
        before = _git(folder, "rev-parse", "HEAD")
    except (OSError, subprocess.CalledProcessError):
        print(t("update.not_a_clone", lang, folder=folder.name), file=sys.stderr)
        return EXIT_NOT_A_CLONE
    from nbgitpuller.pull import GitPuller  # imported here: only this command needs it

    log: list[str] = []
    try:
        puller = GitPuller(url, str(folder), branch=branch)
        log.extend(puller.pull())
        upstream = _git(folder, "rev-parse", f"origin/{branch}")
        merged = _git(folder, "merge-base", "--is-ancestor", upstream, "HEAD") == ""
    except Exception as error:  # git's or nbgitpuller's: say so in one line, no traceback
        subprocess.run(["git", "merge", "--abort"], cwd=folder, capture_output=True)
        detail = "".join(log[-5:]).strip() or str(error)
        print(t("update.failed", lang, detail=detail), file=sys.stderr)
        return EXIT_FAILED
    if not merged:
        print(t("update.failed", lang, detail="".join(log[-5:]).strip()), file=sys.stderr)
        return EXIT_FAILED
    new = int(_git(folder, "rev-list", "--count", f"{before}..{upstream}") or 0)
    print(t("update.done", lang, count=new) if new else t("update.up_to_date", lang))
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m helpers.update", description=__doc__)
    parser.add_argument("--lang", choices=["es", "en", "pt"], default=None)
    parser.add_argument("--folder", type=Path, default=ROOT, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    return update(args.folder.resolve(), args.lang or tutorial_language())


if __name__ == "__main__":
    sys.exit(main())
