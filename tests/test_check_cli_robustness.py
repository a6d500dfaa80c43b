"""``python -m helpers.check`` never shows a traceback: each bad situation has its message and exit code.

Exit codes (documented in helpers/check.py and the README): 0 works, 1 rejected, 2 unreachable,
3 input or credentials file, 4 usage, 5 output could not be written.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from helpers.check import EXIT_INPUT, EXIT_OK, EXIT_OUTPUT, EXIT_USAGE
from helpers.i18n import t
from helpers.sandbox import DEMO_APP_NAME, DEMO_LEGACY_KEY, DEMO_SERVICE_ACCOUNT_KEY
from tests.check_command import clean_env, run_check

REAL_KEY = "KeapAK-" + "7" * 46 + "3e3e"


def _no_traceback(done) -> None:
    assert "Traceback" not in done.stderr + done.stdout, done.stderr


def test_unclosed_bracket_app_name_is_an_input_error(tmp_path):
    done = run_check(
        clean_env(KEAP_APP_NAME="https://[ab123", KEAP_API_KEY=DEMO_SERVICE_ACCOUNT_KEY),
        "--lang",
        "en",
        cwd=tmp_path,
    )
    _no_traceback(done)
    assert done.returncode == EXIT_INPUT
    assert t("app_name.symbols.fix", "en") in done.stdout


@pytest.mark.parametrize("lang", ["es", "en", "pt"])
def test_unsafe_base_url_is_refused_in_the_chosen_language(tmp_path, lang):
    done = run_check(
        clean_env(
            KEAP_APP_NAME=DEMO_APP_NAME,
            KEAP_API_KEY=REAL_KEY,
            KEAP_API_BASE_URL="https://]127.0.0.1",
        ),
        "--lang",
        lang,
        cwd=tmp_path,
    )
    _no_traceback(done)
    assert done.returncode == EXIT_INPUT
    assert t("destination.unsafe.fix", lang) in done.stdout
    assert REAL_KEY not in done.stdout + done.stderr


@pytest.mark.parametrize("value", ["0", "-1", "nan", "inf", "1e999", "abc", "601"])
def test_bad_timeout_is_a_usage_error(tmp_path, value):
    done = run_check(clean_env(), "--lang", "en", "--timeout", value, cwd=tmp_path)
    _no_traceback(done)
    assert done.returncode == EXIT_USAGE
    assert t("cli.check.bad_timeout", "en", limit="600") in done.stderr


def test_unknown_option_is_a_usage_error_in_the_chosen_language(tmp_path):
    done = run_check(clean_env(), "--lang", "pt", "--colour", cwd=tmp_path)
    _no_traceback(done)
    assert done.returncode == EXIT_USAGE and "Opção inválida" in done.stderr


@pytest.mark.parametrize(
    "args",
    [
        [REAL_KEY],
        ["--lang", "en", REAL_KEY],
        ["--env-file", REAL_KEY],
        [DEMO_LEGACY_KEY],
        [f"--api-key={REAL_KEY}"],
        [REAL_KEY.lower()],
    ],
)
def test_a_key_on_the_command_line_is_refused_without_echo(tmp_path, args):
    done = run_check(clean_env(), *args, cwd=tmp_path)
    _no_traceback(done)
    assert done.returncode == EXIT_USAGE
    for key in (REAL_KEY, DEMO_LEGACY_KEY):
        assert key.lower() not in (done.stdout + done.stderr).lower()
    assert "KEAP_API_KEY" in done.stderr


def test_invalid_utf8_env_file_is_an_input_error(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_bytes(b"KEAP_APP_NAME=\xff\n")
    done = run_check(clean_env(), "--lang", "en", "--env-file", str(env_file), cwd=tmp_path)
    _no_traceback(done)
    assert done.returncode == EXIT_INPUT
    assert t("storage.not_utf8.message", "en", path=".env") in done.stderr


@pytest.mark.parametrize("lang", ["es", "en", "pt"])
def test_a_2_gb_env_file_is_refused_with_a_clear_message_and_exit_3(tmp_path, lang):
    """Sparse, so no disk is used; bench/bench_env_size.py measures time and memory."""
    env_file = tmp_path / ".env"
    with open(env_file, "wb") as handle:
        handle.truncate(2 * 1024**3)
    done = run_check(clean_env(), "--lang", lang, "--env-file", str(env_file), cwd=tmp_path)
    _no_traceback(done)
    assert done.returncode == EXIT_INPUT
    assert t("storage.too_large.message", lang, path=".env", limit="1 MiB") in done.stderr


def test_unreadable_env_file_is_an_input_error(tmp_path):
    env_file = tmp_path / ".env"
    if os.geteuid() == 0:
        env_file.mkdir()  # root reads mode-000 files; a folder is unreadable as a file for anyone
        expected = t("storage.not_regular.message", "en", path=".env")
    else:
        env_file.write_text("KEAP_APP_NAME=ab123\n")
        env_file.chmod(0)
        expected = t("storage.no_permission.message", "en", path=".env")
    done = run_check(clean_env(), "--lang", "en", "--env-file", str(env_file), cwd=tmp_path)
    _no_traceback(done)
    assert done.returncode == EXIT_INPUT and expected in done.stderr


@pytest.mark.parametrize(
    "extra",
    [
        {"PYTHONIOENCODING": "ascii"},
        {"LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"},
    ],
)
def test_a_terminal_without_utf8_still_gets_the_verdict(sandbox, tmp_path, extra):
    done = run_check(
        clean_env(
            KEAP_APP_NAME=DEMO_APP_NAME,
            KEAP_API_KEY=DEMO_SERVICE_ACCOUNT_KEY,
            KEAP_API_BASE_URL=sandbox.url,
            **extra,
        ),
        "--lang",
        "es",
        cwd=tmp_path,
    )
    _no_traceback(done)
    assert done.returncode == EXIT_OK and "Conexi" in done.stdout


def test_full_disk_on_stdout_exits_five(sandbox, tmp_path):
    with open("/dev/full", "w") as full:
        done = run_check(
            clean_env(
                KEAP_APP_NAME=DEMO_APP_NAME,
                KEAP_API_KEY=DEMO_SERVICE_ACCOUNT_KEY,
                KEAP_API_BASE_URL=sandbox.url,
            ),
            "--lang",
            "en",
            cwd=tmp_path,
            stdout=full,
            stderr=subprocess.PIPE,
        )
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr
    assert done.returncode == EXIT_OUTPUT
    assert t("cli.check.output_failed", "en") in done.stderr


def test_closed_pipe_on_stdout_exits_five_quietly(sandbox, tmp_path):
    child = subprocess.Popen(
        [sys.executable, "-m", "helpers.check", "--lang", "en"],
        env=clean_env(
            KEAP_APP_NAME=DEMO_APP_NAME,
            KEAP_API_KEY=DEMO_SERVICE_ACCOUNT_KEY,
            KEAP_API_BASE_URL=sandbox.url,
        ),
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    child.stdout.close()  # like `| head -c1` having exited: nobody reads the result
    _, err = child.communicate(timeout=60)
    assert b"Traceback" not in err and b"Exception ignored" not in err
    assert child.returncode == EXIT_OUTPUT


def test_sandbox_port_out_of_range_is_a_clear_error():
    done = subprocess.run(
        [sys.executable, "-m", "helpers.sandbox", "--port", "99999", "--lang", "en"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    _no_traceback(done)
    assert done.returncode == 2
    assert t("sandbox.cli.bad_port", "en", port="99999") in done.stderr
