"""The deployment files agree with each other: Kubernetes (Zero to JupyterHub) and The Littlest
JupyterHub get the same class settings, the image matches the chart's JupyterHub, and the
culler outlasts a break. (tests/test_hub_class.py runs these settings in a real hub.)"""

from __future__ import annotations

import re
import shlex
import subprocess
from pathlib import Path

import pytest
import yaml

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


def _fragment() -> dict:
    """The shared fragment run as JupyterHub runs it (``get_config`` gives its ``c``)."""
    from traitlets.config import Config

    namespace = {"get_config": Config}
    exec(compile(FRAGMENT, "tutorial_class.py", "exec"), namespace)
    return namespace


def test_local_servers_are_never_handed_the_same_port_and_kubernetes_keeps_its_own(monkeypatch):
    """JupyterHub's random free port can come out twice when a class starts at once; a real
    machine cannot be made to repeat it on demand, so the random pick is replaced here."""
    from types import SimpleNamespace

    from jupyterhub import utils

    fragment = _fragment()
    picks = iter([5000, 5000, 5000, 5001, 5000, 5001, 5002])
    monkeypatch.setattr(utils, "random_port", lambda: next(picks))

    class LocalProcessSpawner:
        def __init__(self, name: str) -> None:
            self.user, self.port = SimpleNamespace(name=name), 0

    class KubeSpawner(LocalProcessSpawner.__base__):
        def __init__(self) -> None:
            self.user, self.port = SimpleNamespace(name="kube"), 8888

    spawners = [LocalProcessSpawner(name) for name in ("ana", "bea", "caro")]
    for spawner in spawners:
        fragment["own_port"](spawner)
    assert [s.port for s in spawners] == [5000, 5001, 5002]
    again = LocalProcessSpawner("ana")  # a learner's own port may come back to them
    picks = iter([5000])
    fragment["own_port"](again)
    assert again.port == 5000
    kube = KubeSpawner()
    fragment["own_port"](kube)
    assert kube.port == 8888
    assert fragment["c"].Spawner.pre_spawn_hook is fragment["own_port"]
