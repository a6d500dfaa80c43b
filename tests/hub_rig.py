"""A real JupyterHub on 127.0.0.1 with the class's deployment settings, and learners who use it.

Used by tests/test_hub_class.py and bench/bench_hub.py. The hub loads the deployment files
themselves, the way Zero to JupyterHub's chart 4.4.0 does (``load_like_chart``, which names the
lines of the chart's ``jupyterhub/files/hub/jupyterhub_config.py`` and ``z2jh.py`` it follows):
the values file merged over the chart's defaults, ``singleuser`` settings on the spawner's own
section, ``hub.config`` passed through, then every fragment the values file mounts into
``jupyterhub_config.d`` run with ``exec`` in the chart's namespace. Only what a laptop-sized hub
needs on top is local: addresses on 127.0.0.1, a local spawner, and temporary folders.

As root, learners are real system users run by ``LocalProcessSpawner``. Their servers run a copy
of this checkout's Python that they can read (hard links, made per hub: a checkout or an
interpreter inside a private folder such as /root cannot be run by them). Not as root, every
learner runs as the current user with ``SimpleLocalProcessSpawner`` (homes under a temporary
folder), and what needs separate users cannot be shown.
"""

from __future__ import annotations

import contextlib
import copy
import glob
import html
import json
import os
import re
import secrets
import shlex
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlsplit

import bcrypt
import psutil
import requests
import websocket
import yaml

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy" / "jupyterhub"
VALUES = DEPLOY / "z2jh" / "values.yaml"
FRAGMENTS_IN_HUB = "/usr/local/etc/jupyterhub/jupyterhub_config.d/"
BIN = Path(sys.executable).parent
PROXY_BIN = ROOT / "node_modules" / ".bin" / "configurable-http-proxy"  # npm ci (tasks.py test)
AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


# Learners are real system users whenever the tests run as root (CI does).
REAL_USERS = AS_ROOT
PASSWORD = "clase-" + secrets.token_hex(6)  # FirstUseAuthenticator: set on first login
TRAINER = "trainer"  # the fragment's reserved name (TUTORIAL_TRAINERS unset)


def xsrf_cookie(session: requests.Session, path: str) -> str:
    """The XSRF token a browser would send with a request under ``path`` (hub or server)."""
    return session.cookies.get("_xsrf", path=path) or session.cookies.get("_xsrf") or ""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def proxy_command() -> str:
    """configurable-http-proxy: on PATH, or where ``tasks.py test`` installs it."""
    found = shutil.which("configurable-http-proxy")
    if found:
        return found
    if PROXY_BIN.exists():
        return str(PROXY_BIN)
    raise RuntimeError(
        "configurable-http-proxy is missing: run `python3 tasks.py test` once "
        "(it installs it with npm)"
    )


def load_values() -> dict:
    return yaml.safe_load(VALUES.read_text(encoding="utf-8"))


def culler_command(
    values: dict, api_url: str, *, timeout: int | None = None, every: int | None = None
) -> list[str]:
    """The idle culler's command as the chart builds it from ``cull``; durations overridable."""
    cull = values.get("cull", {})
    cmd = [
        sys.executable,
        "-m",
        "jupyterhub_idle_culler",
        f"--url={api_url}",
        f"--timeout={timeout or cull['timeout']}",
        f"--cull-every={every or cull['every']}",
    ]
    if cull.get("concurrency"):
        cmd.append(f"--concurrency={cull['concurrency']}")
    if cull.get("users"):
        cmd.append("--cull-users")
    if not cull.get("adminUsers", True):
        cmd.append("--cull-admin-users=false")
    if cull.get("maxAge"):
        cmd.append(f"--max-age={cull['maxAge']}")
    return cmd


CULLER_SCOPES = ["list:users", "read:users:activity", "read:servers", "delete:servers"]


def fragments(values: dict) -> list[Path]:
    """The deployment's config fragments that the values file mounts into the hub."""
    found = []
    for entry in values.get("hub", {}).get("extraFiles", {}).values():
        mount = entry["mountPath"]
        if mount.startswith(FRAGMENTS_IN_HUB):
            found.append(DEPLOY / "jupyterhub_config.d" / Path(mount).name)
    return found


def _link_or_copy(source: str, target: str) -> None:
    """A hard link (no data copied) where the file system allows one, else a copy."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _replace_file(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` as a new file: never into a file linked to the original."""
    mode = stat.S_IMODE(path.stat().st_mode)
    path.unlink()
    path.write_bytes(data)
    path.chmod(mode)


def public_python(dest: Path) -> dict[str, Path]:
    """A copy of the Python running this (its venv, and the interpreter's standard library and
    shared library) under ``dest``, for learners who cannot reach the original: a checkout in a
    folder only its owner can open (CI clones into one), or an interpreter under /root.

    Hard links, so it takes seconds and no disk; the files that name the original's path (the
    venv's pyvenv.cfg, the scripts' ``#!`` lines) are written anew. The copy's shared library is
    found through ``LD_LIBRARY_PATH``, which the hub gives the learners' servers: it comes
    before the interpreter's RUNPATH (which names the original's folder)."""
    base, venv = Path(sys.base_prefix), Path(sys.prefix)
    if base == venv:
        raise RuntimeError("run the hub tests in a virtual environment (tasks.py test makes one)")
    stdlib = f"python{sys.version_info.major}.{sys.version_info.minor}"
    unused = {str(base / "lib" / stdlib / "site-packages"), str(base / "lib" / stdlib / "test")}

    def skip(folder: str, names: list[str]) -> set[str]:
        return {n for n in names if os.path.join(folder, n) in unused}

    kw = {"symlinks": True, "copy_function": _link_or_copy}
    shutil.copytree(base / "lib", dest / "base" / "lib", ignore=skip, **kw)
    (dest / "base" / "bin").mkdir(parents=True)
    shutil.copytree(venv, dest / "venv", **kw)
    cfg = dest / "venv" / "pyvenv.cfg"
    lines = [
        f"home = {dest / 'base' / 'bin'}" if line.startswith("home") else line
        for line in cfg.read_text(encoding="utf-8").splitlines()
    ]
    _replace_file(cfg, ("\n".join(lines) + "\n").encode())
    old, new = f"#!{venv}/bin/".encode(), f"#!{dest / 'venv'}/bin/".encode()
    for script in (dest / "venv" / "bin").iterdir():
        if script.is_file() and not script.is_symlink():
            with open(script, "rb") as f:
                head = f.read(len(old))
            if head == old:
                _replace_file(script, new + script.read_bytes()[len(old) :])
    os.chmod(dest, 0o755)
    return {"bin": dest / "venv" / "bin", "lib": dest / "base" / "lib"}


# Zero to JupyterHub 4.4.0's defaults (the chart's jupyterhub/values.yaml) for the keys read
# here: helm merges the values file over them, so the hub sees both.
CHART_DEFAULTS = {
    "hub": {
        "config": {"JupyterHub": {"admin_access": True, "authenticator_class": "dummy"}},
        "concurrentSpawnLimit": 64,
        "extraConfig": {},
        "extraFiles": {},
    },
    "singleuser": {"extraEnv": {}, "startTimeout": 300, "cmd": "jupyterhub-singleuser"},
    "cull": {
        "enabled": True,
        "users": False,
        "adminUsers": True,
        "removeNamedServers": False,
        "timeout": 3600,
        "every": 600,
        "concurrency": 10,
        "maxAge": 0,
    },
}


def merged_values(values: dict, defaults: dict = CHART_DEFAULTS) -> dict:
    """``values`` over the chart's ``defaults`` as helm merges them: mappings key by key,
    anything else (lists included) replaced."""
    merged = copy.deepcopy(defaults)
    for key, value in values.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = merged_values(value, merged[key])
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def chart_get_config(values: dict):
    """The chart's ``get_config(key, default=None)`` (z2jh.py, lines 93-112): a dotted key looked
    up in the merged values, ``default`` where any part of it is missing."""

    def get_config(key: str, default=None):
        value = values
        for level in key.split("."):
            if not isinstance(value, dict) or level not in value:
                return default
            value = value[level]
        return value

    return get_config


# singleuser settings the chart sets on the spawner's own section (jupyterhub_config.py lines
# 145-181, c.KubeSpawner.<trait> from singleuser.<key>): those a local spawner also has.
SPAWNER_FROM_SINGLEUSER = [
    ("start_timeout", "startTimeout"),
    ("mem_limit", "memory.limit"),
    ("mem_guarantee", "memory.guarantee"),
    ("cpu_limit", "cpu.limit"),
    ("cpu_guarantee", "cpu.guarantee"),
    ("environment", "extraEnv"),
]
# hub settings the chart sets on c.JupyterHub (lines 80-95): those the values file uses.
JUPYTERHUB_FROM_HUB = [("concurrent_spawn_limit", "concurrentSpawnLimit")]


def load_like_chart(c, values: dict, spawner_section: str = "KubeSpawner") -> dict:
    """Load the class settings into ``c`` in the order and the way chart 4.4.0's
    ``jupyterhub/files/hub/jupyterhub_config.py`` does; return the namespace the fragments ran in.

    ``spawner_section``: the chart's is ``KubeSpawner``; a local hub passes its own spawner's
    class name, so that a section of the spawner's own outranks ``c.Spawner`` here as there.
    Not followed: what needs Kubernetes (proxy and hub addresses from its services, labels,
    volumes, images, scheduling, secrets)."""
    values = merged_values(values)
    get_config = chart_get_config(values)

    def set_config_if_not_none(parent, name: str, key: str) -> None:  # z2jh.py lines 115-122
        data = get_config(key)
        if data is not None:
            setattr(parent, name, data)

    for trait, key in JUPYTERHUB_FROM_HUB:  # lines 80-95
        set_config_if_not_none(c.JupyterHub, trait, "hub." + key)
    for trait, key in SPAWNER_FROM_SINGLEUSER:  # lines 145-181
        set_config_if_not_none(c[spawner_section], trait, "singleuser." + key)
    c.JupyterHub.tornado_settings = {"slow_spawn_timeout": 0}  # lines 56-59: no wait at spawn
    c.JupyterHub.services = []  # lines 364-365: the culler and hub.services are added to these
    c.JupyterHub.load_roles = []
    if get_config("singleuser.cmd", None) is not None:  # lines 441-446
        c.Spawner.cmd = get_config("singleuser.cmd")
    set_config_if_not_none(c.Spawner, "default_url", "singleuser.defaultUrl")  # line 448
    for section, settings in get_config("hub.config", {}).items():  # lines 499-526
        if not section[:1].isupper():
            raise SystemExit(f"FATAL: Invalid hub.config section name: {section}")
        c[section].update(settings)
    # Lines 528-537: each mounted fragment, in file-name order, exec()'d in the chart's own
    # module namespace: there ``c`` is the configuration and ``get_config`` is z2jh's (lines
    # 1-23 import or define these, among others).
    namespace = {
        "__builtins__": __builtins__,
        "c": c,
        "glob": glob,
        "os": os,
        "re": re,
        "sys": sys,
        "get_config": get_config,
        "set_config_if_not_none": set_config_if_not_none,
    }
    for fragment in sorted(fragments(values), key=lambda p: p.name):
        exec(compile(fragment.read_text(encoding="utf-8"), fragment.name, "exec"), namespace)
    for _key, code in sorted(get_config("hub.extraConfig", {}).items()):  # lines 539-542
        exec(code, namespace)
    return namespace


@dataclass
class Learner:
    name: str
    edition: str
    uid: int | None = None
    home: Path | None = None
    session: requests.Session = field(default_factory=requests.Session)
    marks: dict[str, float] = field(default_factory=dict)


class ClassHub:
    """Start with ``start()``, stop and clean everything with ``stop()`` (or use ``with``)."""

    def __init__(self, learners: int, *, cull_timeout: int | None = None) -> None:
        self.values = load_values()
        self.tmp = Path(tempfile.mkdtemp(prefix="class-hub-"))
        os.chmod(self.tmp, 0o755)
        self.port, self.hub_port, self.proxy_api_port = free_port(), free_port(), free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.api = f"http://127.0.0.1:{self.hub_port}/hub/api"
        self.token = secrets.token_hex(16)
        self.culler_token = secrets.token_hex(16)
        self.cull_timeout = cull_timeout
        tag = uuid.uuid4().hex[:5]
        editions = ("es", "en", "pt")
        self.learners = [Learner(f"kt{tag}l{i:02d}", editions[i % 3]) for i in range(learners)]
        self.spawner = "LocalProcessSpawner" if REAL_USERS else "SimpleLocalProcessSpawner"
        # A repository address ending in .git, as GitHub shows it: the link must still open
        # the lessons in the folder nbgitpuller clones into.
        self.repo = self.tmp / "source" / f"{self.folder}.git"
        # What the install does: a generated trainer's password, only its bcrypt hash in config.
        self.trainer_password = secrets.token_urlsafe(18)
        self.trainer_hash = bcrypt.hashpw(self.trainer_password.encode(), bcrypt.gensalt()).decode()
        self.hub: subprocess.Popen | None = None
        self.kernel_retries = 0
        self.extra: list[subprocess.Popen] = []
        self.stop_times: dict[str, float] = {}  # seconds into stop() at each step
        self._links: dict[tuple[str, bool], str] = {}
        self.start_times: dict[str, float] = {}  # seconds into start() when each part was done
        # stop(): delete the users and files in a process that outlives it (tests), or wait
        # (the bench, whose next measurement must not share the machine with it)
        self.clean_up_in_background = False

    @property
    def folder(self) -> str:
        """The clone folder the deployment's fragment expects (its TUTORIAL_FOLDER default)."""
        text = (DEPLOY / "jupyterhub_config.d" / "tutorial_class.py").read_text()
        return re.search(r'"TUTORIAL_FOLDER", "([^"]+)"', text).group(1)

    # --- life cycle --------------------------------------------------------------------
    def __enter__(self) -> ClassHub:
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> ClassHub:
        """Start the hub, and meanwhile make what it needs only once learners arrive: the
        lessons' repository, the learners' system users, the Python their servers run."""
        config = self.tmp / "jupyterhub_config.py"
        config.write_text(self._config_text(), encoding="utf-8")
        with open(self.tmp / "hub.log", "wb") as log:  # the hub keeps its own copy of the handle
            self.hub = subprocess.Popen(
                [str(BIN / "jupyterhub"), "-f", str(config)],
                cwd=self.tmp,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=self._hub_env(),
                start_new_session=True,
            )
        started = time.monotonic()

        def timed(name: str, work, *args) -> None:
            work(*args)
            self.start_times[name] = time.monotonic() - started

        with ThreadPoolExecutor(3) as pool:
            work = [
                pool.submit(timed, "repository", self._make_source_repo),
                pool.submit(timed, "users", self._make_users),
            ]
            if REAL_USERS:
                work.append(pool.submit(timed, "python", public_python, self.tmp / "python"))
            for done in work:
                done.result()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.hub.poll() is not None:
                raise RuntimeError("the hub stopped:\n" + self.log_tail())
            try:
                if requests.get(f"{self.url}/hub/api/", timeout=2).ok:
                    self.start_times["hub"] = time.monotonic() - started
                    return self
            except requests.RequestException:
                pass
            time.sleep(0.3)
        raise RuntimeError("the hub did not answer in 60 s:\n" + self.log_tail())

    def stop(self) -> None:
        """Stop the learners' servers, the hub, anything left, then delete the users."""
        started = time.monotonic()
        for proc in self.extra:
            _terminate(proc)
        # The class is over: the learners' servers and kernels go at once (a hub stopping twenty
        # servers one polite signal at a time takes a minute), then the hub and its proxy.
        for proc in self.class_processes(self.learners):
            with contextlib.suppress(psutil.Error):
                proc.kill()
        self.stop_times["learners"] = time.monotonic() - started
        if self.hub is not None:  # its servers are gone: nothing left for it to stop gently
            _terminate(self.hub, grace=5)
        self.stop_times["hub"] = time.monotonic() - started
        # Nothing of the class runs any more: what is left is deleting the users (one at a time:
        # userdel locks /etc/passwd, a second one at once would fail), their homes and the
        # temporary folder (the Python copy: tens of thousands of links).
        users = [lr.name for lr in self.learners if lr.uid is not None] if REAL_USERS else []
        homes = [str(lr.home) for lr in self.learners if lr.uid is not None] if REAL_USERS else []
        script = "".join(f"userdel -f {shlex.quote(n)} >/dev/null 2>&1; " for n in users)
        script += "rm -rf " + " ".join(shlex.quote(p) for p in [*homes, str(self.tmp)])
        if self.clean_up_in_background:  # a process of its own finishes it after the test
            subprocess.Popen(
                ["sh", "-c", script],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
        else:
            subprocess.run(["sh", "-c", script], check=False)
        self.stop_times["all"] = time.monotonic() - started

    def log_tail(self, chars: int = 4000) -> str:
        try:
            return (self.tmp / "hub.log").read_text(errors="replace")[-chars:]
        except OSError:
            return ""

    # --- set-up --------------------------------------------------------------------------
    def _make_source_repo(self) -> None:
        """A git repository with this checkout's files (committed or not), for nbgitpuller."""
        files = (
            subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True)
            .stdout.decode()
            .split("\0")
        )
        for name in filter(None, files):
            source = ROOT / name
            if source.is_file():
                target = self.repo / name
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, target)
        git = ["git", "-c", "user.name=class", "-c", "user.email=class@example.org"]
        subprocess.run(["git", "init", "-q", "-b", "main"], cwd=self.repo, check=True)
        subprocess.run(["git", "add", "-A"], cwd=self.repo, check=True)
        subprocess.run([*git, "commit", "-q", "-m", "class"], cwd=self.repo, check=True)
        subprocess.run(["chmod", "-R", "a+rX", str(self.tmp / "source")], check=True)

    def _make_users(self) -> None:
        """The learners' system users (as root), made by one ``newusers`` for the whole class
        (``useradd`` once per learner takes a third of a second each); homes only they can open."""
        if not REAL_USERS:
            for learner in self.learners:
                learner.home = self.tmp / "homes" / learner.name
            return
        import pwd

        # newusers sets the password it is given: a random one, then locked (no password).
        users = "".join(
            f"{lr.name}:{secrets.token_urlsafe(24)}:::class:/home/{lr.name}:/bin/sh\n"
            for lr in self.learners
        )
        subprocess.run(["newusers"], input=users, text=True, check=True, capture_output=True)
        locked = "".join(f"{lr.name}:!\n" for lr in self.learners)
        subprocess.run(["chpasswd", "-e"], input=locked, text=True, check=True, capture_output=True)
        for learner in self.learners:
            entry = pwd.getpwnam(learner.name)
            learner.uid, learner.home = entry.pw_uid, Path(entry.pw_dir)
            os.chmod(learner.home, 0o700)

    def _hub_env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("KEAP_", "JUPYTER"))}
        env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
        return env

    def _config_text(self) -> str:
        # What the install command adds (--set hub.config...): the trainer's password's hash.
        values = merged_values(
            {
                "hub": {
                    "config": {"ClassAuthenticator": {"trainer_password_hash": self.trainer_hash}}
                }
            },
            self.values,
        )
        python = self.tmp / "python" / "venv" / "bin" if REAL_USERS else BIN
        learner_env = {
            "PATH": f"{python}{os.pathsep}/usr/local/bin:/usr/bin:/bin",
            "JUPYTERHUB_ACTIVITY_INTERVAL": "5",
            # the lessons come from a local repository owned by another user than the learner
            "GIT_CONFIG_GLOBAL": str(self.tmp / "gitconfig"),
        }
        if REAL_USERS:  # the copy's interpreter finds the copy's libpython (public_python)
            learner_env["LD_LIBRARY_PATH"] = str(self.tmp / "python" / "base" / "lib")
        local = {
            "root": str(ROOT),
            "bind_url": self.url,
            "hub_ip": "127.0.0.1",
            "hub_port": self.hub_port,
            "proxy_api": f"http://127.0.0.1:{self.proxy_api_port}",
            "proxy": proxy_command(),
            "spawner": self.spawner,
            "cmd": str(python / "jupyterhub-singleuser"),
            "homes": str(self.tmp / "homes" / "{username}"),
            "env": learner_env,
            "token": self.token,
            "culler_token": self.culler_token,
            "culler": culler_command(
                merged_values(self.values), self.api, timeout=self.cull_timeout
            ),
            "db": f"sqlite:///{self.tmp / 'jupyterhub.sqlite'}",
        }
        (self.tmp / "gitconfig").write_text("[safe]\n\tdirectory = *\n", encoding="utf-8")
        os.chmod(self.tmp / "gitconfig", 0o644)
        return f"""# Written by tests/hub_rig.py: the deployment's settings, then local-only ones.
import json, sys
local = json.loads({json.dumps(json.dumps(local))})
sys.path.insert(0, local["root"])
from tests.hub_rig import load_like_chart
c = get_config()
# 1. The values file (with the install's --set) loaded as Zero to JupyterHub 4.4.0 loads it,
# the local spawner's own section standing in for c.KubeSpawner; then the mounted fragments.
load_like_chart(c, json.loads({json.dumps(json.dumps(values))}), local["spawner"])
# 2. The idle culler the chart adds for cull.enabled (jupyterhub_config.py lines 370-420), and
# the test's own services.
c.JupyterHub.services.extend([
    {{"name": "jupyterhub-idle-culler", "command": local["culler"]}},
    {{"name": "rehearsal", "api_token": local["token"]}},
    {{"name": "rehearsal-culler", "api_token": local["culler_token"]}},
])
c.JupyterHub.load_roles.extend([
    {{"name": "jupyterhub-idle-culler", "scopes": {CULLER_SCOPES!r},
      "services": ["jupyterhub-idle-culler", "rehearsal-culler"]}},
    {{"name": "rehearsal", "scopes": ["admin:users", "admin:servers", "read:users", "list:users"],
      "services": ["rehearsal"]}},
])
# 3. Local only: one machine, addresses on 127.0.0.1, a local spawner, temporary files. The
# learners' environment goes where a trainer's singleuser.extraEnv goes: the spawner's section.
c.JupyterHub.bind_url = local["bind_url"]
c.JupyterHub.hub_ip = local["hub_ip"]
c.JupyterHub.hub_port = local["hub_port"]
c.ConfigurableHTTPProxy.api_url = local["proxy_api"]
c.ConfigurableHTTPProxy.command = [local["proxy"]]
c.JupyterHub.db_url = local["db"]
c.JupyterHub.spawner_class = "jupyterhub.spawner." + local["spawner"]
c.Spawner.ip = "127.0.0.1"
c.Spawner.cmd = [local["cmd"]]
c.Spawner.poll_interval = 2
c[local["spawner"]].environment.update(local["env"])
c.SimpleLocalProcessSpawner.home_dir_template = local["homes"]
c.JupyterHub.last_activity_interval = 5
c.JupyterHub.cleanup_servers = True
"""

    # --- learners --------------------------------------------------------------------------
    def link(self, learner: Learner, *, wizard: bool = False) -> str:
        """The link a trainer prints with ``python -m helpers.classroom link`` (printed once per
        edition: every learner of an edition gets the same link)."""
        key = (learner.edition, wizard)
        if key not in self._links:
            self._links[key] = self._print_link(learner.edition, wizard)
        return self._links[key]

    def _print_link(self, edition: str, wizard: bool) -> str:
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "helpers.classroom",
                "link",
                "--hub",
                self.url,
                "--edition",
                edition,
                "--repo",
                str(self.repo),
                "--branch",
                "main",
                *(["--wizard"] if wizard else []),
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout.strip()

    def log_in(
        self, session: requests.Session, name: str, password: str, then: str = ""
    ) -> requests.Response:
        """What a browser does on the hub's login page (``then``: the page to go on to, a path
        of this hub); returns the hub's last answer."""
        page = session.get(f"{self.url}/hub/login", timeout=120)
        xsrf = re.search(r'name="_xsrf"\s+value="([^"]+)"', page.text).group(1)
        form = {"username": name, "password": password, "_xsrf": html.unescape(xsrf)}
        query = f"?next={quote(then, safe='')}" if then else ""
        return session.post(f"{self.url}/hub/login{query}", data=form, timeout=120)

    def log_in_and_follow(
        self, learner: Learner, link: str, timeout: float = 400
    ) -> requests.Response:
        """What a learner's browser does: log in, open the link, wait for the clone, open lesson."""
        learner.marks["login"] = time.monotonic()
        r = self.log_in(learner.session, learner.name, PASSWORD, then=link[len(self.url) :])
        return self._wait_for_server(learner, link, r, timeout)

    def follow(self, learner: Learner, link: str, timeout: float = 400) -> requests.Response:
        """A learner already logged in opens a link (again, e.g. after their server died)."""
        r = learner.session.get(link, timeout=120)
        return self._wait_for_server(learner, link, r, timeout)

    def _wait_for_spawn(self, learner: Learner, deadline: float) -> None:
        """Follow the hub's progress events, as the "Your server is starting" page does, until
        the server is ready (or the hub says the start failed)."""
        s = learner.session
        xsrf = xsrf_cookie(s, "/hub/")
        url = f"{self.url}/hub/api/users/{learner.name}/server/progress"
        with s.get(
            url,
            params={"_xsrf": xsrf},
            headers={"X-XSRFToken": xsrf},
            stream=True,
            timeout=(30, max(1.0, deadline - time.monotonic())),
        ) as events:
            for line in events.iter_lines(decode_unicode=True):
                if not line or not line.startswith("data:"):
                    continue
                event = json.loads(line[5:])
                if event.get("failed"):
                    raise RuntimeError(f"{learner.name}: spawn failed: {event.get('message')}")
                if event.get("ready"):
                    return

    def _wait_for_server(
        self, learner: Learner, link: str, r: requests.Response, timeout: float
    ) -> requests.Response:
        """From the hub's answer to the link: start the server if needed, let nbgitpuller pull."""
        s, base = learner.session, self.url
        deadline = time.monotonic() + timeout
        if r.status_code == 424:  # "server not running": the page's script opens the spawn URL
            here = urlsplit(r.url)
            back = quote(f"{here.path}?{here.query}", safe="")
            r = s.get(f"{base}/hub/spawn/{learner.name}?next={back}", timeout=120)
        if "/spawn-pending/" in r.url:
            self._wait_for_spawn(learner, deadline)
            r = s.get(r.url, timeout=120)  # the pending page now sends the browser on
        if r.status_code != 200 or "/git-pull" not in r.url:
            raise RuntimeError(f"{learner.name}: {r.status_code} at {r.url}\n{r.text[-800:]}")
        learner.marks["server"] = time.monotonic()
        query = urlsplit(link).query
        api = f"{base}/user/{learner.name}/git-pull/api?{query}"
        with s.get(api, stream=True, timeout=300) as events:
            phases = [
                json.loads(line[5:])
                for line in events.iter_lines(decode_unicode=True)
                if line and line.startswith("data:")
            ]
        if not phases or phases[-1].get("phase") != "finished":
            raise RuntimeError(f"{learner.name}: nbgitpuller did not finish: {phases[-3:]}")
        urlpath = dict(p.split("=", 1) for p in query.split("&"))["urlpath"]
        r = s.get(f"{base}/user/{learner.name}/{requests.utils.unquote(urlpath)}", timeout=120)
        r.raise_for_status()
        learner.marks["lesson00"] = time.monotonic()
        return r

    def notebook_folder(self, learner: Learner) -> str:
        """The edition's notebooks folder inside the learner's clone, relative to their home."""
        return f"{self.folder}/notebooks/{learner.edition}"

    def kernel(self, learner: Learner, notebook: str, attempts: int = 2) -> Kernel:
        """Open ``notebook`` (relative to the home) in a new kernel of the learner's server.

        A kernel that never answers (seen when many start at once on a busy machine) is shut
        down and a new one started, as a learner would with "Restart Kernel"; ``kernel_retries``
        counts these, and the callers report the count."""
        for _ in range(attempts):
            kernel = Kernel(self, learner, notebook)
            try:
                kernel.run("pass", timeout=90)
                return kernel
            except (websocket.WebSocketException, TimeoutError, OSError):
                kernel.close()
                self.kernel_retries += 1
        raise RuntimeError(f"{learner.name}: no kernel answered in {attempts} attempts")

    # --- observation ---------------------------------------------------------------------
    def admin(self, method: str, path: str, **kwargs) -> requests.Response:
        return requests.request(
            method,
            f"{self.api}{path}",
            timeout=30,
            headers={"Authorization": f"token {self.token}"},
            **kwargs,
        )

    def server_running(self, learner: Learner) -> bool:
        return bool(self.admin("GET", f"/users/{learner.name}").json().get("servers", {}).get(""))

    def learner_processes(self, learner: Learner) -> list[psutil.Process]:
        """The learner's single-user server and its kernels."""
        return self.class_processes([learner])

    def class_processes(self, learners: list[Learner]) -> list[psutil.Process]:
        """The single-user servers and kernels of ``learners``, found in one look at the
        process table."""
        uids = {lr.uid for lr in learners if lr.uid is not None}
        names = {lr.name for lr in learners}
        procs = []
        for proc in psutil.process_iter(["uids", "environ"] if not REAL_USERS else ["uids"]):
            try:
                if REAL_USERS:
                    if proc.info["uids"] and proc.info["uids"].real in uids:
                        procs.append(proc)
                elif (proc.info["environ"] or {}).get("JUPYTERHUB_USER") in names:
                    procs.append(proc)
            except (psutil.Error, TypeError):
                continue
        return procs

    def kernel_pid(self, kernel: Kernel) -> int | None:
        """The process id of ``kernel`` (its command line names its connection file)."""
        for proc in self.learner_processes(kernel.learner):
            try:
                if any(kernel.kernel_id in part for part in proc.cmdline()):
                    return proc.pid
            except psutil.Error:
                continue
        return None

    def server_process(self, learner: Learner) -> psutil.Process | None:
        for proc in self.learner_processes(learner):
            try:
                if any("jupyterhub-singleuser" in part for part in proc.cmdline()[:2]):
                    return proc
            except psutil.Error:
                continue
        return None


class Kernel:
    """A kernel of the learner's own server, driven over its websocket like JupyterLab does."""

    def __init__(self, hub: ClassHub, learner: Learner, notebook: str) -> None:
        s, base = learner.session, f"{hub.url}/user/{learner.name}"
        xsrf = xsrf_cookie(s, f"/user/{learner.name}/")
        self.headers = {"X-XSRFToken": xsrf}
        r = s.post(
            f"{base}/api/sessions",
            headers=self.headers,
            timeout=60,
            json={"path": notebook, "type": "notebook", "name": "", "kernel": {"name": "python3"}},
        )
        r.raise_for_status()
        self.kernel_id = r.json()["kernel"]["id"]
        self.session_id = r.json()["id"]
        self.learner, self.hub, self.base = learner, hub, base
        cookie = "; ".join(f"{c.name}={c.value}" for c in s.cookies)
        ws_url = (
            f"ws://127.0.0.1:{hub.port}/user/{learner.name}/api/kernels/{self.kernel_id}/channels"
        )
        self.ws = websocket.create_connection(ws_url, header=[f"Cookie: {cookie}"], timeout=120)

    def run(self, code: str, timeout: float = 120) -> tuple[str, list[dict]]:
        """Execute ``code``; return its stdout and any error messages."""
        msg_id = uuid.uuid4().hex
        self.ws.send(
            json.dumps(
                {
                    "header": {
                        "msg_id": msg_id,
                        "msg_type": "execute_request",
                        "username": "",
                        "session": uuid.uuid4().hex,
                        "version": "5.3",
                        "date": "",
                    },
                    "parent_header": {},
                    "metadata": {},
                    "channel": "shell",
                    "buffers": [],
                    "content": {
                        "code": code,
                        "silent": False,
                        "store_history": True,
                        "user_expressions": {},
                        "allow_stdin": False,
                        "stop_on_error": True,
                    },
                }
            )
        )
        out, errors, deadline = [], [], time.monotonic() + timeout
        while time.monotonic() < deadline:
            msg = json.loads(self.ws.recv())
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind = msg["header"]["msg_type"]
            if kind == "stream" and msg["content"]["name"] == "stdout":
                out.append(msg["content"]["text"])
            elif kind == "error":
                errors.append({k: msg["content"][k] for k in ("ename", "evalue")})
            elif kind == "status" and msg["content"]["execution_state"] == "idle":
                return "".join(out), errors
        raise TimeoutError(f"{self.learner.name}: code did not finish in {timeout} s")

    def close(self) -> None:
        try:
            self.ws.close()
            self.learner.session.delete(
                f"{self.base}/api/sessions/{self.session_id}", headers=self.headers, timeout=30
            )
        except (requests.RequestException, websocket.WebSocketException, OSError):
            pass


def notebook_code(path: Path) -> list[str]:
    """The code cells of a notebook, in order."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]


def _terminate(proc: subprocess.Popen, grace: float = 10) -> None:
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
    except (ProcessLookupError, PermissionError):
        proc.terminate()
    try:
        proc.wait(grace)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            proc.kill()
        proc.wait(5)
