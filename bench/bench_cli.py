#!/usr/bin/env python3
"""Benchmark ``python -m helpers.check`` as a whole process against a bare requests script.

    python bench/bench_cli.py [--runs 21]

Both processes make the same one request to a local sandbox and print the answer; runs are
interleaved so machine load hits both alike. Prints the median wall and CPU times and ratios,
then where the difference goes: what the check imports that the bare script does not
(``-X importtime``, own milliseconds summed by top-level package), and what the first
number written by Babel costs (imports and locale data). Asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from helpers.client import USERINFO_PATH  # noqa: E402
from helpers.sandbox import DEMO_APP_NAME, DEMO_SERVICE_ACCOUNT_KEY, Sandbox  # noqa: E402

BARE = f"""import os
import requests
answer = requests.get(os.environ["KEAP_API_BASE_URL"] + {USERINFO_PATH!r},
                      headers={{"X-Keap-API-Key": os.environ["KEAP_API_KEY"]}}, timeout=5)
print(answer.status_code, answer.json()["email"])
"""
_IMPORT = re.compile(r"^import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)$")  # self, cumulative


def _env(url: str, folder: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KEAP_")}
    env.update(
        KEAP_APP_NAME=DEMO_APP_NAME,
        KEAP_API_KEY=DEMO_SERVICE_ACCOUNT_KEY,
        KEAP_API_BASE_URL=url,
        KEAP_ENV_FILE=str(folder / "none.env"),
        KEAP_TUTORIAL_LANG="es",
    )
    return env


def _seconds(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU (user + system) seconds of one run of ``command``."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, cwd=ROOT)
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{command} failed: {done.stdout}{done.stderr}")
    cpu = after.ru_utime + after.ru_stime - usage.ru_utime - usage.ru_stime
    return elapsed, cpu


def _imports(command: list[str], env: dict[str, str]) -> dict[str, int]:
    """Every module the process imports -> its own import time in microseconds."""
    done = subprocess.run(
        [command[0], "-X", "importtime", *command[1:]],
        env=env,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    found: dict[str, int] = {}
    for line in done.stderr.splitlines():
        match = _IMPORT.match(line)
        if match:
            found[match.group(4)] = int(match.group(1))
    return found


def _first_number_ms() -> float:
    code = (
        "import time; from helpers.i18n import format_number; t = time.perf_counter(); "
        "format_number(30000, 'es'); print((time.perf_counter() - t) * 1000)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    return float(done.stdout)


def _extra_by_package(check: dict[str, int], bare: dict[str, int]) -> dict[str, int]:
    """Import time of modules only the check loads, summed by top-level package."""
    totals: dict[str, int] = {}
    for name, us in check.items():
        if name not in bare:
            top = name.split(".")[0]
            totals[top] = totals.get(top, 0) + us
    return totals


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as tmp, Sandbox() as sandbox:
        folder = Path(tmp)
        (folder / "bare.py").write_text(BARE)
        env = _env(sandbox.url, folder)
        bare = [sys.executable, str(folder / "bare.py")]
        check = [sys.executable, "-m", "helpers.check"]
        times: dict[str, list[tuple[float, float]]] = {"bare": [], "check": []}
        for _ in range(runs):
            times["bare"].append(_seconds(bare, env))
            times["check"].append(_seconds(check, env))
        extra_imports = _extra_by_package(_imports(check, env), _imports(bare, env))
    (bare_s, check_s), (bare_cpu, check_cpu) = (
        [statistics.median(run[i] for run in times[k]) for k in ("bare", "check")] for i in (0, 1)
    )
    print(
        f"python -m helpers.check vs a bare requests script (median of {runs}, whole process): "
        f"{check_s * 1000:.0f} ms vs {bare_s * 1000:.0f} ms -> ratio {check_s / bare_s:.2f}; "
        f"CPU {check_cpu * 1000:.0f} ms vs {bare_cpu * 1000:.0f} ms -> ratio {check_cpu / bare_cpu:.2f}"
    )
    babel_ms = statistics.median(_first_number_ms() for _ in range(5))
    print(f"  Babel's first formatted number (import and locale data): {babel_ms:.0f} ms")
    shown = sorted(extra_imports.items(), key=lambda kv: -kv[1])[:10]
    print(
        f"  imported by the check only: {sum(extra_imports.values()) / 1000:.0f} ms in all; "
        "by package (ms): " + ", ".join(f"{name} {us / 1000:.1f}" for name, us in shown)
    )


if __name__ == "__main__":
    main()
