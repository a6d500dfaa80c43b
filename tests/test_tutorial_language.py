"""Without --lang, the sandbox command and tasks.py follow the tutorial's language:
KEAP_TUTORIAL_LANG, else the system's locale, else Spanish; JupyterLab's menus follow the edition."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from helpers.i18n import t

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
import tasks  # noqa: E402

sys.path.remove(str(ROOT))


def _environment(**chosen: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("KEAP_") and k not in {"LC_ALL", "LC_MESSAGES", "LANG"}
    }
    return {**env, **chosen}


def _sandbox_first_line(env: dict[str, str], *args: str) -> str:
    """The first line the sandbox command prints; then Ctrl+C, as a learner stops it."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "helpers.sandbox", "--port", "0", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        first = proc.stdout.readline()
    finally:
        proc.send_signal(signal.SIGINT)
        proc.communicate(timeout=30)
    return first


def _running_line(lang: str, line: str) -> bool:
    url = line.split("http://", 1)[1].split()[0].rstrip(".,)")
    return line.strip() == t("sandbox.cli.running", lang, url="http://" + url).strip()


@pytest.mark.parametrize(
    ("chosen", "lang"),
    [
        ({"LANG": "pt_BR.UTF-8"}, "pt"),
        ({"LC_ALL": "en_US.UTF-8", "LANG": "pt_BR.UTF-8"}, "en"),
        ({"KEAP_TUTORIAL_LANG": "en", "LANG": "pt_BR.UTF-8"}, "en"),
        ({"LANG": "C.UTF-8"}, "es"),
    ],
)
def test_the_sandbox_command_speaks_the_tutorials_language(chosen, lang):
    assert _running_line(lang, _sandbox_first_line(_environment(**chosen)))


def test_lang_on_the_command_line_still_wins():
    env = _environment(LANG="pt_BR.UTF-8")
    assert _running_line("en", _sandbox_first_line(env, "--lang", "en"))


@pytest.mark.parametrize(
    ("chosen", "lang"),
    [({"LANG": "pt_BR.UTF-8"}, "pt"), ({"KEAP_TUTORIAL_LANG": "en"}, "en"), ({}, "es")],
)
def test_tasks_opens_the_tutorials_language_when_none_is_given(monkeypatch, chosen, lang):
    for name in ("KEAP_TUTORIAL_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    for name, value in chosen.items():
        monkeypatch.setenv(name, value)
    assert tasks._edition([]) == lang
    assert tasks._edition(["en"]) == "en"


@pytest.mark.parametrize(("lang", "locale"), [("es", "es_ES"), ("pt", "pt_BR"), ("en", "default")])
def test_jupyterlab_gets_the_editions_locale_and_binders_settings(tmp_path, lang, locale):
    target = tasks.install_lab_settings(tmp_path, lang=lang)
    settings = json.loads(target.read_text())
    assert settings["@jupyterlab/translation-extension:plugin"] == {"locale": locale}
    binder = json.loads((ROOT / "binder" / "overrides.json").read_text())
    assert all(settings[name] == value for name, value in binder.items())


def test_the_language_packs_are_installed_by_the_run_requirements():
    from importlib.util import find_spec

    required = (ROOT / "requirements.txt").read_text()
    for pack in ("jupyterlab-language-pack-es-ES", "jupyterlab-language-pack-pt-BR"):
        assert pack in required
    assert find_spec("jupyterlab_language_pack_es_ES") and find_spec(
        "jupyterlab_language_pack_pt_BR"
    )
