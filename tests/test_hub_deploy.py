"""The deployment files agree with each other: Kubernetes (Zero to JupyterHub) and The Littlest
JupyterHub get the same class settings, the image matches the chart's JupyterHub, and the
culler outlasts a break. (tests/test_hub_class.py runs these settings in a real hub.)"""

from __future__ import annotations

import asyncio
import concurrent.futures
import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
import yaml

import tasks
from helpers.classroom import clone_folder, default_repo

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy" / "jupyterhub"
VALUES = yaml.safe_load((DEPLOY / "z2jh" / "values.yaml").read_text(encoding="utf-8"))
VALUES_TEXT = (DEPLOY / "z2jh" / "values.yaml").read_text(encoding="utf-8")
INSTALL = (DEPLOY / "tljh" / "install.sh").read_text(encoding="utf-8")
FRAGMENT = (DEPLOY / "jupyterhub_config.d" / "tutorial_class.py").read_text(encoding="utf-8")
README = (DEPLOY / "README.md").read_text(encoding="utf-8")
CHART_VERSION = re.search(r"--version=(\d+\.\d+\.\d+)", VALUES_TEXT).group(1)
A_LONG_BREAK = 60 * 60  # seconds: lunch


def _run_async(main):
    """``asyncio.run(main())`` in a thread of its own: in the whole suite the browser tests'
    Playwright (its sync API) keeps an event loop running in this thread for the session."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(lambda: asyncio.run(main())).result()


def _tljh_settings() -> dict[str, str]:
    """Every ``tljh-config set KEY VALUE`` the install script runs (commented lines excluded)."""
    settings = {}
    for line in INSTALL.splitlines():
        line = line.strip()
        if not line.startswith("sudo tljh-config set "):
            continue
        words = shlex.split(line, comments=True)
        if len(words) == 5:
            settings[words[3]] = words[4]
    return settings


def _bytes(size: str) -> int:
    number, unit = re.fullmatch(r"(\d+(?:\.\d+)?)([KMG]i?)?", str(size)).groups()
    scale = {"K": 10**3, "M": 10**6, "G": 10**9, "Ki": 2**10, "Mi": 2**20, "Gi": 2**30}
    return int(float(number) * scale.get(unit or "", 1))


def test_chart_version_is_pinned_once_and_the_image_speaks_its_jupyterhub():
    assert set(re.findall(r"--version[= ](\S+)", VALUES_TEXT)) == {CHART_VERSION}
    readme = (DEPLOY / "README.md").read_text(encoding="utf-8")
    assert f"--version={CHART_VERSION}" in readme
    hub_minor = re.search(r"JupyterHub (\d+\.\d+)", VALUES_TEXT).group(1)
    lock = (ROOT / "binder" / "requirements.txt").read_text(encoding="utf-8")
    assert re.search(rf"^jupyterhub=={re.escape(hub_minor)}\.\d+ \\$", lock, re.MULTILINE)


def test_image_is_pinned_to_a_tag():
    tag = str(VALUES["singleuser"]["image"]["tag"])
    assert tag and tag != "latest"


def test_culler_outlasts_a_break_on_both_hubs_and_keeps_accounts():
    cull, tljh = VALUES["cull"], _tljh_settings()
    assert cull["enabled"] is True and cull["timeout"] > A_LONG_BREAK
    assert int(tljh["services.cull.timeout"]) == cull["timeout"]
    assert int(tljh["services.cull.every"]) == cull["every"] < cull["timeout"]
    assert cull["users"] is False and tljh["services.cull.users"] == "false"
    assert int(tljh["services.cull.max_age"]) == cull["maxAge"] == 0


def test_both_hubs_leave_the_authenticator_to_the_shared_fragment_with_one_password_rule():
    config, tljh = VALUES["hub"]["config"], _tljh_settings()
    assert "authenticator_class" not in config.get("JupyterHub", {}) and "auth.type" not in tljh
    assert "c.JupyterHub.authenticator_class = ClassAuthenticator" in FRAGMENT
    first_use = config["FirstUseAuthenticator"]
    prefix = "auth.FirstUseAuthenticator."
    assert tljh[prefix + "create_users"] == str(first_use["create_users"]).lower()
    assert int(tljh[prefix + "min_password_length"]) == first_use["min_password_length"]


def test_no_hub_has_an_admin_account_to_claim():
    """The trainer is a reserved name with a role, never an admin a stranger could log in as."""
    assert "admin_users" not in VALUES_TEXT and "--admin" not in INSTALL
    assert "users.admin" not in INSTALL
    assert "trainer_password_hash" in INSTALL
    assert VALUES["hub"]["config"]["ClassAuthenticator"]["trainer_password_hash"] == ""
    assert "hub.config.ClassAuthenticator.trainer_password_hash=" in README


def test_tljh_is_pinned_to_a_release_and_its_bootstrap_comes_from_that_release():
    version = re.search(r'^TLJH_VERSION="(\d+\.\d+\.\d+)"$', INSTALL, re.MULTILINE).group(1)
    assert "the-littlest-jupyterhub/${TLJH_VERSION}/bootstrap/bootstrap.py" in INSTALL
    assert '--version "$TLJH_VERSION"' in INSTALL and "tljh.jupyter.org/bootstrap.py" not in INSTALL
    assert version.split(".")[0] >= "2"  # TLJH 2 runs JupyterHub 5, as the learners' image


def test_kubernetes_serves_https_from_lets_encrypt_with_the_domain_given_at_install():
    https = VALUES["proxy"]["https"]
    assert https["enabled"] is True and https["type"] == "letsencrypt"
    assert "--set proxy.https.hosts=" in README
    assert "--set proxy.https.letsencrypt.contactEmail=" in README


@pytest.fixture
def fake_system(tmp_path):
    """A PATH whose sudo and curl only write down that they were called."""
    calls = tmp_path / "calls"
    for tool in ("sudo", "curl"):
        script = tmp_path / tool
        script.write_text(f'#!/bin/sh\necho {tool} "$@" >> {calls}\nexit 1\n')
        script.chmod(0o755)
    return {"PATH": f"{tmp_path}:/usr/bin:/bin", "HOME": str(tmp_path)}, calls


@pytest.mark.parametrize(
    "args", [[], ["--domain", "hub.example.org"], ["--email", "a@example.org"], ["--bogus"]]
)
def test_tljh_install_refuses_to_start_without_https_unless_told(fake_system, args):
    env, calls = fake_system
    done = subprocess.run(
        ["bash", str(DEPLOY / "tljh" / "install.sh"), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2, done.stderr
    assert not calls.exists(), "nothing may be installed before the HTTPS question is settled"
    if not args or args[0] != "--bogus":
        assert "HTTPS" in done.stderr and "--insecure-http" in done.stderr


def test_tljh_install_turns_on_lets_encrypt_for_the_domain():
    tljh = _tljh_settings()
    assert tljh["https.enabled"] == "true" and tljh["https.letsencrypt.email"] == "$EMAIL"
    assert 'sudo tljh-config add-item https.letsencrypt.domains "$DOMAIN"' in INSTALL


def test_start_up_limits_wait_for_a_whole_class_and_agree_across_hubs():
    """A class logs in at once: a server may answer long after JupyterHub's default 30 s."""
    http = int(re.search(r"c\.Spawner\.http_timeout = (\d+)", FRAGMENT).group(1))
    start = int(re.search(r"c\.Spawner\.start_timeout = (\d+)", FRAGMENT).group(1))
    assert http >= 120 and start >= 120
    assert VALUES["singleuser"]["startTimeout"] == start


def test_both_hubs_give_a_learner_the_same_memory_and_cpu_limits():
    single, tljh = VALUES["singleuser"], _tljh_settings()
    assert _bytes(tljh["limits.memory"]) == _bytes(single["memory"]["limit"])
    assert float(tljh["limits.cpu"]) == float(single["cpu"]["limit"])
    assert _bytes(single["memory"]["guarantee"]) < _bytes(single["memory"]["limit"])
    assert tljh["user_environment.default_app"] == "jupyterlab" and single["defaultUrl"] == "/lab"


def test_shared_fragment_is_mounted_by_kubernetes_and_installed_by_tljh():
    fragment = "jupyterhub_config.d/tutorial_class.py"
    assert (DEPLOY / fragment).is_file()
    mounts = [f["mountPath"] for f in VALUES["hub"]["extraFiles"].values()]
    assert f"/usr/local/etc/jupyterhub/{fragment}" in mounts
    assert f"deploy/jupyterhub/{fragment}" in INSTALL and f"/opt/tljh/config/{fragment}" in INSTALL
    assert f"hub.extraFiles.tutorial-class.stringData={fragment}" in VALUES_TEXT


def test_fragment_and_install_script_name_this_repository():
    text = (DEPLOY / "jupyterhub_config.d" / "tutorial_class.py").read_text(encoding="utf-8")
    assert f'"TUTORIAL_FOLDER", "{clone_folder(default_repo())}"' in text
    assert f'REPO="${{REPO:-{default_repo()}}}"' in INSTALL


def test_every_kubernetes_setting_is_explained_for_a_trainer():
    """Each setting with a value has a comment on its line or in the three lines above."""
    lines = VALUES_TEXT.splitlines()
    for number, line in enumerate(lines):
        _, colon, value = line.partition(":")
        if not colon or line.lstrip().startswith("#") or not value.strip():
            continue  # blank, comment, or a block whose settings follow
        above = lines[max(0, number - 3) : number]
        assert "#" in value or any(a.lstrip().startswith("#") for a in above), (
            f"values.yaml line {number + 1} has no comment: {line.strip()}"
        )


def _fragment(config=None) -> dict:
    """The shared fragment run as JupyterHub's load_subconfig runs it: ``c`` is given."""
    from traitlets.config import Config

    namespace = {"c": config if config is not None else Config()}
    exec(compile(FRAGMENT, "tutorial_class.py", "exec"), namespace)
    return namespace


def _user(name: str):
    """What a spawner reads of its hub user, before a server exists."""
    return SimpleNamespace(name=name, id=7, url=f"/user/{name}/", escaped_name=name, server=None)


@pytest.fixture
def kubeconfig(tmp_path, monkeypatch):
    """A kubeconfig naming a cluster that is never contacted: KubeSpawner reads one when it is
    made (no cluster runs here; nothing below starts a pod or calls Kubernetes' API)."""
    path = tmp_path / "kubeconfig"
    path.write_text(
        "apiVersion: v1\nkind: Config\ncurrent-context: none\n"
        "clusters: [{name: none, cluster: {server: 'https://127.0.0.1:9'}}]\n"
        "users: [{name: none, user: {token: none}}]\n"
        "contexts: [{name: none, context: {cluster: none, user: none}}]\n"
    )
    monkeypatch.setenv("KUBECONFIG", str(path))


def _kube_env(config, name: str) -> dict[str, str]:
    """The environment KubeSpawner 7.0 would give ``name``'s pod under ``config``, after the
    configured pre_spawn_hook (as JupyterHub runs it before start())."""
    from jupyterhub.utils import maybe_future
    from kubespawner import KubeSpawner

    async def build():
        spawner = KubeSpawner(config=config, _mock=True, user=_user(name))
        await maybe_future(spawner.run_pre_spawn_hook())  # as JupyterHub's User.spawn does
        return spawner.get_env(), spawner.port

    return _run_async(build)


@pytest.mark.parametrize("name", ["ana", "root", "jovyan"])
def test_under_the_chart_the_learners_environment_reaches_kubespawner(kubeconfig, name):
    """Loaded as chart 4.4.0 loads it (tests/hub_rig.load_like_chart): the chart's get_config in
    the namespace, c.KubeSpawner.environment from singleuser.extraEnv. A learner named like a
    user of the hub's own machine still gets the pod's home."""
    from traitlets.config import Config

    from tests.hub_rig import load_like_chart

    c = Config()
    namespace = load_like_chart(c, VALUES)
    assert namespace["get_config"]("singleuser.defaultUrl") == "/lab"  # still the chart's
    assert c.KubeSpawner.environment == {}  # the chart's default extraEnv, which outranks Spawner
    env, port = _kube_env(c, name)
    assert env["PYTHONPATH"] == "/home/jovyan/clave-api-keap"
    assert env["KEAP_TUTORIAL_SERVER_ROOT"] == "/home/jovyan"
    assert port == 8888  # KubeSpawner's own port: one pod per learner


def test_under_the_chart_a_trainers_extra_env_is_kept_beside_the_learners(kubeconfig):
    from traitlets.config import Config

    from tests.hub_rig import load_like_chart

    c = Config()
    load_like_chart(
        c, {**VALUES, "singleuser": {**VALUES["singleuser"], "extraEnv": {"TZ": "UTC"}}}
    )
    env, _ = _kube_env(c, "ana")
    assert env["TZ"] == "UTC" and env["PYTHONPATH"] == "/home/jovyan/clave-api-keap"


def test_the_fragment_leaves_the_charts_names_it_runs_among_as_they_were():
    """The chart exec()s the fragment in its own jupyterhub_config.py's namespace, and goes on
    using get_config there (hub.extraConfig, lines 539-542)."""
    from traitlets.config import Config

    from tests.hub_rig import chart_get_config

    get_config = chart_get_config({"hub": {}})
    namespace = {"c": Config(), "get_config": get_config, "os": os, "sys": sys}
    exec(compile(FRAGMENT, "tutorial_class.py", "exec"), namespace)
    assert namespace["get_config"] is get_config and namespace["sys"] is sys
    assert namespace["c"].JupyterHub.authenticator_class.__name__ == "ClassAuthenticator"


def _tljh_config(tmp_path, spawner_section: str = "SystemdSpawner"):
    """The fragment loaded the way TLJH 2.0.0's jupyterhub_config.py loads it (load_subconfig,
    after the spawner's own settings), read by traitlets as JupyterHub reads a config file."""
    from traitlets.config.loader import PyFileConfigLoader

    main = tmp_path / "jupyterhub_config.py"
    fragment = DEPLOY / "jupyterhub_config.d" / "tutorial_class.py"
    main.write_text(
        "c = get_config()\n"
        f"c.{spawner_section}.default_shell = '/bin/bash'\n"
        f"c.{spawner_section}.username_template = 'jupyter-{{USERNAME}}'\n"
        f"load_subconfig({str(fragment)!r})\n"
    )
    return PyFileConfigLoader(main.name, path=str(tmp_path)).load_config()


def _systemd_start(config, name: str, monkeypatch) -> tuple[int, dict]:
    """SystemdSpawner 1.0.2's own start() for ``name``, after the configured pre_spawn_hook,
    with its systemd calls recorded instead of run (no systemd runs here). Returns the port it
    answers with and the environment it gives the learner's unit."""
    from jupyterhub.utils import maybe_future
    from systemdspawner import SystemdSpawner, systemd

    started = {}

    async def start_transient_service(unit, cmd, args, working_dir, environment_variables, **kw):
        started["env"] = environment_variables

    async def running(unit):
        return "env" in started  # none before the start; the new unit right after it

    async def nothing(unit):
        return False

    monkeypatch.setattr(systemd, "start_transient_service", start_transient_service)
    monkeypatch.setattr(systemd, "service_running", running)
    monkeypatch.setattr(systemd, "service_failed", nothing)
    monkeypatch.setattr(systemd, "get_systemd_version", lambda: None)

    async def run():
        hub = SimpleNamespace(
            public_host="", url="/hub/", base_url="/hub/", api_url="http://127.0.0.1:8081/hub/api"
        )
        spawner = SystemdSpawner(config=config, user=_user(name), hub=hub)
        spawner.username_template = "root"  # a system user this machine has
        await maybe_future(spawner.run_pre_spawn_hook())  # as JupyterHub's User.spawn does
        _ip, port = await spawner.start()
        return port, started["env"]

    return _run_async(run)


def test_under_tljh_the_learners_environment_reaches_systemdspawner(tmp_path, monkeypatch):
    config = _tljh_config(tmp_path)
    _, env = _systemd_start(config, "ana", monkeypatch)
    assert env["PYTHONPATH"] == "/root/clave-api-keap"  # the unit user's home (root's, here)
    assert env["KEAP_TUTORIAL_SERVER_ROOT"] == "/root"


def test_under_tljh_two_starts_handed_the_same_free_port_get_different_ones(tmp_path, monkeypatch):
    """SystemdSpawner 1.0.2's start() picks its port itself (systemdspawner.py line 214), over
    any set before it. The system can hand out one free port twice while the first server is
    not listening yet; a machine cannot be made to do it on demand, so the pick repeats here."""
    from systemdspawner import systemdspawner

    config = _tljh_config(tmp_path)  # the fragment points SystemdSpawner's pick at class_port
    assert systemdspawner.random_port.__name__ == "class_port"
    picks = iter([5000, 5000, 5000, 5001])
    fragment_globals = systemdspawner.random_port.__globals__
    monkeypatch.setitem(fragment_globals, "random_port", lambda: next(picks))
    ports, services = [], []
    for name in ("ana", "bea"):
        port, env = _systemd_start(config, name, monkeypatch)
        ports.append(port)
        services.append(env["JUPYTERHUB_SERVICE_URL"])
    assert ports == [5000, 5001], ports
    assert [urlsplit(url).port for url in services] == ports  # the unit listens where the hub looks


def test_without_the_fragment_systemdspawner_hands_out_a_repeated_port(monkeypatch):
    """The clash is real under SystemdSpawner: its own pick, unprotected, repeats the port."""
    from systemdspawner import systemdspawner
    from traitlets.config import Config

    picks = iter([5000, 5000])
    monkeypatch.setattr(systemdspawner, "random_port", lambda: next(picks))
    ports = [_systemd_start(Config(), name, monkeypatch)[0] for name in ("ana", "bea")]
    assert ports == [5000, 5000]


def test_local_servers_are_never_handed_the_same_port_and_kubernetes_keeps_its_own(
    monkeypatch, kubeconfig
):
    """JupyterHub's random free port can come out twice when a class starts at once; a real
    machine cannot be made to repeat it on demand, so the random pick is replaced here."""
    from jupyterhub.spawner import LocalProcessSpawner

    fragment = _fragment()
    picks = iter([5000, 5000, 5000, 5001, 5000, 5001, 5002])
    monkeypatch.setitem(fragment, "random_port", lambda: next(picks))
    hook = fragment["c"].Spawner.pre_spawn_hook
    assert hook is fragment["prepare_learner_server"]
    spawners = [LocalProcessSpawner(user=_user(name)) for name in ("ana", "bea", "caro")]
    for spawner in spawners:
        hook(spawner)
    assert [s.port for s in spawners] == [5000, 5001, 5002]
    held = fragment["PORT_HELD"]
    start = int(re.search(r"c\.Spawner\.start_timeout = (\d+)", FRAGMENT).group(1))
    http = int(re.search(r"c\.Spawner\.http_timeout = (\d+)", FRAGMENT).group(1))
    assert held > start + http  # a port is held longer than any start may take
    # Once held long enough, a port may be handed out again.
    for port in list(fragment["_PORTS_HANDED_OUT"]):
        fragment["_PORTS_HANDED_OUT"][port] -= held + 1
    picks = iter([5000])
    again = LocalProcessSpawner(user=_user("dani"))
    hook(again)
    assert again.port == 5000
    assert _kube_env(fragment["c"], "kube")[1] == 8888  # KubeSpawner keeps its own port


def _configurable_classes() -> dict[str, type]:
    """Every traitlets class the hubs can load, by name: JupyterHub's, the spawners' and
    authenticators' the hubs use, and the fragment's own."""
    import firstuseauthenticator  # noqa: F401
    import jupyterhub.app  # noqa: F401
    import kubespawner  # noqa: F401
    import systemdspawner  # noqa: F401
    from traitlets.config import Configurable

    _fragment()  # defines ClassAuthenticator
    found, todo = {}, [Configurable]
    while todo:
        cls = todo.pop()
        found.setdefault(cls.__name__, cls)
        todo.extend(cls.__subclasses__())
    return found


def _unknown_hub_config_keys(config: dict) -> list[str]:
    classes = _configurable_classes()
    unknown = []
    for section, settings in config.items():
        cls = classes.get(section)
        traits = cls.class_traits(config=True) if cls else {}
        unknown += [f"{section}.{key}" for key in settings if key not in traits]
    return unknown


def test_every_hub_config_key_is_a_setting_of_the_class_it_names():
    """The chart's schema accepts any key under a hub.config section: a misspelled one would
    pass silently, so every key is checked against the traits of its class."""
    assert VALUES["hub"]["config"] and _unknown_hub_config_keys(VALUES["hub"]["config"]) == []


@pytest.mark.parametrize(
    "config, unknown",
    [
        (
            {"FirstUseAuthenticator": {"min_pasword_length": 8}},
            ["FirstUseAuthenticator.min_pasword_length"],
        ),
        ({"FirstUseAuthentcator": {"create_users": True}}, ["FirstUseAuthentcator.create_users"]),
        (
            {"ClassAuthenticator": {"trainer_password": "x"}},
            ["ClassAuthenticator.trainer_password"],
        ),
    ],
)
def test_a_misspelled_hub_config_key_or_class_is_caught(config, unknown):
    assert _unknown_hub_config_keys(config) == unknown


def test_values_and_readme_say_what_the_charts_schema_checks_and_what_it_does_not():
    for text in (VALUES_TEXT, README):
        assert "any key" in text and "hub.config" in text


def test_tljh_gives_the_wizard_and_the_kernels_the_same_settings_as_binder(tmp_path):
    """Binder's postBuild and TLJH's install run binder/server_settings.py, each for its Python."""
    post_build = (ROOT / "binder" / "postBuild").read_text(encoding="utf-8")
    assert 'python binder/server_settings.py "${NB_PYTHON_PREFIX' in post_build
    assert 'git clone --quiet --depth 1 --branch "$BRANCH" -- "$REPO" "$SOURCE"' in INSTALL
    assert "sudo /opt/tljh/user/bin/python binder/server_settings.py /opt/tljh/user" in INSTALL
    prefix = tmp_path / "user"
    config = prefix / "etc" / "jupyter" / "jupyter_server_config.json"
    config.parent.mkdir(parents=True)
    config.write_text(json.dumps({"ServerApp": {"shutdown_no_activity_timeout": 0}}))
    for _ in range(2):  # an install run again gives the same result
        subprocess.run(
            [sys.executable, "binder/server_settings.py", str(prefix)],
            cwd=ROOT,
            check=True,
            timeout=60,
        )
    installed = prefix / "share" / "jupyter" / "voila" / "templates" / tasks.VOILA_TEMPLATE
    shipped = ROOT / "binder" / "voila" / "templates" / tasks.VOILA_TEMPLATE
    files = sorted(p.relative_to(shipped) for p in shipped.rglob("*") if p.is_file())
    assert files and sorted(p.relative_to(installed) for p in installed.rglob("*")) == files
    assert all((installed / f).read_bytes() == (shipped / f).read_bytes() for f in files)
    assert json.loads(config.read_text()) == {
        "ServerApp": {"shutdown_no_activity_timeout": 0},  # the settings already there stay
        "VoilaConfiguration": {
            "template": tasks.VOILA_TEMPLATE,
            "extension_allowlist": list(tasks.VOILA_EXTENSIONS),
        },
        **json.loads(tasks.KERNEL_SETTINGS.read_text(encoding="utf-8")),  # idle kernels culled
    }
    notice = prefix / "etc" / "ipython" / tasks.KERNEL_NOTICE.name
    assert notice.read_bytes() == tasks.KERNEL_NOTICE.read_bytes()
