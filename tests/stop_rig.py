"""``tasks.py run`` / ``wizard`` with pages open and kernels running, then one Ctrl+C.

Used by ``tests/test_tasks_stop.py`` (does everything end?) and ``bench/bench_stop.py`` (how
long does it take?). The command runs as the README says, in a copy of the repository, in a
process group of its own, as a terminal's foreground job: Ctrl+C is SIGINT to that group.
"""

from __future__ import annotations

import json
import os
import pty
import secrets
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.browser.conftest import (
    WAIT_MS,
    JupyterServer,
    _copy_of_the_repository,
    _free_port,
    _server_environment,
    _wait_until_ready,
)

ROOT = Path(__file__).resolve().parents[1]
_terminals: list[int] = []
sys.path.insert(0, str(ROOT))
import tasks  # noqa: E402

sys.path.remove(str(ROOT))


@dataclass
class Stopped:
    seconds_to_exit: float  # from Ctrl+C to the command's own exit
    seconds_to_none_left: float  # from Ctrl+C to no process of the session left
    started: int  # processes the session had (the server, its kernels)
    left: set[int]  # those still running when the wait ended (should be none)
    exit_code: int | None


def copy_repository(target: Path) -> Path:
    """A fresh copy of the repository sharing this checkout's ``.venv`` (nothing to install)."""
    return _copy_of_the_repository(target)


def start(root: Path, home: Path, kind: str, lang: str) -> JupyterServer:
    """``python3 tasks.py <kind> <lang>`` in ``root``, on a free port, ready to serve."""
    port, token = _free_port(), secrets.token_hex(16)
    log = home / f"{kind}-{lang}.log"
    # A terminal: its input is a tty (JupyterLab's own Ctrl+C handler then asks a question).
    keyboard, terminal = pty.openpty()
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [sys.executable, "tasks.py", kind, lang],
            cwd=root,
            env=_server_environment(home, port, token),
            stdin=terminal,
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own group, as a terminal's foreground job
        )
    os.close(terminal)
    _terminals.append(keyboard)  # closed by clean_up, as a terminal window is
    server = JupyterServer(
        f"http://127.0.0.1:{port}/", token, root, root / ".env", process, log, home
    )
    _wait_until_ready(server)
    return server


def _request(server: JupyterServer, path: str, body: dict | None = None) -> bytes:
    request = urllib.request.Request(
        server.url + path,
        data=None if body is None else json.dumps(body).encode(),
        method="GET" if body is None else "POST",
        headers={"Authorization": f"token {server.token}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=120) as response:
        return response.read()


def open_wizard_and_lesson(server: JupyterServer, lang: str, browser: Any = None) -> list[Any]:
    """Open the wizard (Voila) and lesson 06 (JupyterLab), each with its kernel running: in
    ``browser``'s pages when given (kept open and returned), else through the REST API."""
    from helpers.lessons import LESSONS, WIZARD

    wizard = f"notebooks/{lang}/{WIZARD[lang]}.ipynb"
    lesson = f"notebooks/{lang}/{LESSONS['06'][lang]}.ipynb"
    _request(
        server,
        "api/sessions",
        {"path": lesson, "type": "notebook", "name": "", "kernel": {"name": "python3"}},
    )
    if browser is None:
        _request(server, f"voila/render/{wizard}")
        return []
    pages = [browser.new_page(), browser.new_page()]
    pages[0].goto(server.voila(wizard), timeout=WAIT_MS)
    pages[0].locator(".wiz-app-name input").wait_for(timeout=WAIT_MS)
    pages[1].goto(server.lab(lesson), timeout=WAIT_MS)
    pages[1].locator(".jp-Notebook").first.wait_for(timeout=WAIT_MS)
    return pages


def lab_locale(server: JupyterServer) -> str | None:
    """JupyterLab's language setting in force, when its language pack is installed."""
    plugin = "@jupyterlab/translation-extension:plugin"
    settings = json.loads(_request(server, f"lab/api/settings/{plugin}"))
    default = settings["schema"]["properties"]["locale"]["default"]  # overrides.json sets it
    locale = settings["settings"].get("locale", default)
    pack = json.loads(_request(server, f"lab/api/translations/{locale}"))
    return locale if pack.get("data") else None


def session_processes(server: JupyterServer) -> set[int]:
    """The command and every process it started (server, kernels), running now."""
    return {server.process.pid, *tasks.descendants(server.process.pid)}


def interrupt(server: JupyterServer, limit: float = 30.0) -> Stopped:
    """Press Ctrl+C once (SIGINT to the group); wait up to ``limit`` seconds for everything."""
    before = session_processes(server)
    started = time.monotonic()
    os.killpg(server.process.pid, signal.SIGINT)
    try:
        code = server.process.wait(timeout=limit)
    except subprocess.TimeoutExpired:
        code = None
    exited = time.monotonic() - started
    left = tasks.living(before)
    while left and time.monotonic() - started < limit:
        time.sleep(0.05)  # orphans are collected by init: there is no event to wait for
        left = tasks.living(before)
    return Stopped(exited, time.monotonic() - started, len(before), left, code)


def clean_up(pids: set[int]) -> None:
    """Whatever the outcome, leave nothing of a session behind."""
    tasks._send(tasks.living(pids), signal.SIGKILL)
    while _terminals:
        os.close(_terminals.pop())
