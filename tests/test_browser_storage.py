"""The browser edition (JupyterLite): where "saved" goes, saving on a file system without locks,
permission bits, rename or fsync, what the learner is told, and the one "Forget" button.

On CPython the browser is played by ``helpers.runtime.in_browser`` returning True and by a
temporary folder standing for ``/drive`` (the site's files in the browser's storage). What the
browser's file system lacks is played by making those calls raise, as Emscripten's do.
"""

from __future__ import annotations

import errno
import html
import os
import stat
from pathlib import Path

import pytest

from helpers import runtime, storage, widgets
from helpers.credentials import mask
from helpers.errors import CredentialsFileError
from helpers.i18n import t
from helpers.sandbox import DEMO_APP_NAME, DEMO_SERVICE_ACCOUNT_KEY
from helpers.wizard import wizard
from tests.outputs import shown_text

SAK = "KeapAK-" + "1" * 46 + "9f2c"


@pytest.fixture
def drive(tmp_path, monkeypatch):
    """A browser page: ``in_browser()`` is True and ``/drive`` is a temporary folder."""
    folder = tmp_path / "drive"
    (folder / "notebooks" / "es").mkdir(parents=True)
    monkeypatch.setattr(runtime, "in_browser", lambda: True)
    monkeypatch.setattr(runtime, "BROWSER_DRIVE", str(folder))
    monkeypatch.delenv("KEAP_ENV_FILE", raising=False)
    return folder


def _unsupported(*args, **kwargs):
    raise OSError(errno.ENOSYS, "Function not implemented")


@pytest.fixture
def bare_file_system(monkeypatch):
    """What the browser's storage may not have: locks, permission bits, rename, fsync."""
    monkeypatch.setattr(storage.fcntl, "flock", _unsupported)
    monkeypatch.setattr(os, "chmod", _unsupported)
    monkeypatch.setattr(os, "replace", _unsupported)
    monkeypatch.setattr(os, "fsync", _unsupported)


# --- where ----------------------------------------------------------------------------------
def test_in_the_browser_the_credentials_file_is_the_top_of_the_sites_files(drive, monkeypatch):
    monkeypatch.chdir(drive / "notebooks" / "es")  # where a lesson's kernel runs
    assert storage.default_env_file() == drive / ".env"
    assert storage.default_env_file(drive / "notebooks" / "es") == drive / ".env"
    assert storage.in_browser_storage(drive / ".env")


def test_in_the_browser_keap_env_file_still_chooses_the_file(drive, monkeypatch, tmp_path):
    monkeypatch.setenv("KEAP_ENV_FILE", str(tmp_path / "chosen.env"))
    assert storage.default_env_file() == tmp_path / "chosen.env"


def test_outside_the_browser_nothing_is_kept_in_browser_storage(tmp_path, monkeypatch):
    monkeypatch.delenv("KEAP_ENV_FILE", raising=False)
    monkeypatch.chdir(tmp_path)
    assert storage.default_env_file() == tmp_path / ".env"
    assert not storage.in_browser_storage(tmp_path / ".env")


def test_a_temporary_folder_in_the_browser_is_not_the_sites_storage(drive, tmp_path):
    assert not storage.in_browser_storage(tmp_path / "elsewhere" / ".env")


# --- saving without locks, permission bits, rename or fsync -------------------------------
def test_saving_in_the_browser_works_when_flock_chmod_replace_and_fsync_fail(
    drive, bare_file_system
):
    report = storage.save_credentials("ab123", SAK)
    env = drive / ".env"
    assert report.path == env and report.in_browser_storage
    assert env.read_text() == f"KEAP_APP_NAME=ab123\nKEAP_API_KEY={SAK}\n"
    assert report.warnings == (t("storage.browser_shared", "es"),)
    assert sorted(p.name for p in drive.iterdir()) == [".env", "notebooks"]  # no temp file left
    # a second save replaces the values in place, other lines kept
    env.write_text("# mine\n" + env.read_text())
    other = "KeapAK-" + "2" * 46 + "7a7a"
    assert storage.save_credentials("ab123", other, replace=True).replaced
    assert env.read_text() == f"# mine\nKEAP_APP_NAME=ab123\nKEAP_API_KEY={other}\n"
    assert storage.load_credentials().key == other


def test_saving_in_the_browser_works_when_the_folder_cannot_be_opened_for_a_lock(
    drive, monkeypatch
):
    real_open = os.open

    def no_folders(path, flags, *args):
        if flags & getattr(os, "O_DIRECTORY", 0) or Path(path).is_dir():
            raise OSError(errno.ENOSYS, "Function not implemented")
        return real_open(path, flags, *args)

    monkeypatch.setattr(os, "open", no_folders)
    storage.save_credentials("ab123", SAK)
    assert storage.load_credentials().app_name == "ab123"
    assert storage.delete_credentials()
    assert not (drive / ".env").exists()


@pytest.mark.parametrize("call", ["chmod", "replace", "fsync"])
def test_on_a_computer_the_same_failures_are_still_reported(call, tmp_path, monkeypatch):
    monkeypatch.setattr(os, call, _unsupported)
    with pytest.raises(CredentialsFileError) as caught:
        storage.save_credentials("ab123", SAK, tmp_path / ".env")
    assert caught.value.code == "storage.unwritable"
    assert not (tmp_path / ".env").exists()
    assert SAK not in str(caught.value) and SAK not in repr(caught.value)


def test_on_a_computer_the_file_is_still_private_and_has_no_browser_notice(tmp_path):
    report = storage.save_credentials("ab123", SAK, tmp_path / ".env")
    assert stat.S_IMODE((tmp_path / ".env").stat().st_mode) == 0o600
    assert not report.in_browser_storage
    assert t("storage.browser_shared", "es") not in report.warnings


# --- what the learner is told, and the forget button -------------------------------------
def _saved_form(lang: str) -> widgets.CredentialsForm:
    form = widgets.credentials_form(lang)
    form.demo_button.click()
    form.save_button.click()
    return form


@pytest.mark.parametrize("lang", ["es", "en", "pt"])
def test_in_the_browser_the_form_says_where_it_saved_warns_and_offers_forget(
    lang, drive, bare_file_system, shared_sandbox
):
    form = _saved_form(lang)
    text = shown_text(form.save_output)
    masked = mask(DEMO_SERVICE_ACCOUNT_KEY)
    assert t("widgets.saved_browser", lang, path=str(drive / ".env"), masked=masked) in text
    assert t("storage.browser_shared", lang) in text
    assert t("widgets.saved", lang, path=str(drive / ".env"), masked=masked) not in text
    assert DEMO_SERVICE_ACCOUNT_KEY not in text and DEMO_SERVICE_ACCOUNT_KEY not in repr(form)
    assert form.forget_button.layout.display != "none"
    assert form.forget_button.description == t("widgets.forget.button", lang)

    form.forget_button.click()
    assert shown_text(form.save_output).strip() == t("widgets.forgot", lang)
    assert not (drive / ".env").exists()
    assert storage.load_credentials().key is None
    assert form.take_key() == ""  # the kernel's copy is gone too
    form.forget_button.click()
    assert shown_text(form.save_output).strip() == t("widgets.forgot_nothing", lang)


def test_forget_keeps_the_other_lines_of_the_file(drive, shared_sandbox):
    (drive / ".env").write_text("# my note\nOTHER=1\n")
    form = _saved_form("en")
    form.forget_button.click()
    assert (drive / ".env").read_text() == "# my note\nOTHER=1\n"


def test_outside_the_browser_the_save_message_stays_and_there_is_no_forget_button(
    tmp_path, shared_sandbox
):
    form = widgets.credentials_form("es", env_file=tmp_path / ".env")
    form.demo_button.click()
    form.save_button.click()
    env = (tmp_path / ".env").resolve()
    text = shown_text(form.save_output)
    assert text.strip() == t(
        "widgets.saved", "es", path=str(env), masked=mask(DEMO_SERVICE_ACCOUNT_KEY)
    )
    assert form.forget_button.layout.display == "none"


def test_in_the_browser_the_wizard_says_the_browser_keeps_them_and_forgets_on_request(
    drive, bare_file_system, shared_sandbox
):
    wiz = wizard("pt")
    wiz.form.app_name.value = DEMO_APP_NAME
    wiz.next_buttons[0].click()
    wiz.form.key.value = DEMO_SERVICE_ACCOUNT_KEY
    wiz.next_buttons[1].click()
    wiz.form.test_button.click()
    wiz.form.save_button.click()
    assert t("wizard.finish.saved_browser", "pt") in wiz.finish.value
    assert wiz.finish.layout.display != "none"
    step = wiz.steps[3]
    assert wiz.form.forget_button in step.children
    assert "wiz-forget" in wiz.form.forget_button._dom_classes
    wiz.form.forget_button.click()
    assert t("widgets.forgot", "pt") in shown_text(wiz.form.save_output)
    assert wiz.finish.layout.display == "none"
    assert not (drive / ".env").exists()


@pytest.mark.parametrize("lang", ["es", "en", "pt"])
def test_in_the_browser_the_wizards_save_step_names_the_browsers_storage_not_a_file(drive, lang):
    save_step = html.unescape(wizard(lang).steps[3].children[0].value)
    assert t("wizard.save.explain_browser", lang) in save_step
    assert t("wizard.save.explain", lang) not in save_step
