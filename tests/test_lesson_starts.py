"""Every way a learner starts the lessons imports the tutorial's helpers after ``tasks.py run``'s
set-up alone, and where the import cannot work, lesson 00's first cell says what to run.

Real processes, none with ``PYTHONPATH`` set: a kernel of ``.venv``'s Python started in a lesson
folder (as VS Code starts one), ``.venv/bin/jupyter lab`` started directly with a lesson's kernel
started by its server, ``python -m helpers.check`` run from a lesson folder; then kernels of a
Python that has JupyterLab's packages but not the tutorial (the learner's own environment), before
and after ``python tasks.py link``, the README's line for that case.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import nbformat
import pytest

import tasks
from helpers.i18n import t
from helpers.lessons import LESSONS
from helpers.sandbox import DEMO_APP_NAME, DEMO_SERVICE_ACCOUNT_KEY
from tests.first_run_rig import learner_environment

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.skipif(
    not tasks.PYTHON.exists(), reason="no .venv here yet: python3 tasks.py test creates it"
)


def _first_cell(lang: str) -> str:
    """Lesson 00's first code cell, as committed."""
    notebook = nbformat.read(ROOT / "notebooks" / lang / f"{LESSONS['00'][lang]}.ipynb", 4)
    return next(cell.source for cell in notebook.cells if cell.cell_type == "code")


@contextlib.contextmanager
def _kernel(python: Path, cwd: Path, env: dict[str, str], home: Path) -> Iterator[Any]:
    """An IPython kernel of ``python`` started in ``cwd``, as VS Code starts one."""
    from jupyter_client import KernelManager
    from jupyter_client.kernelspec import KernelSpecManager

    spec = home / "kernels" / "learner"
    spec.mkdir(parents=True, exist_ok=True)
    argv = [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    (spec / "kernel.json").write_text(json.dumps({"argv": argv, "display_name": "learner"}))
    specs = KernelSpecManager(kernel_dirs=[str(home / "kernels")])
    manager = KernelManager(kernel_name="learner", kernel_spec_manager=specs)
    manager.start_kernel(cwd=str(cwd), env=env)
    client = manager.client()
    client.start_channels()
    try:
        client.wait_for_ready(timeout=120)
        yield client
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def _execute(client: Any, code: str) -> tuple[str, list[dict[str, Any]]]:
    """Run ``code``; its reply's status and its outputs (stream, display, result, error)."""
    outputs: list[dict[str, Any]] = []

    def keep(message: dict[str, Any]) -> None:
        kind = message["msg_type"]
        if kind in {"stream", "display_data", "execute_result", "error"}:
            outputs.append({"type": kind, **message["content"]})

    reply = client.execute_interactive(code, timeout=120, output_hook=keep)
    return reply["content"]["status"], outputs


def _text(outputs: list[dict[str, Any]]) -> str:
    """Everything the outputs show, as text."""
    parts = []
    for output in outputs:
        parts += [output.get("text", ""), *output.get("traceback", [])]
        parts += [str(v) for v in output.get("data", {}).values()]
    return "\n".join(parts)


def _assert_first_cell_runs(client: Any, lang: str) -> None:
    status, outputs = _execute(client, _first_cell(lang))
    shown = _text(outputs)
    assert status == "ok", shown
    assert "🧪" in shown and "Traceback" not in shown  # the sandbox's mode line
    _, outputs = _execute(client, "import helpers, os; print(os.path.realpath(helpers.__file__))")
    assert Path(_text(outputs).strip()) == ROOT / "helpers" / "__init__.py"


def test_a_kernel_of_the_venv_started_in_a_lesson_folder_runs_the_first_cell(tmp_path):
    """VS Code with .venv's kernel: the kernel starts in the notebook's folder, notebooks/es."""
    env = learner_environment(tmp_path)
    with _kernel(tasks.PYTHON, ROOT / "notebooks" / "es", env, tmp_path) as client:
        _assert_first_cell_runs(client, "es")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _api(url: str, token: str, path: str, body: dict | None = None) -> Any:
    request = urllib.request.Request(
        url + path,
        data=None if body is None else json.dumps(body).encode(),
        method="GET" if body is None else "POST",
        headers={"Authorization": f"token {token}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read() or b"null")


def test_jupyter_lab_started_directly_runs_the_first_cell_in_its_own_kernel(tmp_path):
    """``.venv/bin/jupyter lab`` typed in the tutorial's folder, no tasks.py: the server starts
    the lesson's kernel (in notebooks/en, with the server's environment), which runs the cell."""
    port, token = _free_port(), secrets.token_hex(16)
    env = learner_environment(tmp_path, JUPYTER_PORT=str(port), JUPYTER_TOKEN=token, BROWSER="true")
    if hasattr(os, "geteuid") and os.geteuid() == 0:  # a setting, so the command stays as typed
        config = {"ServerApp": {"allow_root": True}}
        (tmp_path / "config" / "jupyter_server_config.json").write_text(json.dumps(config))
    log = tmp_path / "lab.log"
    with log.open("wb") as sink:
        server = subprocess.Popen(
            [str(tasks.BIN / "jupyter"), "lab"],
            cwd=ROOT,
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 120
        while True:
            assert server.poll() is None, log.read_text()[-3000:]
            with contextlib.suppress(OSError):
                _api(url, token, "api/status")
                break
            assert time.monotonic() < deadline, log.read_text()[-3000:]
            time.sleep(0.25)
        lesson = f"notebooks/en/{LESSONS['00']['en']}.ipynb"
        body = {"path": lesson, "type": "notebook", "name": "", "kernel": {"name": "python3"}}
        kernel = _api(url, token, "api/sessions", body)["kernel"]["id"]

        from jupyter_client import BlockingKernelClient

        client = BlockingKernelClient()
        client.load_connection_file(str(tmp_path / "runtime" / f"kernel-{kernel}.json"))
        client.start_channels(hb=False)  # its heartbeat is the server's to watch
        try:
            client.wait_for_ready(timeout=120)
            _assert_first_cell_runs(client, "en")
        finally:
            client.stop_channels()
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
    assert "Traceback" not in log.read_text(errors="replace")


def test_the_check_command_runs_from_a_lesson_folder_with_the_venvs_python(sandbox, tmp_path):
    """A terminal opened anywhere, .venv's python, in notebooks/en: the check runs for real."""
    env = learner_environment(
        tmp_path,
        KEAP_APP_NAME=DEMO_APP_NAME,
        KEAP_API_KEY=DEMO_SERVICE_ACCOUNT_KEY,
        KEAP_API_BASE_URL=sandbox.url,
    )
    done = subprocess.run(
        [str(tasks.PYTHON), "-m", "helpers.check", "--lang", "en"],
        cwd=ROOT / "notebooks" / "en",
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Connection works" in done.stdout


def _their_environment(folder: Path) -> Path:
    """A Python with JupyterLab's packages (.venv's, on its path) but not the tutorial: files on
    a path entry are importable, the .pth files among them are not read, so neither ``helpers``
    nor ``keap_api_tutorial`` is there, as in a learner's own environment. Its ``python``."""
    base = getattr(sys, "_base_executable", sys.executable)
    subprocess.run([base, "-m", "venv", "--without-pip", str(folder)], check=True, timeout=120)
    python = folder / "bin" / "python"
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    (Path(purelib) / "their-packages.pth").write_text(str(tasks._site_packages()) + "\n")
    return python


@pytest.fixture(scope="module")
def their_python(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _their_environment(tmp_path_factory.mktemp("their-env"))


@pytest.mark.parametrize("lang", ["es", "en", "pt"])
def test_the_first_cell_says_what_to_run_where_the_helpers_cannot_be_imported(
    their_python, tmp_path, lang
):
    env = learner_environment(tmp_path)
    with _kernel(their_python, ROOT / "notebooks" / lang, env, tmp_path) as client:
        status, outputs = _execute(client, _first_cell(lang))
        _, python = _execute(client, "import sys; print(sys.executable)")
    assert status == "error"  # Run All stops here, before any NameError
    (error,) = outputs
    expected = t("setup.not_set_up", lang, module="helpers", python=_text(python).strip())
    assert error["traceback"] == expected.splitlines()  # these lines only, no traceback
    assert "python3 tasks.py run" in expected and "python tasks.py link" in expected


def test_the_first_cell_names_a_missing_package_the_helpers_need(their_python, tmp_path):
    """The tutorial's folder on the path, python-dotenv missing: the same advice, naming it."""
    blocked = tmp_path / "blocked"
    blocked.mkdir()
    (blocked / "sitecustomize.py").write_text("import sys\nsys.modules['dotenv'] = None\n")
    env = learner_environment(tmp_path, PYTHONPATH=os.pathsep.join([str(ROOT), str(blocked)]))
    with _kernel(their_python, ROOT / "notebooks" / "en", env, tmp_path) as client:
        status, outputs = _execute(client, _first_cell("en"))
    assert status == "error"
    (error,) = outputs
    assert error["traceback"][0].endswith("'dotenv' is missing.")


def test_the_readme_line_makes_their_own_python_import_the_helpers(tmp_path):
    """``python tasks.py link`` with their Python: then its kernel runs the first cell."""
    their_python = _their_environment(tmp_path / "env")
    env = learner_environment(tmp_path)
    done = subprocess.run(
        [str(their_python), "tasks.py", "link", "en"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip() == t("link.done", "en", python=their_python, root=ROOT)
    with _kernel(their_python, ROOT / "notebooks" / "pt", env, tmp_path) as client:
        _assert_first_cell_runs(client, "pt")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "python -m pip install -r requirements.txt && python tasks.py link" in readme
