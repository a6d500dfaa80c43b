#!/usr/bin/env python3
"""Fuzz the destination guard against what urllib3 would really connect to (the large run).

    python tools/fuzz_guard.py                 # 20,000 generated URLs
    python tools/fuzz_guard.py --examples 100000

For each URL the guard accepts, requests prepares it and urllib3's pool manager names the
host and port it would open; that must be loopback or Keap's HTTPS API. Prints how many URLs
were tried, accepted and refused, and exits 1 with the first counterexample if one is found.
The CI-sized version of the same property is tests/test_destination_guard.py.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from hypothesis import HealthCheck, given, settings  # noqa: E402

from helpers import config  # noqa: E402
from helpers.errors import UnsafeDestination  # noqa: E402
from tests.guard_cases import connect_target, is_allowed_target, urls  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=20_000)
    args = parser.parse_args(argv)
    counts = {"tried": 0, "accepted": 0, "refused": 0}

    @settings(
        max_examples=args.examples,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(urls())
    def prop(url: str) -> None:
        counts["tried"] += 1
        try:
            config.ensure_safe_destination(url)
        except UnsafeDestination:
            counts["refused"] += 1
            return
        counts["accepted"] += 1
        target = connect_target(url)
        assert target is not None and is_allowed_target(target), (url, target)

    started = time.perf_counter()
    try:
        prop()
    except AssertionError as error:
        print(f"COUNTEREXAMPLE: {error}")
        return 1
    seconds = time.perf_counter() - started
    print(
        f"guard differential: {counts['tried']} URLs tried, {counts['accepted']} accepted, "
        f"{counts['refused']} refused, 0 counterexamples, {seconds:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
