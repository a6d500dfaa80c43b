#!/usr/bin/env python3
"""Every hostile server of tests/hostile_server.py against one check: time to a verdict and
memory growth. Prints figures and ratios; asserts nothing (the tests assert the bounds).

    python bench/bench_hostile.py [--timeout 1.0]

Each mode runs in a fresh process, after a warm-up check against a polite server, so the
peak resident memory (VmHWM) growth is the check's own. The time is divided by the stated
timeout: the promise is at most timeout + 0.5 s.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_ONE = """
import json, sys, time
sys.path.insert(0, {root!r})
from helpers.client import check_connection
from tests import hostile_server as hs
from tests.test_hostile_servers import EXPECTED

def hwm():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024

hs.prepare()
key = EXPECTED[{mode!r}][0]
with hs.HostileServer(hs._answer("200 OK", b'{{"email": "a@example.com"}}',
                                 {{"Content-Type": "application/json"}})) as polite:
    check_connection("ab123", key, base_url=polite.url, timeout=({t}, {t}))
before = hwm()
with hs.HostileServer({mode!r}) as server:
    started = time.perf_counter()
    result = check_connection("ab123", key, base_url=server.url, timeout=({t}, {t}))
    seconds = time.perf_counter() - started
print(json.dumps({{"cause": result.cause, "seconds": seconds, "growth": hwm() - before}}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=float, default=1.0)
    timeout = parser.parse_args().timeout
    sys.path.insert(0, str(ROOT))
    from tests.test_hostile_servers import EXPECTED

    worst_time, worst_growth = 0.0, 0
    for mode in sorted(EXPECTED):
        code = _ONE.format(root=str(ROOT), mode=mode, t=timeout)
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=ROOT
        )
        if done.returncode != 0:
            print(f"{mode:26} FAILED: {done.stderr.strip().splitlines()[-1:]}")
            continue
        figures = json.loads(done.stdout.strip().splitlines()[-1])
        worst_time = max(worst_time, figures["seconds"])
        worst_growth = max(worst_growth, figures["growth"])
        print(
            f"{mode:26} {figures['cause']:20} {figures['seconds']:6.2f} s "
            f"(x{figures['seconds'] / timeout:.2f} of the timeout)  "
            f"peak memory +{figures['growth'] / (1 << 20):.1f} MiB"
        )
    print(
        f"{len(EXPECTED)} hostile modes; worst time to a verdict {worst_time:.2f} s for a "
        f"{timeout:g} s timeout (ratio {worst_time / timeout:.2f}); worst peak memory growth "
        f"{worst_growth / (1 << 20):.1f} MiB"
    )


if __name__ == "__main__":
    main()
