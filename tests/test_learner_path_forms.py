"""The form and the wizard on the learner's real path: what a result says, when it goes, where saves go.

Headless (ipywidgets without a page): set ``.value``, ``.click()``, read the outputs. The
browser suite checks the same things in JupyterLab and Voila.
"""

from __future__ import annotations

import ast
import asyncio
import re
import threading
from pathlib import Path

import pytest

from helpers import widgets
from helpers.client import check_connection
from helpers.credentials import mask
from helpers.i18n import t
from helpers.sandbox import DEMO_APP_NAME, DEMO_SERVICE_ACCOUNT_KEY, REVOKED_KEY
from helpers.wizard import wizard
from tests.outputs import shown_text

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _normal_sandbox(shared_sandbox):
    """Every test here uses the process's shared sandbox, answering normally."""


def _tested(form: widgets.CredentialsForm, key: str, app_name: str = DEMO_APP_NAME) -> None:
    form.mode.value = "sandbox"
    form.app_name.value = app_name
    form.key.value = key
    form.test_button.click()


# --- the Password field never keeps the key (issue 8) ---------------------------------------------
@pytest.mark.parametrize("action", ["test_button", "save_button"])
def test_key_field_is_emptied_once_read_and_shows_the_key_masked(tmp_path, action):
    form = widgets.credentials_form("es", env_file=tmp_path / ".env")
    form.app_name.value = DEMO_APP_NAME
    form.key.value = DEMO_SERVICE_ACCOUNT_KEY
    getattr(form, action).click()
    assert form.key.value == ""
    state = form.key.get_state()
    assert DEMO_SERVICE_ACCOUNT_KEY not in repr(state)
    assert mask(DEMO_SERVICE_ACCOUNT_KEY) in form.key.placeholder
    form.test_button.click()  # the kernel still has it
    assert form.last_result is not None and form.last_result.ok


# --- item 4: a key whose test failed is saved only after a confirmation --------------------------
def test_saving_a_key_whose_test_just_failed_asks_for_confirmation(tmp_path):
    env = tmp_path / ".env"
    form = widgets.credentials_form("en", env_file=env)
    _tested(form, REVOKED_KEY)
    assert not form.last_result.ok
    form.save_button.click()
    assert not env.exists()
    warned = shown_text(form.save_output)
    assert form.last_result.message in warned and t("widgets.save.anyway", "en") in warned
    assert form.save_button.description == t("widgets.save.anyway", "en")
    form.save_button.click()
    assert REVOKED_KEY in env.read_text()
    assert form.save_button.description == t("widgets.save.button", "en")


# --- item 5: a result describes what the fields hold now -----------------------------------------
@pytest.mark.parametrize("field", ["app_name", "key", "mode"])
def test_changing_a_field_clears_the_last_result(field):
    form = widgets.credentials_form("es")
    _tested(form, DEMO_SERVICE_ACCOUNT_KEY)
    assert form.last_result.ok and form.output.outputs
    getattr(form, field).value = {"app_name": "zz999", "key": REVOKED_KEY, "mode": "keap"}[field]
    assert form.last_result is None and form.output.outputs == ()


# --- item 6: label only what is known ------------------------------------------------------------
def test_a_valid_key_is_not_called_unrecognised_when_only_the_app_name_is_wrong(shared_sandbox):
    result = check_connection(
        "ab 123", DEMO_SERVICE_ACCOUNT_KEY, lang="es", base_url=shared_sandbox.url
    )
    assert t("kind.unknown", "es") not in str(result)


def test_empty_fields_show_no_stars_and_no_key_label(shared_sandbox):
    result = check_connection("", "", lang="es", base_url=shared_sandbox.url)
    assert "****" not in str(result) and t("kind.unknown", "es") not in str(result)


# --- item 7: later steps wait, and every step uses the cleaned value -------------------------------
def test_wizard_closes_later_steps_after_a_step_one_error(tmp_path):
    wiz = wizard("es", env_file=tmp_path / ".env")
    wiz.demo_button.click()
    assert [s.layout.display != "none" for s in wiz.steps[:3]] == [True, True, True]
    wiz.form.app_name.value = "ab 123"
    wiz.next_buttons[0].click()
    assert [s.layout.display for s in wiz.steps[1:]] == ["none", "none", "none"]


def test_wizard_cards_show_the_key_step_two_cleaned_even_after_a_step_one_error(tmp_path):
    wiz = wizard("es", env_file=tmp_path / ".env")
    wiz.form.app_name.value = "ab 123"  # a step-1 error
    wiz.form.key.value = f'{DEMO_SERVICE_ACCOUNT_KEY}"'  # a stray quote, which step 2 removes
    wiz.next_buttons[1].click()
    wiz.form.test_button.click()
    card = shown_text(wiz.form.output)
    assert (
        mask(DEMO_SERVICE_ACCOUNT_KEY) in card and f'{DEMO_SERVICE_ACCOUNT_KEY[-4:]}"' not in card
    )


# --- item 8: Enter does what "Next" does ------------------------------------------------------------
def _enter(field) -> None:
    """What the page sends when Enter is pressed in a field (after syncing its value)."""
    field._handle_custom_msg({"event": "submit"}, [])


def test_enter_on_an_invalid_name_shows_the_error(tmp_path):
    wiz = wizard("es", env_file=tmp_path / ".env")
    wiz.form.app_name.value = "ab 123"
    _enter(wiz.form.app_name)
    assert "❌" in shown_text(wiz.name_output)
    wiz.form.app_name.value = DEMO_APP_NAME
    _enter(wiz.form.app_name)
    assert DEMO_APP_NAME in shown_text(wiz.name_output) and wiz.steps[1].layout.display != "none"


def test_leaving_the_name_field_does_not_move_on_by_itself(tmp_path):
    wiz = wizard("es", env_file=tmp_path / ".env")
    wiz.form.app_name.value = DEMO_APP_NAME  # synced on blur: no submit event
    assert wiz.steps[1].layout.display == "none" and wiz.name_output.outputs == ()


def test_a_key_typed_as_the_name_and_entered_is_emptied_with_the_reason(tmp_path):
    wiz = wizard("es", env_file=tmp_path / ".env")
    wiz.form.app_name.value = DEMO_SERVICE_ACCOUNT_KEY  # pasted into the name field, then Enter
    _enter(wiz.form.app_name)
    shown = shown_text(wiz.name_output)
    assert wiz.form.app_name.value == "" and t("widgets.app_name.cleared", "es") in shown
    assert DEMO_SERVICE_ACCOUNT_KEY not in shown


# --- item 9: UI messages name UI controls only ----------------------------------------------------
def test_refused_save_names_the_replace_checkbox_not_code(tmp_path):
    form = widgets.credentials_form("pt", env_file=tmp_path / ".env")
    form.demo_button.click()
    form.save_button.click()
    form.key.value = REVOKED_KEY
    form.save_button.click()
    text = shown_text(form.save_output)
    assert "replace=True" not in text and t("widgets.replace.label", "pt") in text


# --- item 11: a lesson is named by number and title, linked in the card ----------------------------
def test_cards_name_the_lesson_by_number_and_title_with_a_link(shared_sandbox):
    result = check_connection(DEMO_APP_NAME, REVOKED_KEY, lang="es", base_url=shared_sandbox.url)
    assert re.search(r"lecci[oó]n \d+, «[^»]+»", str(result)), str(result)
    assert not re.search(r"lección \d\d-[a-z-]+", str(result))
    assert re.search(r"<a href='\d\d-[a-z-]+\.ipynb'[^>]*>\d+, «", result._repr_html_())


# --- item 12: a demo key is not sent to real Keap -----------------------------------------------------
def test_demo_key_with_real_keap_says_demo_keys_only_work_in_the_sandbox(monkeypatch):
    def refuse(*args, **kwargs):  # no request may leave for Keap: fail loudly if one does
        raise AssertionError("a demo key was sent to Keap")

    monkeypatch.setattr(widgets, "check_connection", refuse)
    form = widgets.credentials_form("en")
    form.app_name.value = DEMO_APP_NAME
    form.key.value = DEMO_SERVICE_ACCOUNT_KEY
    form.mode.value = "keap"
    form.test_button.click()
    assert t("widgets.mode.sandbox", "en") in shown_text(form.output)
    assert "sandbox" in form.status.text


# --- items 19-22 in the kernel: one live region, named steps ---------------------------------------
def test_one_live_region_says_checking_then_the_outcome_and_asks_focus_on_failure():
    form = widgets.credentials_form("es")
    region = form.status
    said = []
    region.observe(lambda change: said.append(change["new"]), names="text")
    _tested(form, REVOKED_KEY)
    assert form.status is region and region in form.widget.children
    assert any(text.startswith("⏳") for text in said)
    assert t("result.failed", "es") in said[-1] and form.last_result.fix in said[-1]
    assert region.focus_request == 1 and "keap-result" in region.focus_selector


def test_wizard_next_buttons_say_which_step_they_open(tmp_path):
    wiz = wizard("es", env_file=tmp_path / ".env")
    names = [b.description for b in wiz.next_buttons]
    assert names == [t("wizard.next_to", "es", number=2), t("wizard.next_to", "es", number=3)]
    assert wiz.status is wiz.form.status


# --- issue 12: the widget module split; no private imports across modules ----------------------------
def test_no_module_imports_another_modules_private_names():
    offenders = []
    for path in (ROOT / "helpers").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            ours = isinstance(node, ast.ImportFrom) and (
                node.level > 0 or (node.module or "").startswith("helpers")
            )
            if ours:
                offenders += [
                    f"{path.name}: {a.name}"
                    for a in node.names
                    if a.name.startswith("_") and a.name != "__version__"
                ]
    assert offenders == []


def test_the_scenario_lab_logic_and_the_passphrase_live_outside_the_widget_module():
    from helpers import credentials, troubleshooting

    assert widgets.run_scenario is troubleshooting.run_scenario
    assert widgets.generate_passphrase is credentials.generate_passphrase
    assert "def run_scenario" not in (ROOT / "helpers" / "widgets.py").read_text()
    assert "def generate_passphrase" not in (ROOT / "helpers" / "widgets.py").read_text()
    assert "ipywidgets" not in (ROOT / "helpers" / "troubleshooting.py").read_text()


def test_enter_acts_at_once_outside_a_kernel_even_when_another_loop_runs(tmp_path):
    """A browser driver or a test harness may run an asyncio loop in this thread; only a
    kernel's loop delivers the field's value later, so only a kernel makes Enter wait."""

    async def press_enter_inside_a_running_loop() -> str:
        wiz = wizard("es", env_file=tmp_path / ".env")
        wiz.form.app_name.value = "ab 123"
        _enter(wiz.form.app_name)
        return shown_text(wiz.name_output)

    # In a thread of its own: the test process may already run a loop in this one (Playwright's).
    shown: list[str] = []
    worker = threading.Thread(
        target=lambda: shown.append(asyncio.run(press_enter_inside_a_running_loop()))
    )
    worker.start()
    worker.join(timeout=30)
    assert shown and "❌" in shown[0]


@pytest.mark.parametrize("field", ["app_name", "key"])
def test_enter_in_the_lesson_forms_name_or_key_field_runs_the_test(tmp_path, field):
    form = widgets.credentials_form("en", env_file=tmp_path / ".env")
    form.mode.value = "sandbox"
    form.app_name.value = DEMO_APP_NAME
    form.key.value = DEMO_SERVICE_ACCOUNT_KEY
    _enter(getattr(form, field))
    assert form.last_result is not None and form.last_result.ok
    assert t("result.ok", "en") in shown_text(form.output)


def test_enter_in_the_wizard_moves_on_without_testing_twice(tmp_path):
    wiz = wizard("en", env_file=tmp_path / ".env")
    wiz.form.app_name.value = DEMO_APP_NAME
    _enter(wiz.form.app_name)
    wiz.form.key.value = DEMO_SERVICE_ACCOUNT_KEY
    _enter(wiz.form.key)
    assert wiz.steps[2].layout.display != "none"  # "Next" was done: the test step is open
    assert wiz.form.last_result is None  # and the test waits for its button
