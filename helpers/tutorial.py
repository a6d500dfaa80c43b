"""The first cell of every lesson: language, sandbox or real Keap, and a one-line banner.

from helpers import tutorial
tutorial.start("es")
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from html import escape

from . import config, runtime
from .friendly_errors import install as explain_name_errors
from .i18n import set_language, t
from .lab_language import follow_edition
from .lessons import wizard_href
from .storage import load_credentials


@dataclass(frozen=True)
class Session:
    """What ``start`` decided: the language, the mode and the origin checks go to."""

    lang: str
    mode: str  # "sandbox" | "keap"
    base_url: str
    app_name: str | None
    reload_for_language: bool = False

    def __str__(self) -> str:
        return self._line(self.base_url)

    def _line(self, url: str) -> str:
        if self.mode == "sandbox":
            text = t("tutorial.banner_sandbox", self.lang, url=url)
        else:
            text = t("tutorial.banner_keap", self.lang, app=self.app_name or "?", url=url)
        return text + (
            " " + t("tutorial.reload_for_language", self.lang) if self.reload_for_language else ""
        )

    def _repr_markdown_(self) -> str:
        url = self.base_url
        if self.mode == "sandbox" and (
            os.environ.get("JUPYTERHUB_SERVICE_PREFIX") or runtime.in_browser()
        ):
            # On a hub or Binder the sandbox listens on the server, which the learner's browser
            # cannot reach, and in the browser edition it answers inside the page, where only the
            # page's Python reaches it: the address is shown as text, not as a link that would
            # not open.
            url = f"`{url}`"
        return f"**{'🧪' if self.mode == 'sandbox' else '🔑'}** {self._line(url)}"


def start(lang: str = "es") -> Session:
    """Set the lesson's language and pick the sandbox or real Keap from the saved credentials."""
    set_language(lang)
    explain_name_errors(lang)
    creds = load_credentials()
    target = config.check_target(creds.key)
    base_url = config.start_target(target)  # starts the sandbox only when it is the target
    mode = target.mode
    return Session(
        lang=lang,
        mode=mode,
        base_url=base_url,
        app_name=creds.app_name,
        reload_for_language=follow_edition(lang),
    )


@dataclass(frozen=True)
class WizardLink:
    """A link to the edition's wizard in Voila: the page with no code, wherever the server runs."""

    lang: str

    @property
    def href(self) -> str:
        return wizard_href(self.lang)

    @property
    def label(self) -> str:
        # The browser edition has no page without code: the wizard is a one-cell notebook.
        key = "tutorial.wizard_link_browser" if runtime.in_browser() else "tutorial.wizard_link"
        return t(key, self.lang)

    def __str__(self) -> str:
        return f"{self.label}: {self.href}"

    def _repr_html_(self) -> str:
        # A path from the server's root: JupyterLab follows it as a page, not as a file to open.
        # In the browser edition, a relative link JupyterLab opens as the wizard notebook.
        target = "" if runtime.in_browser() else " target='_blank' rel='noopener'"
        return f"<p><a href='{escape(self.href)}'{target}>{escape(self.label)} →</a></p>"


def wizard_link(lang: str = "es") -> WizardLink:
    """The link lesson 00 shows to open the wizard without its code.

    >>> str(wizard_link("en"))
    'Open the wizard: one page, no code: /voila/render/notebooks/en/wizard.ipynb'
    """
    return WizardLink(lang)
