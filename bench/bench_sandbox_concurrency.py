#!/usr/bin/env python3
"""Many learners on one sandbox: latency percentiles at 50 concurrent clients. Asserts nothing.

    python bench/bench_sandbox_concurrency.py [--clients 50] [--requests 40] [--pause 0.5]

The sandbox runs in its own process (as in a class, where it is shared); the clients are
threads of this process, each opening a new connection per request, as the check does.
It runs twice: with the sandbox's listen queue, and with Python's default of 5, and prints
p50/p99 for both, the ratio of the p99s, the throughput and how many requests failed.
``--pause`` is each client's think time between requests (0: back to back, the worst case;
a class of learners pressing "test" is closer to a pause of seconds).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
USERINFO = "/crm/rest/v2/oauth/connect/userinfo"
_SERVE = """
import sys, time
from helpers.sandbox import server
if {queue}:
    server._Server.request_queue_size = {queue}
sandbox = server.Sandbox().start()
print(sandbox.url, server._Server.request_queue_size, flush=True)
time.sleep(3600)
"""


def _serve(queue: int) -> tuple[subprocess.Popen[str], str, int]:
    child = subprocess.Popen(
        [sys.executable, "-c", _SERVE.format(queue=queue)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    url, size = child.stdout.readline().split()  # type: ignore[union-attr]
    return child, url, int(size)


def _run(url: str, clients: int, per_client: int, pause: float = 0.0) -> tuple[list[float], int]:
    from helpers.sandbox import DEMO_SERVICE_ACCOUNT_KEY

    headers = {"X-Keap-API-Key": DEMO_SERVICE_ACCOUNT_KEY}

    def client(_: int) -> tuple[list[float], int]:
        times, failed = [], 0
        for _ in range(per_client):
            started = time.perf_counter()
            try:
                ok = requests.get(url + USERINFO, headers=headers, timeout=5).status_code == 200
            except requests.RequestException:
                ok = False
            times.append(time.perf_counter() - started)
            failed += not ok
            time.sleep(pause)
        return times, failed

    with ThreadPoolExecutor(max_workers=clients) as pool:
        results = list(pool.map(client, range(clients)))
    return [t for times, _ in results for t in times], sum(f for _, f in results)


def _p(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100)[q - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=40, help="requests per client")
    parser.add_argument(
        "--pause", type=float, default=0.0, help="seconds between a client's requests"
    )
    args = parser.parse_args()
    p99s = {}
    for label, queue in (("sandbox queue", 0), ("queue of 5", 5)):
        child, url, size = _serve(queue)
        try:
            _run(url, 5, 5)  # warm up
            started = time.perf_counter()
            times, failed = _run(url, args.clients, args.requests, args.pause)
            seconds = time.perf_counter() - started
        finally:
            child.kill()
            child.wait()
        p99s[label] = _p(times, 99)
        print(
            f"{label} ({size}): {len(times)} requests from {args.clients} clients -> "
            f"p50 {_p(times, 50) * 1000:.1f} ms, p99 {p99s[label] * 1000:.1f} ms, "
            f"max {max(times) * 1000:.1f} ms, {len(times) / seconds:.0f} requests/s, {failed} failed"
        )
    print(
        f"p99 ratio, queue of 5 / sandbox queue: {p99s['queue of 5'] / p99s['sandbox queue']:.1f}"
    )


if __name__ == "__main__":
    main()
