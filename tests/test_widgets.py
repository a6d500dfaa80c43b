"""The notebook forms, driven headless: set ``.value``, ``.click()``, read ``.output.outputs``.

Every check goes over real HTTP to the in-process sandbox on 127.0.0.1.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import ipywidgets
import pytest

from helpers import widgets
from helpers.credentials import PASSPHRASE_WORDS, mask
from helpers.i18n import t
from helpers.sandbox import (
    DEMO_APP_NAME,
    DEMO_KEYS,
    DEMO_LEGACY_KEY,
    DEMO_PERSONAL_ACCESS_TOKEN,
    DEMO_SERVICE_ACCOUNT_KEY,
    REVOKED_KEY,
    SCENARIOS,
    ensure_running,
)
from helpers.widget_kit import Announcer
from tests.outputs import shown_text

REAL_LOOKING_KEY = "KeapAK-" + "7" * 46 + "9f2c"  # not a demo key, so it means "real Keap"
SECRETS = (*DEMO_KEYS, REAL_LOOKING_KEY)


@pytest.fixture(autouse=True)
def _normal_sandbox(shared_sandbox):
    """Every test here uses the process's shared sandbox, answering normally."""


def card_html(output: ipywidgets.Output) -> str:
    """The HTML of the one result card the Output shows."""
    (item,) = output.outputs
    assert item["output_type"] == "display_data"
    return item["data"]["text/html"]


def all_widgets(root: ipywidgets.Widget) -> Iterator[ipywidgets.Widget]:
    yield root
    for child in getattr(root, "children", ()):
        yield from all_widgets(child)


def visible_strings(form: Any) -> list[str]:
    """Reprs, labels, placeholders, tooltips, options and outputs of a form and its controls."""
    found = [repr(form), form._repr_mimebundle_()["text/plain"], repr(form.widget)]
    for control in all_widgets(form.widget):
        found.append(repr(control))
        for name in ("description", "placeholder", "tooltip"):
            found.append(str(getattr(control, name, "") or ""))
        found += [str(x) for x in getattr(control, "tooltips", ())]
        found += [str(x) for x in getattr(control, "_options_labels", ())]
        if isinstance(control, ipywidgets.Output):
            found.append(shown_text(control))
    return found


def demo_form(tmp_path: Path | None = None, lang: str = "es") -> widgets.CredentialsForm:
    form = widgets.credentials_form(lang, env_file=tmp_path / ".env" if tmp_path else None)
    form.demo_button.click()
    return form


# --- CredentialsForm: testing -------------------------------------------------------------
def test_demo_data_fills_the_form_and_picks_the_sandbox() -> None:
    form = widgets.credentials_form("es", app_name="ab123", key=REAL_LOOKING_KEY)
    assert form.mode.value == "keap"
    form.demo_button.click()
    assert form.app_name.value == DEMO_APP_NAME
    assert form.take_key() == DEMO_SERVICE_ACCOUNT_KEY and form.key.value == ""
    assert form.mode.value == "sandbox"
    assert mask(DEMO_SERVICE_ACCOUNT_KEY) in shown_text(form.output)


def test_demo_data_then_test_shows_the_success_card() -> None:
    form = demo_form()
    form.test_button.click()
    assert "keap-result-ok" in card_html(form.output)
    assert t("result.ok", "es") in shown_text(form.output)
    assert form.last_result is not None and form.last_result.ok
    assert form.last_result.endpoint.startswith(ensure_running().url)
    assert not form.test_button.disabled


def test_check_shows_a_checking_line_with_the_button_disabled_then_the_card() -> None:
    form = demo_form()
    seen: list[tuple[str, bool]] = []
    form.output.observe(
        lambda change: seen.append((shown_text(form.output), form.test_button.disabled)),
        names="outputs",
    )
    form.test_button.click()
    checking = t("widgets.checking", "es", target=t("mode.sandbox", "es"))
    assert (checking + "\n", True) in seen
    assert seen[-1][0].startswith("✅") and not form.test_button.disabled


@pytest.mark.parametrize(
    "app_name, key, message, fix",
    [
        (DEMO_APP_NAME, REVOKED_KEY, "cause.invalid_key.message", "cause.invalid_key.fix"),
        ("mi cuenta", DEMO_SERVICE_ACCOUNT_KEY, "app_name.spaces.message", "app_name.spaces.fix"),
        (DEMO_APP_NAME, "", "key.empty.message", "key.empty.fix"),
    ],
)
def test_failed_check_shows_the_failure_card_with_message_and_fix(
    app_name: str, key: str, message: str, fix: str
) -> None:
    form = widgets.credentials_form("es")
    form.app_name.value, form.key.value = app_name, key
    form.test_button.click()
    assert "keap-result-fail" in card_html(form.output)
    text = shown_text(form.output)
    assert t(message, "es") in text and t(fix, "es") in text
    assert form.last_result is not None and not form.last_result.ok


@pytest.mark.parametrize(
    "key, mode",
    [
        (None, "sandbox"),
        (DEMO_PERSONAL_ACCESS_TOKEN, "sandbox"),
        (REAL_LOOKING_KEY, "keap"),
    ],
)
def test_mode_defaults_to_sandbox_unless_real_credentials_are_given(
    key: str | None, mode: str
) -> None:
    assert widgets.credentials_form("es", app_name="ab123", key=key).mode.value == mode


def test_key_given_at_construction_stays_in_the_kernel_and_is_used() -> None:
    form = widgets.credentials_form("en", app_name=DEMO_APP_NAME, key=DEMO_PERSONAL_ACCESS_TOKEN)
    assert form.key.value == ""
    assert mask(DEMO_PERSONAL_ACCESS_TOKEN) in form.key.placeholder
    assert DEMO_PERSONAL_ACCESS_TOKEN not in str(form.key.get_state())
    form.test_button.click()
    assert form.last_result is not None and form.last_result.ok
    assert form.last_result.masked_key == mask(DEMO_PERSONAL_ACCESS_TOKEN)


def test_unexpected_error_in_a_callback_ends_as_a_friendly_message(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # check_connection never raises against a real server (every outcome is a CheckResult),
    # so only a stand-in can show what the form does with a bug's exception.
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError(f"bug while sending {DEMO_SERVICE_ACCOUNT_KEY}")

    form = demo_form()
    monkeypatch.setattr(widgets, "check_connection", broken)
    form.test_button.click()
    text = shown_text(form.output)
    assert t("widgets.unexpected.message", "es", kind="RuntimeError") in text
    assert t("widgets.unexpected.fix", "es") in text
    assert DEMO_SERVICE_ACCOUNT_KEY not in text and "Traceback" not in text
    assert not form.test_button.disabled


# --- CredentialsForm: saving --------------------------------------------------------------
def test_save_writes_a_private_file_and_shows_the_path_and_masked_key(tmp_path: Path) -> None:
    form = demo_form(tmp_path)
    form.save_button.click()
    env = tmp_path / ".env"
    assert stat.S_IMODE(env.stat().st_mode) == 0o600
    assert f"KEAP_API_KEY={DEMO_SERVICE_ACCOUNT_KEY}" in env.read_text()
    text = shown_text(form.save_output)
    assert text.startswith("✅") and str(env.resolve()) in text
    assert mask(DEMO_SERVICE_ACCOUNT_KEY) in text and DEMO_SERVICE_ACCOUNT_KEY not in text


def test_save_refuses_to_replace_until_replace_is_ticked(tmp_path: Path) -> None:
    form = demo_form(tmp_path)
    form.save_button.click()
    env = tmp_path / ".env"
    form.key.value = DEMO_PERSONAL_ACCESS_TOKEN
    form.save_button.click()
    refused = shown_text(form.save_output)
    assert (
        t(
            "widgets.save.exists",
            "es",
            path=str(env.resolve()),
            replace=t("widgets.replace.label", "es"),
            button=t("widgets.save.button", "es"),
        )
        in refused
    )
    assert "replace=True" not in refused  # UI messages name UI controls only
    assert DEMO_SERVICE_ACCOUNT_KEY in env.read_text()

    form.replace.value = True
    form.save_button.click()
    accepted = shown_text(form.save_output)
    assert mask(DEMO_PERSONAL_ACCESS_TOKEN) in accepted
    assert t("widgets.saved_replaced", "es") in accepted
    assert DEMO_PERSONAL_ACCESS_TOKEN in env.read_text()
    assert DEMO_SERVICE_ACCOUNT_KEY not in env.read_text()
    assert form.replace.value is False


def test_save_into_a_folder_shows_the_storage_message_and_fix(tmp_path: Path) -> None:
    (tmp_path / "oops").mkdir()
    form = widgets.credentials_form("pt", env_file=tmp_path / "oops")
    form.demo_button.click()
    form.save_button.click()
    text = shown_text(form.save_output)
    assert t("storage.not_regular.fix", "pt") in text
    assert t("common.see_lesson", "pt", lesson="7, “Salvar as credenciais”") in text


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_save_shows_the_git_warning_when_the_file_is_not_ignored(tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    form = demo_form(tmp_path, lang="en")
    form.save_button.click()
    assert t("storage.not_ignored", "en", path=".env") in shown_text(form.save_output)


@pytest.mark.parametrize("button", ["test_button", "save_button"])
def test_key_pasted_as_app_name_is_emptied_from_the_field(tmp_path: Path, button: str) -> None:
    form = widgets.credentials_form("es", env_file=tmp_path / ".env")
    form.app_name.value, form.key.value = DEMO_SERVICE_ACCOUNT_KEY, DEMO_SERVICE_ACCOUNT_KEY
    getattr(form, button).click()
    assert form.app_name.value == ""
    text = shown_text(form.save_output if button == "save_button" else form.output)
    assert t("app_name.is_key.message", "es") in text
    assert t("widgets.app_name.cleared", "es") in text
    assert not (tmp_path / ".env").exists()


# --- AppNameForm --------------------------------------------------------------------------
def test_app_name_form_reads_the_name_from_an_address_on_enter() -> None:
    form = widgets.app_name_form("es")
    form.app_name.value = "https://AB123.infusionsoft.com/app/contact/list"
    text = shown_text(form.output)
    assert t("widgets.app_name.ok", "es", name="ab123") in text
    assert t("app_name.note_from_url", "es") in text


def test_app_name_form_empties_a_pasted_key_and_says_why() -> None:
    form = widgets.app_name_form("pt")
    form.app_name.value = "  " + DEMO_PERSONAL_ACCESS_TOKEN
    assert form.app_name.value == ""
    text = shown_text(form.output)
    assert t("app_name.is_key.fix", "pt") in text and t("widgets.app_name.cleared", "pt") in text


def test_app_name_form_button_shows_message_and_fix_for_a_bad_name() -> None:
    form = widgets.app_name_form("en")
    form.app_name.value = "me@example.com"
    form.output.outputs = ()
    form.button.click()
    text = shown_text(form.output)
    assert t("app_name.email.message", "en") in text and t("app_name.email.fix", "en") in text


# --- PassphraseGenerator ------------------------------------------------------------------
def test_passphrase_generator_shows_a_new_random_passphrase_and_the_old_method_note() -> None:
    form = widgets.passphrase_generator("es")
    phrases = []
    for _ in range(2):
        form.button.click()
        text = shown_text(form.output)
        assert t("widgets.passphrase.note", "es") in text
        phrases.append(re.search(r": (\S+)\n", text).group(1))
    assert phrases[0] != phrases[1]
    assert all(word in PASSPHRASE_WORDS for word in phrases[0].split("-"))
    assert len(phrases[0].split("-")) == 6


# --- ScenarioLab --------------------------------------------------------------------------
@pytest.mark.parametrize(
    "scenario, cause",
    [
        ("quota", "quota_exceeded"),
        ("spike", "spike_arrest"),
        ("forbidden", "forbidden"),
        ("legacy_retired", "legacy_retired"),
        ("normal", "ok"),
    ],
)
def test_scenario_lab_shows_the_scenario_card_and_goes_back_to_normal(
    shared_sandbox: Any, scenario: str, cause: str
) -> None:
    lab = widgets.scenario_lab("es")
    lab.scenario.value = scenario
    lab.button.click()
    text = shown_text(lab.output)
    if cause == "ok":
        assert "keap-result-ok" in card_html(lab.output) and t("result.ok", "es") in text
    else:
        assert "keap-result-fail" in card_html(lab.output)
        assert t(f"cause.{cause}.message", "es") in text and t(f"cause.{cause}.fix", "es") in text
    assert shared_sandbox.scenario == "normal"
    assert not lab.button.disabled


def test_slow_scenario_times_out_after_about_two_seconds(shared_sandbox: Any) -> None:
    started = time.perf_counter()
    result = widgets.run_scenario("slow", "en")
    assert result.cause == "read_timeout"
    assert 1.5 < time.perf_counter() - started < 6
    assert shared_sandbox.scenario == "normal"


def test_run_scenario_uses_the_legacy_key_for_legacy_retired() -> None:
    result = widgets.run_scenario("legacy_retired")
    assert result.key_kind == "legacy" and result.masked_key == mask(DEMO_LEGACY_KEY)


def test_run_scenario_with_an_unknown_name_raises_and_leaves_the_sandbox_normal(
    shared_sandbox: Any,
) -> None:
    with pytest.raises(ValueError):
        widgets.run_scenario("earthquake")
    assert shared_sandbox.scenario == "normal"


def test_scenario_dropdown_lists_every_sandbox_scenario_with_a_label() -> None:
    lab = widgets.scenario_lab("pt")
    assert [value for _, value in lab.scenario.options] == list(SCENARIOS)
    for label, value in lab.scenario.options:
        assert label == f"{value} — {t(f'widgets.scenario.{value}', 'pt')}"


# --- every form -----------------------------------------------------------------------------
def used_forms(tmp_path: Path) -> list[Any]:
    """One of each form after it has been used, plus one built from a real-looking key."""
    credentials = demo_form(tmp_path)
    credentials.test_button.click()
    credentials.save_button.click()
    app = widgets.app_name_form()
    app.app_name.value = DEMO_SERVICE_ACCOUNT_KEY  # a key pasted into the wrong field
    passphrase, lab = widgets.passphrase_generator(), widgets.scenario_lab()
    passphrase.button.click()
    lab.scenario.value = "legacy_retired"
    lab.button.click()
    given = widgets.credentials_form(
        app_name="ab123", key=REAL_LOOKING_KEY, env_file=tmp_path / "x.env"
    )
    return [credentials, app, passphrase, lab, given]


def test_no_output_repr_or_label_holds_a_full_key(tmp_path: Path) -> None:
    for form in used_forms(tmp_path):
        for text in visible_strings(form):
            assert not any(secret in text for secret in SECRETS), (type(form).__name__, text[:80])


def test_every_control_is_labelled_and_tagged_for_browser_tests(tmp_path: Path) -> None:
    for form in used_forms(tmp_path):
        for control in all_widgets(form.widget):
            if isinstance(control, ipywidgets.HBox):  # layout only
                continue
            assert any(c.startswith("tut-") for c in control._dom_classes), control
            if isinstance(control, (ipywidgets.Box, ipywidgets.Output, Announcer)):
                continue
            assert control.description, control  # announced by screen readers
            if hasattr(control.style, "description_width"):
                assert control.style.description_width == "initial", control
            if isinstance(control, ipywidgets.Text):  # Password is a Text
                assert control.placeholder and control.tooltip, control


@pytest.mark.parametrize("lang", ["es", "en", "pt"])
def test_forms_speak_the_chosen_language(lang: str) -> None:
    form = widgets.credentials_form(lang)
    assert form.test_button.description == t("widgets.test.button", lang)
    assert form.key.description == t("widgets.key.label", lang)
    assert form.replace.description == t("widgets.replace.label", lang)


def test_env_file_defaults_to_the_storage_default(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("KEAP_ENV_FILE", os.fspath(tmp_path / "mine.env"))
    assert widgets.credentials_form().env_file == tmp_path / "mine.env"
