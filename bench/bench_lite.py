#!/usr/bin/env python3
"""The browser edition beside ``tasks.py run``: site size, and seconds to the first green card.

    python bench/bench_lite.py [--no-server] [--runs 1]

1. Builds the site with ``python3 tasks.py lite`` and prints its size, by part.
2. Serves it with a static server on loopback that counts the bytes it sends, and in headless
   chromium (every other host unreachable) opens lesson 06, runs it and tests the demo key
   until the green card: once with an empty browser (a new profile: nothing cached), then again
   in the same browser (a new tab: the browser's cache warm). Prints seconds and megabytes sent.
3. Unless ``--no-server``: ``python3 tasks.py run`` in a fresh clone of this repository (no
   ``.venv``, and an empty pip cache: the first run downloads and installs, as a new learner's
   does), to the same green card; then stopped and started again in the same clone
   (installed), to the green card again.

Prints figures only; asserts nothing.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from helpers.lessons import LESSONS  # noqa: E402
from helpers.sandbox import DEMO_APP_NAME, DEMO_SERVICE_ACCOUNT_KEY  # noqa: E402
from tests.browser.conftest import (  # noqa: E402
    CHROMIUM_FLAGS,
    Lab,
    _chromium,
    _stop,
    _wait_until_ready,
    start_tasks_run,
)

SITE = ROOT / "build" / "lite"
LESSON = f"notebooks/es/{LESSONS['06']['es']}.ipynb"
OFFLINE = ["--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]


def _mb(size: float) -> str:
    return f"{size / 1e6:.1f} MB"


def site_parts(site: Path) -> dict[str, int]:
    """Bytes of the site by part."""
    parts: dict[str, int] = {}
    for file in site.rglob("*"):
        if not file.is_file():
            continue
        relative = file.relative_to(site).as_posix()
        if relative.startswith("pyodide/") and file.suffix == ".whl":
            part = "wheels (the lessons' and the kernel's Python packages)"
        elif relative.startswith("pyodide/"):
            part = "Pyodide runtime (WebAssembly Python and its standard library)"
        elif relative.startswith("files/"):
            part = "lessons (notebooks and drawings, three editions)"
        elif relative.startswith(("build/", "extensions/")):
            part = "JupyterLab and its extensions"
        else:
            part = "other (pages, settings, indexes)"
        parts[part] = parts.get(part, 0) + file.stat().st_size
    return parts


class _Counting(http.server.SimpleHTTPRequestHandler):
    sent = 0

    def copyfile(self, source, outputfile) -> None:
        start = source.tell()
        super().copyfile(source, outputfile)
        type(self).sent += source.tell() - start

    def log_message(self, *args) -> None:
        pass


def _green_card(lab: Lab, path: str) -> float:
    started = time.monotonic()
    lab.open(path)
    lab.run_all()
    form, _ = lab.try_key(DEMO_APP_NAME, DEMO_SERVICE_ACCOUNT_KEY)
    form.locator(".tut-result .keap-result-ok").wait_for(timeout=180_000)
    return time.monotonic() - started


class _Site:
    def __init__(self, origin: str) -> None:
        self.origin = origin

    def lab(self, path: str) -> str:
        return f"{self.origin}/lab/index.html?path={path}"


def bench_browser_edition(playwright, runs: int) -> None:
    handler = functools.partial(_Counting, directory=str(SITE))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    site = _Site(f"http://127.0.0.1:{server.server_port}")
    chromium = playwright.chromium.launch(
        executable_path=_chromium(), headless=True, args=[*CHROMIUM_FLAGS, *OFFLINE]
    )
    cold, warm, cold_bytes, warm_bytes = [], [], [], []
    try:
        for _ in range(runs):
            context = chromium.new_context(viewport={"width": 1000, "height": 800})
            context.set_default_timeout(180_000)
            for times, sizes in ((cold, cold_bytes), (warm, warm_bytes)):
                _Counting.sent = 0
                page = context.new_page()
                times.append(_green_card(Lab(page, site, Path(tempfile.gettempdir())), LESSON))
                sizes.append(_Counting.sent)
                page.evaluate("() => window.jupyterapp.shell.closeAll()")
                page.wait_for_timeout(1500)
                page.close()
            context.close()
    finally:
        chromium.close()
        server.shutdown()
    print(
        f"browser edition, empty cache: {statistics.median(cold):.1f} s to the green card, "
        f"{_mb(statistics.median(cold_bytes))} sent by the static server"
    )
    print(
        f"browser edition, warm cache:  {statistics.median(warm):.1f} s to the green card, "
        f"{_mb(statistics.median(warm_bytes))} sent"
    )


def bench_server_edition(playwright) -> None:
    workdir = Path(tempfile.mkdtemp(prefix="bench-lite-"))
    clone = workdir / "clone"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
    home = workdir / "home"
    chromium = playwright.chromium.launch(
        executable_path=_chromium(), headless=True, args=CHROMIUM_FLAGS
    )
    try:
        # A new learner's pip has nothing cached: the first run downloads every package.
        pip_cache = {"PIP_CACHE_DIR": str(workdir / "pip-cache")}
        for label, extra in (
            ("fresh clone, empty pip cache (installs first)", pip_cache),
            ("same clone again (installed)", None),
        ):
            home.mkdir(exist_ok=True)
            started = time.monotonic()
            server = start_tasks_run(clone, home, "bench", extra)
            try:
                _wait_until_ready(server, timeout=900)
                context = chromium.new_context(viewport={"width": 1000, "height": 800})
                context.set_default_timeout(180_000)
                _green_card(Lab(context.new_page(), server, workdir), LESSON)
                context.close()
                print(
                    f"tasks.py run, {label}: {time.monotonic() - started:.1f} s "
                    "from the command to the green card"
                )
            finally:
                _stop(server.process)
    finally:
        chromium.close()
        shutil.rmtree(workdir, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--no-server", action="store_true", help="the browser edition only")
    args = parser.parse_args()
    started = time.monotonic()
    built = subprocess.run(
        [sys.executable, "tasks.py", "lite"], cwd=ROOT, capture_output=True, text=True
    )
    if built.returncode:
        print(built.stdout, built.stderr)
        return 1
    print(f"tasks.py lite: {time.monotonic() - started:.1f} s")
    parts = site_parts(SITE)
    print(f"site: {_mb(sum(parts.values()))} in {SITE.relative_to(ROOT)}")
    for part, size in sorted(parts.items(), key=lambda item: -item[1]):
        print(f"  {_mb(size):>9}  {part}")
    lock = json.loads((SITE / "pyodide" / "pyodide-lock.json").read_text())
    biggest = sorted(
        lock["packages"].values(),
        key=lambda p: -(SITE / "pyodide" / p["file_name"]).stat().st_size,
    )[:4]
    shown = ", ".join(
        f"{re.sub('-.*', '', p['name'])} {_mb((SITE / 'pyodide' / p['file_name']).stat().st_size)}"
        for p in biggest
    )
    print(f"  largest wheels: {shown}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        bench_browser_edition(playwright, args.runs)
        if not args.no_server:
            bench_server_edition(playwright)
    return 0


if __name__ == "__main__":
    sys.exit(main())
