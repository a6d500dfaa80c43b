"""Small forms for the notebooks: type, click, read the answer. The logic lives elsewhere.

Each form keeps its controls as attributes (set ``.value``, call ``.click()``, read
``.output.outputs``) and shows itself through its ``.widget``. The shared pieces (fields,
buttons, messages, the live region) are in :mod:`helpers.widget_kit`. A full key is never
written anywhere on the page: once read, it stays in the kernel, the key field is emptied and
its placeholder shows the key masked.

>>> from helpers.credentials import generate_passphrase
>>> len(generate_passphrase().split("-"))
6
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import ipywidgets as w

from . import config, sandbox, storage
from .client import check_connection
from .credentials import generate_passphrase, inspect_app_name, inspect_key, mask
from .errors import CredentialsFileError, InvalidKey, UnsafeDestination
from .i18n import t
from .result import CheckResult
from .troubleshooting import run_scenario
from .widget_kit import (
    FIELD,
    SHOWN,
    WIDE,
    Form,
    app_name_field,
    button,
    holds_key,
    on_enter,
    say,
    scrubbed,
    show_result,
    tagged,
)

__all__ = [
    "AppNameForm",
    "CredentialsForm",
    "PassphraseGenerator",
    "ScenarioLab",
    "app_name_form",
    "credentials_form",
    "generate_passphrase",
    "passphrase_generator",
    "run_scenario",
    "scenario_lab",
]


class AppNameForm(Form):
    """Type or paste the application name (or a Keap address); see what the tutorial reads."""

    def __init__(self, lang: str | None = None) -> None:
        super().__init__(lang)
        self.app_name = app_name_field(self.lang)
        self.button = button(
            self.lang,
            "widgets.app_name.button",
            "widgets.app_name.button_tooltip",
            "tut-app-name-button",
        )
        self.output = tagged(w.Output(), "tut-app-name-result")
        self.button.on_click(self.guard(self._check, self.output, self.button))
        self.app_name.observe(self.guard(self._check, self.output), names="value")
        self.widget = self.frame([self.app_name, self.button, self.output], "tut-app-name-form")

    def _check(self) -> None:
        if scrubbed(self.app_name, self.output, self.lang):
            return
        info = inspect_app_name(self.app_name.value, self.lang)
        lines = [
            t("widgets.app_name.ok", self.lang, name=info.name),
            *(f"ℹ️ {t(note, self.lang)}" for note in info.notes),
        ]
        say(self.output, *lines)
        self.status.say(" ".join(lines))


class CredentialsForm(Form):
    """App name, key, sandbox or real Keap: test the connection and save the credentials.

    The key field is a ``Password``; once the key is read (a test or a save), the kernel keeps
    it, the field is emptied and its placeholder shows the key masked, so neither the page nor
    any saved widget state holds it. A change to the name, the key or the target clears the
    last result: a card always describes what the fields hold now.
    """

    def __init__(
        self,
        lang: str | None = None,
        env_file: str | Path | None = None,
        *,
        app_name: str | None = None,
        key: str | None = None,
        enter_tests: bool = True,
    ) -> None:
        super().__init__(lang)
        lang = self.lang
        self.env_file = Path(env_file) if env_file else storage.default_env_file()
        self.last_result: CheckResult | None = None
        self.saved_to: Path | None = None  # the file of the last save, until something changes
        self.changed: list[Callable[[], None]] = []  # called when what would be tested changes
        self._key = (
            key or ""
        ).strip()  # the key as read: kept in the kernel, never sent to the page
        self._quiet = False
        self._confirm_failed_save = False
        self.app_name = app_name_field(lang, (app_name or "").strip())
        hint = (
            t("widgets.key.placeholder_saved", lang, masked=mask(self._key))
            if self._key
            else t("widgets.key.placeholder", lang)
        )
        self.key = tagged(
            w.Password(
                description=t("widgets.key.label", lang),
                placeholder=hint,
                tooltip=t("widgets.key.tooltip", lang),
                style=WIDE,
                layout=FIELD,
                continuous_update=False,
            ),
            "tut-api-key",
        )
        try:  # the same answer the check itself gets: use_real_keap(), $KEAP_API_BASE_URL, the key
            real = config.check_target(self._key or None).mode == "keap"
        except UnsafeDestination:
            real = False  # the refusal is shown when the learner runs the test
        # Radio buttons: a screen reader announces which target is chosen (toggle buttons don't);
        # the live region's script names the group after its label.
        self.mode = tagged(
            w.RadioButtons(
                options=[
                    (t("widgets.mode.sandbox", lang), "sandbox"),
                    (t("widgets.mode.keap", lang), "keap"),
                ],
                value="keap" if real else "sandbox",
                description=t("widgets.mode.label", lang),
                tooltip=t("widgets.mode.sandbox_tooltip", lang),
                style=WIDE,
            ),
            "tut-mode",
        )
        self.demo_button = button(lang, "widgets.demo.button", "widgets.demo.tooltip", "tut-demo")
        self.test_button = button(lang, "widgets.test.button", "widgets.test.tooltip", "tut-test")
        self.output = tagged(w.Output(), "tut-result")
        self.save_button = button(
            lang,
            "widgets.save.button",
            "widgets.save.tooltip",
            "tut-save",
            path=str(self.env_file.resolve()),
        )
        self.replace = tagged(
            w.Checkbox(
                value=False,
                description=t("widgets.replace.label", lang),
                tooltip=t("widgets.replace.tooltip", lang),
                indent=False,
                style=WIDE,
            ),
            "tut-replace",
        )
        # Shown only after a save into the browser's storage (the browser edition): one click
        # deletes the saved name and key, e.g. before leaving a shared computer.
        self.forget_button = button(
            lang, "widgets.forget.button", "widgets.forget.tooltip", "tut-forget"
        )
        self.forget_button.layout.display = "none"
        self.save_output = tagged(w.Output(), "tut-save-result")
        self.demo_button.on_click(self.guard(self._fill_demo, self.output, self.demo_button))
        test = self.guard(self._test, self.output, self.test_button)
        self.test_button.on_click(test)
        if enter_tests:  # Enter in the name or the key field runs the test, as in the other forms
            on_enter(self.app_name, test)
            on_enter(self.key, test)
        self.save_button.on_click(self.guard(self._save, self.save_output, self.save_button))
        self.forget_button.on_click(self.guard(self.forget, self.save_output, self.forget_button))
        for control in (self.app_name, self.key, self.mode):
            control.observe(self._on_change, names="value")
        self.widget = self.frame(
            [
                self.app_name,
                self.key,
                self.mode,
                w.HBox([self.demo_button, self.test_button]),
                self.output,
                w.HBox([self.save_button, self.replace]),
                self.save_output,
                self.forget_button,
            ],
            "tut-credentials-form",
        )

    # --- the key stays in the kernel ---------------------------------------------------------
    def take_key(self) -> str:
        """Read the key field into the kernel (cleaned when it can be), empty it, show it masked."""
        typed = self.key.value.strip()
        if typed:
            try:
                self._key = inspect_key(typed, self.lang).key
            except InvalidKey:
                self._key = typed  # the check explains what is wrong with it
            self._quiet = True
            try:
                self.key.value = ""
            finally:
                self._quiet = False
            self.key.placeholder = t(
                "widgets.key.placeholder_kept", self.lang, masked=mask(self._key)
            )
        return self._key

    def _current_key(self) -> str:
        """What the learner typed (not read yet), else the key the kernel keeps."""
        return self.key.value.strip() or self._key

    def _on_change(self, change: dict) -> None:
        """The name, the key or the target changed: the last result no longer applies."""
        if self._quiet:
            return
        self.last_result = None
        self.saved_to = None
        self._confirm_failed_save = False
        self.save_button.description = t("widgets.save.button", self.lang)
        self.output.outputs = ()
        for callback in self.changed:
            callback()

    def set_demo_values(self) -> None:
        """Put the sandbox's demo account and key in the form, aimed at the sandbox."""
        self.mode.value = "sandbox"
        self.app_name.value = sandbox.DEMO_APP_NAME
        self.key.value = sandbox.DEMO_SERVICE_ACCOUNT_KEY
        self.take_key()

    def _fill_demo(self) -> None:
        self.set_demo_values()
        text = t(
            "widgets.demo.filled",
            self.lang,
            name=sandbox.DEMO_APP_NAME,
            masked=mask(sandbox.DEMO_SERVICE_ACCOUNT_KEY),
        )
        say(self.output, text)
        self.status.say(text)

    # --- test -----------------------------------------------------------------------------------
    def _test(self) -> None:
        self.last_result = None
        if scrubbed(self.app_name, self.output, self.lang):
            return
        key = self.take_key()
        if self.mode.value == "keap" and key and sandbox.is_demo_key(key):
            text = t(
                "widgets.demo_key_real", self.lang, sandbox=t("widgets.mode.sandbox", self.lang)
            )
            say(self.output, text)
            self.status.say(text)
            return
        checking = t("widgets.checking", self.lang, target=t(f"mode.{self.mode.value}", self.lang))
        say(self.output, checking)
        self.status.say(checking)
        target = config.check_target(key, mode=self.mode.value)
        base_url = config.start_target(target, self.lang)
        self.last_result = check_connection(
            self.app_name.value, key, lang=self.lang, base_url=base_url
        )
        show_result(self.output, self.last_result)
        self.status.say(_spoken(self.last_result))
        if not self.last_result.ok:
            self.status.focus(".tut-result .keap-result")

    # --- save -----------------------------------------------------------------------------------
    def _save(self) -> None:
        self.saved_to = None
        if scrubbed(self.app_name, self.save_output, self.lang):
            return
        key = self.take_key()
        failed = self.last_result is not None and not self.last_result.ok
        if failed and not self._confirm_failed_save:
            self._confirm_failed_save = True
            self.save_button.description = t("widgets.save.anyway", self.lang)
            text = t(
                "widgets.save.failed_test",
                self.lang,
                reason=self.last_result.message,
                button=self.save_button.description,
            )
            say(self.save_output, text)
            self.status.say(text)
            return
        self._confirm_failed_save = False
        self.save_button.description = t("widgets.save.button", self.lang)
        try:
            report = storage.save_credentials(
                self.app_name.value, key, self.env_file, replace=self.replace.value, lang=self.lang
            )
        except CredentialsFileError as error:
            if error.code != "storage.exists":
                raise
            text = t(
                "widgets.save.exists",
                self.lang,
                path=str(self.env_file.resolve()),
                replace=self.replace.description,
                button=self.save_button.description,
            )
            say(self.save_output, text)
            self.status.say(text)
            return
        self.replace.value = False  # one tick allows one replacement
        self.saved_to = report.path.resolve()
        saved = "widgets.saved_browser" if report.in_browser_storage else "widgets.saved"
        lines = [t(saved, self.lang, path=str(report.path.resolve()), masked=mask(key))]
        if report.in_browser_storage:
            self.forget_button.layout.display = SHOWN
        if report.replaced:
            lines.append(t("widgets.saved_replaced", self.lang))
        lines += [f"⚠️ {warning}" for warning in report.warnings]
        say(self.save_output, *lines)
        self.status.say(" ".join(lines))

    # --- forget (the browser edition) ----------------------------------------------------------
    def forget(self) -> None:
        """Delete the saved application name and key (other lines of the file stay), drop the
        kernel's copy of the key, and say what was done."""
        removed = storage.delete_credentials(self.env_file, self.lang)
        self._key = ""
        self.saved_to = None
        self.key.placeholder = t("widgets.key.placeholder", self.lang)
        text = t("widgets.forgot" if removed else "widgets.forgot_nothing", self.lang)
        say(self.save_output, text)
        self.status.say(text)

    def __repr__(self) -> str:
        key, app_name = self._current_key(), self.app_name.value
        shown = mask(app_name) if holds_key(app_name) else app_name
        return (
            f"CredentialsForm(lang={self.lang!r}, app_name={shown!r}, "
            f"key={mask(key) if key else ''!r}, mode={self.mode.value!r})"
        )


def _spoken(result: CheckResult) -> str:
    """What the live region says about a result: the outcome, and the cause and fix if it failed."""
    head = t("result.ok" if result.ok else "result.failed", result.lang)
    if result.ok:
        return head
    return (
        f"{head}. {t('result.cause', result.lang)}: {result.message} "
        f"{t('result.fix', result.lang)}: {result.fix}"
    )


class PassphraseGenerator(Form):
    """Make a random, readable API Passphrase (the old method) with ``secrets``."""

    def __init__(self, lang: str | None = None, words: int = 6) -> None:
        super().__init__(lang)
        self.words = words
        self.button = button(
            self.lang,
            "widgets.passphrase.button",
            "widgets.passphrase.tooltip",
            "tut-passphrase-button",
        )
        self.output = tagged(w.Output(), "tut-passphrase-result")
        self.button.on_click(self.guard(self._generate, self.output, self.button))
        self.widget = self.frame([self.button, self.output], "tut-passphrase-generator")

    def _generate(self) -> None:
        passphrase = generate_passphrase(self.words)
        say(
            self.output,
            t("widgets.passphrase.result", self.lang, passphrase=passphrase),
            t("widgets.passphrase.note", self.lang),
        )


class ScenarioLab(Form):
    """Pick a sandbox scenario, run the demo check in it, read the result; back to normal after."""

    def __init__(
        self, lang: str | None = None, timeout: float | tuple[float, float] = (1.0, 2.0)
    ) -> None:
        super().__init__(lang)
        self.timeout = timeout
        self.scenario = tagged(
            w.Dropdown(
                options=[(_scenario_label(name, self.lang), name) for name in sandbox.SCENARIOS],
                value="normal",
                description=t("widgets.lab.label", self.lang),
                tooltip=t("widgets.lab.tooltip", self.lang),
                style=WIDE,
                layout=FIELD,
            ),
            "tut-scenario",
        )
        self.button = button(
            self.lang, "widgets.lab.run", "widgets.lab.run_tooltip", "tut-scenario-run"
        )
        self.output = tagged(w.Output(), "tut-scenario-result")
        self.button.on_click(self.guard(self._run, self.output, self.button))
        self.widget = self.frame([self.scenario, self.button, self.output], "tut-scenario-lab")

    def _run(self) -> None:
        name = self.scenario.value
        checking = t("widgets.lab.checking", self.lang, name=name)
        say(self.output, checking)
        self.status.say(checking)
        result = run_scenario(name, self.lang, self.timeout)
        show_result(self.output, result)
        self.status.say(_spoken(result))


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


def credentials_form(
    lang: str | None = None,
    env_file: str | Path | None = None,
    *,
    app_name: str | None = None,
    key: str | None = None,
) -> CredentialsForm:
    """The test-and-save form; pass ``app_name``/``key`` (e.g. from load_credentials()) to prefill."""
    return CredentialsForm(lang, env_file, app_name=app_name, key=key)


def passphrase_generator(lang: str | None = None) -> PassphraseGenerator:
    """The passphrase generator, ready to display."""
    return PassphraseGenerator(lang)


def scenario_lab(lang: str | None = None) -> ScenarioLab:
    """The scenario lab, ready to display."""
    return ScenarioLab(lang)
