"""The one-page wizard as Voila shows it (as on Binder: the Jupyter server's Voila extension)."""

from __future__ import annotations

import re
import stat
import time
from urllib.parse import urljoin

import pytest

from helpers.client import check_connection
from helpers.credentials import mask
from helpers.i18n import t
from helpers.sandbox import DEMO_APP_NAME, DEMO_SERVICE_ACCOUNT_KEY, REVOKED_KEY
from helpers.wizard import STEPS

expect = pytest.importorskip(
    "playwright.sync_api", reason="pip install -r requirements-test.txt"
).expect

OK = re.compile(r"\bkeap-result-ok\b")
FAIL = re.compile(r"\bkeap-result-fail\b")


def test_wizard_page_shows_no_code_and_only_the_first_step(wizard):
    wizard.open()
    page = wizard.page
    expect(wizard.step(1)).to_be_visible()
    for number in (2, 3, 4):
        expect(wizard.step(number)).to_be_hidden()
    expect(page.locator(".jp-InputArea-editor, .cm-editor")).to_have_count(0)
    assert "import" not in page.inner_text("body")
    expect(page.get_by_role("radio", name=t("widgets.mode.sandbox", "es"))).to_be_checked()
    wizard.shot("asistente-paso-1", page.locator(".wiz"))


def test_wizard_journey_success_then_failure_with_its_fix_then_save_to_a_private_file(
    wizard, env_file, sandbox, measure
):
    expected_failure = check_connection(DEMO_APP_NAME, REVOKED_KEY, lang="es", base_url=sandbox.url)
    page = wizard.page
    started = time.monotonic()
    wizard.open()
    clicks = 0

    def click(selector: str) -> None:
        nonlocal clicks
        page.locator(selector).click()
        clicks += 1

    click(".wiz-app-name input")
    page.locator(".wiz-app-name input").fill(f"https://{DEMO_APP_NAME}.infusionsoft.com/app")
    click("button.wiz-next-1")
    expect(page.locator(".wiz-app-name-result")).to_contain_text(DEMO_APP_NAME)
    expect(wizard.step(2)).to_be_visible()
    expect(wizard.step(3)).to_be_hidden()
    click(".wiz-api-key input")
    page.locator(".wiz-api-key input").fill(DEMO_SERVICE_ACCOUNT_KEY)
    click("button.wiz-next-2")
    expect(page.locator(".wiz-key-result")).to_contain_text(mask(DEMO_SERVICE_ACCOUNT_KEY))
    click("button.wiz-test")
    card = page.locator(".wiz-result .keap-result")
    expect(card).to_have_class(OK)
    measure(
        "Voila, wizard opened -> success card (typing name and key)",
        time.monotonic() - started,
        "s",
    )
    expect(card).to_contain_text(t("result.ok", "es"))
    expect(wizard.step(4)).to_be_visible()
    wizard.shot("asistente-conexion-correcta", page.locator(".wiz"))
    measure("Voila wizard, mouse clicks to a success card when typing", clicks, "clicks")

    page.locator(".wiz-api-key input").fill(REVOKED_KEY)
    page.locator("button.wiz-next-2").click()  # leaving the field hands the new key to the wizard
    expect(wizard.step(4)).to_be_hidden()  # what was tested changed: saving waits
    page.locator("button.wiz-test").click()
    expect(card).to_have_class(FAIL)
    expect(card).to_contain_text(t("result.fix", "es"))
    expect(card).to_contain_text(expected_failure.fix)
    expect(wizard.step(4)).to_be_hidden()
    wizard.shot("asistente-clave-rechazada", page.locator(".wiz-step-3"))

    page.locator(".wiz-api-key input").fill(DEMO_SERVICE_ACCOUNT_KEY)
    page.locator("button.wiz-test").click()
    expect(card).to_have_class(OK)
    page.locator("button.wiz-save").click()
    saved = page.locator(".wiz-save-result")
    expect(saved).to_contain_text(mask(DEMO_SERVICE_ACCOUNT_KEY))
    assert stat.S_IMODE(env_file.stat().st_mode) == 0o600
    assert f"KEAP_API_KEY={DEMO_SERVICE_ACCOUNT_KEY}" in env_file.read_text()
    wizard.shot("asistente-guardado", page.locator(".wiz-step-4"))
    wizard.never_shows(DEMO_SERVICE_ACCOUNT_KEY)
    wizard.never_shows(REVOKED_KEY)


def test_wizard_demo_data_reach_a_saved_sandbox_key_in_three_clicks(wizard, env_file, measure):
    wizard.open()
    page = wizard.page
    for selector in ("button.wiz-demo", "button.wiz-test", "button.wiz-save"):
        page.locator(selector).click()
        if selector == "button.wiz-test":
            expect(page.locator(".wiz-result .keap-result")).to_have_class(OK)
    expect(page.locator(".wiz-save-result")).to_contain_text(mask(DEMO_SERVICE_ACCOUNT_KEY))
    assert stat.S_IMODE(env_file.stat().st_mode) == 0o600
    measure("Voila wizard, mouse clicks with the demo data (demo, test, save)", 3, "clicks")
    wizard.never_shows(DEMO_SERVICE_ACCOUNT_KEY)


def test_wizard_lesson_links_open_the_lessons_in_jupyterlab(wizard):
    wizard.open()
    page, server = wizard.page, wizard.server
    links = page.locator("a.wiz-lesson-link")
    expect(links).to_have_count(len(STEPS))
    hrefs = links.evaluate_all("links => links.map(a => a.href)")
    for href, (_, slug) in zip(hrefs, STEPS, strict=False):
        path = f"notebooks/es/{slug}.ipynb"
        assert href == urljoin(server.url, f"lab/tree/{path}")
        assert server.status(f"api/contents/{path}?content=0") == 200, f"{path} is not served"
    # A new tab (the wizard stays as it was) where JupyterLab opens the lesson and its kernel.
    wizard.follow_to_lab(links.first, f"notebooks/es/{STEPS[0][1]}.ipynb")


def test_enter_in_step_one_does_what_next_does(wizard):
    wizard.open()
    page = wizard.page
    field = page.locator(".wiz-app-name input")
    field.fill("ab 123")
    field.press("Enter")
    expect(page.locator(".wiz-app-name-result")).to_contain_text("❌")
    expect(wizard.step(2)).to_be_hidden()
    field.fill(DEMO_APP_NAME)
    field.press("Enter")
    expect(page.locator(".wiz-app-name-result")).to_contain_text(DEMO_APP_NAME)
    expect(wizard.step(2)).to_be_visible()
    expect(page.locator(".wiz-api-key input")).to_be_focused()


def _in_view(locator) -> bool:
    """True when all of ``locator``'s box is inside the window (nothing to scroll to see it)."""
    return locator.evaluate("""e => { const r = e.getBoundingClientRect();
        return r.height > 0 && r.top >= 0 && r.left >= 0
            && r.bottom <= window.innerHeight && r.right <= window.innerWidth; }""")


def test_step_indicator_marks_the_current_step_and_ticks_the_done_ones_and_the_end_fits_a_laptop(
    wizard, env_file
):
    page = wizard.page
    page.set_viewport_size({"width": 1366, "height": 768})
    wizard.open()
    steps = page.locator(".wiz-progress li")
    expect(steps).to_have_count(len(STEPS))
    expect(page.locator(".wiz-progress nav")).to_have_attribute(
        "aria-label", t("wizard.progress.label", "es")
    )
    done_word = t("wizard.progress.done", "es")

    def expect_states(*states: str) -> None:
        for number, state in enumerate(states, start=1):
            item = steps.nth(number - 1)
            expect(item).to_have_attribute("data-state", state)
            name = t(f"{STEPS[number - 1][0]}.short", "es")
            expect(item).to_contain_text(name)
            if state == "current":
                expect(item).to_have_attribute("aria-current", "step")
            else:
                expect(item).not_to_have_attribute("aria-current", "step")
            mark = item.locator(".wiz-progress-mark")
            if state == "done":  # a tick and the word, not a colour
                expect(mark).to_have_text("✔")
                expect(item).to_contain_text(done_word)
            else:
                expect(mark).to_have_text(str(number))
                expect(item).not_to_contain_text(done_word)
        expect(page.locator(".wiz-progress [aria-current=step]")).to_have_count(
            states.count("current")
        )

    expect_states("current", "todo", "todo", "todo")
    page.locator(".wiz-app-name input").fill(DEMO_APP_NAME)
    page.locator("button.wiz-next-1").click()
    expect_states("done", "current", "todo", "todo")
    page.locator(".wiz-api-key input").fill(DEMO_SERVICE_ACCOUNT_KEY)
    page.locator("button.wiz-next-2").click()
    expect_states("done", "done", "current", "todo")
    page.locator("button.wiz-test").click()
    card = page.locator(".wiz-result .keap-result")
    expect(card).to_have_class(OK)
    expect_states("done", "done", "done", "current")
    expect(page.locator("button.wiz-save")).to_be_focused()  # the page has moved to it
    assert _in_view(card), "the result card is not all in view at 1366x768"
    assert _in_view(page.locator("button.wiz-save"))
    page.locator("button.wiz-save").click()
    finish = page.locator(".wiz-finish")
    expect(finish).to_contain_text(t("wizard.finish.title", "es"))
    expect_states("done", "done", "done", "done")
    page.wait_for_function(
        "() => document.activeElement && document.activeElement.classList.contains('wiz-finish')"
    )
    assert _in_view(card), "the result card left the view after saving, at 1366x768"
    assert _in_view(finish), "the finish box is not all in view at 1366x768"
    expect(finish).to_contain_text(str(env_file.resolve()))
    expect(finish).to_contain_text(mask(DEMO_SERVICE_ACCOUNT_KEY))
    wizard.never_shows(DEMO_SERVICE_ACCOUNT_KEY)


def test_status_lines_use_the_page_typeface_not_a_code_font(wizard):
    wizard.open()
    page = wizard.page
    page.locator("button.wiz-demo").click()
    line = page.locator(".wiz-key-result pre")
    expect(line).to_contain_text(mask(DEMO_SERVICE_ACCOUNT_KEY))
    font = line.evaluate("e => getComputedStyle(e).fontFamily")
    body = page.locator(".wiz h2").first.evaluate("e => getComputedStyle(e).fontFamily")
    assert font == body and "mono" not in font.lower(), (font, body)
