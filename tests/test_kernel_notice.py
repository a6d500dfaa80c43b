"""A lesson's fresh kernel explains itself when a cell needs one that ran before.

The tutorial's servers stop a lesson's kernel after a while unused (``binder/kernel_culling.json``);
back in the lesson, the learner's next cell runs in a new kernel that does not remember the
earlier cells. ``binder/ipython_kernel_config.json`` (installed beside every server the
tutorial starts) loads ``helpers.kernel_notice`` into each kernel. These tests start real
kernels with that file, as a lesson's kernel (Jupyter Server names the notebook in
``JPY_SESSION_NAME``) and as someone's own notebook.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from jupyter_client.manager import start_new_kernel

from helpers.i18n import t

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "binder" / "ipython_kernel_config.json"


def _stderr_of(code: str, session_name: str, ipython_dir: Path) -> str:
    """What a fresh kernel writes to stderr for ``code``, started with the tutorial's config."""
    profile = ipython_dir / "profile_default"
    profile.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(CONFIG, profile / CONFIG.name)
    env = {k: v for k, v in os.environ.items() if not k.startswith("KEAP_")}
    env.update(
        IPYTHONDIR=str(ipython_dir),
        JPY_SESSION_NAME=session_name,
        PYTHONPATH=os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")]),
    )
    manager, client = start_new_kernel(kernel_name="python3", env=env, cwd=str(ROOT))
    try:
        stderr, errors = [], []

        def collect(message: dict) -> None:
            content = message["content"]
            if message["msg_type"] == "stream" and content["name"] == "stderr":
                stderr.append(content["text"])
            elif message["msg_type"] == "error":
                errors.append(content["ename"])

        client.execute_interactive(code, timeout=60, output_hook=collect)
        return "".join(stderr) + "".join(errors)
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


@pytest.mark.parametrize("lang", ["es", "pt"])
def test_a_lessons_fresh_kernel_says_it_started_afresh_and_what_to_do(tmp_path, lang):
    lesson = f"clave-api-keap/notebooks/{lang}/06-lesson.ipynb"
    shown = _stderr_of("check('01-1', answer)", lesson, tmp_path)
    assert t("kernel.fresh_start", lang, name="check") in shown
    assert "Traceback" not in shown


def test_another_notebooks_kernel_keeps_pythons_own_error(tmp_path):
    shown = _stderr_of("check", "my-analysis.ipynb", tmp_path)
    assert "NameError" in shown and t("kernel.fresh_start", "en", name="check") not in shown


def test_the_lesson_explanation_replaces_it_once_the_lesson_starts(tmp_path):
    code = "from helpers import tutorial\ntutorial.start('en')\nanswer = B"
    shown = _stderr_of(code, "notebooks/en/01-application-name.ipynb", tmp_path)
    assert t("friendly.name_error", "en", name="B") in shown
    assert t("kernel.fresh_start", "en", name="B") not in shown


def test_every_server_the_tutorial_starts_gets_the_culling_and_the_notice(tmp_path):
    """``tasks.py`` installs both files as Binder's postBuild and the TLJH install do, and
    Jupyter Server reads the culling from where they go."""
    import subprocess
    import sys

    sys.path.insert(0, str(ROOT))
    try:
        import tasks
    finally:
        sys.path.remove(str(ROOT))
    tasks.install_lab_settings(tmp_path)
    assert (tmp_path / "etc" / "ipython" / CONFIG.name).read_bytes() == CONFIG.read_bytes()
    # Binder and TLJH install both through binder/server_settings.py (its own test in
    # test_hub_deploy.py runs it and compares what it installs with these files).
    for script in ("binder/postBuild", "deploy/jupyterhub/tljh/install.sh"):
        text = (ROOT / script).read_text(encoding="utf-8")
        assert "binder/server_settings.py" in text, script
    settings = (ROOT / "binder" / "server_settings.py").read_text(encoding="utf-8")
    assert "KERNEL_SETTINGS" in settings and "KERNEL_NOTICE" in settings
    env = {**os.environ, "JUPYTER_CONFIG_PATH": str(tmp_path / "etc" / "jupyter")}
    env["JUPYTER_CONFIG_DIR"] = str(tmp_path / "user-config")
    read = (
        "import json; from jupyter_server.serverapp import ServerApp; app = ServerApp(); "
        "app.load_config_file(); print(json.dumps(dict(app.config.MappingKernelManager)))"
    )
    shown = subprocess.run(
        [sys.executable, "-c", read],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=True,
    ).stdout
    culling = json.loads(shown)
    assert culling["cull_connected"] is True and culling["cull_busy"] is False
    assert 0 < culling["cull_interval"] < culling["cull_idle_timeout"]
