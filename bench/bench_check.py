#!/usr/bin/env python3
"""Benchmark the live check against the local sandbox. Prints ratios; asserts nothing.

    python bench/bench_check.py [--calls 50]

1. check_connection vs a bare requests.get of the same sandbox URL (median ratio);
2. HTTP requests made per check (counted by the sandbox);
3. time to report an unreachable endpoint vs the configured timeout;
4. ``import helpers`` time (fresh interpreter) vs ``import json`` as a floor.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the repository's package (installed, it is keap_api_tutorial)

from helpers.client import USERINFO_PATH, check_connection  # noqa: E402
from helpers.sandbox import DEMO_APP_NAME, DEMO_SERVICE_ACCOUNT_KEY, Sandbox  # noqa: E402


def _median_seconds(action, calls: int) -> float:
    times = []
    for _ in range(calls):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _import_seconds(statement: str, repeats: int = 7) -> float:
    code = f"import time; t = time.perf_counter(); {statement}; print(time.perf_counter() - t)"
    runs = [
        float(
            subprocess.run(
                [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
            ).stdout
        )
        for _ in range(repeats)
    ]
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=50)
    calls = parser.parse_args().calls
    with Sandbox(slow_seconds=30) as sandbox:
        url = sandbox.url + USERINFO_PATH
        headers = {"X-Keap-API-Key": DEMO_SERVICE_ACCOUNT_KEY}
        bare = _median_seconds(lambda: requests.get(url, headers=headers, timeout=5), calls)
        check = _median_seconds(
            lambda: check_connection(DEMO_APP_NAME, DEMO_SERVICE_ACCOUNT_KEY, base_url=sandbox.url),
            calls,
        )
        before = sandbox.requests_seen
        check_connection(DEMO_APP_NAME, DEMO_SERVICE_ACCOUNT_KEY, base_url=sandbox.url)
        per_check = sandbox.requests_seen - before
        sandbox.scenario = "slow"
        read_timeout = 1.0
        slow = _median_seconds(
            lambda: check_connection(
                DEMO_APP_NAME,
                DEMO_SERVICE_ACCOUNT_KEY,
                base_url=sandbox.url,
                timeout=(1.0, read_timeout),
            ),
            3,
        )
    helpers_import = _import_seconds("import helpers")
    helpers_check_import = _import_seconds("import helpers.client")
    json_import = _import_seconds("import json")
    print(
        f"check vs bare requests.get (median of {calls}): {check * 1000:.2f} ms vs "
        f"{bare * 1000:.2f} ms -> ratio {check / bare:.2f}"
    )
    print(f"requests per check: {per_check}")
    print(
        f"unreachable (read timeout {read_timeout:.1f} s) reported after {slow:.2f} s -> "
        f"ratio {slow / read_timeout:.2f}"
    )
    print(
        f"import helpers: {helpers_import * 1000:.1f} ms; import helpers.client (with requests): "
        f"{helpers_check_import * 1000:.1f} ms; import json: {json_import * 1000:.1f} ms -> "
        f"ratio {helpers_import / json_import:.1f}"
    )


if __name__ == "__main__":
    main()
