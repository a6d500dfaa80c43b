"""One catalogue of learner-facing text, in Spanish (default), English and Portuguese."""

from __future__ import annotations

import os

from .messages import MESSAGES

LANGUAGES: tuple[str, ...] = ("es", "en", "pt")
DEFAULT_LANGUAGE = "es"
_chosen: str | None = None


def set_language(lang: str) -> None:
    """Choose the language of every message from now on (``es``, ``en`` or ``pt``).

    An empty string forgets the choice: ``$KEAP_TUTORIAL_LANG`` or Spanish applies again.
    """
    global _chosen
    _chosen = normalize_language(lang) if lang else None


def normalize_language(lang: str | None) -> str:
    """Map ``'pt-BR'``, ``' EN '`` and the like to a supported code; unknown -> Spanish.

    >>> normalize_language("pt-BR")
    'pt'
    >>> normalize_language("fr")
    'es'
    """
    code = (lang or "").strip().lower().replace("_", "-").split("-")[0]
    return code if code in LANGUAGES else DEFAULT_LANGUAGE


def get_language() -> str:
    """The language in force: set_language(), else $KEAP_TUTORIAL_LANG, else Spanish."""
    if _chosen:
        return _chosen
    return normalize_language(os.environ.get("KEAP_TUTORIAL_LANG"))


def t(key: str, lang: str | None = None, **fmt: object) -> str:
    """Return the catalogue text for ``key`` in ``lang``, formatted with ``fmt``.

    >>> t("common.yes", "en")
    'yes'
    """
    entry = MESSAGES[key]
    text = entry[normalize_language(lang) if lang else get_language()]
    return text.format(**fmt) if fmt else text
