"""A learner who follows every Next link does not pile up kernels.

Each Next link opens the next lesson in a new JupyterLab tab, with a kernel of its own (about
60 MB), and the tab of the lesson before stays open. The tutorial's servers stop a kernel left
idle for a while even with its tab open (Jupyter Server's idle culling,
``binder/kernel_culling.json``, which ``tasks.py run``, Binder and the hubs install) and shut a
lesson's kernel down when its tab is closed (``binder/overrides.json``). A lesson whose kernel
stopped says so when the learner comes back: JupyterLab shows no kernel, and a cell that needs
an earlier one explains, in the lesson's language, what happened and what to do.

The walk goes from lesson 00 through the admin route and the developer route (07, 10, 09) by
their Next links, in Spanish, on ``python3 tasks.py run`` in a fresh copy. It keeps the shipped
policy's proportions on a shorter clock: the shipped timeout is 15 minutes against about 9
minutes a lesson (the admin route's 55 minutes over 6 lessons); here each lesson takes at
least ``DWELL`` seconds and a kernel idle for ``TIMEOUT`` seconds stops (the test's own Jupyter
config folder sets only those two numbers; the rest comes from the shipped file). A slower machine
only makes the lessons longer, so it can only stop more kernels, never fewer; the current
lesson keeps being used, so its kernel must never stop.
"""

from __future__ import annotations

import json
import re
import secrets
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psutil
import pytest
import yaml

from helpers.i18n import t
from helpers.lessons import LESSONS, ROUTES
from tests.browser.conftest import (
    WAIT_MS,
    JupyterServer,
    Lab,
    _copy_of_the_repository,
    _require_browser,
    _stop,
    _wait_until_ready,
    start_tasks_run,
)

ROOT = Path(__file__).resolve().parents[2]
LANG = "es"
SHIPPED = json.loads((ROOT / "binder" / "kernel_culling.json").read_text())["MappingKernelManager"]
LESSON_MINUTES = 9  # a lesson's time on the admin route, on average (55 minutes, 6 lessons)
DWELL = 5  # seconds, at least, from one lesson's first cell to the next one's
# Seconds idle before a kernel stops: the shipped timeout, in lessons, on the test's clock (8).
TIMEOUT = round(DWELL * SHIPPED["cull_idle_timeout"] / (LESSON_MINUTES * 60))
MAX_KERNELS = 3
VALUES = ROOT / "deploy" / "jupyterhub" / "z2jh" / "values.yaml"
_UNITS = {"K": 10**3, "M": 10**6, "G": 10**9, "Ki": 2**10, "Mi": 2**20, "Gi": 2**30}


def _walk() -> list[str]:
    """Lesson numbers in the order the Next links go, from 00 to the developer route's end."""
    return [*ROUTES["admin"], *ROUTES["developer"]]


def _bytes(quantity: str) -> int:
    """A Kubernetes memory quantity (``1G``, ``512Mi``) in bytes."""
    number, unit = re.fullmatch(r"(\d+(?:\.\d+)?)([KMG]i?)?", str(quantity)).groups()
    return int(float(number) * _UNITS.get(unit or "", 1))


@pytest.fixture
def culling_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[JupyterServer]:
    """``python3 tasks.py run`` in a fresh copy, its kernels culled on the test's clock."""
    _require_browser()
    home = tmp_path_factory.mktemp("culling-home")
    root = _copy_of_the_repository(Path(tempfile.mkdtemp(prefix="clave-api-keap-")))
    config = home / "config"
    config.mkdir(parents=True)
    # Only the clock: whether connected and busy kernels are culled comes from the shipped file.
    scaled = {"cull_idle_timeout": TIMEOUT, "cull_interval": 1}
    (config / "jupyter_server_config.json").write_text(json.dumps({"MappingKernelManager": scaled}))
    # jupyter_core lets a virtual environment's config win over the user's: not for this one.
    server = start_tasks_run(root, home, secrets.token_hex(16), {"JUPYTER_PREFER_ENV_PATH": "0"})
    try:
        _wait_until_ready(server)
        yield server
    finally:
        _stop(server.process)
        shutil.rmtree(root, ignore_errors=True)


def _kernels(server: JupyterServer) -> list[dict[str, Any]]:
    return json.loads(server._call("api/kernels")[1] or b"[]")


def _memory(server: JupyterServer, kernel_ids: set[str]) -> tuple[int, int]:
    """Resident bytes of (the Jupyter server, the kernels named), found by their command lines."""
    server_rss = kernels_rss = 0
    for process in psutil.Process(server.process.pid).children(recursive=True):
        try:
            command = process.cmdline()
            rss = process.memory_info().rss
        except psutil.Error:
            continue
        if any(f"kernel-{kernel}.json" in " ".join(command) for kernel in kernel_ids):
            kernels_rss += rss
        elif command[1:4] == ["-m", "jupyter", "lab"] or any(
            part.endswith("jupyter-lab") for part in command[:2]
        ):
            server_rss += rss
    return server_rss, kernels_rss


def _current_kernel(page: Any) -> str | None:
    return page.evaluate("""() => {
        const w = window.jupyterapp.shell.currentWidget;
        const k = w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;
        return k ? k.id : null;
    }""")


def _run_first_cell(lab: Lab, path: str) -> None:
    """Run the lesson's first code cell (``tutorial.start``), as every lesson asks, and wait."""
    lab.wait_for_kernel(path)
    lab.page.evaluate("""() => {
        const nb = window.jupyterapp.shell.currentWidget.content;
        nb.activeCellIndex = nb.widgets.findIndex(c => c.model.type === 'code');
        void window.jupyterapp.commands.execute('notebook:run-cell');
    }""")
    lab.page.wait_for_function(
        """() => {
        const nb = window.jupyterapp.shell.currentWidget.content;
        const cell = nb.widgets.find(c => c.model.type === 'code');
        const k = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
        return cell.model.executionCount !== null && k.status === 'idle';
    }""",
        timeout=WAIT_MS,
    )


def _follow_next(lab: Lab, path: str) -> None:
    """Click the Next link at the top of the open lesson; wait until ``path`` is the current tab.

    The admin route's last lesson has no Next link: its closing words link the developer
    route's first lesson, which a click opens with JupyterLab's ``docmanager:open`` (what its
    markdown link handler runs); the walk runs that command, as the link would."""
    panel = lab.page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")
    following = panel.locator(".jp-MarkdownCell a", has_text=re.compile(r"→\s*$"))
    if following.count():
        following.first.click()
    else:
        source = lab.page.evaluate(
            "() => window.jupyterapp.shell.currentWidget.content.model.sharedModel.cells"
            ".map(c => c.getSource()).join('\\n')"
        )
        name = path.rsplit("/", 1)[-1]
        assert f"]({name})" in source, f"the lesson before {name} links it nowhere"
        lab.page.evaluate(
            "(p) => { void window.jupyterapp.commands.execute('docmanager:open', {path: p}); }",
            path,
        )
    lab.page.wait_for_function(
        "(p) => { const w = window.jupyterapp.shell.currentWidget; return w && w.context"
        " && w.context.path === p; }",
        arg=path,
        timeout=WAIT_MS,
    )


def test_following_every_next_link_leaves_few_kernels_and_loses_nothing(
    browser: Any, culling_server: JupyterServer, screenshots: Path, measure
) -> None:
    server = culling_server
    context = browser.new_context(viewport={"width": 1000, "height": 800}, locale="es-ES")
    context.set_default_timeout(WAIT_MS)
    page = context.new_page()
    lab = Lab(page, server, screenshots)
    saved = "KEAP_APP_NAME=ab123\n"  # what lesson 07 saves; the walk must leave it alone
    server.env_file.write_text(saved)
    edit = "# my own note"
    paths = [f"notebooks/{LANG}/{LESSONS[n][LANG]}.ipynb" for n in _walk()]
    try:
        lab.open(paths[0])
        lab.page.evaluate(  # the learner's own edit in the first lesson's last cell, not saved
            "(text) => { const nb = window.jupyterapp.shell.currentWidget.content;"
            " nb.widgets.filter(c => c.model.type === 'code').pop().model.sharedModel"
            ".setSource(text); }",
            edit,
        )
        first_kernel = _current_kernel(page)
        started = time.monotonic()
        peak = 0
        for index, path in enumerate(paths):
            if index:
                _follow_next(lab, path)
            _run_first_cell(lab, path)
            peak = max(peak, len(_kernels(server)))
            time.sleep(max(0.0, started + DWELL * (index + 1) - time.monotonic()))
        current = _current_kernel(page)
        # The learner stays on the last lesson, running a cell now and then, until the kernels
        # of the lessons left behind have had the time to stop.
        deadline = time.monotonic() + TIMEOUT + 60
        while True:
            running = {k["id"] for k in _kernels(server)}
            if len(running) <= MAX_KERNELS or time.monotonic() > deadline:
                break
            _run_first_cell(lab, paths[-1])
            time.sleep(1)
        server_rss, kernels_rss = _memory(server, running)
        measure("kernels running after the walk (most at once)", peak, "kernels")
        measure("kernels running after the walk", len(running), "kernels")
        measure("server after the walk", server_rss / 2**20, "MiB")
        measure("kernels after the walk", kernels_rss / 2**20, "MiB")
        limit = _bytes(yaml.safe_load(VALUES.read_text())["singleuser"]["memory"]["limit"])

        assert len(running) <= MAX_KERNELS, f"{len(running)} kernels after the walk (peak {peak})"
        assert current in running, "the kernel of the lesson in use stopped"
        assert first_kernel not in running, "the first lesson's kernel never stopped"
        assert server_rss + kernels_rss < limit / 2, (
            f"{(server_rss + kernels_rss) / 2**20:.0f} MiB for the server and its kernels"
        )
        assert server.env_file.read_text() == saved
        # Back in the first lesson: the learner's edit is there, JupyterLab says the kernel is
        # gone, and running the cell again starts a fresh one.
        page.evaluate(
            "(p) => { void window.jupyterapp.commands.execute('docmanager:open', {path: p}); }",
            paths[0],
        )
        page.wait_for_function(
            "(p) => window.jupyterapp.shell.currentWidget.context.path === p", arg=paths[0]
        )
        first = page.evaluate("""() => {
            const w = window.jupyterapp.shell.currentWidget;
            const last = w.content.widgets.filter(c => c.model.type === 'code').pop();
            return {source: last.model.sharedModel.getSource(),
                    dirty: w.context.model.dirty, status: w.sessionContext.kernelDisplayStatus,
                    noKernel: w.sessionContext.hasNoKernel};
        }""")
        assert first["source"] == edit and first["dirty"], first
        assert first["noKernel"] or first["status"] in {"unknown", "dead", "disconnected"}, first
        # A cell that needs the first one runs in a new kernel, which says what happened and
        # what to do, in the lesson's language.
        page.evaluate("""() => {
            const nb = window.jupyterapp.shell.currentWidget.content;
            nb.activeCellIndex = nb.widgets.map((c, i) => c.model.type === 'code' ? i : -1)
                .filter(i => i >= 0)[1];
            void window.jupyterapp.commands.execute('notebook:run-cell');
        }""")
        notice = t("kernel.fresh_start", LANG, name="tutorial")
        page.wait_for_function(
            """(text) => window.jupyterapp.shell.currentWidget.content.widgets
                .filter(c => c.model.type === 'code')[1].model.outputs.toJSON()
                .some(o => (o.text || '').includes(text))""",
            arg=notice,
            timeout=WAIT_MS,
        )
        # Closing a lesson's tab (saved first, as JupyterLab asks) shuts its kernel down.
        page.evaluate(
            "(p) => { void window.jupyterapp.commands.execute('docmanager:open', {path: p}); }",
            paths[-1],
        )
        page.wait_for_function(
            "(p) => window.jupyterapp.shell.currentWidget.context.path === p", arg=paths[-1]
        )
        # Busy, so that the culling cannot be what stops it (it never stops a busy kernel).
        page.evaluate("""() => { window.jupyterapp.shell.currentWidget.sessionContext.session.kernel
            .requestExecute({code: 'import time; time.sleep(300)', silent: true}); }""")
        page.wait_for_function(
            "() => window.jupyterapp.shell.currentWidget.sessionContext.kernelDisplayStatus"
            " === 'busy'"
        )
        page.evaluate("""() => { const app = window.jupyterapp;
            void app.commands.execute('docmanager:save').then(() => app.shell.currentWidget.close()); }""")
        deadline = time.monotonic() + WAIT_MS / 1000
        while current in {k["id"] for k in _kernels(server)} and time.monotonic() < deadline:
            time.sleep(0.5)
        assert current not in {k["id"] for k in _kernels(server)}, "closing the tab kept its kernel"
    finally:
        context.close()
