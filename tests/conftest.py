"""Shared fixtures: a real sandbox on 127.0.0.1, and a clean mode and environment per test."""

from __future__ import annotations

import pytest

from helpers import config
from helpers.sandbox import Sandbox


@pytest.fixture
def sandbox():
    """A fresh sandbox on a free loopback port, stopped after the test."""
    with Sandbox(port=0, slow_seconds=3.0) as server:
        yield server


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
