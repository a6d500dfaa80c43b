"""A class on a real JupyterHub: twenty learners logging in at the same moment, each in their
own server, with the deployment's settings (deploy/jupyterhub) loaded by the hub.

Each learner logs in, follows the nbgitpuller link from ``python -m helpers.classroom link``
(pointing at a local copy of this repository, addressed with a ``.git`` ending) and reaches
lesson 00, waiting on the hub's "starting" page while the machine is busy; ten of them then
run lesson 06 in their own kernel and save their credentials. The trainer logs in with the
install's password and can manage servers but not open them; a stranger cannot take the
trainer's name. As root (CI) learners are real system users under ``LocalProcessSpawner``,
whose servers run a copy of this checkout's Python they can read, wherever the checkout is;
otherwise ``SimpleLocalProcessSpawner`` runs every learner as the current user, and the test
that needs separate users is skipped, or fails in CI (the run prints which spawner ran).
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psutil
import pytest
import requests

from helpers.credentials import mask
from helpers.lessons import LESSONS
from helpers.sandbox import DEMO_APP_NAME, DEMO_SERVICE_ACCOUNT_KEY
from tests.hub_rig import (
    REAL_USERS,
    TRAINER,
    ClassHub,
    Kernel,
    Learner,
    culler_command,
    load_values,
    notebook_code,
    xsrf_cookie,
)

pytestmark = pytest.mark.slow

LEARNERS = 20  # log in at once and reach lesson 00 (the class start the trainer notes size)
WITH_LESSON_06 = 10  # of them, then run lesson 06 and save credentials
PROBE = """
import json, os
from urllib.parse import urlsplit
import helpers
from helpers import check_connection, save_credentials
from helpers.sandbox import ensure_running, DEMO_APP_NAME, DEMO_SERVICE_ACCOUNT_KEY
result = check_connection(DEMO_APP_NAME, DEMO_SERVICE_ACCOUNT_KEY)  # what the form's Test does
report = save_credentials(DEMO_APP_NAME, DEMO_SERVICE_ACCOUNT_KEY)
print(json.dumps({"ok": result.ok, "cause": result.cause, "pid": os.getpid(), "uid": os.getuid(),
                  "port": urlsplit(ensure_running().url).port, "helpers": helpers.__file__,
                  "env_file": str(report.path.resolve())}))
"""
RELOAD = """
import json
from helpers import load_credentials
creds = load_credentials()
print(json.dumps({"app": creds.app_name, "masked": creds.masked_key}))
"""
TRY_TO_READ = """
try:
    open({path!r}).read()
    print("READABLE")
except PermissionError:
    print("DENIED")
"""


def _lesson_06(hub: ClassHub, learner: Learner) -> str:
    return f"{hub.notebook_folder(learner)}/{LESSONS['06'][learner.edition]}.ipynb"


def _lesson_06_and_save(hub: ClassHub, learner: Learner) -> tuple[dict, Kernel]:
    """Run lesson 06 in the learner's kernel and save credentials.

    The kernel is left open, so every learner's sandbox is up at the same time."""
    notebook = _lesson_06(hub, learner)
    kernel = hub.kernel(learner, notebook)
    for code in notebook_code(hub.repo / notebook.split("/", 1)[1]):
        _, errors = kernel.run(code)
        assert not errors, (learner.name, code[:80], errors)
    out, errors = kernel.run(PROBE)
    assert not errors, (learner.name, errors)
    learner.marks["green"] = time.monotonic()
    return json.loads(out.strip().splitlines()[-1]), kernel


def _listening_ports() -> dict[int, int]:
    """Every listening TCP port on this machine, and the process that listens."""
    return {
        c.laddr.port: c.pid for c in psutil.net_connections("tcp") if c.status == psutil.CONN_LISTEN
    }


@pytest.fixture(scope="module")
def class_run():
    hub = ClassHub(LEARNERS)
    hub.clean_up_in_background = True  # the users and files go after the test, not during it
    with hub:
        print(f"\nhub on {hub.url} with {hub.spawner} ({LEARNERS} learners)")
        print(
            "start-up (seconds): " + ", ".join(f"{k} {v:.0f}" for k, v in hub.start_times.items())
        )
        try:
            links = {lr.name: hub.link(lr) for lr in hub.learners}  # printed before the class
            with ThreadPoolExecutor(LEARNERS) as pool:  # everyone clicks the link together
                list(pool.map(lambda lr: hub.log_in_and_follow(lr, links[lr.name]), hub.learners))
            waits = sorted(lr.marks["lesson00"] - lr.marks["login"] for lr in hub.learners)
            print(
                f"login to lesson 00: median {waits[len(waits) // 2]:.0f} s, max {waits[-1]:.0f} s"
            )
            at_lesson_00 = time.monotonic()
            with ThreadPoolExecutor(WITH_LESSON_06) as pool:
                done = list(
                    pool.map(lambda lr: _lesson_06_and_save(hub, lr), hub.learners[:WITH_LESSON_06])
                )
        except Exception:
            print("hub log (end):\n" + hub.log_tail(12000))
            raise
        listening = _listening_ports()  # while every learner's kernel is still open
        for _, kernel in done:
            kernel.close()
        results = {
            learner.name: result for learner, (result, _) in zip(hub.learners, done, strict=False)
        }
        print(f"lesson 06 for {WITH_LESSON_06}: {time.monotonic() - at_lesson_00:.0f} s")
        print(f"kernels restarted because they did not answer: {hub.kernel_retries}")
        yield hub, results, listening
    print(f"stopping the class (seconds): {hub.stop_times}")


def test_every_learner_reaches_lesson_00_though_all_log_in_at_once(class_run):
    hub, _, _ = class_run
    assert all("lesson00" in learner.marks for learner in hub.learners)
    assert "didn't respond" not in hub.log_tail(10**7), "a learner's start timed out"


def test_every_learner_gets_a_green_check_from_their_own_clone(class_run):
    hub, results, _ = class_run
    assert len(results) == WITH_LESSON_06
    for learner in hub.learners[:WITH_LESSON_06]:
        result = results[learner.name]
        assert result["ok"] is True and result["cause"] == "ok", result
        clone = (learner.home / hub.folder).resolve()
        assert Path(result["helpers"]).resolve().is_relative_to(clone), result["helpers"]
        assert Path(result["env_file"]).is_relative_to(learner.home.resolve())


def test_each_learners_sandbox_listens_on_its_own_port_in_their_own_kernel(class_run):
    hub, results, listening = class_run
    ports = [r["port"] for r in results.values()]
    assert len(set(ports)) == WITH_LESSON_06, ports
    for learner in hub.learners[:WITH_LESSON_06]:
        result = results[learner.name]
        assert listening.get(result["port"]) == result["pid"], (learner.name, result)
        if REAL_USERS:
            assert result["uid"] == learner.uid


def test_saved_credentials_are_0600_owned_by_the_learner_and_unreadable_by_another(class_run):
    if not REAL_USERS:
        reason = "needs separate system users: run the tests as root"
        if os.environ.get("CI", "").lower() in ("true", "1"):
            pytest.fail(f"{reason}; CI must prove that one learner cannot read another's key")
        pytest.skip(reason)
    hub, results, _ = class_run
    for learner in hub.learners[:WITH_LESSON_06]:
        info = os.stat(results[learner.name]["env_file"])
        assert stat.S_IMODE(info.st_mode) == 0o600 and info.st_uid == learner.uid, learner.name
    first, second = hub.learners[0], hub.learners[1]
    kernel = hub.kernel(second, _lesson_06(hub, second))
    try:
        out, errors = kernel.run(TRY_TO_READ.format(path=results[first.name]["env_file"]))
    finally:
        kernel.close()
    assert not errors and out.strip() == "DENIED", (out, errors)


def test_a_killed_server_started_again_from_the_link_keeps_the_credentials(class_run):
    hub, _results, _ = class_run
    learner = hub.learners[2]
    server = hub.server_process(learner)
    assert server is not None
    server.kill()
    deadline = time.monotonic() + 60
    while hub.server_running(learner) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert not hub.server_running(learner), "the hub did not notice the dead server"
    hub.follow(learner, hub.link(learner))  # what a learner does: open the link again
    kernel = hub.kernel(learner, _lesson_06(hub, learner))
    try:
        out, errors = kernel.run(RELOAD)
    finally:
        kernel.close()
    assert not errors
    assert json.loads(out) == {"app": DEMO_APP_NAME, "masked": mask(DEMO_SERVICE_ACCOUNT_KEY)}


def test_wizard_link_renders_the_wizard_in_voila_on_the_learners_server(class_run):
    hub, _, _ = class_run
    learner = hub.learners[4]
    page = hub.follow(learner, hub.link(learner, wizard=True))
    assert page.status_code == 200 and "/voila/render/" in page.url
    assert "application/vnd.jupyter.widget-view+json" in page.text  # the wizard's form
    assert "There was an error when executing cell" not in page.text


# --- who can do what: the trainer, a stranger, another learner ---------------------------------


def _api(hub: ClassHub, session: requests.Session, method: str, path: str) -> requests.Response:
    """A call to the hub's REST API from a browser session (cookie and its XSRF token)."""
    xsrf = xsrf_cookie(session, "/hub/")
    return session.request(
        method, f"{hub.url}/hub/api{path}", headers={"X-XSRFToken": xsrf}, timeout=120
    )


def _logged_in_as(hub: ClassHub, session: requests.Session) -> str | None:
    r = _api(hub, session, "GET", "/user")
    return r.json().get("name") if r.ok else None


def _env_url(hub: ClassHub, results: dict, learner: Learner) -> str:
    """The address of ``learner``'s saved .env through their own server's files API."""
    relative = Path(results[learner.name]["env_file"]).relative_to(learner.home.resolve())
    return f"{hub.url}/user/{learner.name}/api/contents/{relative.as_posix()}"


@pytest.mark.parametrize("name", [TRAINER, TRAINER.upper(), f" {TRAINER}"])
def test_a_stranger_cannot_claim_the_trainers_account_by_logging_in_first(class_run, name):
    hub, _, _ = class_run
    stranger = requests.Session()
    r = hub.log_in(stranger, name, "a-brand-new-password-1")
    assert r.status_code == 403 or "/hub/login" in r.url
    assert _logged_in_as(hub, stranger) is None
    # ...and the real trainer still gets in with the install's password.
    trainer = requests.Session()
    hub.log_in(trainer, TRAINER, hub.trainer_password)
    assert _logged_in_as(hub, trainer) == TRAINER


@pytest.fixture(scope="module")
def trainer(class_run) -> requests.Session:
    hub, _, _ = class_run
    session = requests.Session()
    hub.log_in(session, TRAINER, hub.trainer_password)
    assert _logged_in_as(hub, session) == TRAINER
    return session


def test_the_trainer_sees_the_class_on_the_admin_page(class_run, trainer):
    hub, _, _ = class_run
    assert trainer.get(f"{hub.url}/hub/admin", timeout=60).status_code == 200
    listed = {user["name"] for user in _api(hub, trainer, "GET", "/users").json()}
    assert {learner.name for learner in hub.learners} <= listed
    assert _api(hub, trainer, "GET", f"/users/{hub.learners[0].name}").json()["servers"]


def test_the_trainer_cannot_open_a_learners_server_or_read_their_env(class_run, trainer):
    hub, results, _ = class_run
    learner = hub.learners[0]
    env = trainer.get(_env_url(hub, results, learner), timeout=120)
    assert env.status_code == 403, env.status_code
    assert DEMO_SERVICE_ACCOUNT_KEY not in env.text
    lab = trainer.get(f"{hub.url}/user/{learner.name}/lab", timeout=120)
    assert lab.status_code == 403, (lab.status_code, lab.url)
    # Nor the ways around it: a token for the learner, or deleting them to log in as them.
    assert _api(hub, trainer, "POST", f"/users/{learner.name}/tokens").status_code == 403
    assert _api(hub, trainer, "DELETE", f"/users/{learner.name}").status_code == 403
    assert _api(hub, trainer, "PATCH", f"/users/{learner.name}").status_code == 403


def test_a_learner_cannot_open_another_learners_server_or_env(class_run):
    hub, results, _ = class_run
    owner, other = hub.learners[0], hub.learners[1]
    env = other.session.get(_env_url(hub, results, owner), timeout=120)
    assert env.status_code == 403 and DEMO_SERVICE_ACCOUNT_KEY not in env.text
    lab = other.session.get(f"{hub.url}/user/{owner.name}/lab", timeout=120)
    assert lab.status_code == 403, (lab.status_code, lab.url)


def test_the_trainer_can_stop_and_start_a_learners_server(class_run, trainer):
    hub, _, _ = class_run
    learner = hub.learners[-1]  # reached lesson 00, ran nothing else
    stop = _api(hub, trainer, "DELETE", f"/users/{learner.name}/server")
    assert stop.status_code in (202, 204), stop.text
    deadline = time.monotonic() + 120
    while hub.server_running(learner) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert not hub.server_running(learner)
    start = _api(hub, trainer, "POST", f"/users/{learner.name}/server")
    assert start.status_code in (201, 202), start.text
    hub.follow(learner, hub.link(learner))  # the learner's link works again


# Last: the culler below stops every idle server of the class, not only the one it watches.
def test_deployed_culler_is_longer_than_a_break_and_culls_an_idle_server(class_run):
    hub, results, _ = class_run
    values = load_values()
    assert values["cull"]["enabled"] and values["cull"]["timeout"] >= 3600
    assert not values["cull"].get("users"), "culling users would delete their passwords"
    learner = hub.learners[3]
    assert hub.server_running(learner)
    # The deployed culler runs in the hub with its long timeout; this one has the same flags
    # with a short timeout, so an idle server is culled within the test.
    idle, every = 6, 2
    time.sleep(idle)
    env = {**os.environ, "JUPYTERHUB_API_TOKEN": hub.culler_token}
    culler = subprocess.Popen(
        culler_command(values, hub.api, timeout=idle, every=every),
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    hub.extra.append(culler)
    deadline = time.monotonic() + 180  # the culler starts and checks every 2 s; a busy machine
    while hub.server_running(learner) and time.monotonic() < deadline:
        time.sleep(1)
    assert not hub.server_running(learner), "the idle server was not culled"
    assert hub.server_process(learner) is None
    assert Path(results[learner.name]["env_file"]).is_file(), "culling must keep the files"
