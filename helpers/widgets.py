"""Small forms for the notebooks: type, click, read the answer. The logic lives elsewhere.

Each form keeps its controls as attributes (set ``.value``, call ``.click()``, read
``.output.outputs``) and shows itself through its ``.widget``. Callbacks write into ``Output``
widgets with ``append_stdout`` / ``outputs = (...)``, never ``with out:``. A full key is never
written anywhere: outputs, reprs, descriptions and placeholders only hold ``mask(key)``.

>>> len(generate_passphrase().split("-"))
6
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any, Callable

import ipywidgets as w

from . import config, sandbox, storage
from .client import check_connection
from .credentials import inspect_app_name, mask
from .errors import InvalidAppName, TutorialError
from .lessons import lesson_slug
from .i18n import get_language, normalize_language, t
from .result import CheckResult

_WIDE = {"description_width": "initial"}
_FIELD = {"width": "100%", "max_width": "46em"}
# Readable in Spanish, English and Portuguese; 99 words, so 6 words give about 40 bits.
_WORDS: tuple[str, ...] = tuple("""
    alpaca animal banana banjo bingo bonsai cacao cactus canal capital casino central
    cobra coral cosmos delta drama duo emoji fauna festival final flora gala global golf
    hospital hotel idea iguana jaguar judo karaoke karate kayak kimono kiwi koala lava
    lima limbo local mango mantra marina metro motel mural natural ninja normal oasis
    omega origami panda panorama papaya patio piano pizza plasma polar poncho puma quinoa
    radar radio robot rodeo rumba safari salsa samba sauna sigma soda sofa solar sonar
    sushi tango tapioca taxi tempo tiara tofu tornado total trio tsunami tuba turbo veto
    virus visa vital wasabi yoga zen
""".split())


def generate_passphrase(words: int = 6) -> str:
    """A random passphrase of ``words`` common words joined by hyphens, from ``secrets``."""
    return "-".join(secrets.choice(_WORDS) for _ in range(words))


def run_scenario(name: str, lang: str | None = None,
                 timeout: float | tuple[float, float] = (1.0, 2.0)) -> CheckResult:
    """Check the demo key against the sandbox in scenario ``name``, then set it back to normal."""
    server = sandbox.ensure_running()
    key = sandbox.DEMO_LEGACY_KEY if name.startswith("legacy_") else sandbox.DEMO_SERVICE_ACCOUNT_KEY
    try:
        server.scenario = name
        return check_connection(sandbox.DEMO_APP_NAME, key, lang=lang, base_url=server.url,
                                timeout=timeout)
    finally:
        server.scenario = "normal"


# --- building blocks ----------------------------------------------------------------------
def _shown_path(path: Path) -> str:
    """The saved file as the learner finds it: relative to the notebook's folder when inside it."""
    full = path.resolve()
    try:
        return str(full.relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(full)


def _tagged(widget: w.Widget, css: str) -> Any:
    widget.add_class(css)
    return widget


def _button(lang: str, label: str, tooltip: str, css: str, **fmt: object) -> w.Button:
    # No icon: an icon font's glyph would be read out by screen readers as part of the name.
    return _tagged(w.Button(description=t(label, lang), tooltip=t(tooltip, lang, **fmt),
                            layout={"width": "auto"}), css)


# Fields sync when the learner presses Enter or leaves them (continuous_update=False): syncing on
# every keystroke races with the kernel's echo on a slow link and can drop typed characters.
def _app_name_field(lang: str, value: str = "") -> w.Text:
    return _tagged(w.Text(value=value, description=t("widgets.app_name.label", lang),
                          placeholder=t("widgets.app_name.placeholder", lang),
                          tooltip=t("widgets.app_name.tooltip", lang), style=_WIDE,
                          layout=_FIELD, continuous_update=False), "tut-app-name")


def _holds_key(text: str) -> bool:
    """True when what was typed as an application name is in fact an API key."""
    try:
        inspect_app_name(text)
    except InvalidAppName as error:
        return error.code == "app_name.is_key"
    return False


def _scrubbed(field: w.Text, out: w.Output, lang: str) -> bool:
    """Empty a visible field that holds a key (it would show in clear) and say why."""
    if not _holds_key(field.value):
        return False
    field.value = ""
    _show_error(out, InvalidAppName("app_name.is_key", lang=lang), lang,
                t("widgets.app_name.cleared", lang))
    return True


def _say(out: w.Output, *lines: str) -> None:
    """Replace what ``out`` shows with these lines of text."""
    out.outputs = ()
    out.append_stdout("".join(line + "\n" for line in lines))


def _show_result(out: w.Output, result: CheckResult) -> None:
    """Replace what ``out`` shows with the result: the HTML card, or its text elsewhere."""
    out.outputs = ({"output_type": "display_data", "metadata": {},
                    "data": {"text/plain": str(result), "text/html": result._repr_html_()}},)


def _show_error(out: w.Output, error: BaseException, lang: str, *extra: str) -> None:
    """A friendly message for any exception: never a traceback, never the exception's text."""
    if isinstance(error, TutorialError):
        _say(out, t("widgets.problem", lang, message=error.message, fix=error.fix),
             t("common.see_lesson", lang, lesson=lesson_slug(error.lesson, lang)), *extra)
    else:
        _say(out, t("widgets.problem", lang, fix=t("widgets.unexpected.fix", lang),
                    message=t("widgets.unexpected.message", lang, kind=type(error).__name__)))


class _Form:
    """Shared behaviour: language, display through ``.widget``, guarded callbacks."""

    widget: w.VBox

    def __init__(self, lang: str | None) -> None:
        self.lang = normalize_language(lang) if lang else get_language()

    def _guard(self, action: Callable[[], None], out: w.Output,
               button: w.Button | None = None) -> Callable[..., None]:
        """Wrap ``action`` for a callback: button disabled meanwhile, errors shown in ``out``."""
        def callback(*_: object) -> None:
            if button is not None:
                button.disabled = True
            try:
                action()
            except Exception as error:  # noqa: BLE001 - every failure ends as a message
                _show_error(out, error, self.lang)
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


# --- the forms ----------------------------------------------------------------------------
class AppNameForm(_Form):
    """Type or paste the application name (or a Keap address); see what the tutorial reads."""

    def __init__(self, lang: str | None = None) -> None:
        super().__init__(lang)
        self.app_name = _app_name_field(self.lang)
        self.button = _button(self.lang, "widgets.app_name.button",
                              "widgets.app_name.button_tooltip", "tut-app-name-button")
        self.output = _tagged(w.Output(), "tut-app-name-result")
        self.button.on_click(self._guard(self._check, self.output, self.button))
        self.app_name.observe(self._guard(self._check, self.output), names="value")
        self.widget = _tagged(w.VBox([self.app_name, self.button, self.output]), "tut-app-name-form")

    def _check(self) -> None:
        if _scrubbed(self.app_name, self.output, self.lang):
            return
        info = inspect_app_name(self.app_name.value, self.lang)
        _say(self.output, t("widgets.app_name.ok", self.lang, name=info.name),
             *(f"ℹ️ {t(note, self.lang)}" for note in info.notes))


class CredentialsForm(_Form):
    """App name, key, sandbox or real Keap: test the connection and save the credentials."""

    def __init__(self, lang: str | None = None, env_file: str | Path | None = None, *,
                 app_name: str | None = None, key: str | None = None) -> None:
        super().__init__(lang)
        lang = self.lang
        self.env_file = Path(env_file) if env_file else storage.default_env_file()
        self.last_result: CheckResult | None = None
        # A key given at construction stays in the kernel: it is never sent to the page.
        self._given_key = (key or "").strip()
        self.app_name = _app_name_field(lang, (app_name or "").strip())
        hint = (t("widgets.key.placeholder_saved", lang, masked=mask(self._given_key))
                if self._given_key else t("widgets.key.placeholder", lang))
        self.key = _tagged(w.Password(description=t("widgets.key.label", lang), placeholder=hint,
                                      tooltip=t("widgets.key.tooltip", lang), style=_WIDE,
                                      layout=_FIELD, continuous_update=False), "tut-api-key")
        real = bool(self._given_key) and not sandbox.is_demo_key(self._given_key)
        # Radio buttons: a screen reader announces which target is chosen (toggle buttons don't).
        self.mode = _tagged(w.RadioButtons(
            options=[(t("widgets.mode.sandbox", lang), "sandbox"), (t("widgets.mode.keap", lang), "keap")],
            value="keap" if real else "sandbox", description=t("widgets.mode.label", lang),
            tooltip=t("widgets.mode.sandbox_tooltip", lang), style=_WIDE), "tut-mode")
        self.demo_button = _button(lang, "widgets.demo.button", "widgets.demo.tooltip", "tut-demo")
        self.test_button = _button(lang, "widgets.test.button", "widgets.test.tooltip", "tut-test")
        self.output = _tagged(w.Output(), "tut-result")
        self.save_button = _button(lang, "widgets.save.button", "widgets.save.tooltip", "tut-save",
                                   path=self.env_file.name)
        self.replace = _tagged(w.Checkbox(value=False, description=t("widgets.replace.label", lang),
                                          tooltip=t("widgets.replace.tooltip", lang), indent=False,
                                          style=_WIDE), "tut-replace")
        self.save_output = _tagged(w.Output(), "tut-save-result")
        self.demo_button.on_click(self._guard(self._fill_demo, self.output, self.demo_button))
        self.test_button.on_click(self._guard(self._test, self.output, self.test_button))
        self.save_button.on_click(self._guard(self._save, self.save_output, self.save_button))
        self.widget = _tagged(w.VBox([
            self.app_name, self.key, self.mode, w.HBox([self.demo_button, self.test_button]),
            self.output, w.HBox([self.save_button, self.replace]), self.save_output,
        ]), "tut-credentials-form")

    def _current_key(self) -> str:
        """What the learner typed, else the key given at construction."""
        return self.key.value.strip() or self._given_key

    def set_demo_values(self) -> None:
        """Put the sandbox's demo account and key in the form, aimed at the sandbox."""
        self.mode.value = "sandbox"
        self.app_name.value = sandbox.DEMO_APP_NAME
        self.key.value = sandbox.DEMO_SERVICE_ACCOUNT_KEY

    def _fill_demo(self) -> None:
        self.set_demo_values()
        _say(self.output, t("widgets.demo.filled", self.lang, name=sandbox.DEMO_APP_NAME,
                            masked=mask(sandbox.DEMO_SERVICE_ACCOUNT_KEY)))

    def _test(self) -> None:
        self.last_result = None
        if _scrubbed(self.app_name, self.output, self.lang):
            return
        _say(self.output, t("widgets.checking", self.lang, target=t(f"mode.{self.mode.value}", self.lang)))
        base_url = sandbox.ensure_running().url if self.mode.value == "sandbox" else config.KEAP_BASE_URL
        self.last_result = check_connection(self.app_name.value, self._current_key(),
                                            lang=self.lang, base_url=base_url)
        _show_result(self.output, self.last_result)

    def _save(self) -> None:
        if _scrubbed(self.app_name, self.save_output, self.lang):
            return
        key = self._current_key()
        report = storage.save_credentials(self.app_name.value, key, self.env_file,
                                          replace=self.replace.value, lang=self.lang)
        self.replace.value = False  # one tick allows one replacement
        lines = [t("widgets.saved", self.lang, path=_shown_path(report.path), masked=mask(key))]
        if report.replaced:
            lines.append(t("widgets.saved_replaced", self.lang))
        _say(self.save_output, *lines, *(f"⚠️ {warning}" for warning in report.warnings))

    def __repr__(self) -> str:
        key, app_name = self._current_key(), self.app_name.value
        shown = mask(app_name) if _holds_key(app_name) else app_name
        return (f"CredentialsForm(lang={self.lang!r}, app_name={shown!r}, "
                f"key={mask(key) if key else ''!r}, mode={self.mode.value!r})")


class PassphraseGenerator(_Form):
    """Make a random, readable API Passphrase (the old method) with ``secrets``."""

    def __init__(self, lang: str | None = None, words: int = 6) -> None:
        super().__init__(lang)
        self.words = words
        self.button = _button(self.lang, "widgets.passphrase.button", "widgets.passphrase.tooltip",
                              "tut-passphrase-button")
        self.output = _tagged(w.Output(), "tut-passphrase-result")
        self.button.on_click(self._guard(self._generate, self.output, self.button))
        self.widget = _tagged(w.VBox([self.button, self.output]), "tut-passphrase-generator")

    def _generate(self) -> None:
        passphrase = generate_passphrase(self.words)
        _say(self.output, t("widgets.passphrase.result", self.lang, passphrase=passphrase),
             t("widgets.passphrase.note", self.lang))


class ScenarioLab(_Form):
    """Pick a sandbox scenario, run the demo check in it, read the result; back to normal after."""

    def __init__(self, lang: str | None = None, timeout: float | tuple[float, float] = (1.0, 2.0)) -> None:
        super().__init__(lang)
        self.timeout = timeout
        self.scenario = _tagged(w.Dropdown(
            options=[(_scenario_label(name, self.lang), name) for name in sandbox.SCENARIOS],
            value="normal", description=t("widgets.lab.label", self.lang),
            tooltip=t("widgets.lab.tooltip", self.lang), style=_WIDE, layout=_FIELD), "tut-scenario")
        self.button = _button(self.lang, "widgets.lab.run", "widgets.lab.run_tooltip",
                              "tut-scenario-run")
        self.output = _tagged(w.Output(), "tut-scenario-result")
        self.button.on_click(self._guard(self._run, self.output, self.button))
        self.widget = _tagged(w.VBox([self.scenario, self.button, self.output]), "tut-scenario-lab")

    def _run(self) -> None:
        name = self.scenario.value
        _say(self.output, t("widgets.lab.checking", self.lang, name=name))
        _show_result(self.output, run_scenario(name, self.lang, self.timeout))


def _scenario_label(name: str, lang: str) -> str:
    """'quota — daily quota used up (HTTP 429)'; just the name if the catalogue lacks it."""
    try:
        return f"{name} — {t(f'widgets.scenario.{name}', lang)}"
    except KeyError:
        return name


# --- one call per notebook cell -------------------------------------------------------------
def app_name_form(lang: str | None = None) -> AppNameForm:
    """The application-name form, ready to display."""
    return AppNameForm(lang)


def credentials_form(lang: str | None = None, env_file: str | Path | None = None, *,
                     app_name: str | None = None, key: str | None = None) -> CredentialsForm:
    """The test-and-save form; pass ``app_name``/``key`` (e.g. from load_credentials()) to prefill."""
    return CredentialsForm(lang, env_file, app_name=app_name, key=key)


def passphrase_generator(lang: str | None = None) -> PassphraseGenerator:
    """The passphrase generator, ready to display."""
    return PassphraseGenerator(lang)


def scenario_lab(lang: str | None = None) -> ScenarioLab:
    """The scenario lab, ready to display."""
    return ScenarioLab(lang)
