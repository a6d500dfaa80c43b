#!/usr/bin/env python3
"""Worst time of each validator on hostile input up to 1 MB. Prints figures; asserts nothing.

    python bench/bench_validators.py

The target is under 50 ms per call whatever is pasted; the ratio printed is the worst time
divided by that budget (below 1.00 meets it).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import contextlib

from helpers.credentials import hide_keys, inspect_app_name, inspect_key, mask
from helpers.errors import TutorialError

MB = 1 << 20
BUDGET = 0.050
INPUTS = {
    "Bearer x 150000": "Bearer " * 150_000 + "x",
    "1 MB of a": "a" * MB,
    "1 MB of [": "[" * MB,
    "1 MB zero-width": "\u200b" * MB,
    "KeapAK- x 150000": "KeapAK-" * 150_000,
    "1 MB hex": "ab" * (MB // 2),
    "1 MB dots": "a." * (MB // 2),
    "2000-char URL": "https://" + "a." * 994 + "com",
    "1999 Bearer": ("Bearer " * 285)[:1999],
}


def _worst(action, text: str) -> float:
    worst = 0.0
    for _ in range(3):
        started = time.perf_counter()
        with contextlib.suppress(TutorialError):
            action(text)
        worst = max(worst, time.perf_counter() - started)
    return worst


def main() -> None:
    overall = 0.0
    for label, text in INPUTS.items():
        times = {
            name: _worst(action, text)
            for name, action in (
                ("inspect_key", inspect_key),
                ("inspect_app_name", inspect_app_name),
                ("mask", mask),
                ("hide_keys", lambda s: hide_keys(s[:4096])),
            )
        }
        overall = max(overall, *times.values())
        print(f"{label:18} " + "  ".join(f"{n} {s * 1000:6.2f} ms" for n, s in times.items()))
    print(
        f"worst validator call: {overall * 1000:.2f} ms -> ratio to the 50 ms budget "
        f"{overall / BUDGET:.2f}"
    )


if __name__ == "__main__":
    main()
