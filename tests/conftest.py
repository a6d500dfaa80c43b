"""Shared fixtures: a real sandbox on 127.0.0.1 (the package's own keap_sandbox plugin), and a clean mode and environment per test."""

from __future__ import annotations

import subprocess
import sys

import pytest

import tasks
from helpers import config


@pytest.fixture
def sandbox(keap_sandbox):
    """The plugin's fresh sandbox (helpers/sandbox/pytest_plugin.py); ``slow`` waits 3 s here."""
    keap_sandbox.slow_seconds = 3.0
    return keap_sandbox


@pytest.fixture
def shared_sandbox():
    """The process's shared sandbox (the one forms and lessons use), answering normally."""
    from helpers.sandbox import ensure_running

    server = ensure_running()
    server.scenario = "normal"
    yield server
    server.scenario = "normal"


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch, tmp_path):
    """No real credentials, no base URL, no saved mode, and a private .env per test."""
    for name in ("KEAP_APP_NAME", "KEAP_API_KEY", config.ENV_BASE_URL, "KEAP_TUTORIAL_LANG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("KEAP_ENV_FILE", str(tmp_path / "test.env"))
    config.reset_mode()
    yield
    config.reset_mode()


@pytest.fixture(scope="session")
def binder_environment(tmp_path_factory):
    """A fresh virtual environment with Binder's lock installed alone (``--no-deps``, hashes
    checked), as every class gets it; made once for the lock's and Binder's tests."""
    env_dir = tmp_path_factory.mktemp("binder") / "env"
    subprocess.run([sys.executable, "-m", "venv", str(env_dir)], check=True)
    python = env_dir / "bin" / "python"
    lock = tasks.ROOT / tasks.LOCK
    pip = [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    # --no-compile: the same files; bytecode is written when a module is first imported, not
    # for every module of the lock up front (measured: 34 -> 23 CPU seconds for this install).
    done = subprocess.run(
        [*pip, "--no-deps", "--require-hashes", "--no-compile", "-r", str(lock)],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return env_dir
