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

from . import sandbox
from .credentials import inspect_app_name, inspect_key
from .i18n import t
from .lessons import lesson_slug
from .widgets import CredentialsForm, _button, _Form, _say, _scrubbed, _tagged

# (catalogue prefix, Spanish lesson slug) of each step, in order.
STEPS: tuple[tuple[str, str], ...] = (
    ("wizard.app_name", "01-nombre-de-la-aplicacion"),
    ("wizard.key", "05-claves-actuales"),
    ("wizard.test", "06-prueba-en-vivo"),
    ("wizard.save", "07-guardar-credenciales"),
)
_NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
# Voila and widget HTML leave links unstyled: make them look like links, in any theme.
_LINK_STYLE = "color:var(--jp-content-link-color,#0b57d0);text-decoration:underline"


def lesson_href(slug: str, lang: str) -> str:
    """A link to a lesson (named by its Spanish slug), opened in JupyterLab, in ``lang``'s edition.

    Both ways of showing the wizard put it four folders deep: JupyterLab at
    ``<base>/lab/tree/notebooks/es/asistente.ipynb`` and Voila (as on Binder, or
    ``tasks.py wizard``) at ``<base>/voila/render/notebooks/es/asistente.ipynb``; so one relative
    link reaches ``<base>/lab/tree/notebooks/<lang>/<name>.ipynb`` from either. A lesson missing
    from ``lang``'s edition falls back to the Spanish one.
    """
    name = lesson_slug(slug, lang)
    if not (_NOTEBOOKS / lang / f"{name}.ipynb").is_file():
        lang, name = "es", slug
    return f"../../../../lab/tree/notebooks/{lang}/{name}.ipynb"


class Wizard(_Form):
    """Four steps on one page; each appears when the one before it is done."""

    def __init__(self, lang: str | None = None, env_file: str | Path | None = None) -> None:
        super().__init__(lang)
        self.form = form = CredentialsForm(self.lang, env_file)
        for control, css in ((form.app_name, "wiz-app-name"), (form.key, "wiz-api-key"),
                             (form.test_button, "wiz-test"), (form.output, "wiz-result"),
                             (form.save_button, "wiz-save"), (form.replace, "wiz-replace"),
                             (form.save_output, "wiz-save-result")):
            _tagged(control, css)
        self.mode = _tagged(form.mode, "wiz-mode")
        self.demo_button = _button(self.lang, "widgets.demo.button", "widgets.demo.tooltip", "wiz-demo")
        self.next_buttons = [_button(self.lang, "wizard.next", "wizard.next_tooltip", f"wiz-next-{n}")
                             for n in (1, 2)]
        self.name_output = _tagged(w.Output(), "wiz-app-name-result")
        self.key_output = _tagged(w.Output(), "wiz-key-result")
        self.steps = [
            self._step(0, form.app_name, w.HTML(html.escape(t("wizard.demo_hint", self.lang))),
                       w.HBox([self.next_buttons[0], self.demo_button]), self.name_output),
            self._step(1, form.key, w.HBox([self.next_buttons[1]]), self.key_output),
            self._step(2, w.HBox([form.test_button]), form.output),
            self._step(3, w.HBox([form.save_button, form.replace]), form.save_output),
        ]
        for step in self.steps[1:]:
            step.layout.display = "none"
        for button, action, out in ((self.next_buttons[0], self._confirm_name, self.name_output),
                                    (self.next_buttons[1], self._confirm_key, self.key_output)):
            button.on_click(self._guard(action, out, button))
        self.demo_button.on_click(self._guard(self._use_demo, self.name_output, self.demo_button))
        form.test_button.on_click(self._after_test)  # runs after the form's own test
        for control in (form.app_name, form.key, form.mode):
            control.observe(self._hide_save, names="value")
        note = html.escape(t("wizard.mode.explain", self.lang))
        mode_note = _tagged(w.HTML(f"<p style='margin:.2em 0'>{note}</p>"), "wiz-mode-note")
        self.widget = _tagged(w.VBox([self.mode, mode_note, *self.steps]), "wiz")

    def _step(self, index: int, *controls: w.Widget) -> w.VBox:
        """A step: a heading, one line of explanation with its lesson link, then the controls."""
        prefix, slug = STEPS[index]
        title = t("wizard.step", self.lang, number=index + 1, total=len(STEPS),
                  title=t(f"{prefix}.title", self.lang))
        link = t("wizard.read_more", self.lang, lesson=t(f"{prefix}.lesson", self.lang))
        head = w.HTML(
            f"<h2 style='font-size:1.2em;margin:.8em 0 .2em'>{html.escape(title)}</h2>"
            f"<p style='margin:0'>{html.escape(t(f'{prefix}.explain', self.lang))} "
            f"<a href='{lesson_href(slug, self.lang)}' target='_blank' rel='noopener' "
            f"class='wiz-lesson-link' style='{_LINK_STYLE}'>{html.escape(link)}</a></p>")
        return _tagged(w.VBox([head, *controls]), f"wiz-step-{index + 1}")

    def _reveal(self, index: int) -> None:
        self.steps[index].layout.display = None

    def _confirm_name(self) -> None:
        """Step 1 done: show the name that was read and open step 2."""
        if _scrubbed(self.form.app_name, self.name_output, self.lang):
            return
        info = inspect_app_name(self.form.app_name.value, self.lang)
        _say(self.name_output, t("widgets.app_name.ok", self.lang, name=info.name),
             *(f"ℹ️ {t(note, self.lang)}" for note in info.notes))
        self._reveal(1)
        self.form.key.focus()

    def _confirm_key(self) -> None:
        """Step 2 done: show the key masked, with its kind, and open step 3."""
        info = inspect_key(self.form.key.value, self.lang)
        lines = [t("wizard.key.ok", self.lang, masked=info.masked,
                   kind=t(f"kind.{info.kind.value}", self.lang)),
                 *(f"ℹ️ {t(note, self.lang)}" for note in info.cleaned)]
        if self.form.mode.value == "sandbox" and not sandbox.is_demo_key(info.key):
            lines.append(t("wizard.key.not_demo", self.lang))
        _say(self.key_output, *lines)
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
            self.form.save_button.focus()
        else:
            self._hide_save()

    def _hide_save(self, *_: object) -> None:
        """What was tested changed: saving waits for a new test."""
        self.steps[3].layout.display = "none"


def wizard(lang: str | None = None, env_file: str | Path | None = None) -> Wizard:
    """The wizard, ready to display; it saves to ``env_file`` (default ``$KEAP_ENV_FILE`` or ``.env``)."""
    return Wizard(lang, env_file)
