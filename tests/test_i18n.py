"""The gettext catalogues: every message in Spanish, English and Portuguese, none fuzzy, the same
placeholders, compiled ``.mo`` files that match their ``.po``; plurals and numbers by language."""

from __future__ import annotations

import gettext
import io
import string

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from helpers.i18n import (
    DOMAIN,
    LANGUAGES,
    LOCALE_DIR,
    LOCALES,
    format_number,
    format_seconds,
    format_wait,
    get_language,
    has_message,
    normalize_language,
    set_language,
    t,
)
from helpers.sandbox import SCENARIOS


def _po(lang: str) -> Catalog:
    with (LOCALE_DIR / LOCALES[lang] / "LC_MESSAGES" / f"{DOMAIN}.po").open("rb") as source:
        return read_po(source, locale=LOCALES[lang])


CATALOGUES = {lang: _po(lang) for lang in LANGUAGES}


def _messages(lang: str) -> dict[str, Message]:
    return {m.id if isinstance(m.id, str) else m.id[0]: m for m in CATALOGUES[lang] if m.id}


KEYS = sorted(_messages("es"))


def _forms(message: Message) -> tuple[str, ...]:
    return message.string if isinstance(message.string, tuple) else (message.string,)


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_the_catalogue_is_not_empty():
    assert len(KEYS) > 200


def test_every_language_has_the_same_messages():
    assert {lang: sorted(_messages(lang)) for lang in LANGUAGES} == {
        lang: KEYS for lang in LANGUAGES
    }


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_message_is_translated_and_none_is_fuzzy(lang):
    catalogue = CATALOGUES[lang]
    assert not catalogue.fuzzy, f"the {lang} catalogue's header is marked fuzzy"
    fuzzy = [key for key, m in _messages(lang).items() if m.fuzzy]
    empty = [key for key, m in _messages(lang).items() if not all(f.strip() for f in _forms(m))]
    assert (fuzzy, empty) == ([], [])


@pytest.mark.parametrize("key", KEYS)
def test_placeholders_are_the_same_in_every_language_and_form(key):
    names = {
        (lang, i): _placeholders(form)
        for lang in LANGUAGES
        for i, form in enumerate(_forms(_messages(lang)[key]))
    }
    assert len(set(map(frozenset, names.values()))) == 1, f"{key}: {names}"


def test_no_placeholder_clashes_with_the_arguments_of_t():
    clashing = [
        key
        for key in KEYS
        for form in _forms(_messages("es")[key])
        if _placeholders(form) & {"key", "lang", "n"}
    ]
    assert clashing == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_catalogues_compile_and_the_committed_mo_matches_the_po(lang):
    catalogue = CATALOGUES[lang]
    problems = [(m.id, errors) for m, errors in catalogue.check()]
    assert problems == []
    compiled = io.BytesIO()
    write_mo(compiled, catalogue)
    compiled.seek(0)
    fresh = gettext.GNUTranslations(compiled)
    committed = gettext.translation(DOMAIN, LOCALE_DIR, languages=[LOCALES[lang]])
    assert fresh._catalog == committed._catalog, (
        "run: pybabel compile -d helpers/locale -D tutorial"
    )


def test_every_error_code_has_a_message_and_a_fix():
    codes = {k.removesuffix(".message") for k in KEYS if k.endswith(".message")} - {"cause.ok"}
    assert len(codes) > 40
    assert [code for code in codes if not has_message(f"{code}.fix")] == []


def test_every_sandbox_scenario_has_a_label():
    assert [name for name in SCENARIOS if not has_message(f"widgets.scenario.{name}")] == []


def test_translations_are_not_left_in_spanish():
    es, en = _messages("es"), _messages("en")
    same = [k for k in KEYS if es[k].string == en[k].string and len(_forms(es[k])[0]) > 25]
    assert same == []


def test_an_unknown_key_is_a_key_error():
    with pytest.raises(KeyError):
        t("no.such.message", "es")
    assert not has_message("no.such.message")


@pytest.mark.parametrize(
    ("lang", "count", "word"),
    [
        ("es", 1, "1 carácter;"),
        ("es", 0, "0 caracteres;"),
        ("es", 12, "12 caracteres;"),
        ("en", 1, "1 character:"),
        ("en", 3, "3 characters:"),
        ("pt", 1, "1 caractere:"),
        ("pt", 0, "0 caractere:"),
        ("pt", 2, "2 caracteres:"),
    ],
)
def test_counted_messages_use_the_languages_plural_forms(lang, count, word):
    assert word in t("app_name.length.message", lang, length=count)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("es", ("30.000", "1 segundo", "0,5 segundos", "dentro de 37 minutos")),
        ("en", ("30,000", "1 second", "0.5 seconds", "in 37 minutes")),
        ("pt", ("30.000", "1 segundo", "0,5 segundo", "em 37 minutos")),
    ],
)
def test_numbers_and_durations_follow_the_language(lang, expected):
    shown = (
        format_number(30000, lang),
        format_seconds(1, lang),
        format_seconds(0.5, lang),
        format_wait(2222, lang),
    )
    assert shown == expected


def test_language_defaults_to_spanish_and_follows_the_environment(monkeypatch):
    set_language("")  # forget any earlier choice
    monkeypatch.delenv("KEAP_TUTORIAL_LANG", raising=False)
    assert get_language() == "es"
    monkeypatch.setenv("KEAP_TUTORIAL_LANG", "pt_BR")
    assert get_language() == "pt"
    set_language("en")
    assert get_language() == "en"
    assert t("result.ok") == "Connection works"
    set_language("")


@pytest.mark.parametrize(
    ("given", "code"), [("es-ES", "es"), ("EN", "en"), ("pt-br", "pt"), ("de", "es"), (None, "es")]
)
def test_language_codes_are_normalised(given, code):
    assert normalize_language(given) == code


@pytest.mark.parametrize("lang", LANGUAGES)
def test_error_messages_point_to_the_lesson_in_the_learners_edition(lang):
    from helpers.credentials import validate_app_name
    from helpers.errors import InvalidAppName
    from helpers.lessons import LESSONS, lesson_label, lesson_title

    with pytest.raises(InvalidAppName) as caught:
        validate_app_name("", lang=lang)
    # named by number and title in the learner's edition, not by file name
    assert lesson_label("01", lang) in str(caught.value) and lesson_title("01", lang) in str(
        caught.value
    )
    assert LESSONS["01"][lang] not in str(caught.value)
