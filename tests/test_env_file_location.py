"""One credentials file for the whole tutorial, found from any folder as python-dotenv finds it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from dotenv import find_dotenv

from helpers.storage import default_env_file, load_credentials, save_credentials

ROOT = Path(__file__).resolve().parents[1]
SAK = "KeapAK-" + "1" * 46 + "9f2c"


@pytest.fixture(autouse=True)
def _no_credentials_in_environment(monkeypatch):
    for name in ("KEAP_APP_NAME", "KEAP_API_KEY", "KEAP_ENV_FILE"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def tutorial(tmp_path) -> Path:
    """A tutorial folder (tasks.py beside helpers/) with its lesson folders, and no .env yet."""
    root = tmp_path / "clave-api-keap"
    for folder in ("helpers", "notebooks/es", "notebooks/en", "notebooks/pt", "scripts"):
        (root / folder).mkdir(parents=True)
    (root / "tasks.py").write_text("")
    return root


@pytest.mark.parametrize("folder", ["", "notebooks/es", "notebooks/en", "notebooks/pt", "scripts"])
def test_every_folder_of_the_tutorial_uses_the_one_file_at_its_root(tutorial, folder, monkeypatch):
    monkeypatch.chdir(tutorial / folder)
    assert default_env_file() == tutorial / ".env"


def test_a_lesson_saves_where_the_terminal_and_a_learners_script_read(tutorial, monkeypatch):
    monkeypatch.chdir(tutorial / "notebooks" / "pt")
    report = save_credentials("ab123", SAK)
    assert report.path == tutorial / ".env"
    monkeypatch.chdir(tutorial)  # a JupyterLab terminal opens at the root
    assert load_credentials().key == SAK
    monkeypatch.chdir(tutorial / "scripts")  # python-dotenv's own search finds the same file
    assert Path(find_dotenv(usecwd=True)) == tutorial / ".env"


def test_outside_the_tutorial_the_nearest_env_above_wins_as_with_find_dotenv(tmp_path, monkeypatch):
    (tmp_path / ".env").write_text("KEAP_APP_NAME=ab123\n")
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    monkeypatch.chdir(deep)
    assert default_env_file() == tmp_path / ".env" == Path(find_dotenv(usecwd=True))


def test_keap_env_file_still_chooses_the_file(tmp_path, monkeypatch):
    monkeypatch.setenv("KEAP_ENV_FILE", str(tmp_path / "elsewhere.env"))
    assert default_env_file() == tmp_path / "elsewhere.env"


def test_this_checkout_is_recognised_as_the_tutorial():
    assert default_env_file(ROOT / "notebooks" / "es") == ROOT / ".env"


def test_a_fresh_process_in_a_lesson_folder_reads_the_file_saved_at_the_root(tutorial):
    """A new Python process (as `python -m helpers.check` is) in a lesson folder finds it."""
    (tutorial / ".env").write_text(f"KEAP_APP_NAME=ab123\nKEAP_API_KEY={SAK}\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("KEAP_")}
    code = "from helpers.storage import load_credentials; print(load_credentials().masked_key)"
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tutorial / "notebooks" / "en",
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert out.strip() == "KeapAK-...9f2c"
