#!/usr/bin/env python3
"""Set up and run the tutorial with nothing but Python 3.10+ installed.

    python3 tasks.py run [es|en|pt]     # JupyterLab on the first lesson of an edition (sandbox mode)
    python3 tasks.py test               # every test (CI=true installs chromium and axe-core)
    python3 tasks.py wizard [es|en|pt]  # the one-page wizard (Voila); its lesson links open in JupyterLab
    python3 tasks.py lock [--check]     # re-pin the locks (binder/, tests, lite/) from their lower bounds
    python3 tasks.py update [es|en|pt]  # the tutorial's newest version; your edits and .env are kept
    python3 tasks.py lite               # the browser edition: a static site in build/lite/ (needs npm)
    python tasks.py link [es|en|pt]     # your own environment (run with its Python): it imports the
                                        # lessons' helpers, after pip install -r requirements.txt

``lite`` installs its pinned build tools (lite/build.lock) into build/lite-tools, apart from
``.venv``. The others create ``.venv`` beside this file on first use and reinstall only when a requirements
file changes, so they can be run again and again. JupyterLab serves the whole repository (so the
lessons' images and the other editions are there) and its terminals use ``.venv``'s Python. When
a server for this folder is already running, ``run`` and ``wizard`` open the page in it instead
of starting another one.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import venv
import webbrowser
from datetime import datetime, timezone
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
# Exact pins with hashes, made by `python3 tasks.py lock` from lower bounds: the classes'
# environment (Binder and hubs install LOCK, made from LOCK_IN for Binder's Linux and Python) and
# the test environment (TEST_LOCK from TEST_LOCK_IN, for every platform and Python 3.10+), so the
# test command installs the same versions on any later day.
LOCK_IN, LOCK = "binder/requirements.in", "binder/requirements.txt"
TEST_LOCK_IN, TEST_LOCK = "requirements-test.txt", "requirements-test.lock"
# The browser edition (python3 tasks.py lite): its build tools, and the wheels its pages run in
# Pyodide (Python 3.14 compiled to WebAssembly).
LITE_BUILD_IN, LITE_BUILD_LOCK = "lite/build.in", "lite/build.lock"
LITE_KERNEL_IN, LITE_KERNEL_LOCK = "lite/kernel.in", "lite/kernel.lock"
LOCKS = {  # each lock and the lower bounds it is made from
    LOCK: LOCK_IN,
    TEST_LOCK: TEST_LOCK_IN,
    LITE_BUILD_LOCK: LITE_BUILD_IN,
    LITE_KERNEL_LOCK: LITE_KERNEL_IN,
}
# npm packages, exact in package-lock.json: JupyterHub's proxy (the hub tests) and axe-core (the
# browser tests' accessibility audits).
NODE_MODULES = ROOT / "node_modules"
PROXY_BIN = NODE_MODULES / ".bin" / "configurable-http-proxy"


LAB_SETTINGS = ROOT / "binder" / "overrides.json"  # no news pop-up: the same settings as Binder
# Kernels of lessons left unused stop (idle culling; see the trainer notes), as on Binder and hubs.
KERNEL_SETTINGS = ROOT / "binder" / "kernel_culling.json"
KERNEL_SETTINGS_TARGET = "etc/jupyter/jupyter_server_config.json"  # merged into, key by key
# Every kernel explains, in a lesson, that it started afresh when a cell needs an earlier one.
KERNEL_NOTICE = ROOT / "binder" / "ipython_kernel_config.json"
VOILA = (
    ROOT / "binder" / "voila"
)  # the wizard page's template: page language, title, <main> landmark
VOILA_TEMPLATE = "keap-tutorial"
# The JupyterLab extensions the wizard page loads in Voila: the widgets and nothing else (the
# others, e.g. jupytext's, are built for JupyterLab's newer core and only fail in Voila's).
VOILA_EXTENSIONS = (
    "@jupyter-widgets/jupyterlab-manager",
    "@voila-dashboards/widgets-manager8",
    "anywidget",
)
# Saving a lesson keeps it as shipped (no outputs, no kernel metadata) apart from the learner's
# edits, so running the lessons leaves the tracked files unchanged and updates merge cleanly.
PRE_SAVE_HOOK = "helpers.notebook_save.keep_lessons_as_shipped"
TERMINAL_RC = ROOT / "tools" / "jupyter-terminal.bashrc"  # bash start-up, then .venv first on PATH
# Installing prints one line per stage; pip's, npm's and apt's own output goes to this log, whose
# last INSTALL_TAIL lines are shown when a stage fails.
INSTALL_LOG = VENV / "install.log"
INSTALL_TAIL = 25
# In .venv's packages folder: this folder on the path, so its Python imports the lessons' helpers
# from anywhere (Binder's postBuild writes the same file).
LESSONS_PTH = "keap-tutorial-lessons.pth"


def _helper(name: str) -> ModuleType:
    """helpers/<name>.py, read straight from its file: it runs before .venv (and ``requests``)
    exist. Only modules that import nothing but the standard library qualify."""
    spec = importlib.util.spec_from_file_location(
        f"_tutorial_{name}", ROOT / "helpers" / f"{name}.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


LESSONS = _helper("lessons")
I18N = _helper("i18n")  # the tutorial's language when none is given
LAB_LANGUAGE = _helper("lab_language")  # JupyterLab's locale for each edition
TRANSLATION_PLUGIN = "@jupyterlab/translation-extension:plugin"
EDITIONS = tuple(LESSONS.WIZARD)


def install_stamp(requirements: str) -> tuple[Path, str]:
    """The file in .venv that records an installation, and the digest it holds when up to date."""
    files = [ROOT / requirements, ROOT / "requirements.txt", ROOT / "pyproject.toml"]
    if requirements == TEST_LOCK_IN:
        files.append(ROOT / TEST_LOCK)
    digest = hashlib.sha256(b"".join(f.read_bytes() for f in files)).hexdigest()
    return VENV / f".installed-{Path(requirements).stem}", digest


def install_commands(requirements: str) -> list[list[str]]:
    """The pip commands that install ``requirements`` into .venv.

    The test environment comes from TEST_LOCK alone (exact versions, hashes checked, nothing
    resolved against the index of the day), with this project as an editable install (the
    package ``keap_api_tutorial`` and its entry points); the tutorial's own, from lower bounds.
    Both import the lessons' ``helpers`` from this folder through LESSONS_PTH."""
    return [command for _, command in install_stages(requirements)]


def install_stages(requirements: str) -> list[tuple[str, list[str]]]:
    """(catalogue key of the line shown, pip command) for each stage of an installation."""
    pip = [str(PYTHON), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    if requirements == TEST_LOCK_IN:
        return [
            (  # compiled at install: the hub tests' learners run this Python and cannot write
                # its bytecode, so without it each of their servers compiles every module again
                "install.test_packages",
                [*pip, "--require-hashes", "--no-deps", "-r", str(ROOT / TEST_LOCK)],
            ),
            # setuptools comes from the lock too: the editable build needs nothing else.
            ("install.project", [*pip, "--no-deps", "--no-build-isolation", "-e", str(ROOT)]),
        ]
    return [
        ("install.pip", [*pip, "--upgrade", "pip"]),
        # --no-compile: the same files; Python writes a module's bytecode when this user first
        # imports it, instead of every module's at install (47 s -> 33 s for the test lock).
        ("install.packages", [*pip, "--no-compile", "-r", str(ROOT / requirements)]),
    ]


def _say(key: str, lang: str, **fmt: object) -> None:
    """One line of the catalogue, in ``lang``, shown at once."""
    print(I18N.t(key, lang, **fmt), flush=True)


def run_logged(
    command: list[str], key: str, lang: str, log: Path = INSTALL_LOG, **kwargs: object
) -> None:
    """Show one line for a stage (catalogue ``key``, with ``{lock}`` the test lock), run
    ``command`` with its output appended to ``log``; if it fails, show the log's last lines and
    where the whole log is, and stop (exit code 1). ``kwargs`` go to ``subprocess.run``."""
    _say(key, lang, lock=TEST_LOCK)
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("ab") as sink:
        sink.write(f"\n$ {shlex.join(command)}\n".encode())
        sink.flush()
        code = subprocess.run(command, stdout=sink, stderr=subprocess.STDOUT, **kwargs).returncode
    if code:
        shown = _relative(log)
        _say("install.failed", lang, code=code, log=shown)
        lines = log.read_text(encoding="utf-8", errors="replace").splitlines()
        print("\n".join(f"    {line}" for line in lines[-INSTALL_TAIL:]), flush=True)
        _say("install.failed_next", lang, log=shown)
        raise SystemExit(1)


def _relative(path: Path) -> str:
    """``path`` as the learner can type it from this folder (absolute if outside it)."""
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)


def _ensure_venv(requirements: str, lang: str | None = None) -> None:
    """Create .venv and install ``requirements`` when needed: one line per stage, in ``lang``
    (the tutorial's language when None), every tool's own output in INSTALL_LOG."""
    lang = lang or I18N.tutorial_language()
    if not PYTHON.exists():
        _say("install.venv", lang)
        venv.EnvBuilder(with_pip=True).create(VENV)  # ensurepip's output is captured by venv
    stamp, digest = install_stamp(requirements)
    if stamp.exists() and stamp.read_text() == digest:
        if not VENV.is_symlink() and not _lessons_pth(VENV).exists():
            link_checkout(_site_packages())  # a .venv made before the lessons' .pth existed
        return
    for key, command in install_stages(requirements):
        run_logged(command, key, lang)
    link_checkout(_site_packages())
    stamp.write_text(digest)


def _site_packages(python: Path = PYTHON) -> Path:
    """The folder of ``python``'s installed packages (its ``purelib``)."""
    code = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    out = subprocess.run([str(python), "-c", code], capture_output=True, text=True, check=True)
    return Path(out.stdout.strip())


def _lessons_pth(prefix: Path) -> Path:
    """LESSONS_PTH in the environment at ``prefix`` (found without starting its Python)."""
    found = sorted(prefix.glob(f"lib/python*/site-packages/{LESSONS_PTH}"))
    return found[0] if found else prefix / "Lib" / "site-packages" / LESSONS_PTH


def link_checkout(site_packages: Path) -> Path:
    """Make the Python of ``site_packages`` import the lessons' ``helpers`` from this folder,
    from any folder (JupyterLab started directly, a VS Code kernel, a terminal): a ``.pth`` file
    that puts this folder on its path, as Binder's postBuild does. Installed, the package is
    ``keap_api_tutorial``; ``helpers`` is the lessons' name for the same files."""
    target = site_packages / LESSONS_PTH
    text = f"{ROOT}\n"
    # Python before 3.13 reads .pth files in the locale's encoding: written the same way.
    if not target.exists() or target.read_text(errors="replace") != text:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
    return target


def link(argv: list[str]) -> int:
    """``python tasks.py link``: the same ``.pth`` in the environment of the Python running this
    command (your own JupyterLab's or VS Code's), after ``pip install -r requirements.txt``."""
    import sysconfig

    lang = _edition(argv)
    site_packages = Path(sysconfig.get_paths()["purelib"])
    try:
        link_checkout(site_packages)
    except OSError as problem:
        path = site_packages / LESSONS_PTH
        _say("link.failed", lang, path=path, error=problem.strerror or problem)
        return 1
    _say("link.done", lang, python=sys.executable, root=ROOT)
    return 0


def _ensure_chromium(lang: str) -> None:
    """On CI (CI=true, root, Debian), install Debian's chromium for the browser tests."""
    if os.environ.get("CI") != "true" or shutil.which("chromium"):
        return
    if not shutil.which("apt-get") or os.geteuid() != 0:
        print("CI=true but chromium cannot be installed here: the browser tests will fail.")
        return
    apt = "apt-get update -q && apt-get install -y -q chromium"
    run_logged(["sh", "-c", apt], "install.chromium", lang)  # one stage, one line


def _ensure_node_packages(lang: str | None = None) -> None:
    """Install the npm packages of package-lock.json (exact versions, integrity checked) when
    node_modules is missing or older than the lock."""
    stamp = NODE_MODULES / ".installed-lock"
    digest = hashlib.sha256((ROOT / "package-lock.json").read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text() == digest:
        return
    npm = shutil.which("npm")
    if not npm:
        print("npm is missing: the JupyterHub tests and the accessibility audits will fail.")
        return
    command = [npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"]
    run_logged(command, "install.node", lang or I18N.tutorial_language(), cwd=ROOT)
    stamp.write_text(digest)


def _lock_python(lock: str) -> list[str]:
    """The platform and Python a lock is made for."""
    if lock == LOCK:
        python = (ROOT / "binder" / "runtime.txt").read_text().strip().removeprefix("python-")
        return ["--python-version", python, "--python-platform", "x86_64-unknown-linux-gnu"]
    if lock == LITE_KERNEL_LOCK:
        # Pyodide 314's Python, wheels only (nothing can be compiled for the browser here);
        # widgetsnbextension comes from the Pyodide kernel's own stand-in wheel instead.
        return [
            *("--python-version", "3.14", "--python-platform", "wasm32-pyodide2025"),
            *("--only-binary", ":all:", "--no-emit-package", "widgetsnbextension"),
        ]
    return ["--universal", "--python-version", "3.10"]


def lock_command(exclude_newer: str, lock: str = LOCK) -> list[str]:
    """uv's command that pins ``lock`` (with hashes) from its lower bounds, as of a date."""
    return [
        str(PYTHON),
        "-m",
        "uv",
        "pip",
        "compile",
        LOCKS[lock],
        *_lock_python(lock),
        "--generate-hashes",
        "--exclude-newer",
        exclude_newer,
    ]


def recorded_date(lock: str) -> str:
    """The ``--exclude-newer`` date a lock was made with (uv writes its command at the top)."""
    header = (ROOT / lock).read_text(encoding="utf-8")
    found = re.search(r"--exclude-newer (\S+)", header)
    if not found:
        raise SystemExit(f"{lock} has no --exclude-newer date in its header: run tasks.py lock")
    return found.group(1)


def pinned(text: str) -> dict[tuple[str, str], str]:
    """(name, markers) -> version for every pin of a lock; hashes and comments left out."""
    pins = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip().rstrip("\\").strip()
        if not line or line.startswith("-"):
            continue
        requirement, _, markers = line.partition(";")
        name, _, version = requirement.partition("==")
        pins[(name.strip().lower(), markers.strip())] = version.strip()
    return pins


def lock(argv: list[str]) -> int:
    """Refresh both locks as of today, or with ``--check`` say whether resolving them again
    for their recorded dates gives the same pins (a maintainer's command: it asks the index)."""
    if (ROOT / TEST_LOCK).exists():
        _ensure_venv(TEST_LOCK_IN)
    else:  # the first lock: only uv is needed to make it
        _ensure_venv("requirements.txt")
        subprocess.run([str(PYTHON), "-m", "pip", "install", "-q", "uv"], check=True)
    check = "--check" in argv
    today = datetime.now(timezone.utc).strftime("%Y-%m-%dT00:00:00Z")
    code = 0
    for target in LOCKS:
        if not check:
            command = [*lock_command(today, target), "--upgrade", "--quiet", "-o", target]
            code = max(code, subprocess.run(command, cwd=ROOT).returncode)
            continue
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "lock.txt"
            command = [*lock_command(recorded_date(target), target), "--quiet", "-o", str(out)]
            done = subprocess.run(command, cwd=ROOT)
            if done.returncode:
                return done.returncode
            old, new = pinned((ROOT / target).read_text()), pinned(out.read_text())
        changed = sorted(k for k in old.keys() | new.keys() if old.get(k) != new.get(k))
        for name, markers in changed:
            was, now = old.get((name, markers), "-"), new.get((name, markers), "-")
            print(f"{target}: {name} {markers} {was} -> {now}".replace("  ", " "))
        print(f"{target}: {'differs' if changed else 'resolves to the same pins'}")
        code = max(code, 1 if changed else 0)
    return code


def page_path(kind: str, lang: str) -> str:
    """The server path of an edition's first lesson (``run``) or wizard (``wizard``)."""
    if kind == "wizard":
        return f"voila/render/notebooks/{lang}/{LESSONS.WIZARD[lang]}.ipynb"
    return f"lab/tree/notebooks/{lang}/{LESSONS.LESSONS['00'][lang]}.ipynb"


def lab_command(page: str) -> list[str]:
    """JupyterLab serving the repository root, opening ``page`` (a server path) in the browser."""
    command = [
        str(PYTHON),
        "-m",
        "jupyter",
        "lab",
        f"--ServerApp.root_dir={ROOT}",
        f"--LabApp.default_url=/{page}",
        f"--VoilaConfiguration.template={VOILA_TEMPLATE}",
        *(f"--VoilaConfiguration.extension_allowlist={name}" for name in VOILA_EXTENSIONS),
        f"--ContentsManager.pre_save_hook={PRE_SAVE_HOOK}",
    ]
    bash = shutil.which("bash")
    if os.name != "nt" and bash:  # the terminals' python is the tutorial's, whatever ~/.bashrc does
        shell = shlex.join([bash, "--rcfile", str(TERMINAL_RC), "-i"])
        command.append(f"--ServerApp.terminado_settings=shell_command={shell}")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")  # containers and CI machines often run as root
    return command


def lab_environment(lang: str, base: dict[str, str] | None = None) -> dict[str, str]:
    """The server's environment: ``.venv`` first on PATH, this folder on PYTHONPATH (its kernels
    and terminals import ``helpers`` from any folder; installed, the package is named
    ``keap_api_tutorial``) and the edition's language for the command-line check."""
    env = dict(os.environ if base is None else base)
    env["PATH"] = os.pathsep.join([str(BIN), *filter(None, [env.get("PATH")])])
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), *filter(None, [env.get("PYTHONPATH")])])
    env["VIRTUAL_ENV"] = str(VENV)
    env.setdefault("KEAP_TUTORIAL_LANG", lang)
    return env


def install_lab_settings(prefix: Path = VENV, lang: str | None = None) -> Path:
    """Put Binder's JupyterLab settings (no news or update pop-ups; a closed lesson's kernel
    shuts down), its kernel culling and the wizard's Voila template into ``prefix``'s Jupyter,
    as Binder's postBuild does; return the settings file.

    With ``lang``, JupyterLab's own menus speak that edition's language (its language pack is
    in requirements.txt), as the lessons make them on Binder."""
    share = prefix / "share" / "jupyter"
    target = share / "lab" / "settings" / "overrides.json"
    if lang is None:
        _copy(LAB_SETTINGS, target)
    else:
        settings = json.loads(LAB_SETTINGS.read_text(encoding="utf-8"))
        locale = LAB_LANGUAGE.LAB_LOCALES.get(lang, "default")
        settings[TRANSLATION_PLUGIN] = {"locale": locale}
        text = json.dumps(settings, indent=2) + "\n"
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    for source in (VOILA / "templates").rglob("*"):
        if source.is_file():
            _copy(source, share / "voila" / source.relative_to(VOILA))
    _merge_json(KERNEL_SETTINGS, prefix / KERNEL_SETTINGS_TARGET)
    _copy(KERNEL_NOTICE, prefix / "etc" / "ipython" / KERNEL_NOTICE.name)
    _quiet_server_config(prefix / "etc" / "jupyter" / "jupyter_server_config.json")
    return target


def _merge_json(source: Path, target: Path) -> None:
    """Put the sections of the JSON file ``source`` into ``target``, keeping its other sections."""
    config = json.loads(target.read_text(encoding="utf-8")) if target.exists() else {}
    merged = {**config, **json.loads(source.read_text(encoding="utf-8"))}
    if merged != config:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(merged, indent=2) + "\n", encoding="utf-8")


def _quiet_server_config(path: Path) -> None:
    """Turn off notebook_shim (a bridge for Notebook 6 server extensions: none is installed)
    in ``prefix``'s server config. Listing every server option with ``inspect.getmembers``, it
    reads the deprecated ``ServerApp.token``, and Voila shows traitlets' DeprecationWarnings:
    every start, however JupyterLab is started, printed one."""
    config = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    extensions = config.setdefault("ServerApp", {}).setdefault("jpserver_extensions", {})
    if extensions.get("notebook_shim") is not False:
        extensions["notebook_shim"] = False
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")


def _copy(source: Path, target: Path) -> None:
    """Copy ``source`` to ``target`` unless it is already there, byte for byte."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.exists() or target.read_bytes() != source.read_bytes():
        shutil.copyfile(source, target)


def running_server(env: dict[str, str] | None = None) -> dict | None:
    """A Jupyter server already serving this folder (from ``jupyter server list``), if any."""
    try:
        listed = subprocess.run(
            [str(PYTHON), "-m", "jupyter", "server", "list", "--json"],
            capture_output=True,
            text=True,
            timeout=60,
            env=env,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    for line in listed.splitlines():
        try:
            server = json.loads(line)
        except ValueError:
            continue
        if Path(server.get("root_dir", "")).resolve() == ROOT:
            return server
    return None


def page_url(server: dict, page: str) -> str:
    """The browser address of ``page`` on a running ``server`` (with its token, if it has one)."""
    url = server["url"].rstrip("/") + "/" + page
    return f"{url}?token={server['token']}" if server.get("token") else url


def _open(kind: str, lang: str) -> int:
    """Open the page in the running server for this folder, or start JupyterLab on it."""
    _ensure_venv("requirements.txt", lang)
    install_lab_settings(lang=lang)
    env, page = lab_environment(lang), page_path(kind, lang)
    server = running_server(env)
    if server:
        url = page_url(server, page)
        print(
            f"JupyterLab is already running for this folder (port {server.get('port')}): "
            f"opening {url}",
            flush=True,
        )
        webbrowser.open(url)
        return 0
    return serve(lab_command(page), env, announce=(page, lang))


STOP_GRACE = 3.0  # seconds the server and its kernels get to stop before they are ended
ANNOUNCE_WAIT = 300.0  # seconds to wait for the server's address (a slow first start included)


def serve(command: list[str], env: dict[str, str], announce: tuple[str, str] | None = None) -> int:
    """Run the server until it exits or until one Ctrl+C (or SIGTERM); then stop it and every
    process it started (kernels, Voila's kernels, terminals) within ``STOP_GRACE`` seconds.
    With ``announce`` (page, language), say once the server is up which address to open.

    The server runs in a session of its own, so Ctrl+C reaches only this command: JupyterLab's
    own handler would ask "Shutdown this Jupyter server (y/[n])?" and then wait for its kernels."""
    posix = os.name != "nt"
    runtime = _runtime_dir(env) if announce else None
    server = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=posix)
    if announce and runtime:
        args = (server, runtime, *announce, _token_given(env))
        threading.Thread(target=_announce, args=args, daemon=True).start()

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        return server.wait()
    except KeyboardInterrupt:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl+C must not cut the stop short
        print("\nStopping JupyterLab ...", flush=True)
        stop_tree(server)
        print("JupyterLab stopped.", flush=True)
        return 0
    finally:
        signal.signal(signal.SIGTERM, previous)


def _runtime_dir(env: dict[str, str]) -> Path | None:
    """The folder where the server will write its address and token (``jpserver-PID.json``)."""
    code = "from jupyter_core.paths import jupyter_runtime_dir; print(jupyter_runtime_dir())"
    try:
        out = subprocess.run(
            [str(PYTHON), "-c", code], capture_output=True, text=True, env=env, timeout=60
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return Path(out.stdout.strip()) if out.returncode == 0 and out.stdout.strip() else None


def _token_given(env: dict[str, str]) -> bool:
    """Whether the server's token comes from the environment: then, as JupyterLab does, the
    address is shown with ``token=...`` (whoever set it knows it, and logs keep no copy)."""
    return bool(env.get("JUPYTER_TOKEN") or env.get("JUPYTER_TOKEN_FILE"))


def _announce(
    server: subprocess.Popen, runtime: Path, page: str, lang: str, masked: bool = False
) -> None:
    """Once ``server`` has written its address, print the one line to open, set apart."""
    started, deadline = time.time() - 1, time.monotonic() + ANNOUNCE_WAIT
    while server.poll() is None and time.monotonic() < deadline:
        found = _server_info(runtime, server.pid, started)
        if found is None:
            time.sleep(0.2)
            continue
        if masked and found.get("token"):
            found = {**found, "token": "..."}
        line = I18N.t("server.open", lang, url=page_url(found, page))
        if sys.stdout.isatty():
            line = f"\033[1;32m{line}\033[0m"  # bold green where a terminal shows it
        print(f"\n    ➜  {line}\n", flush=True)
        return


def _server_info(runtime: Path, pid: int, since: float) -> dict | None:
    """The address file of the server with ``pid`` (``jupyter`` runs it in the same process on
    POSIX); else the newest one written since ``since`` for this folder (Windows starts it as a
    child)."""
    for path in [runtime / f"jpserver-{pid}.json", *sorted(runtime.glob("jpserver-*.json"))]:
        try:
            if path.stat().st_mtime < since:
                continue
            found = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if found.get("pid") == pid or Path(found.get("root_dir", "")).resolve() == ROOT:
            return found
    return None


def stop_tree(server: subprocess.Popen, grace: float = STOP_GRACE) -> None:
    """Ask ``server`` and its descendants to stop (SIGTERM), end what is left after ``grace``
    seconds (SIGKILL). Kernels run in sessions of their own, so they are found by parentage."""
    if os.name == "nt":
        subprocess.run(["taskkill", "/PID", str(server.pid), "/T", "/F"], capture_output=True)
        server.wait()
        return
    seen = {server.pid, *descendants(server.pid)}
    _send(seen, signal.SIGTERM)
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline:
        seen |= descendants(server.pid)  # e.g. a kernel restarted meanwhile
        if server.poll() is not None and not living(seen):
            return
        with contextlib.suppress(subprocess.TimeoutExpired):
            server.wait(timeout=0.05)
    _send({server.pid}, signal.SIGSTOP)  # frozen: it starts nothing more while the rest ends
    seen |= descendants(server.pid)
    _send(seen, signal.SIGKILL)
    server.wait()


def _processes() -> dict[int, tuple[int, str]]:
    """Every process: pid -> (parent pid, state), from ``ps`` (Linux and macOS)."""
    try:
        listed = subprocess.run(
            ["ps", "-A", "-o", "pid=,ppid=,stat="], capture_output=True, text=True, timeout=10
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    table = {}
    for line in listed.splitlines():
        fields = line.split()
        if len(fields) >= 3 and fields[0].isdigit() and fields[1].isdigit():
            table[int(fields[0])] = (int(fields[1]), fields[2])
    return table


def descendants(pid: int) -> set[int]:
    """The processes started by ``pid``, directly or not, that still run."""
    table = _processes()
    found, todo = set(), [pid]
    while todo:
        parent = todo.pop()
        for child, (ppid, _) in table.items():
            if ppid == parent and child not in found:
                found.add(child)
                todo.append(child)
    return found


def living(pids: set[int]) -> set[int]:
    """Those of ``pids`` that still run (a zombie, ended but not yet collected, does not)."""
    table = _processes()
    return {pid for pid in pids if pid in table and not table[pid][1].startswith("Z")}


def _send(pids: set[int], sig: int) -> None:
    for pid in pids:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, sig)


def _edition(argv: list[str]) -> str:
    """The edition asked for on the command line; else the tutorial's language
    (``KEAP_TUTORIAL_LANG``, else the system's locale when it is es, en or pt, else Spanish)."""
    lang = argv[0] if argv else I18N.tutorial_language()
    if lang not in EDITIONS:
        raise SystemExit(f"Unknown edition {lang!r}: choose es, en or pt.")
    return lang


def run(lang: str) -> int:
    """Open the tutorial in JupyterLab, in sandbox mode unless real credentials are set."""
    return _open("run", lang)


def wizard(lang: str) -> int:
    """Open the wizard page: Voila inside JupyterLab's server, as on Binder."""
    return _open("wizard", lang)


def update(lang: str) -> int:
    """Bring the tutorial's newest version (nbgitpuller's merge: the learner's edits win where
    both changed the same lines; ``.env`` and other untracked files are left alone)."""
    _ensure_venv("requirements.txt", lang)
    command = [str(PYTHON), "-m", "helpers.update", "--lang", lang]
    return subprocess.run(command, cwd=ROOT).returncode


def _lint() -> int:
    """ruff, as configured in pyproject.toml: lint rules, then formatting (checked, not changed)."""
    ruff = [str(PYTHON), "-m", "ruff"]
    codes = [
        subprocess.run([*ruff, *args, "."], cwd=ROOT).returncode
        for args in (["check", "--output-format", "concise"], ["format", "--check"])
    ]
    return max(codes)


CI_BUDGET_SECONDS = 900  # .ci/run on a clean clone, 2 cores: installs and every test


def test(extra: list[str]) -> int:
    """Run every test: lint, unit, sandbox, SDK, docstrings, notebooks (nbval) and browser tests."""
    started = time.monotonic()
    try:
        return _test(extra)
    finally:
        seconds = time.monotonic() - started
        print(
            f"tasks.py test: {seconds:.0f} s in all, installs included "
            f"(CI's budget: {CI_BUDGET_SECONDS} s, {seconds / CI_BUDGET_SECONDS:.0%} of it)",
            flush=True,
        )


def _test(extra: list[str]) -> int:
    lang = I18N.tutorial_language()
    _ensure_venv("requirements-test.txt", lang)
    _ensure_chromium(lang)
    lint = _lint()
    _ensure_node_packages(lang)
    install_lab_settings()
    # The slowest tests are listed at the end: the whole run's budget is 15 minutes on 2 cores.
    pytest = [str(PYTHON), "-m", "pytest", "--durations=15", "--durations-min=5"]
    code = subprocess.run([*pytest, *extra], cwd=ROOT).returncode
    if code == 5:
        print("pytest collected no tests: that counts as a failure.", file=sys.stderr)
        return 1
    return code or lint


def lite(argv: list[str]) -> int:
    """Build the browser edition (JupyterLite, sandbox inside the page) into build/lite/."""
    if not shutil.which("npm"):
        print("The browser edition needs npm (Node.js) for the Pyodide runtime: install Node.js.")
        return 1
    _ensure_node_packages()
    spec = importlib.util.spec_from_file_location("_build_lite", ROOT / "tools" / "build_lite.py")
    builder = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(builder)
    return builder.main(argv)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"run", "test", "wizard", "lock", "update", "lite", "link"}:
        print(__doc__)
        return 2
    if argv[0] == "lite":
        return lite(argv[1:])
    if argv[0] == "link":
        return link(argv[1:])
    if argv[0] == "lock":
        return lock(argv[1:])
    if argv[0] == "update":
        return update(_edition(argv[1:]))
    if argv[0] == "wizard":
        return wizard(_edition(argv[1:]))
    return run(_edition(argv[1:])) if argv[0] == "run" else test(argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
