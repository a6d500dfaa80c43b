"""A newcomer's first runs of ``tasks.py`` in one fresh copy of the repository (no ``.venv``).

Used by ``tests/test_first_run.py`` (what the first screen shows) and ``bench/bench_first_run.py``
(how many lines and seconds). ``run``, then ``wizard`` (its installation stamp removed, so it
installs again as a first run does), then ``test`` (the test tools, one quick test), each as
the README says, in its own process group, with a Ctrl+C to end the server.

So that the copy installs the same versions on any later day, pip is held to
requirements-test.lock's versions (a constraints file, which pip also applies inside its build
environments) and to the pip that ``venv`` brings.
"""

from __future__ import annotations

import contextlib
import ensurepip
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
import tasks  # noqa: E402
from tests.browser.conftest import private_jupyter_folders  # noqa: E402

sys.path.remove(str(ROOT))
MARKER = "➜"  # the line that names the address
QUICK_TEST = "tests/test_i18n.py::test_the_catalogue_is_not_empty"


@dataclass
class FirstRun:
    command: str
    lines: list[str]
    exit_code: int | None
    address_status: int | None = None  # what opening the named address answered

    def before(self, marker: str) -> list[str]:
        """The lines printed before the first one containing ``marker`` (which must come)."""
        found = [i for i, line in enumerate(self.lines) if marker in line]
        assert found, f"{self.command}: no line with {marker!r}:\n" + "\n".join(self.lines[-40:])
        return self.lines[: found[0]]


def fresh_copy(target: Path) -> Path:
    """The files a fresh clone has (tracked, or new and not ignored); no .venv. node_modules is
    this checkout's (npm's stage is the same code path as pip's, tested in test_tasks.py)."""
    listed = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard", "-z"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        if (ROOT / name).is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, target / name)
    if (ROOT / "node_modules").is_dir():
        (target / "node_modules").symlink_to(ROOT / "node_modules", target_is_directory=True)
    return target


def constraints(folder: Path) -> Path:
    """requirements-test.lock's versions (no hashes) and venv's own pip, as pip constraints."""
    pins = tasks.pinned((ROOT / tasks.TEST_LOCK).read_text(encoding="utf-8"))
    lines = [
        f"{name}=={version}" + (f" ; {markers}" if markers else "")
        for (name, markers), version in sorted(pins.items())
    ]
    lines.append(f"pip=={ensurepip.version()}")
    path = folder / "constraints.txt"
    path.write_text("\n".join(lines) + "\n")
    return path


def learner_environment(home: Path, **extra: str) -> dict[str, str]:
    """A new terminal's environment: no variable of this test run, private Jupyter and IPython
    folders under ``home``, and ``extra``."""
    drop = ("KEAP_", "PYTHON", "PYTEST", "VIRTUAL_ENV", "JUPYTER", "IPYTHON", "PIP_")
    env = {k: v for k, v in os.environ.items() if not k.startswith(drop)}
    return {**env, **private_jupyter_folders(home), **extra}


def environment(home: Path, constraints: Path) -> dict[str, str]:
    """A newcomer's terminal (``learner_environment``) with no browser to open, pip held to the
    test lock's versions; jupyter_server takes its port and token from the environment."""
    return learner_environment(home, BROWSER="true", PIP_CONSTRAINT=str(constraints))


def serve_once(root: Path, home: Path, env: dict[str, str], kind: str, lang: str) -> FirstRun:
    """``python3 tasks.py <kind> <lang>`` until it names the address, which is then opened;
    then one Ctrl+C. The token is the server's own (none given), as a newcomer's is."""
    log = home / f"{kind}.log"
    env = {**env, "JUPYTER_PORT": str(free_port())}
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [python3(), "tasks.py", kind, lang],
            cwd=root,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own group, as a terminal's foreground job
            preexec_fn=_keyboard_signals,
        )
    code = opened = None
    try:
        deadline = time.monotonic() + 600
        while MARKER not in log.read_text(errors="replace"):
            if process.poll() is not None or time.monotonic() > deadline:
                break
            time.sleep(0.5)
        time.sleep(2)  # what JupyterLab prints right after is part of the screen too
        opened = open_address(log.read_text(errors="replace"))
        os.killpg(process.pid, signal.SIGINT)
        with contextlib.suppress(subprocess.TimeoutExpired):  # None: it did not stop
            code = process.wait(timeout=60)
    finally:
        if process.poll() is None:  # it did not stop: end it and the server (its own session)
            tasks._send({process.pid, *tasks.descendants(process.pid)}, signal.SIGKILL)
            process.wait()
    lines = log.read_text(errors="replace").splitlines()
    return FirstRun(f"tasks.py {kind} {lang}", lines, code, opened)


def _keyboard_signals() -> None:
    """Ctrl+C as a terminal delivers it: a command started in the background of a script
    inherits SIGINT ignored, and Python then never raises KeyboardInterrupt."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def open_address(output: str) -> int | None:
    """The HTTP status of the address the ➜ line names (None if there is no such line)."""
    found = re.search(r"➜.*?(http://\S+)", output)
    if not found:
        return None
    try:
        with urllib.request.urlopen(found.group(1), timeout=120) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def python3() -> str:
    """The Python a newcomer types as ``python3``: the one this test's .venv was made from."""
    return getattr(sys, "_base_executable", None) or shutil.which("python3") or sys.executable


def first_runs(root: Path, home: Path) -> dict[str, Any]:
    """``run en``, ``wizard pt`` and ``test`` in ``root`` (a fresh copy), their output kept."""
    env = environment(home, constraints(home))
    runs: dict[str, Any] = {}
    started = time.monotonic()
    runs["run"] = serve_once(root, home, env, "run", "en")
    runs["run_seconds"] = time.monotonic() - started
    stamp, _ = tasks.install_stamp("requirements.txt")
    (root / ".venv" / stamp.name).unlink()
    runs["wizard"] = serve_once(root, home, env, "wizard", "pt")
    test_env = {k: v for k, v in env.items() if k != "PIP_CONSTRAINT"}  # the lock has hashes
    started = time.monotonic()
    done = subprocess.run(
        [python3(), "tasks.py", "test", QUICK_TEST],
        cwd=root,
        env=test_env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=900,
    )
    runs["test_seconds"] = time.monotonic() - started
    (home / "test.log").write_text(done.stdout + done.stderr)
    runs["test"] = FirstRun(
        "tasks.py test", (done.stdout + done.stderr).splitlines(), done.returncode
    )
    runs["test_lang"] = tasks.I18N.tutorial_language(test_env)
    runs["install_log"] = (root / ".venv" / "install.log").read_text(errors="replace")
    return runs
