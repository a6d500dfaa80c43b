#!/usr/bin/env python3
"""The sandbox's REST v2 records under load: p50/p95 per operation, memory, 50 clients.

    python bench/bench_sandbox_api.py [--sizes 1000,10000,100000] [--repeat 60]
                                      [--prism-spec PATH/TO/keap-v2-openapi.yml]

For each account size (contacts seeded through ``Sandbox.seed``, so checked like a POST) it
times, over real HTTP on 127.0.0.1: create, get, filter by exact email, list a page of 50,
a PATCH and applying a tag; it prints p50/p95 in ms, the ratio of each p50 to the smallest
size's (a filter by email uses an index: its ratio should stay near 1), and the records'
peak memory (tracemalloc, while seeding). Then 50 concurrent clients mixing those calls:
p50/p95, throughput, failures. With ``--prism-spec`` and Stoplight Prism installed
(``npx prism``), the same read requests against ``prism mock`` in the same run, side by
side. Asserts nothing.
"""

from __future__ import annotations

import argparse
import shutil
import socket
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from helpers.sandbox import DEMO_SERVICE_ACCOUNT_KEY, Sandbox  # noqa: E402


def _ms(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return statistics.median(ordered) * 1000, p95 * 1000


def _session() -> requests.Session:
    session = requests.Session()
    session.headers["X-Keap-API-Key"] = DEMO_SERVICE_ACCOUNT_KEY
    return session


def _operations(
    base: str, session: requests.Session, size: int
) -> dict[str, Callable[[int], requests.Response]]:
    middle = size // 2
    return {
        "create": lambda n: session.post(
            base + "/contacts",
            json={"given_name": "B", "email_addresses": [{"email": f"bench{n}@example.com"}]},
        ),
        "get": lambda n: session.get(base + f"/contacts/{4 + (n * 7919) % size}"),
        "filter email": lambda n: session.get(
            base + "/contacts", params={"filter": f"email==s{middle}@example.com"}
        ),
        "list 50": lambda n: session.get(base + "/contacts", params={"page_size": 50}),
        "patch": lambda n: session.patch(
            base + f"/contacts/{4 + n % size}", json={"job_title": f"j{n}"}
        ),
        "apply tag": lambda n: session.post(
            base + "/tags/2/contacts:applyTags", json={"contact_ids": [str(4 + n % size)]}
        ),
    }


def _seeded(size: int) -> tuple[Sandbox, float, float]:
    sandbox = Sandbox().start()
    people = [
        {"given_name": f"S{n}", "email_addresses": [{"email": f"s{n}@example.com"}]}
        for n in range(size)
    ]
    tracemalloc.start()
    started = time.perf_counter()
    for first in range(0, size, 5000):
        sandbox.seed(contacts=people[first : first + 5000])
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return sandbox, seconds, peak


def _time_sizes(sizes: list[int], repeat: int) -> None:
    baseline: dict[str, float] = {}
    print(f"{'contacts':>9} {'operation':<13} {'p50 ms':>8} {'p95 ms':>8} {'p50 ratio':>9}")
    for size in sizes:
        sandbox, seconds, peak = _seeded(size)
        base, session = sandbox.url + "/crm/rest/v2", _session()
        for name, call in _operations(base, session, size).items():
            samples = []
            for n in range(repeat):
                started = time.perf_counter()
                answer = call(n)
                samples.append(time.perf_counter() - started)
                assert answer.status_code < 300, (
                    answer.text
                )  # a broken bench must not print figures
            p50, p95 = _ms(samples)
            baseline.setdefault(name, p50)
            print(f"{size:>9} {name:<13} {p50:8.2f} {p95:8.2f} {p50 / baseline[name]:9.2f}")
        print(f"{size:>9} seeding: {seconds:.1f} s, records' peak memory {peak:.1f} MiB")
        sandbox.stop()


def _concurrent(clients: int, per_client: int) -> None:
    sandbox = Sandbox().start()
    sandbox.seed(contacts=[{"email_addresses": [{"email": f"s{n}@example.com"}]} for n in range(3)])
    base = sandbox.url + "/crm/rest/v2"  # the calls below use contacts 4 to 6

    def client(number: int) -> tuple[list[float], int]:
        session, times, failed = _session(), [], 0
        calls = list(_operations(base, session, 3).values())
        for n in range(per_client):
            started = time.perf_counter()
            try:
                ok = calls[(number + n) % len(calls)](number * 1000 + n).status_code < 300
            except requests.RequestException:
                ok = False
            times.append(time.perf_counter() - started)
            failed += not ok
        return times, failed

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        results = list(pool.map(client, range(clients)))
    wall = time.perf_counter() - started
    samples = [t for times, _ in results for t in times]
    p50, p95 = _ms(samples)
    failed = sum(f for _, f in results)
    print(
        f"{clients} clients x {per_client} mixed calls: p50 {p50:.1f} ms, p95 {p95:.1f} ms, {len(samples) / wall:.0f} requests/s, {failed} failed"
    )
    sandbox.stop()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _prism(spec: str | None, repeat: int) -> None:
    if not spec:
        print("Prism: not run (give --prism-spec PATH to Keap's REST v2 description)")
        return
    found = shutil.which("prism")
    prism = [found] if found else [shutil.which("npx") or "npx", "--no-install", "prism"]
    try:
        missing = subprocess.run([*prism, "--version"], capture_output=True).returncode != 0
    except OSError:
        missing = True
    if missing:
        print("Prism: not run (install it: npm install -g @stoplight/prism-cli)")
        return
    port = _free_port()
    child = subprocess.Popen(
        [*prism, "mock", spec, "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    sandbox = Sandbox().start()
    try:
        prism_base = f"http://127.0.0.1:{port}/rest/v2"
        for _ in range(300):
            try:
                requests.get(prism_base + "/tags", timeout=1)
                break
            except requests.RequestException:
                time.sleep(0.2)
        print(f"{'request':<22} {'sandbox p50':>12} {'prism p50':>10} {'ratio':>6}")
        for path in ("/contacts?page_size=50", "/contacts/1", "/tags", "/contacts/model"):
            figures = []
            for base in (sandbox.url + "/crm/rest/v2", prism_base):
                session, samples = _session(), []
                for _ in range(repeat):
                    started = time.perf_counter()
                    session.get(base + path, timeout=10)
                    samples.append(time.perf_counter() - started)
                figures.append(_ms(samples)[0])
            print(
                f"{path:<22} {figures[0]:12.2f} {figures[1]:10.2f} {figures[1] / figures[0]:6.2f}"
            )
    finally:
        child.terminate()
        child.wait(timeout=10)
        sandbox.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--repeat", type=int, default=60)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--per-client", type=int, default=20)
    parser.add_argument("--prism-spec", default=None)
    options = parser.parse_args()
    _time_sizes([int(s) for s in options.sizes.split(",")], options.repeat)
    _concurrent(options.clients, options.per_client)
    _prism(options.prism_spec, options.repeat)


if __name__ == "__main__":
    main()
