#!/usr/bin/env python3
"""Benchmark nbval on one edition against as many one-cell notebooks. Prints ratios; asserts nothing.

    python bench/bench_nbval.py [es|en|pt] [--repeat 1]

1. wall time of ``pytest --nbval-lax notebooks/<lang>`` (the project's own options and
   conftest, so kernels start in sandbox mode as in the test suite);
2. wall time of the same number of notebooks holding one trivial cell (kernel start, one
   round trip, shutdown: the floor nbval cannot go under);
3. where the difference goes, from pytest's per-item durations: kernel starts (the first
   cell's setup), first cells (imports and ``tutorial.start``), the other cells, and the
   slowest cells by name.
"""

from __future__ import annotations

import argparse
import re
import resource
import shutil
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / ".tmp" / "bench-nbval"
_DURATION = re.compile(r"^([\d.]+)s (setup|call|teardown)\s+(\S+?)::(.+)$")


def _one_cell_copies(notebooks: list[Path]) -> Path:
    """A folder with one notebook per lesson, each holding one trivial code cell."""
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    for path in notebooks:
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")])
        nb.metadata = nbformat.read(path, as_version=4).metadata
        nbformat.write(nb, WORK / path.name)
    return WORK


def _run(target: Path) -> tuple[float, float, list[tuple[float, str, str, str]]]:
    """Wall and CPU seconds of nbval over ``target`` (pytest and its kernels), and pytest's
    durations (seconds, phase, file, cell). CPU time moves less than wall time on a busy machine.
    """
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:randomly",
        "--durations=0",
        "--durations-min=0",
        str(target.relative_to(ROOT)),
    ]
    cpu_before, started = _children_cpu(), time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    wall, cpu = time.perf_counter() - started, _children_cpu() - cpu_before
    if done.returncode != 0:
        print(done.stdout[-3000:], done.stderr[-2000:], sep="\n")
        raise SystemExit(f"nbval failed on {target}")
    rows = []
    for line in done.stdout.splitlines():
        match = _DURATION.match(line.strip())
        if match:
            seconds, phase, file, cell = match.groups()
            rows.append((float(seconds), phase, Path(file).name, cell))
    return wall, cpu, rows


def _children_cpu() -> float:
    """User + system CPU seconds of every finished child process (kernels included)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _cell_number(cell: str) -> int:
    """nbval names items "Cell 0", "Cell 1", ... in the notebook's order."""
    digits = re.sub(r"\D", "", cell)
    return int(digits) if digits else 0


def _breakdown(rows: list[tuple[float, str, str, str]]) -> dict[str, float]:
    first_cell: dict[str, str] = {}
    for _, _, file, cell in sorted(rows, key=lambda row: _cell_number(row[3])):
        first_cell.setdefault(file, cell)
    parts: dict[str, float] = defaultdict(float)
    for seconds, phase, file, cell in rows:
        if phase == "setup" and cell == first_cell[file]:
            parts["kernel start (first cell's setup)"] += seconds
        elif phase == "call" and cell == first_cell[file]:
            parts["first cell (imports, tutorial.start)"] += seconds
        elif phase == "call":
            parts["other cells"] += seconds
        else:
            parts["setup/teardown of other items"] += seconds
    return dict(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("lang", nargs="?", default="es", choices=["es", "en", "pt"])
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    edition = ROOT / "notebooks" / args.lang
    notebooks = sorted(edition.glob("*.ipynb"))
    floor_dir = _one_cell_copies(notebooks)
    editions, floors = [], []
    for _ in range(args.repeat):  # interleaved, so machine load hits both alike
        editions.append(_run(edition))
        floors.append(_run(floor_dir))
    shutil.rmtree(WORK, ignore_errors=True)
    (wall, cpu, rows), (floor, floor_cpu, floor_rows) = (
        min(editions),
        min(floors),
    )  # least disturbed
    count = len(notebooks)
    print(
        f"nbval {args.lang}: {wall:.1f} s for {count} notebooks; {count} one-cell notebooks: "
        f"{floor:.1f} s -> ratio {wall / floor:.2f} ({(wall - floor) / count:.2f} s extra per notebook)"
    )
    print(
        f"  CPU time (pytest and kernels): {cpu:.1f} s vs {floor_cpu:.1f} s -> ratio {cpu / floor_cpu:.2f}"
    )
    base = _breakdown(floor_rows)
    for name, seconds in sorted(_breakdown(rows).items(), key=lambda kv: -kv[1]):
        print(f"  {name}: {seconds:.1f} s (one-cell notebooks: {base.get(name, 0.0):.1f} s)")
    slowest = sorted((r for r in rows if r[1] == "call"), reverse=True)[:8]
    print(
        "  slowest cells: " + "; ".join(f"{file} {cell} {s:.2f} s" for s, _, file, cell in slowest)
    )


if __name__ == "__main__":
    main()
