"""A real JupyterHub on 127.0.0.1 with the class's deployment settings, and learners who use it.

Used by tests/test_hub_class.py and bench/bench_hub.py. The hub loads the deployment files
themselves: ``hub.config`` and ``singleuser``/``cull`` settings from the Zero to JupyterHub
values file (translated the way the chart's own jupyterhub_config.py does), and every config
fragment the values file mounts into ``jupyterhub_config.d``. Only what a laptop-sized hub
needs on top is local: addresses on 127.0.0.1, a local spawner, and temporary folders.

As root, learners are real system users run by ``LocalProcessSpawner``; otherwise (or when
other users cannot reach this checkout's Python) every learner runs as the current user with
``SimpleLocalProcessSpawner`` (homes under a temporary folder), and what needs separate users
cannot be shown.
"""

from __future__ import annotations

import contextlib
import html
import json
import os
import re
import secrets
import shutil
import signal
import socket
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


def _open_to_others(path: Path) -> bool:
    """True if users other than the owner can reach ``path`` (o+x on it and every parent)."""
    return all(os.stat(p).st_mode & 0o001 for p in (path, *path.parents))


# Learners are real system users only as root, and only when they can run this checkout's
# Python (a checkout inside a private folder such as /root cannot be run by them).
REAL_USERS = AS_ROOT and _open_to_others(BIN) and _open_to_others(ROOT)
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
        self._make_source_repo()
        for learner in self.learners:
            self._make_user(learner)
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
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.hub.poll() is not None:
                raise RuntimeError("the hub stopped:\n" + self.log_tail())
            try:
                if requests.get(f"{self.url}/hub/api/", timeout=2).ok:
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
        for learner in self.learners:
            for proc in self.learner_processes(learner):
                with contextlib.suppress(psutil.Error):
                    proc.kill()
        self.stop_times["learners"] = time.monotonic() - started
        if self.hub is not None:  # its servers are gone: nothing left for it to stop gently
            _terminate(self.hub, grace=5)
        self.stop_times["hub"] = time.monotonic() - started
        if REAL_USERS:
            names = [lr.name for lr in self.learners if lr.uid is not None]
            with ThreadPoolExecutor(8) as pool:
                list(pool.map(_delete_user, names))
        shutil.rmtree(self.tmp, ignore_errors=True)
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

    def _make_user(self, learner: Learner) -> None:
        if REAL_USERS:
            subprocess.run(
                ["useradd", "-m", "-K", "HOME_MODE=0700", "-s", "/bin/sh", learner.name],
                check=True,
                capture_output=True,
            )
            import pwd

            entry = pwd.getpwnam(learner.name)
            learner.uid, learner.home = entry.pw_uid, Path(entry.pw_dir)
        else:
            learner.home = self.tmp / "homes" / learner.name

    def _hub_env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("KEAP_", "JUPYTER"))}
        env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
        return env

    def _config_text(self) -> str:
        values = self.values
        local = {
            "bind_url": self.url,
            "hub_ip": "127.0.0.1",
            "hub_port": self.hub_port,
            "proxy_api": f"http://127.0.0.1:{self.proxy_api_port}",
            "proxy": proxy_command(),
            "spawner": f"jupyterhub.spawner.{self.spawner}",
            "cmd": str(BIN / "jupyterhub-singleuser"),
            "homes": str(self.tmp / "homes" / "{username}"),
            "path": f"{BIN}{os.pathsep}/usr/local/bin:/usr/bin:/bin",
            "token": self.token,
            "culler_token": self.culler_token,
            "culler": culler_command(values, self.api, timeout=self.cull_timeout),
            "db": f"sqlite:///{self.tmp / 'jupyterhub.sqlite'}",
            "gitconfig": str(self.tmp / "gitconfig"),
            "as_root": AS_ROOT,
            "trainer_hash": self.trainer_hash,
        }
        (self.tmp / "gitconfig").write_text("[safe]\n\tdirectory = *\n", encoding="utf-8")
        os.chmod(self.tmp / "gitconfig", 0o644)
        return f"""# Written by tests/hub_rig.py: the deployment's settings, then local-only ones.
import json
from traitlets.config import Config
c = get_config()
values = json.loads({json.dumps(json.dumps(values))})
# 1. Zero to JupyterHub's hub.config: passed to JupyterHub as it is, as the chart does.
c.merge(Config(values["hub"].get("config", {{}})))
# What the install command adds (--set): the trainer's password, as a bcrypt hash.
c.ClassAuthenticator.trainer_password_hash = local_hash = {json.dumps(self.trainer_hash)}
# 2. singleuser settings the chart turns into Spawner settings.
c.Spawner.default_url = values["singleuser"].get("defaultUrl") or ""
c.Spawner.start_timeout = int(values["singleuser"].get("startTimeout", 60))
c.Spawner.environment = dict(values["singleuser"].get("extraEnv") or {{}})
# 3. The deployment's config fragments (hub.extraFiles into jupyterhub_config.d).
for fragment in {json.dumps([str(p) for p in fragments(values)])}:
    load_subconfig(fragment)
# 4. The idle culler, built from values["cull"] like the chart builds it.
local = json.loads({json.dumps(json.dumps(local))})
c.JupyterHub.services = [
    {{"name": "jupyterhub-idle-culler", "command": local["culler"]}},
    {{"name": "rehearsal", "api_token": local["token"]}},
    {{"name": "rehearsal-culler", "api_token": local["culler_token"]}},
]
c.JupyterHub.load_roles.extend([
    {{"name": "jupyterhub-idle-culler", "scopes": {CULLER_SCOPES!r},
      "services": ["jupyterhub-idle-culler", "rehearsal-culler"]}},
    {{"name": "rehearsal", "scopes": ["admin:users", "admin:servers", "read:users", "list:users"],
      "services": ["rehearsal"]}},
])
# 5. Local only: one machine, addresses on 127.0.0.1, a local spawner, temporary files.
c.JupyterHub.bind_url = local["bind_url"]
c.JupyterHub.hub_ip = local["hub_ip"]
c.JupyterHub.hub_port = local["hub_port"]
c.ConfigurableHTTPProxy.api_url = local["proxy_api"]
c.ConfigurableHTTPProxy.command = [local["proxy"]]
c.JupyterHub.db_url = local["db"]
c.JupyterHub.spawner_class = local["spawner"]
c.Spawner.ip = "127.0.0.1"
c.Spawner.cmd = [local["cmd"]]
c.Spawner.poll_interval = 2
c.Spawner.environment.update({{"PATH": local["path"], "JUPYTERHUB_ACTIVITY_INTERVAL": "5",
    # the lessons come from a local repository owned by another user than the learner
    "GIT_CONFIG_GLOBAL": local["gitconfig"]}})
c.SimpleLocalProcessSpawner.home_dir_template = local["homes"]
if local["spawner"].endswith("SimpleLocalProcessSpawner") and local["as_root"]:
    c.Spawner.args = ["--allow-root"]  # no separate users: every server runs as this root
c.JupyterHub.last_activity_interval = 5
c.JupyterHub.cleanup_servers = True
"""

    # --- learners --------------------------------------------------------------------------
    def link(self, learner: Learner, *, wizard: bool = False) -> str:
        """The link a trainer prints with ``python -m helpers.classroom link``."""
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "helpers.classroom",
                "link",
                "--hub",
                self.url,
                "--edition",
                learner.edition,
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
        procs = []
        for proc in psutil.process_iter(["uids", "environ", "cmdline"]):
            try:
                if REAL_USERS:
                    uids = proc.info["uids"]
                    if learner.uid is not None and uids and uids.real == learner.uid:
                        procs.append(proc)
                elif (proc.info["environ"] or {}).get("JUPYTERHUB_USER") == learner.name:
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


def _delete_user(name: str) -> None:
    """Remove a learner's system user and home folder."""
    subprocess.run(["userdel", "-r", "-f", name], capture_output=True)


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
