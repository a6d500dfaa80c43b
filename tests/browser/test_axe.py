"""axe-core (from npm) on every wizard state, in each edition. Lesson 06's form and cards are
audited inside its journey (test_lab_journeys.py), and the cards each Spanish lesson prints
inside the Run All journey (test_real_path.py), on the pages those journeys open.

Plus what axe cannot judge alone: the page's language and title, one live region that is
updated (not replaced), a named radio group, a visible focus outline with enough contrast,
and the focus moving to the card after a failed test.
"""

from __future__ import annotations

import json
import os
import re
from typing import Any

import pytest

from helpers.i18n import t
from helpers.lessons import WIZARD
from helpers.sandbox import DEMO_APP_NAME, REVOKED_KEY
from tests.browser.conftest import AXE, ROOT

expect = pytest.importorskip(
    "playwright.sync_api", reason="pip install -r requirements-test.txt"
).expect

OK = re.compile(r"\bkeap-result-ok\b")
FAIL = re.compile(r"\bkeap-result-fail\b")
PAGE_LANG = {"es": "es-419", "en": "en", "pt": "pt-BR"}
LANGS = ["es", "en", "pt"]


def axe_available() -> None:
    if not AXE.is_file():
        if os.environ.get("CI") == "true":
            pytest.fail(
                "CI=true but axe-core is missing: tasks.py test installs it (npm ci)", pytrace=False
            )
        pytest.skip("axe-core is not installed: npm install (or CI=true python3 tasks.py test)")


def can_audit() -> bool:
    """For a journey that audits along the way: True where axe-core is installed; on CI, where
    it must be, its absence fails the test; elsewhere the journey goes on without the audit."""
    if not AXE.is_file() and os.environ.get("CI") == "true":
        axe_available()
    return AXE.is_file()


def violations(page: Any, include: list[str] | None = None) -> list[str]:
    """axe-core's violations, at every impact level, inside ``include`` (default: the whole page)."""
    if not page.evaluate("() => Boolean(window.axe)"):
        page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        """async (include) => {
        const context = include ? {include: include.map(s => [s])} : document;
        const result = await window.axe.run(context, {resultTypes: ['violations']});
        return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 3)}));
    }""",
        include,
    )
    return [json.dumps(v, ensure_ascii=False) for v in found]


def _luminance(rgb: str) -> float:
    channels = [int(c) / 255 for c in re.findall(r"\d+", rgb)[:3]]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def _contrast_with_white(rgb: str) -> float:
    return 1.05 / (_luminance(rgb) + 0.05)


@pytest.fixture(autouse=True)
def _needs_axe() -> None:
    axe_available()


@pytest.mark.parametrize("lang", LANGS)
def test_every_wizard_state_has_no_axe_violation_and_the_page_speaks_the_edition(
    wizard, jupyter_server, env_file, lang
):
    page = wizard.page
    page.goto(jupyter_server.voila(f"notebooks/{lang}/{WIZARD[lang]}.ipynb"))
    page.locator(".wiz-app-name input").wait_for()
    assert page.evaluate("() => document.documentElement.lang") == PAGE_LANG[lang]
    heading = (
        (ROOT / "lessons" / lang / f"{WIZARD[lang]}.md").read_text(encoding="utf-8").splitlines()[0]
    )
    assert page.title() == heading.removeprefix("# ")  # a real title, not the file name
    assert page.locator("main .wiz").count() == 1  # the content is inside a <main> landmark

    states = {"start": violations(page)}
    page.locator(".wiz-app-name input").fill("ab 123")
    page.locator("button.wiz-next-1").click()
    expect(page.locator(".wiz-app-name-result")).to_contain_text("❌")
    states["step 1 error"] = violations(page)
    page.locator("button.wiz-demo").click()
    expect(wizard.step(3)).to_be_visible()
    states["steps 1-3"] = violations(page)
    page.locator("button.wiz-test").click()
    expect(page.locator(".wiz-result .keap-result")).to_have_class(OK)
    states["success"] = violations(page)
    page.locator("button.wiz-save").click()
    expect(page.locator(".wiz-save-result")).to_contain_text(str(env_file.resolve()))
    states["saved"] = violations(page)
    page.locator(".wiz-api-key input").fill(REVOKED_KEY)
    page.locator("button.wiz-next-2").click()
    page.locator("button.wiz-test").click()
    expect(page.locator(".wiz-result .keap-result")).to_have_class(FAIL)
    states["failure"] = violations(page)
    assert {state: found for state, found in states.items() if found} == {}


def test_one_live_region_is_updated_and_focus_moves_to_the_card_after_a_failure(wizard):
    wizard.open()
    page = wizard.page
    region = page.locator(".wiz .tut-live-region")
    expect(region).to_have_count(1)
    expect(region).to_have_attribute("role", "status")
    region.evaluate("e => { e.dataset.first = 'yes'; }")
    page.locator(".wiz-app-name input").fill(DEMO_APP_NAME)
    page.locator("button.wiz-next-1").click()
    page.locator(".wiz-api-key input").fill(REVOKED_KEY)
    page.locator("button.wiz-next-2").click()
    page.locator("button.wiz-test").click()
    card = page.locator(".wiz-result .keap-result")
    expect(card).to_have_class(FAIL)
    expect(region).to_contain_text(t("result.failed", "es"))
    assert region.evaluate("e => e.dataset.first") == "yes"  # the same element, its text updated
    expect(page.locator("[role=status]")).to_have_count(1)  # the card is not a second region
    page.wait_for_function(
        "() => document.activeElement && document.activeElement.classList.contains('keap-result')"
    )


def test_radio_group_is_named_focus_is_visible_and_borders_have_contrast(wizard):
    wizard.open()
    page = wizard.page
    expect(page.get_by_role("radiogroup", name=t("widgets.mode.label", "es"))).to_have_count(1)
    wizard.tab_to(".wiz-app-name input")
    field = page.locator(".wiz-app-name input")
    style = field.evaluate("""e => { const s = getComputedStyle(e);
        return {width: s.outlineWidth, style: s.outlineStyle, color: s.outlineColor, border: s.borderTopColor}; }""")
    assert style["style"] != "none" and float(style["width"].rstrip("px")) >= 2, style
    assert _contrast_with_white(style["color"]) >= 3, style
    assert _contrast_with_white(style["border"]) >= 3, style
    names = page.locator("button.wiz-next-1, button.wiz-next-2").all_inner_texts()
    assert len(set(names)) == 2, names
