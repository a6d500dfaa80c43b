"""The one-page wizard, driven headless: set ``.value``, ``.click()``, read the outputs.

Every check goes over real HTTP to the in-process sandbox on 127.0.0.1.
"""

from __future__ import annotations

import html
import json
import stat
from collections.abc import Iterator
from pathlib import Path

import ipywidgets
import pytest

from helpers import lessons as lessons_module
from helpers.credentials import mask
from helpers.i18n import t
from helpers.sandbox import (
    DEMO_APP_NAME,
    DEMO_KEYS,
    DEMO_SERVICE_ACCOUNT_KEY,
    REVOKED_KEY,
)
from helpers.wizard import FINISH_STEPS, STEPS, Wizard, lesson_href, wizard
from tests.outputs import shown_text

ROOT = Path(__file__).resolve().parents[1]
REAL_LOOKING_KEY = "KeapAK-" + "7" * 46 + "9f2c"


@pytest.fixture(autouse=True)
def _normal_sandbox(shared_sandbox):
    """Every test here uses the process's shared sandbox, answering normally."""


@pytest.fixture
def wiz(tmp_path: Path) -> Wizard:
    return wizard("es", env_file=tmp_path / ".env")


def shown_steps(wiz: Wizard) -> list[int]:
    return [n for n, step in enumerate(wiz.steps, start=1) if step.layout.display != "none"]


def all_widgets(root: ipywidgets.Widget) -> Iterator[ipywidgets.Widget]:
    yield root
    for child in getattr(root, "children", ()):
        yield from all_widgets(child)


def fill_and_test(wiz: Wizard, key: str) -> None:
    wiz.form.app_name.value = DEMO_APP_NAME
    wiz.next_buttons[0].click()
    wiz.form.key.value = key
    wiz.next_buttons[1].click()
    wiz.form.test_button.click()


def test_wizard_starts_on_step_one_in_sandbox_mode(wiz):
    assert shown_steps(wiz) == [1]
    assert wiz.mode.value == wiz.form.mode.value == "sandbox"
    assert repr(wiz) == "Wizard(lang='es')"
    assert wiz._repr_mimebundle_()["text/plain"] == "Wizard(lang='es')"


def test_next_shows_the_name_read_from_a_pasted_address_and_opens_step_two(wiz):
    wiz.form.app_name.value = f"https://{DEMO_APP_NAME.upper()}.infusionsoft.com/app/contact/list"
    wiz.next_buttons[0].click()
    assert t("widgets.app_name.ok", "es", name=DEMO_APP_NAME) in shown_text(wiz.name_output)
    assert shown_steps(wiz) == [1, 2]


@pytest.mark.parametrize(
    "typed, code", [("", "app_name.empty"), ("ana@example.com", "app_name.email")]
)
def test_next_with_a_bad_name_explains_the_fix_and_stays_on_step_one(wiz, typed, code):
    wiz.form.app_name.value = typed
    wiz.next_buttons[0].click()
    shown = shown_text(wiz.name_output)
    assert t(f"{code}.message", "es") in shown and t(f"{code}.fix", "es") in shown
    assert shown_steps(wiz) == [1]
    assert not wiz.next_buttons[0].disabled


def test_a_key_pasted_as_the_name_is_cleared_and_never_shown(wiz):
    wiz.form.app_name.value = DEMO_SERVICE_ACCOUNT_KEY
    wiz.next_buttons[0].click()
    assert wiz.form.app_name.value == ""
    assert DEMO_SERVICE_ACCOUNT_KEY not in shown_text(wiz.name_output)
    assert shown_steps(wiz) == [1]


def test_key_step_shows_the_key_masked_with_its_kind_and_opens_the_test(wiz):
    wiz.form.app_name.value = DEMO_APP_NAME
    wiz.next_buttons[0].click()
    wiz.form.key.value = f"  {DEMO_SERVICE_ACCOUNT_KEY} "
    wiz.next_buttons[1].click()
    shown = shown_text(wiz.key_output)
    assert mask(DEMO_SERVICE_ACCOUNT_KEY) in shown and t("kind.keap", "es") in shown
    assert t("key.cleaned_spaces", "es") in shown
    assert DEMO_SERVICE_ACCOUNT_KEY not in shown
    assert shown_steps(wiz) == [1, 2, 3]


def test_key_step_warns_when_a_real_looking_key_meets_the_sandbox(wiz):
    wiz.form.key.value = REAL_LOOKING_KEY
    wiz.next_buttons[1].click()
    assert t("wizard.key.not_demo", "es") in shown_text(wiz.key_output)
    wiz.mode.value = "keap"
    wiz.next_buttons[1].click()
    assert t("wizard.key.not_demo", "es") not in shown_text(wiz.key_output)


def test_a_shortened_key_is_explained_and_the_test_step_stays_closed(wiz):
    wiz.form.key.value = "KeapAK-...9f2c"
    wiz.next_buttons[1].click()
    assert t("key.shortened_copy.fix", "es") in shown_text(wiz.key_output)
    assert 3 not in shown_steps(wiz)


def test_mode_switch_drives_the_form_both_ways(wiz):
    wiz.mode.value = "keap"
    assert wiz.form.mode.value == "keap"
    wiz.form.mode.value = "sandbox"
    assert wiz.mode.value == "sandbox"


def test_save_step_opens_only_after_a_successful_test(wiz):
    fill_and_test(wiz, REVOKED_KEY)
    assert "keap-result-fail" in shown_text(wiz.form.output)
    assert t("cause.invalid_key.fix", "es") in shown_text(wiz.form.output)
    assert 4 not in shown_steps(wiz)
    wiz.form.key.value = DEMO_SERVICE_ACCOUNT_KEY
    wiz.form.test_button.click()
    assert "keap-result-ok" in shown_text(wiz.form.output)
    assert shown_steps(wiz) == [1, 2, 3, 4]


@pytest.mark.parametrize("change", ["app_name", "key", "mode"])
def test_changing_what_was_tested_closes_the_save_step_again(wiz, change):
    fill_and_test(wiz, DEMO_SERVICE_ACCOUNT_KEY)
    assert 4 in shown_steps(wiz)
    if change == "app_name":
        wiz.form.app_name.value = "zz124"
    elif change == "key":
        wiz.form.key.value = REVOKED_KEY
    else:
        wiz.mode.value = "keap"
    assert 4 not in shown_steps(wiz)


def test_save_writes_a_private_file_and_shows_only_the_masked_key(wiz, tmp_path):
    fill_and_test(wiz, DEMO_SERVICE_ACCOUNT_KEY)
    wiz.form.save_button.click()
    env = tmp_path / ".env"
    assert stat.S_IMODE(env.stat().st_mode) == 0o600
    assert f"KEAP_API_KEY={DEMO_SERVICE_ACCOUNT_KEY}" in env.read_text()
    shown = shown_text(wiz.form.save_output)
    assert mask(DEMO_SERVICE_ACCOUNT_KEY) in shown and DEMO_SERVICE_ACCOUNT_KEY not in shown


def test_demo_button_fills_the_demo_account_and_goes_straight_to_the_test(wiz):
    wiz.mode.value = "keap"
    wiz.demo_button.click()
    assert (wiz.form.app_name.value, wiz.form.take_key()) == (
        DEMO_APP_NAME,
        DEMO_SERVICE_ACCOUNT_KEY,
    )
    assert wiz.form.key.value == ""  # the key stays in the kernel, not in the page
    assert wiz.mode.value == "sandbox"
    assert shown_steps(wiz) == [1, 2, 3]
    wiz.form.test_button.click()
    assert shown_steps(wiz) == [1, 2, 3, 4]


def test_every_control_carries_a_wizard_class_for_the_browser_tests(wiz):
    classes = {
        css for widget in all_widgets(wiz.widget) for css in getattr(widget, "_dom_classes", ())
    }
    assert {
        "wiz",
        "wiz-mode",
        "wiz-app-name",
        "wiz-next-1",
        "wiz-demo",
        "wiz-app-name-result",
        "wiz-api-key",
        "wiz-next-2",
        "wiz-key-result",
        "wiz-test",
        "wiz-result",
        "wiz-save",
        "wiz-replace",
        "wiz-save-result",
        "wiz-step-1",
        "wiz-step-4",
    } <= classes


def test_buttons_carry_words_only_no_icon_glyphs(wiz):
    buttons = [w for w in all_widgets(wiz.widget) if isinstance(w, ipywidgets.Button)]
    assert len(buttons) == 6  # two "Next", demo, test, save, and forget (browser edition only)
    assert all(b.description and not b.icon for b in buttons)


def test_no_widget_state_holds_a_key_except_the_password_field(wiz):
    fill_and_test(wiz, DEMO_SERVICE_ACCOUNT_KEY)
    wiz.form.save_button.click()
    for widget in all_widgets(wiz.widget):
        if widget is wiz.form.key:
            continue
        state = json.dumps(widget.get_state(), default=str)
        assert not any(key in state for key in DEMO_KEYS), type(widget).__name__


def test_each_step_links_to_its_lesson_with_a_path_that_works_from_lab_and_voila(wiz):
    html = "".join(w.value for w in all_widgets(wiz.widget) if isinstance(w, ipywidgets.HTML))
    for _, slug in STEPS:
        href = lesson_href(slug, "es")
        assert f"href='{href}'" in html and "target='_blank'" in html
        # Both /lab/tree/notebooks/es/asistente.ipynb and /voila/render/notebooks/es/asistente.ipynb
        # sit four folders below the server root; four '..' lead back to it.
        assert href == f"../../../../lab/tree/notebooks/es/{slug}.ipynb"
        assert (ROOT / "lessons" / "es" / f"{slug}.md").is_file(), f"no lesson source for {slug}"


def test_links_go_to_the_lesson_of_the_learner_edition_else_to_the_spanish_one(
    monkeypatch, tmp_path
):
    (tmp_path / "notebooks" / "en").mkdir(parents=True)
    (tmp_path / "notebooks" / "en" / "01-application-name.ipynb").write_text("{}")
    monkeypatch.setattr(lessons_module, "_ROOT", tmp_path)
    assert lesson_href("01-nombre-de-la-aplicacion", "en").endswith(
        "/notebooks/en/01-application-name.ipynb"
    )
    assert lesson_href("05-claves-actuales", "en").endswith(
        "/notebooks/es/05-claves-actuales.ipynb"
    )


@pytest.mark.parametrize("lang", ["es", "en", "pt"])
def test_wizard_speaks_the_learner_language(lang, tmp_path):
    wiz = wizard(lang, env_file=tmp_path / ".env")
    html = "".join(w.value for w in all_widgets(wiz.widget) if isinstance(w, ipywidgets.HTML))
    assert t("wizard.step", lang, number=1, total=4, title=t("wizard.app_name.title", lang)) in html
    assert wiz.next_buttons[0].description == t("wizard.next_to", lang, number=2)


def progress_marks(wiz: Wizard) -> list[tuple[str, bool, bool]]:
    """(state, ticked, marked current) of each step, read from the indicator's HTML."""
    items = wiz.progress.value.split("<li ")[1:]
    return [
        (
            item.split("data-state='", 1)[1].split("'", 1)[0],
            "✔" in item,
            "aria-current='step'" in item,
        )
        for item in items
    ]


def test_the_step_indicator_follows_the_learner_through_the_four_steps(wiz):
    todo, current, done = ("todo", False, False), ("current", False, True), ("done", True, False)
    assert progress_marks(wiz) == [current, todo, todo, todo]
    wiz.form.app_name.value = DEMO_APP_NAME
    wiz.next_buttons[0].click()
    assert progress_marks(wiz) == [done, current, todo, todo]
    wiz.form.key.value = DEMO_SERVICE_ACCOUNT_KEY
    wiz.next_buttons[1].click()
    assert progress_marks(wiz) == [done, done, current, todo]
    wiz.form.test_button.click()
    assert progress_marks(wiz) == [done, done, done, current]
    wiz.form.save_button.click()
    assert progress_marks(wiz) == [done, done, done, done]
    assert t("wizard.progress.done", "es") in wiz.progress.value  # said in words, too
    wiz.form.key.value = REVOKED_KEY  # what was saved no longer matches: test and save again
    assert progress_marks(wiz) == [done, done, current, todo]
    assert wiz.finish.layout.display == "none"


def test_the_finish_says_what_you_have_what_to_do_and_when_to_come_back(wiz, tmp_path):
    fill_and_test(wiz, DEMO_SERVICE_ACCOUNT_KEY)
    assert wiz.finish.layout.display == "none"
    wiz.form.save_button.click()
    assert wiz.finish.layout.display != "none"
    shown = wiz.finish.value
    masked = mask(DEMO_SERVICE_ACCOUNT_KEY)
    for text in (
        t("wizard.finish.title", "es"),
        t("wizard.finish.app_name", "es", name=DEMO_APP_NAME),
        # honest: tested in the sandbox, not in Keap
        t("wizard.finish.key_sandbox", "es", masked=masked),
        t("wizard.finish.saved", "es", path=str((tmp_path / ".env").resolve())),
        t("wizard.finish.now_sandbox", "es", keap=t("widgets.mode.keap", "es")),
        t("wizard.finish.later_text", "es", replace=t("wizard.replace.label", "es")),
    ):
        assert html.escape(text) in shown, text
    assert DEMO_SERVICE_ACCOUNT_KEY not in shown
    assert t("wizard.finish.title", "es") in wiz.status.text  # read out, not only shown


def test_after_a_test_with_keap_the_finish_says_to_paste_both_values_and_delete_the_key(
    wiz, tmp_path
):
    wiz.form.app_name.value = f"https://{DEMO_APP_NAME}.infusionsoft.com"
    wiz.form.key.value = REAL_LOOKING_KEY
    wiz.form.take_key()
    wiz.steps[3].layout.display = None
    wiz.show_finish("keap", tmp_path / ".env")
    shown = wiz.finish.value
    assert html.escape(t("wizard.finish.key_keap", "es", masked=mask(REAL_LOOKING_KEY))) in shown
    for step in FINISH_STEPS:
        assert html.escape(t(f"wizard.finish.step_{step}", "es")) in shown
    assert "08-usar-las-credenciales.ipynb" in shown  # what goes where: lesson 8's table
    assert REAL_LOOKING_KEY not in shown
    assert t("wizard.finish.now_sandbox", "es", keap="x")[:20] not in shown


def test_each_control_says_what_it_does(wiz):
    assert wiz.form.replace.description == t("wizard.replace.label", "es")
    assert wiz.form.test_button.description == t("wizard.test.button.sandbox", "es")
    wiz.mode.value = "keap"
    assert wiz.form.test_button.description == t("wizard.test.button.keap", "es")
