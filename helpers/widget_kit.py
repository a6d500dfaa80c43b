"""The shared kit of the tutorial's forms and wizard: tagged controls, messages, one live region.

Every form builds on :class:`Form` and these helpers, so a field, a button or a result looks
and behaves the same in a lesson and in the wizard. Callbacks write into ``Output`` widgets
with ``append_stdout`` / ``outputs = (...)``, never ``with out:``. A full key is never written
anywhere: outputs, reprs, descriptions and placeholders only hold ``mask(key)``.

:class:`Announcer` is the one live region of a form (``role="status"``): it is on the page from
the start and only its text changes, so screen readers say "Checking…" and then the outcome. It
can also move the keyboard focus to the result card, and it carries the forms' stylesheet: a
visible focus outline and field borders with enough contrast.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import anywidget
import ipywidgets as w
import traitlets

from .credentials import inspect_app_name
from .errors import InvalidAppName, TutorialError
from .i18n import get_language, normalize_language, t
from .lessons import lesson_label
from .result import CheckResult

WIDE = {"description_width": "initial"}
FIELD = {"width": "100%", "max_width": "46em"}
FORM_CLASS = "tut-form"  # every form and the wizard: the stylesheet below applies inside it
# What ``layout.display`` is set to to show a hidden widget again: the empty value clears the
# hidden state in the page. Not None: the browser edition's kernel (Pyodide) turns None into
# JavaScript's undefined, which a widget update drops, so the widget would stay hidden.
SHOWN = ""

_ANNOUNCER_JS = """
function nameGroups(scope) {
  // ipywidgets does not tie a radio group's label to its radios: name the group for screen readers.
  for (const box of scope.querySelectorAll(".widget-radio")) {
    const group = box.querySelector(".widget-radio-box");
    const label = box.querySelector(".widget-label");
    if (group && label && !group.getAttribute("role")) {
      group.setAttribute("role", "radiogroup");
      group.setAttribute("aria-label", label.textContent.trim());
    }
  }
}
function focusTarget(el, selector, show, tries) {
  // Focus ``selector`` once it is on the page and displayed; with ``show``, first scroll that
  // element to the top of the view (the focus then moves without scrolling again).
  const scope = el.closest(".tut-form") || document;
  const target = scope.querySelector(selector);
  const shown = show ? scope.querySelector(show) : null;
  if (target && target.offsetParent !== null && (!show || shown)) {
    if (!target.matches("button, input, select, textarea, a[href]")) {
      target.setAttribute("tabindex", "-1");
    }
    if (shown) {
      shown.scrollIntoView({ block: "start" });
      target.focus({ preventScroll: true });
    } else {
      target.focus();
    }
  } else if (tries > 0) {
    setTimeout(() => focusTarget(el, selector, show, tries - 1), 100);
  }
}
export default {
  render({ model, el }) {
    const region = document.createElement("div");
    region.className = "tut-live-region";
    region.setAttribute("role", "status");
    region.setAttribute("aria-live", "polite");
    el.appendChild(region);
    const show = () => { region.textContent = model.get("text"); };
    show();
    model.on("change:text", show);
    model.on("change:focus_request", () =>
      focusTarget(el, model.get("focus_selector"), model.get("show_selector"), 30));
    let rounds = 0;
    const timer = setInterval(() => {
      const scope = el.closest(".tut-form");
      if (scope) nameGroups(scope);
      if (++rounds > 50) clearInterval(timer);
    }, 100);
  },
};
"""

_FORM_CSS = """
.tut-form {
  --jp-widgets-input-border-color: #6e6e6e;
  --jp-widgets-input-focus-border-color: #0b57d0;
}
.tut-form input:focus-visible, .tut-form button:focus-visible, .tut-form select:focus-visible,
.tut-form textarea:focus-visible, .tut-form a:focus-visible, .tut-form .keap-result:focus {
  outline: 3px solid #0b57d0 !important;
  outline-offset: 2px;
}
.tut-form input[type="text"], .tut-form input[type="password"], .tut-form select {
  border: 1px solid #6e6e6e !important;
}
.tut-form .tut-live-region, .tut-form .tut-visually-hidden {
  position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0;
  overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0;
}
/* The wizard: one typeface (its status lines are text, not code), a step indicator, the
   targets side by side, and the finish box. The same in JupyterLab and in Voila. */
.tut-form.wiz .jp-OutputArea-output pre {
  font-family: var(--jp-ui-font-family, system-ui, sans-serif);
  font-size: var(--jp-ui-font-size1, 13px);
  line-height: 1.5; white-space: pre-wrap; margin: .2em 0;
}
.tut-form.wiz .wiz-mode .widget-radio-box { flex-direction: row; gap: 0 1.5em; }
.tut-form.wiz .widget-html-content { line-height: 1.45; }
.tut-form.wiz .wiz-progress ol {
  display: flex; flex-wrap: wrap; gap: .3em 1.6em; list-style: none; margin: .3em 0 .4em;
  padding: 0;
}
.tut-form.wiz .wiz-progress li {
  display: flex; align-items: center; gap: .45em; padding: .2em 0;
  border-bottom: 3px solid transparent;
}
.tut-form.wiz .wiz-progress li[aria-current="step"] {
  font-weight: bold; border-bottom-color: currentColor;
}
.tut-form.wiz .wiz-progress-mark {
  display: inline-flex; align-items: center; justify-content: center; box-sizing: border-box;
  width: 1.7em; height: 1.7em; border: 2px solid currentColor; border-radius: 50%;
  font-size: .85em; font-weight: bold;
}
.tut-form.wiz .keap-result { scroll-margin-top: .5em; }
.tut-form.wiz .wiz-finish {
  border: 2px solid #1e7e34; border-radius: 4px; padding: .3em 1em; margin: .4em 0;
}
.tut-form.wiz .wiz-finish h3 { font-size: 1.1em; margin: .3em 0; }
.tut-form.wiz .wiz-finish p, .tut-form.wiz .wiz-finish ul { margin: .25em 0; }
.tut-form.wiz .wiz-finish ul { list-style: none; padding: 0; }
"""


class Announcer(anywidget.AnyWidget):
    """A form's live region (read out, not shown), its focus mover and its stylesheet."""

    _esm = traitlets.Unicode(_ANNOUNCER_JS).tag(sync=True)
    _css = traitlets.Unicode(_FORM_CSS).tag(sync=True)
    text = traitlets.Unicode("").tag(sync=True)
    focus_selector = traitlets.Unicode(".keap-result").tag(sync=True)
    show_selector = traitlets.Unicode("").tag(sync=True)
    focus_request = traitlets.Int(0).tag(sync=True)

    def say(self, text: str) -> None:
        """Have screen readers announce ``text`` (said again even when it repeats)."""
        if self.text == text:
            self.text = ""
        self.text = text

    def focus(self, selector: str = ".keap-result", show: str = "") -> None:
        """Move the keyboard focus to ``selector`` inside the form (e.g. the result card).

        With ``show``, that element is first scrolled to the top of the view, so it and what
        follows it (down to ``selector``) are seen together."""
        with self.hold_sync():
            self.focus_selector = selector
            self.show_selector = show
            self.focus_request += 1


def tagged(widget: w.Widget, css: str) -> Any:
    """``widget`` with the class ``css`` (what the browser tests and the stylesheet select)."""
    widget.add_class(css)
    return widget


def button(lang: str, label: str, tooltip: str, css: str, **fmt: object) -> w.Button:
    """A button labelled from the catalogue (no icon: screen readers would read its glyph)."""
    return tagged(
        w.Button(
            description=t(label, lang, **fmt),
            tooltip=t(tooltip, lang, **fmt),
            layout={"width": "auto"},
        ),
        css,
    )


def app_name_field(lang: str, value: str = "") -> w.Text:
    """The application-name field. It syncs on Enter or when left (continuous_update=False):
    syncing every keystroke races with the kernel's echo on a slow link and can drop characters."""
    return tagged(
        w.Text(
            value=value,
            description=t("widgets.app_name.label", lang),
            placeholder=t("widgets.app_name.placeholder", lang),
            tooltip=t("widgets.app_name.tooltip", lang),
            style=WIDE,
            layout=FIELD,
            continuous_update=False,
        ),
        "tut-app-name",
    )


def holds_key(text: str) -> bool:
    """True when what was typed as an application name is in fact an API key."""
    try:
        inspect_app_name(text)
    except InvalidAppName as error:
        return error.code == "app_name.is_key"
    return False


def scrubbed(field: w.Text, out: w.Output, lang: str) -> bool:
    """Empty a visible field that holds a key (it would show in clear) and say why."""
    if not holds_key(field.value):
        return False
    field.value = ""
    show_error(
        out, InvalidAppName("app_name.is_key", lang=lang), lang, t("widgets.app_name.cleared", lang)
    )
    return True


def say(out: w.Output, *lines: str) -> None:
    """Replace what ``out`` shows with these lines of text."""
    out.outputs = ()
    out.append_stdout("".join(line + "\n" for line in lines))


def show_result(out: w.Output, result: CheckResult) -> None:
    """Replace what ``out`` shows with the result: the HTML card, or its text elsewhere.

    In a form the card is not a live region of its own: the form's :class:`Announcer` says
    the outcome (a region inserted already filled is often not read out)."""
    card = result._repr_html_().replace(" role='status'", "", 1)
    out.outputs = (
        {
            "output_type": "display_data",
            "metadata": {},
            "data": {"text/plain": str(result), "text/html": card},
        },
    )


def error_lines(error: BaseException, lang: str) -> list[str]:
    """A friendly message for any exception: never a traceback, never the exception's text."""
    if isinstance(error, TutorialError):
        return [
            t("widgets.problem", lang, message=error.message, fix=error.fix),
            t("common.see_lesson", lang, lesson=lesson_label(error.lesson, lang)),
        ]
    return [
        t(
            "widgets.problem",
            lang,
            fix=t("widgets.unexpected.fix", lang),
            message=t("widgets.unexpected.message", lang, kind=type(error).__name__),
        )
    ]


def show_error(out: w.Output, error: BaseException, lang: str, *extra: str) -> None:
    """Show :func:`error_lines` for ``error`` in ``out``, then ``extra`` lines."""
    say(out, *error_lines(error, lang), *extra)


class Form:
    """Shared behaviour: language, a live region, display through ``.widget``, guarded callbacks."""

    widget: w.VBox

    def __init__(self, lang: str | None) -> None:
        self.lang = normalize_language(lang) if lang else get_language()
        self.status = tagged(Announcer(), "tut-live")

    def frame(self, children: list[w.Widget], css: str) -> w.VBox:
        """The form's box: its controls, its live region, and the classes the stylesheet needs."""
        return tagged(tagged(w.VBox([*children, self.status]), FORM_CLASS), css)

    def guard(
        self, action: Callable[[], None], out: w.Output, button: w.Button | None = None
    ) -> Callable[..., None]:
        """Wrap ``action`` for a callback: button disabled meanwhile, errors shown in ``out``."""

        def callback(*_: object) -> None:
            if button is not None:
                button.disabled = True
            try:
                action()
            except Exception as error:
                lines = error_lines(error, self.lang)
                say(out, *lines)
                self.status.say(" ".join(lines))
            finally:
                if button is not None:
                    button.disabled = False

        return callback

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        bundle = self.widget._repr_mimebundle_(**kwargs)
        bundle["text/plain"] = repr(self)  # short, stable, and never a key
        return bundle

    def __repr__(self) -> str:
        return f"{type(self).__name__}(lang={self.lang!r})"


def on_enter(field: w.Text, action: Callable[[], None], delay: float = 0.15) -> None:
    """Call ``action`` when the learner presses Enter in ``field``, once its value has arrived.

    The page sends ``{"event": "submit"}`` on Enter, before the field's new value; so in a
    running kernel the action waits ``delay`` seconds for it. (``Text.on_submit`` is
    deprecated, and observing the value would also fire when the field is merely left.)"""

    def submitted(_widget: object, content: dict, _buffers: object) -> None:
        if content.get("event") != "submit":
            return
        loop = _kernel_loop()
        if loop is None:  # no kernel (a script or a test): the value is already there
            action()
        else:
            loop.call_later(delay, action)

    field.on_msg(submitted)


def _kernel_loop() -> asyncio.AbstractEventLoop | None:
    """The running event loop of an IPython kernel, if this code runs inside one.

    Only a kernel's loop counts: another library's loop in the same thread (a browser driver,
    a test harness) does not deliver the field's value, so waiting on it would wait forever."""
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    shell = get_ipython()
    if shell is None or getattr(shell, "kernel", None) is None:
        return None
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None
