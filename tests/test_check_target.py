"""One side-effect-free answer to "where does this check go", asked by every caller."""

from __future__ import annotations

import subprocess
import sys

import pytest

from helpers import config
from helpers.errors import UnsafeDestination
from helpers.sandbox import DEMO_SERVICE_ACCOUNT_KEY

REAL_KEY = "KeapAK-" + "5" * 50


def test_asking_where_a_check_goes_starts_nothing():
    code = (
        "import sys; from helpers import config; t = config.check_target(None); "
        "print(t.mode, t.base_url, 'helpers.sandbox.server' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin"},
    )
    assert done.stdout.split() == ["sandbox", "None", "False"], done.stderr


def test_starting_the_sandbox_is_a_separate_explicit_call():
    target = config.check_target(DEMO_SERVICE_ACCOUNT_KEY)
    assert target == config.Target("sandbox", None)
    assert config.is_sandbox_url(config.start_target(target))


@pytest.mark.parametrize(
    ("setup", "key", "mode", "expected"),
    [
        ({}, REAL_KEY, None, config.Target("keap", config.KEAP_BASE_URL)),
        ({}, DEMO_SERVICE_ACCOUNT_KEY, "keap", config.Target("keap", config.KEAP_BASE_URL)),
        (
            {"env": "https://api.keap.com"},
            DEMO_SERVICE_ACCOUNT_KEY,
            "keap",
            config.Target("keap", "https://api.keap.com"),
        ),
        (
            {"env": "http://127.0.0.1:9999"},
            REAL_KEY,
            None,
            config.Target("sandbox", "http://127.0.0.1:9999"),
        ),
        ({"env": "https://api.keap.com"}, REAL_KEY, "sandbox", config.Target("sandbox", None)),
        (
            {"real": "https://api.keap.com"},
            None,
            "keap",
            config.Target("keap", "https://api.keap.com"),
        ),
    ],
)
def test_the_form_choice_the_environment_and_use_real_keap_are_one_answer(
    monkeypatch, setup, key, mode, expected
):
    if "env" in setup:
        monkeypatch.setenv(config.ENV_BASE_URL, setup["env"])
    if "real" in setup:
        config.use_real_keap(setup["real"])
    assert config.check_target(key, mode=mode) == expected


def test_an_unsafe_environment_origin_is_refused_by_the_answer(monkeypatch):
    monkeypatch.setenv(config.ENV_BASE_URL, "http://evil.com\\@127.0.0.1")
    with pytest.raises(UnsafeDestination):
        config.check_target(REAL_KEY)
