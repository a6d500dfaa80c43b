#!/usr/bin/env python3
"""Set up and run the tutorial with nothing but Python 3.10+ installed.

    python3 tasks.py run [es|en|pt]     # JupyterLab on the first lesson of an edition (sandbox mode)
    python3 tasks.py test               # every test (CI=true installs chromium and axe-core)
    python3 tasks.py wizard [es|en|pt]  # the one-page wizard (Voila); its lesson links open in JupyterLab
    python3 tasks.py lock [--check]     # re-pin the locks (binder/, tests, lite/) from their lower bounds
    python3 tasks.py update [es|en|pt]  # the tutorial's newest version; your edits and .env are kept
    python3 tasks.py lite               # the browser edition: a static site in build/lite/ (needs npm)

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
    """The pip commands that install ``requirements`` and this project (editable) into .venv.

    The test environment comes from TEST_LOCK alone (exact versions, hashes checked, nothing
    resolved against the index of the day); the tutorial's own, from lower bounds."""
    pip = [str(PYTHON), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    if requirements == TEST_LOCK_IN:
        return [
            [*pip, "--require-hashes", "--no-deps", "-r", str(ROOT / TEST_LOCK)],
            # setuptools comes from the lock too: the editable build needs nothing else.
            [*pip, "--no-deps", "--no-build-isolation", "-e", str(ROOT)],
        ]
    return [
        [*pip, "--upgrade", "pip"],
        [*pip, "-r", str(ROOT / requirements), "-e", str(ROOT)],
    ]


def _ensure_venv(requirements: str) -> None:
    """Create .venv and install ``requirements`` plus this project (editable) when needed."""
    if not PYTHON.exists():
        print(f"Creating {VENV.name} ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    stamp, digest = install_stamp(requirements)
    if stamp.exists() and stamp.read_text() == digest:
        return
    print(f"Installing {requirements} ...", flush=True)
    for command in install_commands(requirements):
        subprocess.run(command, check=True)
    stamp.write_text(digest)


def _ensure_chromium() -> None:
    """On CI (CI=true, root, Debian), install Debian's chromium for the browser tests."""
    if os.environ.get("CI") != "true" or shutil.which("chromium"):
        return
    if not shutil.which("apt-get") or os.geteuid() != 0:
        print("CI=true but chromium cannot be installed here: the browser tests will fail.")
        return
    subprocess.run(["apt-get", "update", "-q"], check=True)
    subprocess.run(["apt-get", "install", "-y", "-q", "chromium"], check=True)


def _ensure_node_packages() -> None:
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
    subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=ROOT, check=True)
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
    """Put Binder's JupyterLab settings (no news or update pop-ups) and the wizard's Voila
    template into ``prefix``'s Jupyter, as Binder's postBuild does; return the settings file.

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
    return target


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
    _ensure_venv("requirements.txt")
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
    return serve(lab_command(page), env)


STOP_GRACE = 3.0  # seconds the server and its kernels get to stop before they are ended


def serve(command: list[str], env: dict[str, str]) -> int:
    """Run the server until it exits or until one Ctrl+C (or SIGTERM); then stop it and every
    process it started (kernels, Voila's kernels, terminals) within ``STOP_GRACE`` seconds.

    The server runs in a session of its own, so Ctrl+C reaches only this command: JupyterLab's
    own handler would ask "Shutdown this Jupyter server (y/[n])?" and then wait for its kernels."""
    posix = os.name != "nt"
    server = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=posix)

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
    _ensure_venv("requirements.txt")
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
    _ensure_venv("requirements-test.txt")
    _ensure_chromium()
    lint = _lint()
    _ensure_node_packages()
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
    if not argv or argv[0] not in {"run", "test", "wizard", "lock", "update", "lite"}:
        print(__doc__)
        return 2
    if argv[0] == "lite":
        return lite(argv[1:])
    if argv[0] == "lock":
        return lock(argv[1:])
    if argv[0] == "update":
        return update(_edition(argv[1:]))
    if argv[0] == "wizard":
        return wizard(_edition(argv[1:]))
    return run(_edition(argv[1:])) if argv[0] == "run" else test(argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
