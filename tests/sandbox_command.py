"""Run ``python -m helpers.sandbox`` as a learner does, and stop it with Ctrl+C (SIGINT)."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class SandboxRun:
    """What the command printed (its first line, the banner lines read, the rest) and its code."""

    url: str
    first: str
    banner: list[str]
    rest: str
    returncode: int

    @property
    def output(self) -> str:
        return self.first + "".join(self.banner) + self.rest


def run_sandbox_command(
    *args: str, banner_lines: int, while_running: Callable[[str], None] | None = None
) -> SandboxRun:
    """Start the command on a free port, read ``banner_lines`` lines after its first, call
    ``while_running(url)``, then press Ctrl+C and collect the rest (15 s watchdog)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "helpers.sandbox", "--port", "0", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    watchdog = threading.Timer(15, proc.kill)
    watchdog.start()
    try:
        first = proc.stdout.readline()
        url = re.search(r"http://127\.0\.0\.1:\d+", first).group(0)
        banner = [proc.stdout.readline() for _ in range(banner_lines)]
        if while_running is not None:
            while_running(url)
        proc.send_signal(signal.SIGINT)
        rest, _ = proc.communicate(timeout=10)
    finally:
        watchdog.cancel()
    return SandboxRun(url, first, banner, rest, proc.returncode)
