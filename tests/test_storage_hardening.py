"""The .env file under attack: concurrent saves, killed saves, odd bytes, links, pipes, bad text."""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import stat
import threading
import time

import pytest

from helpers.errors import CredentialsFileError
from helpers.storage import (
    MAX_ENV_FILE_BYTES,
    delete_credentials,
    load_credentials,
    save_credentials,
)

SAK = "KeapAK-" + "1" * 46 + "9f2c"
KILL_LOOPS = int(os.environ.get("KILL_LOOPS", "60"))
SAVERS = 20


def _key(i: int) -> str:
    return "KeapAK-" + f"{i:02d}" * 23 + "a" * 4 + f"{i:04d}"


def _save_once(path: str, i: int, barrier, results) -> None:
    barrier.wait()
    try:
        save_credentials("ab123", _key(i), path)
        results.put("saved")
    except CredentialsFileError as error:
        results.put(error.code)


def test_concurrent_saves_without_replace_let_exactly_one_win(tmp_path):
    env = tmp_path / ".env"
    context = multiprocessing.get_context("fork")
    barrier, results = context.Barrier(SAVERS), context.Queue()
    workers = [
        context.Process(target=_save_once, args=(str(env), i, barrier, results))
        for i in range(SAVERS)
    ]
    for worker in workers:
        worker.start()
    outcomes = [results.get(timeout=60) for _ in workers]
    for worker in workers:
        worker.join(timeout=30)
    assert outcomes.count("saved") == 1, outcomes
    assert outcomes.count("storage.exists") == SAVERS - 1
    saved = load_credentials(env).key
    assert saved in {_key(i) for i in range(SAVERS)}


def _save_forever(path: str) -> None:
    i = 0
    while True:
        i += 1
        save_credentials("ab123", _key(i % 90), path, replace=True)


def _temp_files(folder) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]


def test_no_temp_file_survives_saves_killed_with_sigkill(tmp_path):
    env = tmp_path / ".env"
    save_credentials("ab123", SAK, env)
    context = multiprocessing.get_context("fork")
    rng = random.Random(8)
    left_behind = 0
    for _ in range(KILL_LOOPS):
        saver = context.Process(target=_save_forever, args=(str(env),))
        saver.start()
        time.sleep(rng.uniform(0.0, 0.03))
        os.kill(saver.pid, signal.SIGKILL)
        saver.join()
        left_behind = max(left_behind, len(_temp_files(tmp_path)))
        for name in _temp_files(tmp_path):  # in the meantime they stay private
            assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o600
    load_credentials(env)  # the next load cleans up
    assert _temp_files(tmp_path) == []
    assert load_credentials(env).key.startswith("KeapAK-")  # never a half-written file
    print(
        f"kill loop: {KILL_LOOPS} kills, at most {left_behind} temp file(s) between saves, 0 after load"
    )


@pytest.mark.parametrize(
    ("original", "newline"),
    [
        (b"\xef\xbb\xbf# notes\r\nDEBUG=1\r\n", b"\r\n"),
        (b"# notes\rDEBUG=1\r", b"\r"),
        (b"# notes\r\nDEBUG=1", b"\r\n"),
        (b"\xef\xbb\xbfKEAP_APP_NAME=zz999\nDEBUG=1\n", b"\n"),
    ],
)
def test_every_other_byte_of_the_file_is_kept(tmp_path, original, newline):
    env = tmp_path / ".env"
    env.write_bytes(original)
    save_credentials("ab123", SAK, env, replace=True)
    data = env.read_bytes()
    ours = b"KEAP_APP_NAME=ab123" + newline + b"KEAP_API_KEY=" + SAK.encode() + newline
    assert data.endswith(ours)
    kept = data[: -len(ours)]
    expected = original.replace(b"KEAP_APP_NAME=zz999\n", b"")
    assert kept == expected or kept == expected + newline
    assert load_credentials(env).app_name == "ab123"


def test_a_symlink_is_refused_not_replaced(tmp_path):
    real = tmp_path / "elsewhere.txt"
    real.write_text("precious\n")
    env = tmp_path / ".env"
    env.symlink_to(real)
    with pytest.raises(CredentialsFileError) as caught:
        save_credentials("ab123", SAK, env, lang="en")
    assert caught.value.code == "storage.symlink" and "link" in caught.value.message
    assert env.is_symlink() and real.read_text() == "precious\n"


def _finishes(action, seconds: float = 5.0):
    outcome: list[object] = []

    def run():
        try:
            outcome.append(action())
        except Exception as error:
            outcome.append(error)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), "blocked"
    return outcome[0]


def test_a_fifo_is_refused_without_blocking(tmp_path):
    env = tmp_path / ".env"
    os.mkfifo(env)
    for action in (lambda: save_credentials("ab123", SAK, env), lambda: load_credentials(env)):
        error = _finishes(action)
        assert isinstance(error, CredentialsFileError) and error.code == "storage.not_regular"


def test_a_folder_at_the_path_is_refused(tmp_path):
    env = tmp_path / ".env"
    env.mkdir()
    with pytest.raises(CredentialsFileError) as caught:
        load_credentials(env)
    assert caught.value.code == "storage.not_regular"


def test_invalid_utf8_is_the_packages_own_error_and_the_file_is_untouched(tmp_path):
    env = tmp_path / ".env"
    env.write_bytes(b"NAME=\xff\xfe\n")
    for action in (lambda: load_credentials(env), lambda: save_credentials("ab123", SAK, env)):
        with pytest.raises(CredentialsFileError) as caught:
            action()
        assert caught.value.code == "storage.not_utf8"
    assert env.read_bytes() == b"NAME=\xff\xfe\n"


def test_unreadable_file_is_the_packages_own_error(tmp_path, monkeypatch):
    env = tmp_path / ".env"
    env.write_text("KEAP_APP_NAME=ab123\n")
    if os.geteuid() == 0:
        # root reads a mode-000 file anyway; the refusal can only be produced by the OS call.
        real_open = os.open

        def refuse(path, *args, **kwargs):
            if str(path) == str(env):
                raise PermissionError(13, "Permission denied")
            return real_open(path, *args, **kwargs)

        monkeypatch.setattr(os, "open", refuse)
    else:
        env.chmod(0)
    with pytest.raises(CredentialsFileError) as caught:
        load_credentials(env)
    assert caught.value.code == "storage.no_permission"


@pytest.mark.parametrize("size", [MAX_ENV_FILE_BYTES + 1, 2 * 1024**3])
def test_an_env_file_over_one_mib_is_refused_without_being_read(tmp_path, size):
    """A sparse file: its size is real, yet no disk is used; memory and time are in bench/."""
    env = tmp_path / ".env"
    with open(env, "wb") as handle:
        handle.write(b"KEAP_APP_NAME=ab123\n")
        handle.truncate(size)
    actions = (
        lambda: load_credentials(env),
        lambda: save_credentials("ab123", SAK, env, replace=True),
        lambda: delete_credentials(env),
    )
    for action in actions:
        with pytest.raises(CredentialsFileError) as caught:
            action()
        assert caught.value.code == "storage.too_large"
        assert caught.value.fmt["limit"] == "1 MiB"
    assert env.stat().st_size == size


def test_an_env_file_of_exactly_one_mib_is_still_read(tmp_path):
    env = tmp_path / ".env"
    head = b"KEAP_APP_NAME=ab123\n"
    env.write_bytes(head + b"#" * (MAX_ENV_FILE_BYTES - len(head) - 1) + b"\n")
    assert load_credentials(env).app_name == "ab123"
