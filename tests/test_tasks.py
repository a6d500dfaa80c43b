"""``tasks.py``: what the README's own commands start, and where."""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import tasks
from helpers.i18n import t
from helpers.lessons import LESSONS, WIZARD

ROOT = Path(__file__).resolve().parents[1]


def _option(command: list[str], name: str) -> str:
    (value,) = [arg.split("=", 1)[1] for arg in command if arg.startswith(f"--{name}=")]
    return value


@pytest.mark.parametrize("lang", ["es", "en", "pt"])
def test_run_serves_the_repository_root_and_opens_the_first_lesson_by_url(lang):
    command = tasks.lab_command(tasks.page_path("run", lang))
    assert Path(_option(command, "ServerApp.root_dir")) == ROOT
    lesson = f"notebooks/{lang}/{LESSONS['00'][lang]}.ipynb"
    assert _option(command, "LabApp.default_url") == f"/lab/tree/{lesson}"
    assert (ROOT / lesson).is_file()
    assert not [arg for arg in command[4:] if arg.endswith(".ipynb") and not arg.startswith("--")]


@pytest.mark.parametrize("lang", ["es", "en", "pt"])
def test_wizard_is_served_from_the_repository_root_through_voila(lang):
    command = tasks.lab_command(tasks.page_path("wizard", lang))
    assert Path(_option(command, "ServerApp.root_dir")) == ROOT
    page = f"notebooks/{lang}/{WIZARD[lang]}.ipynb"
    assert _option(command, "LabApp.default_url") == f"/voila/render/{page}"
    assert (ROOT / page).is_file()


def test_tasks_takes_its_lesson_tables_from_helpers_lessons():
    assert tasks.LESSONS.LESSONS == LESSONS and tasks.LESSONS.WIZARD == WIZARD
    source = (ROOT / "tasks.py").read_text()
    assert "00-empieza-aqui" not in source and "asistente" not in source


def test_terminals_use_the_tutorial_environment_whose_python_imports_helpers():
    env = tasks.lab_environment("pt", {"PATH": "/usr/bin:/bin"})
    assert env["PATH"].split(os.pathsep)[0] == str(tasks.BIN)
    assert env["KEAP_TUTORIAL_LANG"] == "pt"  # the command-line check speaks the edition
    if not tasks.PYTHON.exists():
        pytest.skip("no .venv here yet: python3 tasks.py test creates it")
    python = subprocess.run(
        ["python", "-c", "import helpers; print(helpers.__file__)"],
        env=env,
        capture_output=True,
        text=True,
        cwd="/",
    )
    assert python.returncode == 0, python.stderr
    assert Path(python.stdout.strip()).resolve() == ROOT / "helpers" / "__init__.py"


def test_local_jupyterlab_gets_binders_settings_without_the_news_popup(tmp_path):
    target = tasks.install_lab_settings(tmp_path)
    assert target == tmp_path / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    settings = json.loads(target.read_text())
    notification = settings["@jupyterlab/apputils-extension:notification"]
    assert notification["fetchNews"] == "false" and notification["checkForUpdates"] is False
    assert target.read_bytes() == (ROOT / "binder" / "overrides.json").read_bytes()


def test_a_running_server_for_this_folder_is_reused_with_its_token():
    server = {"url": "http://127.0.0.1:8888/", "token": "abc", "root_dir": str(ROOT), "port": 8888}
    assert tasks.page_url(server, tasks.page_path("wizard", "pt")) == (
        "http://127.0.0.1:8888/voila/render/notebooks/pt/assistente.ipynb?token=abc"
    )


def test_the_wizard_page_template_is_installed_and_chosen(tmp_path):
    tasks.install_lab_settings(tmp_path)
    template = tmp_path / "share" / "jupyter" / "voila" / "templates" / tasks.VOILA_TEMPLATE
    assert json.loads((template / "conf.json").read_text())["base_template"] == "lab"
    source = (template / "index.html.j2").read_text()
    assert "language_code" in source and "<main>" in source
    command = tasks.lab_command(tasks.page_path("wizard", "es"))
    assert _option(command, "VoilaConfiguration.template") == tasks.VOILA_TEMPLATE


@pytest.mark.skipif(os.name == "nt" or not shutil.which("bash"), reason="bash terminals only")
def test_terminal_start_up_puts_the_tutorial_python_first_even_after_the_learners_bashrc(tmp_path):
    (tmp_path / ".bashrc").write_text('export PATH="/opt/pyenv/shims:$PATH"\n')
    command = tasks.lab_command(tasks.page_path("run", "es"))
    assert _option(command, "ServerApp.terminado_settings").startswith("shell_command=")
    env = {"HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "VIRTUAL_ENV": str(tasks.VENV)}
    shown = subprocess.run(
        ["bash", "--rcfile", str(tasks.TERMINAL_RC), "-i", "-c", 'echo "$PATH"'],
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
    ).stdout
    assert shown.strip().split(":")[:2] == [str(tasks.BIN), "/opt/pyenv/shims"]


def test_the_voila_template_shows_exactly_the_wizard_pages():
    """The template renders only the wizard; its list of names is helpers.lessons.WIZARD's."""
    template = (ROOT / "binder/voila/templates/keap-tutorial/index.html.j2").read_text()
    (names,) = re.findall(r"resources\['metadata'\]\['name'\] in (\[[^\]]*\])", template)
    assert sorted(ast.literal_eval(names)) == sorted(WIZARD.values())


def test_a_stage_shows_one_line_and_keeps_the_tools_output_in_the_log(tmp_path, capsys):
    log = tmp_path / "install.log"
    noisy = "for i in range(300): print('WARNING: pip says', i)"
    tasks.run_logged([sys.executable, "-c", noisy], "install.packages", "pt", log=log)
    assert capsys.readouterr().out.splitlines() == [t("install.packages", "pt")]
    assert "WARNING: pip says 299" in log.read_text()


def test_a_failed_stage_shows_the_logs_tail_where_the_log_is_and_stops(tmp_path, capsys):
    log = tmp_path / "install.log"
    failing = (
        "import sys\nfor i in range(100): print('line', i)\nsys.exit('No matching distribution')"
    )
    with pytest.raises(SystemExit) as stopped:
        tasks.run_logged([sys.executable, "-c", failing], "install.pip", "es", log=log)
    assert stopped.value.code == 1
    shown = capsys.readouterr().out.splitlines()
    assert shown[0] == t("install.pip", "es")
    assert shown[1] == t("install.failed", "es", code=1, log=str(log))
    tail = shown[2:-1]
    assert len(tail) == tasks.INSTALL_TAIL and tail[-1].strip() == "No matching distribution"
    assert "line 99" in tail[-2] and not any("line 50" in line for line in tail)
    assert shown[-1] == t("install.failed_next", "es", log=str(log))


def test_the_tutorials_server_config_turns_off_notebook_shim_and_keeps_the_rest(tmp_path):
    config = tmp_path / "etc" / "jupyter" / "jupyter_server_config.json"
    config.parent.mkdir(parents=True)
    config.write_text(json.dumps({"VoilaConfiguration": {"template": "x"}}))
    tasks.install_lab_settings(tmp_path)
    written = json.loads(config.read_text())
    assert written["ServerApp"]["jpserver_extensions"] == {"notebook_shim": False}
    assert written["VoilaConfiguration"] == {"template": "x"}


def test_the_address_line_names_the_servers_page_with_its_token(tmp_path):
    info = {"url": "http://localhost:8890/", "token": "abc", "pid": 4242, "root_dir": "/elsewhere"}
    (tmp_path / "jpserver-4242.json").write_text(json.dumps(info))
    found = tasks._server_info(tmp_path, 4242, since=0)
    assert tasks.page_url(found, tasks.page_path("run", "en")) == (
        f"http://localhost:8890/lab/tree/notebooks/en/{LESSONS['00']['en']}.ipynb?token=abc"
    )
    assert tasks._server_info(tmp_path, 4243, since=0) is None  # another folder's server
