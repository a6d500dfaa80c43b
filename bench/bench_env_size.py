#!/usr/bin/env python3
"""Measure ``python -m helpers.check`` on a huge ``.env``: wall time and peak memory.

    python bench/bench_env_size.py [--size-gb 2] [--runs 5]

Writes a sparse file of the given size (no disk is used), runs the check on it several times
and prints, per run, the exit code, the wall seconds and the child's own peak resident memory
(``wait4``'s ``ru_maxrss``), then the same for a small ``.env`` as the baseline: the
difference is what the large file costs. Asserts nothing; the tests check the exit code and
the message.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _run(env_file: Path) -> tuple[int, float, float]:
    """Exit code, wall seconds and peak memory (MiB) of one check on ``env_file``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("KEAP_")}
    started = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-m", "helpers.check", "--lang", "en", "--env-file", str(env_file)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    return child.returncode, elapsed, usage.ru_maxrss / 1024  # KiB on Linux


def _report(label: str, env_file: Path, runs: int) -> None:
    results = [_run(env_file) for _ in range(runs)]
    codes = sorted({code for code, _, _ in results})
    wall = statistics.median(seconds for _, seconds, _ in results)
    peak = max(mib for _, _, mib in results)
    print(f"{label:<24} exit {codes}  median wall {wall:.3f} s  peak RSS {peak:.1f} MiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-gb", type=float, default=2.0)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        huge, small = Path(folder) / "huge.env", Path(folder) / "small.env"
        with open(huge, "wb") as handle:
            handle.write(b"KEAP_APP_NAME=ab123\n")
            handle.truncate(int(args.size_gb * 1024**3))
        small.write_text("KEAP_APP_NAME=ab123\n", encoding="utf-8")
        print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, {args.runs} runs each")
        _report(f"{args.size_gb:g} GB sparse .env", huge, args.runs)
        _report("small .env (no key)", small, args.runs)


if __name__ == "__main__":
    main()
