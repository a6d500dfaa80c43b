"""A canary key run through every success and failure path never shows up anywhere."""

from __future__ import annotations

import logging
import os
import subprocess
import sys

import pytest

from helpers.client import check_connection
from helpers.credentials import inspect_key
from helpers.errors import TutorialError
from helpers.sandbox import DEMO_APP_NAME, SCENARIOS, Sandbox
from helpers.storage import load_credentials, save_credentials

CANARY = "KeapAK-" + "ca11ab1e" * 6 + "c0"
CANARY_LEGACY = "deadbeef" * 4
CANARIES = (CANARY, CANARY_LEGACY)


def _assert_hidden(*texts: str) -> None:
    for text in texts:
        for canary in CANARIES:
            assert canary not in text
            assert canary[7:27] not in text  # not even a long piece of it


@pytest.fixture
def canary_sandbox():
    """A sandbox that accepts the canaries as a service account and a legacy key."""
    keys = {CANARY: "service_account", CANARY_LEGACY: "legacy_app"}
    with Sandbox(keys=keys, slow_seconds=3.0) as sandbox:
        yield sandbox


def _paths(sandbox):
    """Every scenario for both kinds of key and both legacy routes, plus input mistakes."""
    for scenario in SCENARIOS:
        for key, route in ((CANARY, "gateway"), (CANARY_LEGACY, "gateway"), (CANARY_LEGACY, "app")):
            sandbox.scenario = scenario
            yield check_connection(
                DEMO_APP_NAME,
                f' "Bearer {key}" ',
                base_url=sandbox.url,
                legacy_route=route,
                timeout=(1.0, 0.3),
            )
    sandbox.scenario = "normal"
    yield check_connection(CANARY, CANARY, base_url=sandbox.url)
    yield check_connection(DEMO_APP_NAME, CANARY[:40], base_url=sandbox.url)
    yield check_connection(DEMO_APP_NAME, CANARY[:30] + "\n" + CANARY[30:], base_url=sandbox.url)
    yield check_connection(DEMO_APP_NAME, CANARY, base_url="http://example.com")


def test_canary_never_appears_in_results_logs_or_output(canary_sandbox, capsys, caplog):
    caplog.set_level(logging.DEBUG)
    results = list(_paths(canary_sandbox))
    assert {r.cause for r in results} >= {
        "ok",
        "legacy_retired",
        "read_timeout",
        "dropped",
        "quota_exceeded",
        "redirect",
        "destination.unsafe",
    }
    for result in results:
        print(result)
        _assert_hidden(
            str(result),
            repr(result),
            result._repr_html_(),
            result.message,
            result.fix,
            " ".join(result.warnings),
        )
    captured = capsys.readouterr()
    _assert_hidden(captured.out, captured.err, caplog.text)


@pytest.mark.parametrize(
    "typed",
    [
        CANARY[:-3],
        CANARY + " extra",
        f"my key {CANARY}",
        CANARY[:7].upper() + CANARY[7:],
        CANARY[:20] + "\n" + CANARY[20:],
    ],
)
def test_canary_never_appears_in_exception_messages(typed):
    with pytest.raises(TutorialError) as caught:
        inspect_key(typed)
    _assert_hidden(str(caught.value), repr(caught.value), caught.value.message, caught.value.fix)


def test_canary_is_masked_in_info_and_credentials(tmp_path):
    _assert_hidden(repr(inspect_key(CANARY)))
    save_credentials(DEMO_APP_NAME, CANARY, tmp_path / ".env")
    creds = load_credentials(tmp_path / ".env")
    assert creds.key == CANARY
    _assert_hidden(repr(creds), str(creds))


def test_canary_stays_out_of_the_command_line_output(canary_sandbox, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("KEAP_")}
    env.update(
        KEAP_APP_NAME=DEMO_APP_NAME, KEAP_API_KEY=CANARY, KEAP_API_BASE_URL=canary_sandbox.url
    )
    done = subprocess.run(
        [sys.executable, "-m", "helpers.check"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stdout  # the sandbox in this process knows the canary
    _assert_hidden(done.stdout, done.stderr)
