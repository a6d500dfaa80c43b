#!/usr/bin/env python3
"""Seconds of CI's whole run (``.ci/run``) on a fresh clone, beside its 15-minute budget.

    python bench/bench_ci.py [--ref REF] [--busy 2] [--pytest-args "tests/test_x.py -x"]

1. Clones this repository (its committed HEAD, or ``--ref``: uncommitted changes are not in
   it) into a new temporary folder, as CI does: no ``.venv``, no ``node_modules``, no
   ``build/``. The package caches of this machine (pip's, npm's) are used, as on a CI runner.
2. Runs ``bash .ci/run`` there with ``CI=true``, its output kept in a log, optionally with
   ``--busy N`` other processes spinning on the CPU meanwhile (a machine doing other work).
   ``--pytest-args`` reaches pytest through ``PYTEST_ADDOPTS``, to try a subset; a subset's
   figure is not the budget's.
3. Prints the seconds beside the budget (900 s on 2 cores), their ratio, pytest's summary, the
   total ``tasks.py test`` printed, and the slowest tests pytest listed (``--durations``).

The whole suite takes about 15 minutes and both cores: run it once, on a quiet machine, not
beside other test runs. Prints figures only; asserts nothing (the exit code is ``.ci/run``'s).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUDGET = 900  # seconds: DEVELOPERS.md's 15 minutes on a 2-core machine
# pytest's --durations lines: "12.34s call     tests/test_x.py::test_y[es]"
_DURATION = re.compile(r"^\s*([\d.]+)s (setup|call|teardown)\s+(\S.*)$")
_SUMMARY = re.compile(r"^=+ (.*\b(passed|failed|error|errors|no tests ran)\b.*) =+$")
_TOTAL = re.compile(r"^tasks\.py test: .*$")
SPIN = "import time\nend = time.monotonic() + 7200\nwhile time.monotonic() < end:\n    pass\n"


def clone(ref: str, into: Path) -> str:
    """A fresh clone of this repository at ``ref``, detached; returns the commit it holds."""
    commit = subprocess.run(
        ["git", "rev-parse", "--verify", f"{ref}^{{commit}}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    subprocess.run(["git", "clone", "-q", "--no-checkout", str(ROOT), str(into)], check=True)
    subprocess.run(["git", "-C", str(into), "checkout", "-q", "--detach", commit], check=True)
    return commit


def run_ci(clone_dir: Path, log: Path, pytest_args: str, echo: bool) -> tuple[int, float]:
    """``bash .ci/run`` in ``clone_dir`` with CI=true: its exit code and wall seconds."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KEAP_", "PYTEST_"))}
    env.pop("VIRTUAL_ENV", None)
    env["CI"] = "true"
    if pytest_args:
        env["PYTEST_ADDOPTS"] = pytest_args
    started = time.monotonic()
    with log.open("w", encoding="utf-8") as sink:
        process = subprocess.Popen(
            ["bash", ".ci/run"],
            cwd=clone_dir,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            errors="replace",
        )
        for line in process.stdout:
            sink.write(line)
            if echo:
                sys.stdout.write(line)
        code = process.wait()
    return code, time.monotonic() - started


def slowest(lines: list[str], count: int) -> list[tuple[float, str, str]]:
    """(seconds, phase, test) of pytest's durations list, slowest first."""
    found = [
        (float(m.group(1)), m.group(2), m.group(3).strip())
        for m in map(_DURATION.match, lines)
        if m
    ]
    return sorted(found, reverse=True)[:count]


def start_spinners(count: int) -> list[subprocess.Popen]:
    """``count`` processes that keep a CPU busy each (ended by ``stop_spinners``)."""
    return [subprocess.Popen([sys.executable, "-c", SPIN]) for _ in range(count)]


def stop_spinners(spinners: list[subprocess.Popen]) -> None:
    for spinner in spinners:
        spinner.terminate()
    for spinner in spinners:
        spinner.wait(timeout=10)


def report(log: Path, code: int, seconds: float, args: argparse.Namespace) -> None:
    """The figures: seconds beside the budget, pytest's summary and its slowest tests."""
    lines = log.read_text(encoding="utf-8", errors="replace").splitlines()
    summary = [m.group(1) for m in map(_SUMMARY.match, lines) if m]
    total = [line for line in lines if _TOTAL.match(line)]
    print(f".ci/run exit code: {code}")
    if summary:
        print(f"pytest: {summary[-1]}")
    if total:
        print(total[-1])
    print(
        f".ci/run: {seconds:.0f} s; budget {BUDGET} s; ratio {seconds / BUDGET:.2f}"
        f" ({'within' if seconds <= BUDGET else 'over'} the budget"
        f"{f', {args.busy} busy processes' if args.busy else ''})"
    )
    found = slowest(lines, args.slowest)
    if found:
        print(f"slowest {len(found)} (pytest --durations):")
        for duration, phase, name in found:
            print(f"  {duration:7.1f} s  {phase:8}  {name}")
    print(f"log: {log}", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ref", default="HEAD", help="the commit to clone (default: HEAD)")
    parser.add_argument("--busy", type=int, default=0, help="CPU-spinning processes meanwhile")
    parser.add_argument(
        "--pytest-args", default="", help='passed to pytest (PYTEST_ADDOPTS), e.g. "tests/x.py"'
    )
    parser.add_argument("--slowest", type=int, default=15, help="how many slow tests to print")
    parser.add_argument("--log", type=Path, help="where to keep .ci/run's output")
    parser.add_argument("--echo", action="store_true", help="also show .ci/run's output live")
    parser.add_argument("--keep", action="store_true", help="leave the clone in place")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="bench-ci-"))  # 0700, as a CI runner's checkout
    clone_dir = folder / ROOT.name
    log = args.log or folder / "ci-run.log"
    spinners: list[subprocess.Popen] = []
    try:
        commit = clone(args.ref, clone_dir)
        print(f"clone: {args.ref} ({commit[:12]}) in {clone_dir}", flush=True)
        if args.pytest_args:
            print(f"pytest: PYTEST_ADDOPTS={args.pytest_args!r} (a subset: not the budget's run)")
        spinners = start_spinners(args.busy)
        if spinners:
            print(f"busy: {len(spinners)} processes spinning on the CPU", flush=True)
        print(f"running bash .ci/run (CI=true); output in {log}", flush=True)
        code, seconds = run_ci(clone_dir, log, args.pytest_args, args.echo)
        stop_spinners(spinners)
        spinners = []
        report(log, code, seconds, args)
    finally:
        stop_spinners(spinners)
        if not args.keep:
            shutil.rmtree(clone_dir, ignore_errors=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
