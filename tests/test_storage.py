"""Keeping credentials in a .env file: 0600, atomic, other lines kept, nothing lost."""

from __future__ import annotations

import os
import stat
import subprocess

import pytest

from helpers.errors import CredentialsFileError
from helpers.storage import (
    API_KEY_VAR,
    APP_NAME_VAR,
    delete_credentials,
    load_credentials,
    save_credentials,
)

SAK = "KeapAK-" + "1" * 46 + "9f2c"
OTHER = "KeapAK-" + "2" * 46 + "7a7a"


@pytest.fixture(autouse=True)
def _no_credentials_in_environment(monkeypatch):
    for name in (APP_NAME_VAR, API_KEY_VAR, "KEAP_ENV_FILE"):
        monkeypatch.delenv(name, raising=False)


def test_saved_file_is_private_and_holds_both_values(tmp_path):
    env = tmp_path / ".env"
    report = save_credentials("AB123", f'"{SAK}"', env)
    assert stat.S_IMODE(env.stat().st_mode) == 0o600
    assert env.read_text() == f"KEAP_APP_NAME=ab123\nKEAP_API_KEY={SAK}\n"
    assert report.path == env and not report.replaced


def test_other_lines_are_kept_in_place(tmp_path):
    env = tmp_path / ".env"
    env.write_text("# my settings\nDEBUG=1\nKEAP_APP_NAME=ab123\nexport OTHER='x y'\n")
    save_credentials("ab123", SAK, env)
    text = env.read_text()
    assert text.startswith("# my settings\nDEBUG=1\nexport OTHER='x y'\n")
    assert text.endswith(f"KEAP_APP_NAME=ab123\nKEAP_API_KEY={SAK}\n")


def test_last_line_without_newline_is_not_glued_to_ours(tmp_path):
    env = tmp_path / ".env"
    env.write_text("DEBUG=1")
    save_credentials("ab123", SAK, env)
    assert env.read_text().splitlines()[:2] == ["DEBUG=1", "KEAP_APP_NAME=ab123"]


def test_a_different_saved_key_is_replaced_only_when_asked(tmp_path):
    env = tmp_path / ".env"
    save_credentials("ab123", SAK, env)
    before = env.read_text()
    with pytest.raises(CredentialsFileError) as caught:
        save_credentials("ab123", OTHER, env)
    assert caught.value.code == "storage.exists"
    assert env.read_text() == before
    assert SAK not in str(caught.value) and OTHER not in str(caught.value)
    report = save_credentials("ab123", OTHER, env, replace=True)
    assert report.replaced and OTHER in env.read_text() and SAK not in env.read_text()


def test_saving_the_same_values_again_is_harmless(tmp_path):
    env = tmp_path / ".env"
    save_credentials("ab123", SAK, env)
    assert not save_credentials("ab123", SAK, env).replaced


def test_invalid_values_are_refused_before_the_file_is_touched(tmp_path):
    env = tmp_path / ".env"
    env.write_text("KEEP=1\n")
    with pytest.raises(ValueError):
        save_credentials("ab 123", SAK, env)
    with pytest.raises(ValueError):
        save_credentials("ab123", "KeapAK-short", env)
    assert env.read_text() == "KEEP=1\n"


def test_write_is_atomic_and_leaves_no_temporary_file(tmp_path, monkeypatch):
    env = tmp_path / ".env"
    env.write_text("KEEP=1\n")

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(CredentialsFileError) as caught:
        save_credentials("ab123", SAK, env)
    assert caught.value.code == "storage.unwritable"
    assert env.read_text() == "KEEP=1\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".env"]


def test_load_reads_the_file_and_environment_wins(tmp_path, monkeypatch):
    env = tmp_path / ".env"
    save_credentials("ab123", SAK, env)
    creds = load_credentials(env)
    assert (creds.app_name, creds.key, creds.source) == ("ab123", SAK, ".env")
    monkeypatch.setenv(API_KEY_VAR, OTHER)
    creds = load_credentials(env)
    assert creds.key == OTHER and creds.app_name == "ab123"
    assert creds.source == "environment + .env"
    assert OTHER not in repr(creds) and SAK not in repr(creds)


def test_load_without_file_or_environment_finds_nothing(tmp_path):
    creds = load_credentials(tmp_path / ".env")
    assert creds.app_name is None and creds.key is None


def test_default_file_follows_keap_env_file(tmp_path, monkeypatch):
    target = tmp_path / "class.env"
    monkeypatch.setenv("KEAP_ENV_FILE", str(target))
    save_credentials("ab123", SAK)
    assert target.exists() and load_credentials().key == SAK


def test_delete_removes_only_our_lines(tmp_path):
    env = tmp_path / ".env"
    env.write_text("DEBUG=1\n")
    save_credentials("ab123", SAK, env)
    assert delete_credentials(env)
    assert env.read_text() == "DEBUG=1\n"
    assert not delete_credentials(env)


def test_delete_removes_a_file_left_empty(tmp_path):
    env = tmp_path / ".env"
    save_credentials("ab123", SAK, env)
    assert delete_credentials(env) and not env.exists()
    assert not delete_credentials(env)


def _git(folder, *args):
    subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True)


def test_warns_when_git_would_publish_the_file(tmp_path):
    _git(tmp_path, "init", "-q")
    report = save_credentials("ab123", SAK, tmp_path / ".env", lang="en")
    assert any(".gitignore" in w for w in report.warnings)
    (tmp_path / ".gitignore").write_text(".env\n")
    assert save_credentials("ab123", SAK, tmp_path / ".env").warnings == ()


def test_warns_when_git_already_tracks_the_file(tmp_path):
    _git(tmp_path, "init", "-q")
    (tmp_path / ".env").write_text("DEBUG=1\n")
    _git(tmp_path, "add", ".env")
    report = save_credentials("ab123", SAK, tmp_path / ".env", lang="en")
    assert any("git rm --cached" in w for w in report.warnings)
