"""Learner-facing text in Spanish (default), English and Portuguese, on gettext and Babel.

The sentences live in gettext catalogues, ``helpers/locale/<locale>/LC_MESSAGES/tutorial.po``
(compiled to ``.mo`` beside them). A message's id is a dotted key such as
``app_name.empty.message``; a message that counts has plural forms, chosen by gettext.
Numbers and durations are written by Babel, in the learner's language; Babel is imported
only when a number is formatted, so ``import helpers`` stays light.
"""

from __future__ import annotations

import functools
import gettext
import os
import string
from collections.abc import Sequence
from pathlib import Path

LANGUAGES: tuple[str, ...] = ("es", "en", "pt")
DEFAULT_LANGUAGE = "es"
DOMAIN = "tutorial"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
# The tutorial's language code -> the catalogue's locale (Babel / gettext spelling).
LOCALES: dict[str, str] = {"es": "es", "en": "en", "pt": "pt_BR"}
# Two forms in each language (gettext's traditional rules; Brazilian Portuguese counts 0 as one).
PLURAL_FORMS: dict[str, str] = {
    "es": "nplurals=2; plural=(n != 1);",
    "en": "nplurals=2; plural=(n != 1);",
    "pt": "nplurals=2; plural=(n > 1);",
}
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


def system_language(environ: dict[str, str] | None = None) -> str | None:
    """The tutorial language of the system's locale (``LC_ALL``, ``LC_MESSAGES``, ``LANG``, the
    first one set), or None when it is none of the tutorial's.

    >>> system_language({"LANG": "pt_BR.UTF-8"}), system_language({"LC_ALL": "en_GB"})
    ('pt', 'en')
    >>> system_language({"LANG": "C.UTF-8"}), system_language({"LANG": "fr_FR.UTF-8"})
    (None, None)
    """
    environ = os.environ if environ is None else environ
    value = next(
        (environ[name] for name in ("LC_ALL", "LC_MESSAGES", "LANG") if environ.get(name)), ""
    )
    code = value.split(".")[0].split("@")[0].replace("-", "_").split("_")[0].lower()
    return code if code in LANGUAGES else None


def tutorial_language(environ: dict[str, str] | None = None) -> str:
    """The tutorial's language for a command started without ``--lang``: ``$KEAP_TUTORIAL_LANG``,
    else the system's locale when it is one of the tutorial's, else Spanish.

    >>> tutorial_language({"KEAP_TUTORIAL_LANG": "en", "LANG": "pt_BR.UTF-8"})
    'en'
    >>> tutorial_language({"LANG": "pt_BR.UTF-8"}), tutorial_language({"LANG": "C"})
    ('pt', 'es')
    """
    environ = os.environ if environ is None else environ
    chosen = environ.get("KEAP_TUTORIAL_LANG", "").strip()
    if chosen:
        return normalize_language(chosen)
    return system_language(environ) or DEFAULT_LANGUAGE


def language_from_argv(argv: Sequence[str]) -> str:
    """The ``--lang`` of a command line, read before argparse so that every message (``--help``
    and usage errors included) is in that language; else the language in force.

    >>> language_from_argv(["--yes", "--lang", "pt-BR"]), language_from_argv(["--lang=en"])
    ('pt', 'en')
    """
    for i, arg in enumerate(argv):
        if arg.startswith("--lang="):
            return normalize_language(arg.split("=", 1)[1])
        if arg == "--lang" and i + 1 < len(argv):
            return normalize_language(argv[i + 1])
    return get_language()


def _lang(lang: str | None) -> str:
    return normalize_language(lang) if lang else get_language()


@functools.cache
def translations(lang: str) -> gettext.GNUTranslations:
    """The compiled catalogue of ``lang`` (read once per process)."""
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[LOCALES[lang]])


def t(key: str, lang: str | None = None, *, n: int | None = None, **fmt: object) -> str:
    """Return the catalogue text for ``key`` in ``lang``, formatted with ``fmt``.

    A message with plural forms counts ``n``, or else the first whole number among its
    placeholders. An unknown key raises ``KeyError``.

    >>> t("common.yes", "en")
    'yes'
    >>> t("app_name.length.message", "es", length=1)
    'El nombre de la aplicación tiene 1 carácter; es demasiado corto o demasiado largo.'
    >>> t("app_name.length.message", "pt", length=40)
    'O nome do aplicativo tem 40 caracteres: curto ou longo demais.'
    """
    catalogue = translations(_lang(lang))
    text = catalogue.gettext(key)  # a plural message answers with its singular
    if text == key:
        raise KeyError(key)
    if catalogue.ngettext(key, key, 2) != key:  # the message has plural forms
        text = catalogue.ngettext(key, key, _count(text, n, fmt))
    return text.format(**fmt) if fmt else text


def has_message(key: str) -> bool:
    """True if ``key`` is in the catalogue (in Spanish, which every language mirrors)."""
    try:
        t(key, DEFAULT_LANGUAGE, n=1)
    except KeyError:
        return False
    return True


def _count(singular: str, n: int | None, fmt: dict[str, object]) -> int:
    if n is not None:
        return n
    for _, name, _, _ in string.Formatter().parse(singular):
        value = fmt.get(name or "")
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    return 1


# --- numbers and durations (Babel) -------------------------------------------------------
def babel_locale(lang: str | None = None) -> str:
    """The Babel locale for a tutorial language: ``'pt'`` -> ``'pt_BR'``."""
    return LOCALES[_lang(lang)]


def format_number(value: float, lang: str | None = None) -> str:
    """A number with the learner's decimal mark and thousands separator.

    >>> format_number(30000, "en"), format_number(30000, "es"), format_number(0.5, "pt")
    ('30,000', '30.000', '0,5')
    """
    from babel.numbers import format_decimal

    return format_decimal(value, locale=babel_locale(lang))


def format_seconds(seconds: float, lang: str | None = None) -> str:
    """A number of seconds with its unit, singular or plural as the language says.

    >>> format_seconds(1, "es"), format_seconds(0.5, "en"), format_seconds(5, "pt")
    ('1 segundo', '0.5 seconds', '5 segundos')
    """
    from babel.units import format_unit

    return format_unit(seconds, "duration-second", locale=babel_locale(lang))


def format_wait(seconds: float, lang: str | None = None) -> str:
    """How long until something, rounded to the unit a person would say.

    >>> format_wait(2222, "es"), format_wait(1, "en"), format_wait(7200, "pt")
    ('dentro de 37 minutos', 'in 1 second', 'em 2 horas')
    """
    from babel.dates import format_timedelta

    return format_timedelta(seconds, threshold=1.0, add_direction=True, locale=babel_locale(lang))
