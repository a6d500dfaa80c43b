"""Learner journeys in a real JupyterLab: open a lesson, run all cells, use its form.

Everything runs in sandbox mode with the demo account; the kernels save to the one ``.env`` at the
root of the session's copy of the repository.
"""

from __future__ import annotations

import re
import stat
import time
from pathlib import Path

import pytest

from helpers.client import check_connection
from helpers.credentials import mask
from helpers.i18n import t
from helpers.lessons import LESSONS
from helpers.sandbox import DEMO_APP_NAME, DEMO_SERVICE_ACCOUNT_KEY, REVOKED_KEY
from helpers.wizard import STEPS

from .test_accessibility import assert_every_field_of_the_live_test_lesson_form_has_a_name
from .test_axe import can_audit, violations

expect = pytest.importorskip(
    "playwright.sync_api", reason="pip install -r requirements-test.txt"
).expect

ROOT = Path(__file__).resolve().parents[2]
APP_NAME_LESSON = "notebooks/es/01-nombre-de-la-aplicacion.ipynb"
WIZARD = "notebooks/es/asistente.ipynb"


def _built(path: str) -> str:
    if not (ROOT / path).is_file():
        pytest.skip(f"lesson not built yet: {path} (python tools/build_notebooks.py)")
    return path


@pytest.mark.parametrize("lang", ["es", "en", "pt"])
def test_live_test_lesson_shows_success_then_a_failure_with_its_fix_then_saves_a_private_file(
    lab, env_file, sandbox, measure, lang
):
    """Lesson 06 in JupyterLab: the demo key's green card, a revoked key's red card with its fix
    (Enter runs the test), then the saved file (0600). On the same page, one open of the lesson:
    axe-core on the form at success and at failure (no other test audits the lesson's form) and,
    in Spanish, every field's accessible name (test_accessibility.py's check)."""
    audit = can_audit()
    expected_failure = check_connection(DEMO_APP_NAME, REVOKED_KEY, lang=lang, base_url=sandbox.url)
    started = time.monotonic()
    lab.open(_built(f"notebooks/{lang}/{LESSONS['06'][lang]}.ipynb"))
    lab.run_all()
    if lang == "es":
        assert_every_field_of_the_live_test_lesson_form_has_a_name(lab)
    form, card = lab.try_key(DEMO_APP_NAME, DEMO_SERVICE_ACCOUNT_KEY)
    expect(card).to_have_class(re.compile(r"\bkeap-result-ok\b"))
    measure(
        f"JupyterLab, lesson 06 ({lang}) opened -> success card", time.monotonic() - started, "s"
    )
    expect(card).to_contain_text(t("result.ok", lang))
    expect(card).to_contain_text(mask(DEMO_SERVICE_ACCOUNT_KEY))
    audits = {"form, success": violations(lab.page, [".tut-credentials-form"])} if audit else {}
    if lang == "es":
        lab.shot("lab-prueba-en-vivo", lab.cell_with(".tut-credentials-form"))

    form.locator(".tut-api-key input").fill(REVOKED_KEY)
    form.locator(".tut-api-key input").press("Enter")  # Enter runs the test, as the button does
    expect(card).to_have_class(re.compile(r"\bkeap-result-fail\b"))
    expect(card).to_contain_text(t("result.failed", lang))
    expect(card).to_contain_text(t("result.fix", lang))
    expect(card).to_contain_text(expected_failure.fix)
    if audit:
        audits["form, failure"] = violations(lab.page, [".tut-credentials-form"])
    assert {state: found for state, found in audits.items() if found} == {}

    form.locator(".tut-api-key input").fill(DEMO_SERVICE_ACCOUNT_KEY)
    form.locator("button.tut-test").click()
    expect(card).to_have_class(re.compile(r"\bkeap-result-ok\b"))
    form.locator("button.tut-save").click()
    expect(form.locator(".tut-save-result")).to_contain_text(mask(DEMO_SERVICE_ACCOUNT_KEY))
    assert stat.S_IMODE(env_file.stat().st_mode) == 0o600
    assert f"KEAP_API_KEY={DEMO_SERVICE_ACCOUNT_KEY}" in env_file.read_text()
    assert f"KEAP_APP_NAME={DEMO_APP_NAME}" in env_file.read_text()
    lab.never_shows(DEMO_SERVICE_ACCOUNT_KEY)
    lab.never_shows(REVOKED_KEY)


def test_app_name_lesson_reads_the_name_from_a_pasted_account_address(lab):
    lab.open(_built(APP_NAME_LESSON))
    lab.run_all()
    form = lab.page.locator(".tut-app-name-form")
    form.locator(".tut-app-name input").fill(
        f"https://{DEMO_APP_NAME}.infusionsoft.com/app/contact/list"
    )
    form.locator("button.tut-app-name-button").click()
    expect(form.locator(".tut-app-name-result")).to_contain_text(
        t("widgets.app_name.ok", "es", name=DEMO_APP_NAME)
    )
    lab.shot("lab-nombre-de-la-aplicacion", lab.cell_with(".tut-app-name-form"))


def test_wizard_notebook_in_jupyterlab_links_each_step_to_its_lesson_and_tests_the_demo_key(lab):
    lab.open(_built(WIZARD))
    lab.run_all()
    links = lab.page.locator(".wiz a.wiz-lesson-link")
    expect(links).to_have_count(len(STEPS))
    wanted = [f"{lab.server.url}lab/tree/notebooks/es/{slug}.ipynb" for _, slug in STEPS]
    assert links.evaluate_all("links => links.map(a => a.href)") == wanted
    lab.page.locator("button.wiz-demo").click()
    lab.page.locator("button.wiz-test").click()
    expect(lab.page.locator(".wiz-result .keap-result")).to_have_class(
        re.compile(r"\bkeap-result-ok\b")
    )
    expect(lab.page.locator(".wiz-step-4")).to_be_visible()
