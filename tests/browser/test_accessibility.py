"""Accessibility, checked in the browser: names a screen reader announces, cards in words, keyboard.

The names and states come from chromium's own accessibility tree (what a screen reader gets),
read over the DevTools protocol, not from the HTML.
"""

from __future__ import annotations

import re
import stat
import time
from typing import Any

import pytest

from helpers.credentials import mask
from helpers.i18n import t
from helpers.sandbox import DEMO_APP_NAME, DEMO_SERVICE_ACCOUNT_KEY, REVOKED_KEY

expect = pytest.importorskip(
    "playwright.sync_api", reason="pip install -r requirements-test.txt"
).expect

CONTROLS = ("textbox", "checkbox", "radio", "combobox", "button", "link", "slider", "spinbutton")
_WORDS = re.compile(r"[^\W\d_]{2,}")  # at least one real word
_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")  # icon-font glyphs read out as gibberish


def announced(page: Any, container: str) -> list[dict[str, Any]]:
    """Role, name, value and states of every control inside ``container``, as chromium exposes them."""
    cdp = page.context.new_cdp_session(page)
    try:
        handle = cdp.send(
            "Runtime.evaluate", {"expression": f"document.querySelector({container!r})"}
        )
        object_id = handle["result"]["objectId"]
        found = []
        for role in CONTROLS:
            nodes = cdp.send("Accessibility.queryAXTree", {"objectId": object_id, "role": role})[
                "nodes"
            ]
            for node in nodes:
                if node.get("ignored"):
                    continue
                states = {p["name"]: p["value"].get("value") for p in node.get("properties", [])}
                found.append(
                    {
                        "role": role,
                        "name": node.get("name", {}).get("value", ""),
                        "value": node.get("value", {}).get("value"),
                        "states": states,
                    }
                )
        return found
    finally:
        cdp.detach()


def assert_every_control_is_named(controls: list[dict[str, Any]]) -> None:
    unnamed = [c["role"] for c in controls if not _WORDS.search(c["name"])]
    assert unnamed == [], f"controls without a name a screen reader can say: {unnamed}"
    glyphs = [c["name"] for c in controls if _PRIVATE_USE.search(c["name"])]
    assert glyphs == [], f"icon glyphs inside control names: {glyphs}"


def test_every_wizard_control_has_a_name_a_screen_reader_announces(wizard):
    wizard.open()
    page = wizard.page
    page.locator("button.wiz-demo").click()  # fills steps 1-2 and opens step 3
    page.locator("button.wiz-test").click()  # a working test opens step 4
    expect(wizard.step(4)).to_be_visible()
    controls = announced(page, ".wiz")
    assert_every_control_is_named(controls)
    names = {(c["role"], c["name"]) for c in controls}
    assert ("textbox", t("widgets.app_name.label", "es")) in names
    assert ("textbox", t("widgets.key.label", "es")) in names
    assert ("checkbox", t("wizard.replace.label", "es")) in names  # says what it replaces
    radios = {c["name"]: c["states"].get("checked") for c in controls if c["role"] == "radio"}
    assert radios == {
        t("widgets.mode.sandbox", "es"): "true",
        t("widgets.mode.keap", "es"): "false",
    }
    (key_field,) = [c for c in controls if c["name"] == t("widgets.key.label", "es")]
    # Once read, the key stays in the kernel: the field is empty, a screen reader hears no key.
    assert set(key_field["value"] or "•") == {"•"}
    assert page.get_by_label(t("widgets.key.label", "es")).get_attribute("type") == "password"


def assert_every_field_of_the_live_test_lesson_form_has_a_name(lab: Any) -> None:
    """Lesson 06's form (open, cells run), as a screen reader gets it: every field visible and
    named in the edition's words. Checked inside the lesson-06 journey of test_lab_journeys.py
    (one open of the lesson for the journey, its axe audit and this)."""
    form = lab.page.locator(".tut-credentials-form")
    form.scroll_into_view_if_needed()  # JupyterLab leaves cells out of view out of the tree
    for field in (".tut-app-name input", ".tut-api-key input"):
        expect(form.locator(field)).to_be_visible()
        expect(form.locator(field)).to_be_in_viewport()
    controls = announced(lab.page, ".tut-credentials-form")
    assert {c["role"] for c in controls} >= {"textbox", "checkbox", "button"}
    assert [c["name"] for c in controls if c["role"] == "textbox"] == [
        t("widgets.app_name.label", "es"),
        t("widgets.key.label", "es"),
    ]
    assert all(_WORDS.search(c["name"]) for c in controls), controls


def test_result_cards_say_the_outcome_with_an_icon_and_words_not_only_colour(wizard):
    wizard.open()
    page = wizard.page
    page.locator("button.wiz-demo").click()
    page.locator("button.wiz-test").click()
    card = page.locator(".wiz-result .keap-result")
    expect(card).to_have_class(re.compile(r"\bkeap-result-ok\b"))
    expect(card).to_contain_text("✅")
    expect(card).to_contain_text(t("result.ok", "es"))

    page.locator(".wiz-api-key input").fill(REVOKED_KEY)
    page.locator("button.wiz-test").click()
    expect(card).to_have_class(re.compile(r"\bkeap-result-fail\b"))
    expect(card).to_contain_text("❌")
    expect(card).to_contain_text(t("result.failed", "es"))
    expect(card).to_contain_text(t("result.fix", "es"))
    # The icon is decoration for sighted readers; the words carry the meaning for everyone.
    icons = card.locator("[aria-hidden=true]").all_inner_texts()
    assert "❌" in "".join(icons)
    status_name = page.get_by_role("status").filter(has_text=t("result.failed", "es"))
    expect(status_name).to_have_count(1)


def test_wizard_can_be_completed_with_the_keyboard_alone(wizard, env_file, measure):
    started = time.monotonic()
    wizard.open()
    page, keys = wizard.page, 0

    def press(key: str) -> None:
        nonlocal keys
        page.keyboard.press(key)
        keys += 1

    def type_text(text: str) -> None:
        nonlocal keys
        page.keyboard.type(text)
        keys += len(text)

    tabs = wizard.tab_to(".wiz-app-name input")
    keys += tabs
    type_text(DEMO_APP_NAME)
    press("Tab")
    expect(page.locator("button.wiz-next-1")).to_be_focused()
    press("Enter")
    expect(page.locator(".wiz-api-key input")).to_be_focused()  # the wizard moves on by itself
    type_text(DEMO_SERVICE_ACCOUNT_KEY)
    press("Tab")
    expect(page.locator("button.wiz-next-2")).to_be_focused()
    press("Enter")
    expect(page.locator("button.wiz-test")).to_be_focused()
    press("Enter")
    expect(page.locator(".wiz-result .keap-result")).to_have_class(
        re.compile(r"\bkeap-result-ok\b")
    )
    measure("Voila, keyboard only: wizard opened -> success card", time.monotonic() - started, "s")
    expect(page.locator("button.wiz-save")).to_be_focused()
    press("Space")
    expect(page.locator(".wiz-save-result")).to_contain_text(mask(DEMO_SERVICE_ACCOUNT_KEY))
    assert stat.S_IMODE(env_file.stat().st_mode) == 0o600
    typed = len(DEMO_APP_NAME) + len(DEMO_SERVICE_ACCOUNT_KEY)
    measure("Voila wizard, keyboard only: keys pressed in all", keys, "keys")
    measure(
        "Voila wizard, keyboard only: keys besides typing the name and key "
        f"({tabs} Tab to reach the first field)",
        keys - typed,
        "keys",
    )
    wizard.never_shows(DEMO_SERVICE_ACCOUNT_KEY)
