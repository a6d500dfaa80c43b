#!/usr/bin/env python3
"""Seconds from one Ctrl+C to ``tasks.py run`` / ``wizard`` gone, and nothing of it left.

    python bench/bench_stop.py [--runs 3] [--no-browser]

Each run starts the command as a learner does (a terminal: its own process group, a tty as
input) in a fresh copy of the repository, opens the wizard in Voila and lesson 06 in JupyterLab
in headless chromium (kernels running, pages left open), presses Ctrl+C once (SIGINT to the
group), and measures until the command exits and until no process it started runs. Prints each
run and the median and worst; the target is 5 s. Asserts nothing.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests import stop_rig  # noqa: E402
from tests.browser.conftest import CHROMIUM_FLAGS, _chromium  # noqa: E402


def one_run(kind: str, lang: str, browser: object) -> stop_rig.Stopped:
    home = Path(tempfile.mkdtemp(prefix="bench-stop-home-"))
    root = stop_rig.copy_repository(Path(tempfile.mkdtemp(prefix="clave-api-keap-")))
    server = stop_rig.start(root, home, kind, lang)
    pids: set[int] = set()
    try:
        pages = stop_rig.open_wizard_and_lesson(server, lang, browser)
        pids = stop_rig.session_processes(server)
        stopped = stop_rig.interrupt(server)
        for page in pages:
            page.close()
        return stopped
    finally:
        stop_rig.clean_up(pids)
        shutil.rmtree(root, ignore_errors=True)
        shutil.rmtree(home, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-browser", action="store_true", help="open the pages by HTTP only")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    results: list[stop_rig.Stopped] = []
    with sync_playwright() as playwright:
        browser = None
        if not args.no_browser:
            browser = playwright.chromium.launch(
                executable_path=_chromium(), headless=True, args=CHROMIUM_FLAGS
            )
        for n in range(args.runs):
            kind, lang = (("wizard", "en"), ("run", "es"), ("run", "pt"))[n % 3]
            stopped = one_run(kind, lang, browser)
            results.append(stopped)
            print(
                f"{kind:6} {lang}: exit {stopped.seconds_to_exit:5.2f} s, nothing left "
                f"{stopped.seconds_to_none_left:5.2f} s, {stopped.started} processes, "
                f"left {len(stopped.left)}, code {stopped.exit_code}",
                flush=True,
            )
        if browser is not None:
            browser.close()
    gone = [r.seconds_to_none_left for r in results]
    print(
        f"Ctrl+C -> nothing left: median {statistics.median(gone):.2f} s, worst {max(gone):.2f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
