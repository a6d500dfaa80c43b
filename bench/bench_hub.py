#!/usr/bin/env python3
"""Measure a class on a real JupyterHub on 127.0.0.1 (the deployment's settings). Asserts nothing.

    python bench/bench_hub.py --start 10 20 [--busy 2]    # the class start, per class size
    python bench/bench_hub.py [--learners 10] [--full 3]  # lesson 06, memory and CPU

``--start``: for each class size, a new hub; every learner logs in at the same moment and
follows the link to lesson 00. Prints login -> server and login -> lesson 00 (p50, p95, max)
and how many spawns failed (a learner who met an error page instead of lesson 00). ``--busy N``
keeps N other processes spinning on the CPU meanwhile, as on a machine doing other work.

Otherwise:

1. ``--learners`` learners log in at once, follow the nbgitpuller link and run lesson 06 in
   their own kernel: seconds from login to the server, and to the green card (p50, p95);
2. per learner after lesson 06: resident memory (RSS, and USS: memory no other process shares)
   of the single-user server plus its kernel;
3. ``--full`` of them (one per edition) then open lessons 00-09, each in its own kernel, left
   open as a learner who never closes a tab does: CPU seconds and memory at the end;
4. the hub's own memory (JupyterHub, and the proxy) with everyone on board.

Run as root to have real system users (LocalProcessSpawner), as in CI. The ratios compare
with the single-learner figures measured before (kernel ~60 MiB, JupyterLab server ~120 MiB).
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from helpers.lessons import LESSONS
from tests.hub_rig import ClassHub, Kernel, Learner, notebook_code

MIB = 1024 * 1024
BEFORE_KERNEL_MIB, BEFORE_SERVER_MIB = 60, 120


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _memory(procs: list[psutil.Process]) -> tuple[float, float]:
    """Total RSS and USS of ``procs``, in MiB."""
    rss = uss = 0
    for proc in procs:
        try:
            info = proc.memory_full_info()
            rss, uss = rss + info.rss, uss + info.uss
        except psutil.Error:
            continue
    return rss / MIB, uss / MIB


def _cpu(procs: list[psutil.Process]) -> float:
    total = 0.0
    for proc in procs:
        try:
            times = proc.cpu_times()
            total += times.user + times.system
        except psutil.Error:
            continue
    return total


def _run_lesson(hub: ClassHub, learner: Learner, number: str) -> tuple[Kernel, int]:
    notebook = f"{hub.notebook_folder(learner)}/{LESSONS[number][learner.edition]}.ipynb"
    kernel = hub.kernel(learner, notebook)
    failed = 0
    for code in notebook_code(hub.repo / notebook.split("/", 1)[1]):
        failed += bool(kernel.run(code)[1])
    return kernel, failed


def _lesson_06(hub: ClassHub, learner: Learner) -> Kernel:
    hub.log_in_and_follow(learner, hub.link(learner))
    kernel, failed = _run_lesson(hub, learner, "06")
    out, errors = kernel.run(
        "from helpers import check_connection\n"
        "from helpers.sandbox import DEMO_APP_NAME, DEMO_SERVICE_ACCOUNT_KEY\n"
        "print(check_connection(DEMO_APP_NAME, DEMO_SERVICE_ACCOUNT_KEY).ok)"
    )
    if failed or errors or out.strip() != "True":
        raise RuntimeError(f"{learner.name}: lesson 06 was not green")
    learner.marks["green"] = time.monotonic()
    return kernel


def _all_lessons(hub: ClassHub, learner: Learner) -> tuple[float, float, float, int]:
    """Open lessons 00-09 in new kernels, left open: CPU seconds, RSS and USS at the end."""
    procs = hub.learner_processes(learner)
    cpu_before = _cpu(procs)
    kernels, failed = [], 0
    for number in sorted(LESSONS):
        kernel, bad = _run_lesson(hub, learner, number)
        kernels.append(kernel)
        failed += bad
    procs = hub.learner_processes(learner)
    cpu = _cpu(procs) - cpu_before  # the lesson-06 kernel from step 1 counts only its new CPU
    rss, uss = _memory(procs)
    for kernel in kernels:
        kernel.close()
    return cpu, rss, uss, failed


def _spin(seconds: float) -> None:
    """Keep one CPU busy for ``seconds`` (a stand-in for the machine's other work)."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass


def _class_start(size: int) -> None:
    """``size`` learners log in at once and follow the link to lesson 00; print the waits."""
    with ClassHub(size) as hub:
        errors: list[str] = []

        def one(learner: Learner) -> None:
            try:
                hub.log_in_and_follow(learner, hub.link(learner))
            except Exception as problem:
                errors.append(f"{learner.name}: {str(problem)[:200]}")

        with ThreadPoolExecutor(size) as pool:
            list(pool.map(one, hub.learners))
        done = [lr for lr in hub.learners if "lesson00" in lr.marks]
        to_server = [lr.marks["server"] - lr.marks["login"] for lr in done]
        to_lesson = [lr.marks["lesson00"] - lr.marks["login"] for lr in done]
        timeouts = hub.log_tail(10**8).count("didn't respond in")
    print(f"\n{size} learners logging in at once ({hub.spawner}, {psutil.cpu_count()} cores):")
    if done:
        for label, waits in (("server running", to_server), ("lesson 00 open", to_lesson)):
            print(
                f"  login -> {label}: p50 {statistics.median(waits):.0f} s, "
                f"p95 {_percentile(waits, 0.95):.0f} s, max {max(waits):.0f} s"
            )
    print(
        f"  failed spawns: {len(errors)} of {size} (servers that did not answer in time: {timeouts})"
    )
    for error in errors[:5]:
        print("   ", error)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=10)
    parser.add_argument("--full", type=int, default=3)
    parser.add_argument("--start", type=int, nargs="+", help="class sizes for the start alone")
    parser.add_argument("--busy", type=int, default=0, help="CPU-spinning processes meanwhile")
    args = parser.parse_args()
    started = time.monotonic()
    if args.start:
        spinners = [multiprocessing.Process(target=_spin, args=(3600,)) for _ in range(args.busy)]
        for spinner in spinners:
            spinner.start()
        try:
            print(f"busy: {args.busy} processes spinning on the CPU")
            for size in args.start:
                _class_start(size)
        finally:
            for spinner in spinners:
                spinner.terminate()
        print(f"whole run: {time.monotonic() - started:.0f} s")
        return 0
    with ClassHub(args.learners) as hub:
        print(
            f"hub on {hub.url}, {hub.spawner}, {args.learners} learners, {psutil.cpu_count()} cores"
        )
        with ThreadPoolExecutor(args.learners) as pool:
            kernels = list(pool.map(lambda learner: _lesson_06(hub, learner), hub.learners))
        to_server = [lr.marks["server"] - lr.marks["login"] for lr in hub.learners]
        to_green = [lr.marks["green"] - lr.marks["login"] for lr in hub.learners]
        per_learner = [_memory(hub.learner_processes(lr)) for lr in hub.learners]
        to_green_cpu = [_cpu(hub.learner_processes(lr)) for lr in hub.learners]
        kernel_mem = [_memory([psutil.Process(hub.kernel_pid(k))]) for k in kernels]
        hub_rss = _memory([psutil.Process(hub.hub.pid)])[0]
        proxy = [
            p
            for p in psutil.Process(hub.hub.pid).children(recursive=True)
            if "configurable-http-proxy" in " ".join(p.cmdline())
        ]
        proxy_rss = _memory(proxy)[0]
        for kernel in kernels:
            kernel.close()
        full = hub.learners[: args.full]
        whole = []
        if full:
            with ThreadPoolExecutor(len(full)) as pool:
                whole = list(pool.map(lambda learner: _all_lessons(hub, learner), full))
    rss = [m[0] for m in per_learner]
    uss = [m[1] for m in per_learner]
    k_rss = [m[0] for m in kernel_mem]
    print(f"\n{args.learners} learners at once, login to ...")
    print(
        f"  server running:          p50 {statistics.median(to_server):.1f} s, "
        f"p95 {_percentile(to_server, 0.95):.1f} s"
    )
    print(
        f"  green card in lesson 06: p50 {statistics.median(to_green):.1f} s, "
        f"p95 {_percentile(to_green, 0.95):.1f} s"
    )
    print(
        f"CPU per learner from login to the green card (server start, clone, lesson 06): "
        f"p50 {statistics.median(to_green_cpu):.1f} s"
    )
    print("per learner after lesson 06 (server + its kernel):")
    print(
        f"  RSS p50 {statistics.median(rss):.0f} MiB, max {max(rss):.0f} MiB; "
        f"USS p50 {statistics.median(uss):.0f} MiB, max {max(uss):.0f} MiB"
    )
    print(
        f"  kernel alone: RSS p50 {statistics.median(k_rss):.0f} MiB "
        f"(ratio to the {BEFORE_KERNEL_MIB} MiB measured alone: "
        f"{statistics.median(k_rss) / BEFORE_KERNEL_MIB:.2f})"
    )
    server_rss = statistics.median(rss) - statistics.median(k_rss)
    print(
        f"  server alone: RSS ~{server_rss:.0f} MiB (ratio to {BEFORE_SERVER_MIB} MiB: "
        f"{server_rss / BEFORE_SERVER_MIB:.2f})"
    )
    for learner, (cpu, w_rss, w_uss, failed) in zip(full, whole, strict=False):
        print(
            f"lessons 00-09 ({learner.edition}), ten kernels left open: CPU {cpu:.1f} s, "
            f"then RSS {w_rss:.0f} MiB, USS {w_uss:.0f} MiB"
            + (f", {failed} cells raised" if failed else "")
        )
    print(f"hub: JupyterHub RSS {hub_rss:.0f} MiB, proxy RSS {proxy_rss:.0f} MiB")
    print(f"kernels restarted because they did not answer: {hub.kernel_retries}")
    print(f"whole run: {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
