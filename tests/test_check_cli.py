"""``python -m helpers.check``: reads the environment or .env, prints, exits by outcome."""

from __future__ import annotations

import subprocess

from helpers.i18n import t
from helpers.sandbox import DEMO_APP_NAME, DEMO_SERVICE_ACCOUNT_KEY, REVOKED_KEY
from tests.check_command import clean_env, run_check


def _run(env_extra: dict[str, str], *args: str, cwd=None) -> subprocess.CompletedProcess:
    return run_check(clean_env(**env_extra), *args, cwd=cwd)


def test_working_key_exits_zero_and_prints_the_card(sandbox):
    done = _run(
        {
            "KEAP_APP_NAME": DEMO_APP_NAME,
            "KEAP_API_KEY": DEMO_SERVICE_ACCOUNT_KEY,
            "KEAP_API_BASE_URL": sandbox.url,
        },
        "--lang",
        "en",
    )
    assert done.returncode == 0, done.stderr
    assert "Connection works" in done.stdout
    assert DEMO_SERVICE_ACCOUNT_KEY not in done.stdout + done.stderr
    assert "KeapAK-..." + DEMO_SERVICE_ACCOUNT_KEY[-4:] in done.stdout


def test_rejected_key_exits_one(sandbox):
    done = _run(
        {
            "KEAP_APP_NAME": DEMO_APP_NAME,
            "KEAP_API_KEY": REVOKED_KEY,
            "KEAP_API_BASE_URL": sandbox.url,
        }
    )
    assert done.returncode == 1
    assert t("result.failed", "es") in done.stdout


def test_unreachable_sandbox_exits_two(sandbox):
    url = sandbox.url
    sandbox.stop()
    done = _run(
        {
            "KEAP_APP_NAME": DEMO_APP_NAME,
            "KEAP_API_KEY": DEMO_SERVICE_ACCOUNT_KEY,
            "KEAP_API_BASE_URL": url,
        },
        "--lang",
        "pt",
    )
    assert done.returncode == 2
    assert "recusou a conexão" in done.stdout


def test_missing_credentials_exit_three_with_advice(tmp_path):
    done = _run({}, "--lang", "en", cwd=tmp_path)
    assert done.returncode == 3
    assert "KEAP_API_KEY" in done.stderr


def test_credentials_are_read_from_the_env_file(sandbox, tmp_path):
    env_file = tmp_path / "my.env"
    env_file.write_text(f"KEAP_APP_NAME={DEMO_APP_NAME}\nKEAP_API_KEY={DEMO_SERVICE_ACCOUNT_KEY}\n")
    done = _run({"KEAP_API_BASE_URL": sandbox.url}, "--env-file", str(env_file))
    assert done.returncode == 0, done.stdout
