"""Browser fixtures: the tutorial started as the README says, and Debian's chromium.

One server per test session, started with the README's own command, ``python3 tasks.py run``,
in a fresh copy of the repository (the tests never write into the checkout; the copy shares
this checkout's ``.venv``). The test adds only a port and a token, through jupyter_server's
``JUPYTER_PORT`` and ``JUPYTER_TOKEN``, and private Jupyter folders. So the server root, the
first page, the terminals' ``PATH``, the Voila template and the one credentials file (``.env``
at the copy's root) are exactly what a learner gets. Kernels run in sandbox mode (no ``KEAP_*``
variables). Playwright drives the system's chromium; without chromium the tests skip and say
how to enable them (on CI they fail).

Measurements (seconds to the success card, Run All per lesson, keystrokes) are printed at the
end of the run, never asserted. Set ``KEAP_SCREENSHOTS_DIR`` (``tools/screenshots.py`` does) to
keep the screenshots the journeys take; otherwise they go to a temporary folder.
"""

from __future__ import annotations

import json
import math
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ENABLE_HINT = (
    "Install Debian's chromium (apt-get install chromium) to run the browser tests; "
    "CI installs it when CI=true"
)
WIZARD = "notebooks/es/asistente.ipynb"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"  # npm install (CI=true: tasks.py test)
WAIT_MS = 90_000  # generous: a 2-core machine may take a while to start a kernel
_MEASURED = pytest.StashKey[list]()


def _chromium() -> str | None:
    """Debian's chromium (``apt-get install chromium``), found on the PATH."""
    return shutil.which("chromium")


def _unavailable() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "The browser tests need the playwright package: pip install -r requirements-test.txt"
    return None if _chromium() else ENABLE_HINT


def _require_browser() -> None:
    """Skip (fail on CI, where they must run) when chromium or playwright is missing."""
    reason = _unavailable()
    if reason and os.environ.get("CI") == "true":
        pytest.fail(f"CI=true but the browser tests cannot run: {reason}", pytrace=False)
    if reason:
        pytest.skip(reason)


def pytest_configure(config: pytest.Config) -> None:
    config.stash[_MEASURED] = []


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    """Print what the journeys measured (informative only, never asserted)."""
    measured = config.stash.get(_MEASURED, [])
    if measured:
        terminalreporter.section("browser measurements (not assertions)")
        for name, value, unit in measured:
            terminalreporter.write_line(f"{name}: {value:g} {unit}")


@pytest.fixture
def measure(request: pytest.FixtureRequest) -> Callable[[str, float, str], None]:
    """Record a measurement for the end-of-run summary."""

    def record(name: str, value: float, unit: str) -> None:
        request.config.stash[_MEASURED].append((name, round(value, 1), unit))

    return record


# --- the Jupyter server ---------------------------------------------------------------------
@dataclass
class JupyterServer:
    """A running JupyterLab server; ``root`` mirrors the repository (``notebooks/...``)."""

    url: str  # http://127.0.0.1:PORT/
    token: str
    root: Path
    env_file: Path  # the tutorial's one credentials file: .env at the copy's root
    process: subprocess.Popen = field(repr=False)
    log: Path = field(repr=False)
    home: Path = field(repr=False)  # the private Jupyter folders

    def environment(self) -> dict[str, str]:
        """The server's environment (a second ``tasks.py`` command run beside it sees the same)."""
        return _server_environment(
            self.home, int(self.url.rsplit(":", 1)[1].strip("/")), self.token
        )

    def lab(self, path: str) -> str:
        return f"{self.url}lab/tree/{path}?token={self.token}&reset"

    def voila(self, path: str) -> str:
        return f"{self.url}voila/render/{path}?token={self.token}"

    def _call(self, path: str, method: str = "GET") -> tuple[int, bytes]:
        request = urllib.request.Request(
            self.url + path, method=method, headers={"Authorization": f"token {self.token}"}
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, b""

    def status(self, path: str) -> int:
        """HTTP status of a server path (e.g. ``api/contents/...``), authenticated."""
        return self._call(path)[0]

    def shutdown_kernels(self) -> None:
        """End every kernel (JupyterLab's and Voila's), so they do not pile up during the run."""
        for kernel in json.loads(self._call("api/kernels")[1] or b"[]"):
            self._call(f"api/kernels/{kernel['id']}", "DELETE")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def private_jupyter_folders(home: Path) -> dict[str, str]:
    """Jupyter's and IPython's folders of their own under ``home`` (made), as variables."""
    folders = {
        "JUPYTER_CONFIG_DIR": "config",
        "JUPYTER_RUNTIME_DIR": "runtime",
        "JUPYTERLAB_SETTINGS_DIR": "settings",
        "JUPYTERLAB_WORKSPACES_DIR": "workspaces",
        "IPYTHONDIR": "ipython",
    }
    for sub in folders.values():
        (home / sub).mkdir(parents=True, exist_ok=True)
    return {name: str(home / sub) for name, sub in folders.items()}


def _server_environment(home: Path, port: int, token: str) -> dict[str, str]:
    """The learner's environment, plus a port, a token and private Jupyter folders.

    Sandbox mode: no ``KEAP_*`` variable, so the credentials file is the one ``.env`` the
    tutorial finds by itself. ``BROWSER=true`` keeps the command from opening a browser."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("KEAP_")}
    env.update(JUPYTER_PORT=str(port), JUPYTER_TOKEN=token, BROWSER="true")
    env.update(private_jupyter_folders(home))
    # The tests reach JupyterLab's objects (window.jupyterapp): a setting in the private
    # config folder, not an argument, so the command stays the README's.
    (home / "config" / "jupyter_lab_config.json").write_text(
        json.dumps({"LabApp": {"expose_app_in_browser": True}})
    )
    return env


def _copy_of_the_repository(target: Path) -> Path:
    """The files a fresh clone has (tracked or new, not ignored), and this checkout's .venv.

    The copy's ``.venv`` is a link to the running one; its stamp says requirements.txt is
    installed (requirements-test.txt includes it), so ``tasks.py run`` installs nothing."""
    listed = (
        subprocess.run(
            ["git", "ls-files", "-co", "--exclude-standard", "-z"],
            cwd=ROOT,
            capture_output=True,
            check=True,
        )
        .stdout.decode()
        .split("\0")
    )
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    venv = Path(sys.prefix)
    (target / ".venv").symlink_to(venv, target_is_directory=True)
    sys.path.insert(0, str(ROOT))
    try:
        import tasks
    finally:
        sys.path.remove(str(ROOT))
    stamp, digest = tasks.install_stamp("requirements.txt")
    if not (venv / stamp.name).exists() or (venv / stamp.name).read_text() != digest:
        (venv / stamp.name).write_text(digest)
    return target


def _wait_until_ready(server: JupyterServer, timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"Jupyter server exited:\n{server.log.read_text()[-3000:]}")
        try:
            if server.status("api/status") == 200:
                return
        except OSError:
            pass
        time.sleep(0.25)
    raise RuntimeError(
        f"Jupyter server not ready after {timeout:.0f} s:\n{server.log.read_text()[-3000:]}"
    )


def _stop(process: subprocess.Popen) -> None:
    """Stop the server and its kernels (their own process group), politely then firmly."""
    if process.poll() is not None:
        return
    for sig, grace in ((signal.SIGTERM, 15), (signal.SIGKILL, 10)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=grace)
            return
        except subprocess.TimeoutExpired:
            continue


def start_tasks_run(
    root: Path, home: Path, token: str, extra_env: dict[str, str] | None = None
) -> JupyterServer:
    """``python3 tasks.py run`` in ``root`` on a free port, its output in ``home/server.log``
    (its own process group: ``_stop`` ends it and its kernels). Not waited for."""
    port = _free_port()
    log = home / "server.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [sys.executable, "tasks.py", "run"],
            cwd=root,
            env={**_server_environment(home, port, token), **(extra_env or {})},
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    return JupyterServer(
        f"http://127.0.0.1:{port}/", token, root, root / ".env", process, log, home
    )


@pytest.fixture(scope="session")
def jupyter_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[JupyterServer]:
    """``python3 tasks.py run`` in a fresh copy of the repository, on a free port."""
    _require_browser()
    home = tmp_path_factory.mktemp("jupyter-home")
    # The copy sits in a plainly named folder: the save message shows its path.
    root = _copy_of_the_repository(Path(tempfile.mkdtemp(prefix="clave-api-keap-")))
    server = start_tasks_run(root, home, secrets.token_hex(16))
    process = server.process
    try:
        _wait_until_ready(server)
        yield server
    finally:
        _stop(process)
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(autouse=True)
def _no_kernel_left(request: pytest.FixtureRequest) -> Iterator[None]:
    """After each browser test (its page closed first), end the kernels it started."""
    server = (
        request.getfixturevalue("jupyter_server")
        if "jupyter_server" in request.fixturenames
        else None
    )
    yield
    if server is not None:
        server.shutdown_kernels()


@pytest.fixture
def env_file(jupyter_server: JupyterServer) -> Iterator[Path]:
    """The server's credentials file, absent at the start of each test and removed after it."""
    jupyter_server.env_file.unlink(missing_ok=True)
    yield jupyter_server.env_file
    jupyter_server.env_file.unlink(missing_ok=True)


# --- the browser ------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Headless chromium from the system (Playwright's own browser download is not needed)."""
    _require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=_chromium(), headless=True, args=CHROMIUM_FLAGS
        )
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh page, 1000 px wide (the screenshots' width), closed after the test."""
    context = browser.new_context(viewport={"width": 1000, "height": 800}, locale="es-ES")
    context.set_default_timeout(WAIT_MS)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the journeys put their screenshots: $KEAP_SCREENSHOTS_DIR or a temporary folder."""
    chosen = os.environ.get("KEAP_SCREENSHOTS_DIR")
    folder = Path(chosen) if chosen else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


# --- pages ------------------------------------------------------------------------------------
class Screen:
    """A page of the server: screenshots of key moments, and the check that no key shows."""

    def __init__(
        self, page: Any, server: JupyterServer, shots: Path, wait_ms: int = WAIT_MS
    ) -> None:
        self.page, self.server, self.shots = page, server, shots
        self.wait_ms = wait_ms  # the longest wait for a kernel or a Run All on this page

    def shot(self, name: str, target: Any) -> Path:
        """Save a PNG of ``target`` (a locator) with a small margin, as ``<name>.png``.

        The viewport grows for the moment to hold all of ``target``: Voila scrolls inside
        its own container, so a taller element would otherwise come out partly blank.
        """
        path, margin = self.shots / f"{name}.png", 12
        self.page.mouse.move(0, 0)  # no hover highlight in the picture
        size = self.page.viewport_size
        target.scroll_into_view_if_needed()
        box = target.bounding_box()
        needed = math.ceil(box["height"]) + 2 * margin + 40
        if needed > size["height"]:
            self.page.set_viewport_size({"width": size["width"], "height": needed})
            target.scroll_into_view_if_needed()
            box = target.bounding_box()
        clip = {"x": max(box["x"] - margin, 0), "y": max(box["y"] - margin, 0)}
        clip["width"] = min(box["width"] + 2 * margin, size["width"] - clip["x"])
        clip["height"] = box["height"] + 2 * margin
        try:
            self.page.screenshot(path=path, clip=clip, animations="disabled", caret="hide")
        finally:
            self.page.set_viewport_size(size)
        return path

    def never_shows(self, secret: str) -> None:
        """Neither the page's text, its HTML nor a visible text field holds ``secret``."""
        fields = self.page.evaluate("""() => Array.from(document.querySelectorAll('input, textarea'))
            .filter(e => e.type !== 'password').map(e => e.value).join('\\n')""")
        for where, text in (
            ("text", self.page.inner_text("body")),
            ("HTML", self.page.content()),
            ("text fields", fields),
        ):
            assert secret not in text, f"the full key is in the page's {where}"

    def tab_to(self, selector: str, limit: int = 15) -> int:
        """Press Tab until ``selector`` has the focus; return how many presses it took."""
        target = self.page.locator(selector)
        for presses in range(1, limit + 1):
            self.page.keyboard.press("Tab")
            if target.evaluate("e => e === document.activeElement"):
                return presses
        raise AssertionError(f"{selector} never got the focus after {limit} Tab presses")


class Lab(Screen):
    """JupyterLab: open a notebook, wait for its kernel, run every cell."""

    _KERNEL_IDLE = """(path) => {
        const app = window.jupyterapp;
        const widget = app && Array.from(app.shell.widgets('main'))
            .find(w => w.context && w.context.path === path);
        const kernel = widget && widget.sessionContext && widget.sessionContext.session
            && widget.sessionContext.session.kernel;
        return Boolean(kernel) && kernel.status === 'idle';
    }"""

    def open(self, path: str) -> None:
        """Open ``path`` with the file browser folded away (the notebook gets the whole width)."""
        self.page.goto(self.server.lab(path))
        self.wait_for_kernel(path)
        self.page.evaluate("() => window.jupyterapp.shell.collapseLeft()")

    def open_in_place(self, path: str) -> None:
        """Stop the open notebook's kernel, close it, and open ``path`` in the same JupyterLab
        page, as the file browser or a lesson's link does (the page's application and its
        extensions already loaded: only the new notebook and its fresh kernel start)."""
        self.page.evaluate(
            """async (path) => {
            const app = window.jupyterapp, old = app.shell.currentWidget;
            if (old && old.sessionContext) { await old.sessionContext.shutdown(); old.dispose(); }
            const opened = await app.commands.execute('docmanager:open', {path});
            app.shell.activateById(opened.id);
            await opened.context.ready;
        }""",
            path,
        )
        self.wait_for_kernel(path)

    def cell_with(self, selector: str) -> Any:
        """The notebook cell (code and output) that holds ``selector``."""
        return self.page.locator(".jp-Cell").filter(has=self.page.locator(selector))

    def wait_for_kernel(self, path: str) -> None:
        """Wait until the kernel of the open notebook ``path`` is idle (nothing left starting).
        Asked every 100 ms, not every frame: the page's main thread stays free for the kernel."""
        self.page.wait_for_function(self._KERNEL_IDLE, arg=path, timeout=self.wait_ms, polling=100)

    def try_key(self, app_name: str, key: str) -> tuple[Any, Any]:
        """Type ``app_name`` and ``key`` into lesson 06's form and press its test button.
        Returns the form and its result card (locators)."""
        form = self.page.locator(".tut-credentials-form")
        form.locator(".tut-app-name input").fill(app_name)
        form.locator(".tut-api-key input").fill(key)
        form.locator("button.tut-test").click()
        return form, form.locator(".tut-result .keap-result")

    def run_all(self) -> None:
        # Not awaited on purpose: returning the command's promise from evaluate can hang.
        self.page.evaluate(
            "() => { void window.jupyterapp.commands.execute('notebook:run-all-cells'); }"
        )

    # --- Run All, then every cell again, as a learner does ------------------------------------
    _STATE = """() => {
        const panel = window.jupyterapp.shell.currentWidget;
        const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
        const cells = Array.from(panel.content.model.cells).filter(c => c.type === 'code');
        const errored = cells.some(c => c.outputs.toJSON().some(o => o.output_type === 'error'));
        const pending = cells.filter(c => c.sharedModel.getSource().trim() && c.executionCount === null);
        return {idle: Boolean(kernel) && kernel.status === 'idle', errored, pending: pending.length,
                top: Math.max(0, ...cells.map(c => c.executionCount || 0))};
    }"""

    def run_all_fresh(self, timeout_ms: int | None = None) -> float:
        """Clear the stored outputs, Run All, wait until every cell ran (or one failed): seconds."""
        timeout_ms = timeout_ms or self.wait_ms
        self.page.evaluate(
            "() => { void window.jupyterapp.commands.execute('notebook:clear-all-cell-outputs'); }"
        )
        self.page.wait_for_function(
            f"() => ({self._STATE})().top === 0", timeout=timeout_ms, polling=100
        )
        started = time.monotonic()
        self.run_all()
        self.page.wait_for_function(
            f"() => {{ const s = ({self._STATE})(); return s.idle && (s.errored || s.pending === 0); }}",
            timeout=timeout_ms,
            polling=100,
        )
        return time.monotonic() - started

    def rerun_bottom_up(self, timeout_ms: int = WAIT_MS, cells: int | None = None) -> None:
        """Run each code cell again on its own, from the last one up, each after the one below
        (only the last ``cells`` code cells when given)."""
        self.page.evaluate(
            """async ([limit, count]) => {
            const app = window.jupyterapp, panel = app.shell.currentWidget, nb = panel.content;
            const wait = ms => new Promise(r => setTimeout(r, ms));
            let ran = 0;
            for (let i = nb.widgets.length - 1; i >= 0 && (count === null || ran < count); i--) {
                const cell = nb.widgets[i];
                if (cell.model.type !== 'code' || !cell.model.sharedModel.getSource().trim()) continue;
                nb.activeCellIndex = i;
                const done = app.commands.execute('notebook:run-cell');
                await Promise.race([done, wait(limit)]);
                ran++;
            }
            return true;
        }""",
            [timeout_ms, cells],
        )
        self.page.wait_for_function(
            f"() => ({self._STATE})().idle", timeout=timeout_ms, polling=100
        )

    def unexpected_errors(self) -> list[str]:
        """Error outputs of cells not tagged ``raises-exception`` (those fail on purpose, and say so)."""
        return self.page.evaluate(r"""() => {
            const panel = window.jupyterapp.shell.currentWidget, found = [];
            Array.from(panel.content.model.cells).forEach((cell, i) => {
                if (cell.type !== 'code') return;
                const tags = cell.getMetadata('tags') || [];
                for (const o of cell.outputs.toJSON()) {
                    const text = o.output_type === 'stream' ? o.text : '';
                    if ((o.output_type === 'error' || /Traceback \(most recent call last\)/.test(text))
                        && !tags.includes('raises-exception')) {
                        found.push(`cell ${i}: ${o.ename || 'stream'}: ${(o.evalue || text).slice(0, 200)}`);
                    }
                }
            });
            return found;
        }""")

    def images(self) -> list[dict[str, Any]]:
        """Every image of the open notebook: its address and the width it loaded with (0 = broken)."""
        return self.page.evaluate("""async () => {
            const root = window.jupyterapp.shell.currentWidget.node;
            const load = src => new Promise(resolve => {
                const img = new Image();
                img.onload = () => resolve(img.naturalWidth);
                img.onerror = () => resolve(0);
                img.src = src;
            });
            const found = [];
            for (const img of root.querySelectorAll('img')) {
                found.push({src: img.src, alt: img.alt, width: await load(img.src)});
            }
            return found;
        }""")

    def links(self) -> list[str]:
        """Every link address in the open notebook (markdown and outputs), as the page resolved it."""
        return self.page.evaluate("""() => Array.from(
            window.jupyterapp.shell.currentWidget.node.querySelectorAll('a[href]'))
            .filter(a => !a.closest('[data-mime-type="application/vnd.jupyter.stderr"]'))  // tracebacks
            .map(a => a.href).filter(h => h && !h.startsWith('javascript:'))""")

    def kernel_run(self, code: str) -> str:
        """Run ``code`` in the open notebook's kernel (no new cell) and return what it printed."""
        return self.page.evaluate(
            """async (code) => {
            const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
            const future = kernel.requestExecute({code, store_history: false});
            let text = '';
            future.onIOPub = msg => {
                if (msg.header.msg_type === 'stream') text += msg.content.text;
                if (msg.header.msg_type === 'error') text += msg.content.ename + ': ' + msg.content.evalue;
            };
            await future.done;
            return text;
        }""",
            code,
        )


class Wizard(Screen):
    """The wizard as Voila shows it: one page, no code."""

    def follow_to_lab(self, link: Any, path: str) -> Lab:
        """Click a link that opens a new tab; return it once JupyterLab runs ``path``'s kernel.

        JupyterLab also restores the documents of its workspace, so ``path`` may open
        beside them rather than in front.
        """
        with self.page.context.expect_page() as opened:
            link.click()
        lab = Lab(opened.value, self.server, self.shots)
        lab.wait_for_kernel(path)
        return lab

    def open(self) -> None:
        self.page.goto(self.server.voila(WIZARD))
        self.page.locator(".wiz-app-name input").wait_for(timeout=WAIT_MS)

    def step(self, number: int) -> Any:
        return self.page.locator(f".wiz-step-{number}")


@pytest.fixture
def lab(page: Any, jupyter_server: JupyterServer, screenshots: Path) -> Lab:
    return Lab(page, jupyter_server, screenshots)


@pytest.fixture
def wizard(page: Any, jupyter_server: JupyterServer, screenshots: Path) -> Wizard:
    return Wizard(page, jupyter_server, screenshots)
