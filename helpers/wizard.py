"""The one-page wizard: application name, key, live test, save, one step at a time.

``notebooks/es/asistente.ipynb`` shows it; Voila turns that notebook into a page with no code.
The wizard lays out the controls of a :class:`~helpers.widgets.CredentialsForm` as four steps,
so the test and the save behave exactly as in the lessons; it adds the order, a one-line
explanation per step and a link to the lesson that explains it. Every control keeps its
``tut-*`` class and gets a ``wiz-*`` one for the browser tests.

>>> lesson_href("06-prueba-en-vivo", "es")
'../../../../lab/tree/notebooks/es/06-prueba-en-vivo.ipynb'
>>> lesson_href("06-prueba-en-vivo", "en")
'../../../../lab/tree/notebooks/en/06-live-test.ipynb'
"""

from __future__ import annotations

import html
from pathlib import Path

import ipywidgets as w

from . import runtime, sandbox
from .credentials import inspect_app_name, inspect_key, mask
from .i18n import t
from .lessons import lesson_href, lesson_label
from .storage import in_browser_storage
from .widget_kit import SHOWN, Form, button, on_enter, say, scrubbed, tagged
from .widgets import CredentialsForm

__all__ = ["FINISH_STEPS", "STEPS", "Wizard", "lesson_href", "on_enter", "wizard"]

DONE, CURRENT, TODO = "done", "current", "todo"  # a step's state in the indicator

# (catalogue prefix, Spanish lesson slug) of each step, in order.
STEPS: tuple[tuple[str, str], ...] = (
    ("wizard.app_name", "01-nombre-de-la-aplicacion"),
    ("wizard.key", "05-claves-actuales"),
    ("wizard.test", "06-prueba-en-vivo"),
    ("wizard.save", "07-guardar-credenciales"),
)
# What to do once the key works with the real Keap: the same steps lesson 8 ends with (catalogue
# ``wizard.finish.step_<name>``), and that lesson, whose table says what goes where.
FINISH_STEPS: tuple[str, ...] = ("paste", "sign", "clean", "lost")
_INTEGRATION_LESSON = "08-usar-las-credenciales"
# Voila and widget HTML leave links unstyled: make them look like links, in any theme.
_LINK_STYLE = "color:var(--jp-content-link-color,#0b57d0);text-decoration:underline"


class Wizard(Form):
    """Four steps on one page; each opens when the one before it is done, and closes again
    (with every later one) when what it checked changes or fails."""

    def __init__(self, lang: str | None = None, env_file: str | Path | None = None) -> None:
        super().__init__(lang)
        # Enter in a field is the step's "Next" here, not the form's test (set below).
        self.form = form = CredentialsForm(self.lang, env_file, enter_tests=False)
        self.status = form.status  # one live region for the page
        for control, css in (
            (form.app_name, "wiz-app-name"),
            (form.key, "wiz-api-key"),
            (form.test_button, "wiz-test"),
            (form.output, "wiz-result"),
            (form.save_button, "wiz-save"),
            (form.replace, "wiz-replace"),
            (form.save_output, "wiz-save-result"),
            (form.forget_button, "wiz-forget"),
        ):
            tagged(control, css)
        self.mode = tagged(form.mode, "wiz-mode")
        # The wizard's words for two of the form's controls: what "Replace" replaces, and
        # where the test goes.
        form.replace.description = t("wizard.replace.label", self.lang)
        form.replace.layout.width = "auto"  # the whole label, never cut short
        self._name_test_button()
        self.progress = tagged(w.HTML(), "wiz-progress")
        self.finish = tagged(w.HTML(layout={"display": "none"}), "wiz-finish")
        self.demo_button = button(
            self.lang, "widgets.demo.button", "widgets.demo.tooltip", "wiz-demo"
        )
        # Each "Next" names the step it opens: two buttons with the same name confuse screen readers.
        self.next_buttons = [
            button(
                self.lang, "wizard.next_to", "wizard.next_tooltip", f"wiz-next-{n}", number=n + 1
            )
            for n in (1, 2)
        ]
        self.name_output = tagged(w.Output(), "wiz-app-name-result")
        self.key_output = tagged(w.Output(), "wiz-key-result")
        self._key_confirmed = False
        self.steps = [
            self._step(
                0,
                form.app_name,
                w.HTML(html.escape(t("wizard.demo_hint", self.lang))),
                w.HBox([self.next_buttons[0], self.demo_button]),
                self.name_output,
            ),
            self._step(1, form.key, w.HBox([self.next_buttons[1]]), self.key_output),
            self._step(2, w.HBox([form.test_button]), form.output),
            self._step(
                3,
                w.HBox([form.save_button, form.replace]),
                form.save_output,
                form.forget_button,
                self.finish,
            ),
        ]
        self._close_from(1)
        confirm_name = self.guard(self._confirm_name, self.name_output, self.next_buttons[0])
        confirm_key = self.guard(self._confirm_key, self.key_output, self.next_buttons[1])
        self.next_buttons[0].on_click(confirm_name)
        self.next_buttons[1].on_click(confirm_key)
        # Enter in a field does what its step's "Next" does (leaving the field does not).
        on_enter(form.app_name, confirm_name)
        on_enter(form.key, confirm_key)
        form.changed.append(self._hide_save)  # the name, the key or the target changed
        form.mode.observe(self._mode_changed, names="value")
        form.key.observe(self._key_typed, names="value")
        self.demo_button.on_click(self.guard(self._use_demo, self.name_output, self.demo_button))
        form.test_button.on_click(self._after_test)  # runs after the form's own test
        form.save_button.on_click(self._after_save)  # runs after the form's own save
        form.forget_button.on_click(self._after_forget)  # runs after the form's own forget
        note = html.escape(t("wizard.mode.explain", self.lang))
        mode_note = tagged(w.HTML(f"<p style='margin:.2em 0'>{note}</p>"), "wiz-mode-note")
        self.widget = self.frame([self.progress, self.mode, mode_note, *self.steps], "wiz")
        self._show_progress()

    def _step(self, index: int, *controls: w.Widget) -> w.VBox:
        """A step: a heading, one line of explanation with its lesson link, then the controls."""
        prefix, slug = STEPS[index]
        title = t(
            "wizard.step",
            self.lang,
            number=index + 1,
            total=len(STEPS),
            title=t(f"{prefix}.title", self.lang),
        )
        link = t("wizard.read_more", self.lang, lesson=t(f"{prefix}.lesson", self.lang))
        explain = f"{prefix}.explain"
        if prefix == "wizard.save" and runtime.in_browser():  # no file: the browser's storage
            explain += "_browser"
        head = w.HTML(
            f"<h2 style='font-size:1.2em;margin:.8em 0 .2em'>{html.escape(title)}</h2>"
            f"<p style='margin:0'>{html.escape(t(explain, self.lang))} "
            f"<a href='{lesson_href(slug, self.lang)}' target='_blank' rel='noopener' "
            f"class='wiz-lesson-link' style='{_LINK_STYLE}'>{html.escape(link)}</a></p>"
        )
        return tagged(w.VBox([head, *controls]), f"wiz-step-{index + 1}")

    def _reveal(self, index: int) -> None:
        self.steps[index].layout.display = SHOWN
        self._show_progress()

    def _close_from(self, index: int) -> None:
        """Close step ``index + 1`` and every later one: they wait for the earlier steps."""
        for step in self.steps[index:]:
            step.layout.display = "none"
        self.finish.layout.display = "none"
        self._show_progress()

    # --- the step indicator -------------------------------------------------------------------
    def progress_states(self) -> list[str]:
        """Each step's state: done (the next one is open, or, for the last, saved), current
        (the first one not done) or still to do. When everything is saved none is current."""
        shown = [step.layout.display != "none" for step in self.steps]
        done = [*shown[1:], shown[3] and self.finish.layout.display != "none"]
        current = next((n for n, ok in enumerate(done) if not ok), None)
        return [DONE if ok else CURRENT if n == current else TODO for n, ok in enumerate(done)]

    def _show_progress(self) -> None:
        """The indicator: an ordered list, the current step marked with aria-current="step" and
        in bold and underlined, each done step ticked and called done (never colour alone)."""
        items = []
        for index, state in enumerate(self.progress_states()):
            number, name = index + 1, t(f"{STEPS[index][0]}.short", self.lang)
            step = t("wizard.progress.step", self.lang, number=number, total=len(STEPS))
            done = t("wizard.progress.done", self.lang)
            items.append(
                f"<li class='wiz-progress-{state}' data-state='{state}'"
                + (" aria-current='step'" if state == CURRENT else "")
                + f"><span class='wiz-progress-mark' aria-hidden='true'>"
                f"{'✔' if state == DONE else number}</span>"
                f"<span class='tut-visually-hidden'>{html.escape(step)} </span>"
                f"<span>{html.escape(name)}</span>"
                + (
                    f"<span class='tut-visually-hidden'> ({html.escape(done)})</span>"
                    if state == DONE
                    else ""
                )
                + "</li>"
            )
        label = html.escape(t("wizard.progress.label", self.lang))
        self.progress.value = f"<nav aria-label='{label}'><ol>{''.join(items)}</ol></nav>"

    def _name_test_button(self) -> None:
        """The test button says where the key goes: the sandbox or the real Keap."""
        self.form.test_button.description = t(
            f"wizard.test.button.{self.form.mode.value}", self.lang
        )

    def _confirm_name(self) -> None:
        """Step 1 done: show the name that was read and open step 2 (later steps stay closed on error)."""
        self._close_from(1)
        if scrubbed(self.form.app_name, self.name_output, self.lang):
            return
        info = inspect_app_name(self.form.app_name.value, self.lang)
        lines = [
            t("widgets.app_name.ok", self.lang, name=info.name),
            *(f"ℹ️ {t(note, self.lang)}" for note in info.notes),
        ]
        say(self.name_output, *lines)
        self.status.say(" ".join(lines))
        self._reveal(1)
        if self._key_confirmed:
            self._reveal(2)
        else:
            self.form.key.focus()

    def _confirm_key(self) -> None:
        """Step 2 done: show the key (cleaned, masked, with its kind) and open step 3."""
        typed = self.form.key.value
        if not typed.strip() and self._key_confirmed:  # Enter already read this key: just move on
            self._reveal(2)
            self.form.test_button.focus()
            return
        self._key_confirmed = False
        self._close_from(2)
        # inspected as typed, so the notes say what was cleaned
        try:
            info = inspect_key(typed if typed.strip() else self.form.take_key(), self.lang)
        finally:
            self.form.take_key()
        lines = [
            t(
                "wizard.key.ok",
                self.lang,
                masked=info.masked,
                kind=t(f"kind.{info.kind.value}", self.lang),
            ),
            *(f"ℹ️ {t(note, self.lang)}" for note in info.cleaned),
        ]
        if self.form.mode.value == "sandbox" and not sandbox.is_demo_key(info.key):
            lines.append(t("wizard.key.not_demo", self.lang))
        say(self.key_output, *lines)
        self.status.say(" ".join(lines))
        self._key_confirmed = True
        self._reveal(2)
        self.form.test_button.focus()

    def _use_demo(self) -> None:
        """Fill in the sandbox's demo account and key, then go straight to the test."""
        self.form.set_demo_values()
        self._confirm_name()
        self._confirm_key()

    def _after_test(self, _button: w.Button) -> None:
        """Open the save step only after a test that worked with what is typed now."""
        result = self.form.last_result
        if result is not None and result.ok:
            self._reveal(3)
            # the card at the top of the view, the save button under it, focused
            self.status.focus("button.wiz-save", show=".wiz-result .keap-result")
        else:
            self._hide_save()

    def _after_save(self, _button: w.Button) -> None:
        """Saved: say what the learner now has, what to do now and when to come back."""
        path = self.form.saved_to
        if path is None:  # not saved (the file holds other credentials, or it failed)
            self.finish.layout.display = "none"
            self._show_progress()
            return
        self.show_finish(self.form.mode.value, path)
        # the card at the top of the view, the finish box under it, focused (read out)
        self.status.focus(".wiz-finish", show=".wiz-result .keap-result")

    def _after_forget(self, _button: w.Button) -> None:
        """Forgotten: the finish box no longer holds; the step's message says what was done,
        and the key must be typed again (the kernel dropped its copy)."""
        if self.form.saved_to is not None:  # the forget failed: its message says why
            return
        self._key_confirmed = False
        self.finish.layout.display = "none"
        self._show_progress()

    def show_finish(self, mode: str, path: Path) -> None:
        """The finish box, honest about where the key was tested (``mode``: sandbox or keap)."""
        lang, name = self.lang, self.form.app_name.value
        info = inspect_app_name(name, lang)
        have = [
            t("wizard.finish.app_name", lang, name=info.name),
            t(f"wizard.finish.key_{mode}", lang, masked=mask(self.form.take_key())),
            t(
                "wizard.finish.saved_browser"
                if in_browser_storage(path)
                else "wizard.finish.saved",
                lang,
                path=str(path),
            ),
        ]
        later = t("wizard.finish.later_text", lang, replace=self.form.replace.description)
        title = t("wizard.finish.title", lang)
        e = html.escape
        if mode == "keap":  # the same steps as lesson 8's finish, and a link to its table
            steps = [t(f"wizard.finish.step_{step}", lang) for step in FINISH_STEPS]
            where = t("wizard.finish.where", lang, lesson=lesson_label(_INTEGRATION_LESSON, lang))
            now = " ".join([*steps, where])
            todo = (
                f"<ol>{''.join(f'<li>{e(step)}</li>' for step in steps)}</ol>"
                f"<p><a href='{lesson_href(_INTEGRATION_LESSON, lang)}' target='_blank' "
                f"rel='noopener' class='wiz-lesson-link' style='{_LINK_STYLE}'>{e(where)}</a></p>"
            )
        else:
            now = t("wizard.finish.now_sandbox", lang, keap=t("widgets.mode.keap", lang))
            todo = f"<p>{e(now)}</p>"
        self.finish.value = (
            f"<h3>{e(title)}</h3><p>{e(t('wizard.finish.have', lang))}</p>"
            f"<ul>{''.join(f'<li>{e(line)}</li>' for line in have)}</ul>"
            f"<p><strong>{e(t('wizard.finish.now', lang))}</strong></p>{todo}"
            f"<p><strong>{e(t('wizard.finish.later', lang))}</strong> {e(later)}</p>"
        )
        self.finish.layout.display = SHOWN
        self._show_progress()
        self.status.say(f"{title} {' '.join(have)} {now}")

    def _key_typed(self, change: dict) -> None:
        """A new key was typed (not the field emptied once read): step 2 must read it again."""
        if change["new"].strip():
            self._key_confirmed = False

    def _mode_changed(self, _change: object) -> None:
        """Another target: the key step says again whether the key suits it; saving waits."""
        self._key_confirmed = False
        self._name_test_button()
        self._hide_save()

    def _hide_save(self, *_: object) -> None:
        """What was tested changed: saving waits for a new test."""
        self.steps[3].layout.display = "none"
        self.finish.layout.display = "none"
        self._show_progress()


def wizard(lang: str | None = None, env_file: str | Path | None = None) -> Wizard:
    """The wizard, ready to display; it saves to ``env_file`` (default: the tutorial's one ``.env``)."""
    return Wizard(lang, env_file)
