"""The catalogue: every message in Spanish, English and Portuguese, with the same placeholders."""

from __future__ import annotations

import string

import pytest

from helpers.i18n import LANGUAGES, get_language, normalize_language, set_language, t
from helpers.messages import MESSAGES


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_every_message_exists_in_every_language(key):
    entry = MESSAGES[key]
    assert set(entry) == set(LANGUAGES), f"{key} has {sorted(entry)}"
    fixes_may_be_empty = key == "cause.ok.fix"
    for lang in LANGUAGES:
        assert entry[lang].strip() or fixes_may_be_empty, f"{key} is empty in {lang}"


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_placeholders_are_the_same_in_every_language(key):
    names = {lang: _placeholders(text) for lang, text in MESSAGES[key].items()}
    assert names["en"] == names["es"] == names["pt"], f"{key}: {names}"


def test_every_error_code_has_a_message_and_a_fix():
    codes = {k.removesuffix(".message") for k in MESSAGES if k.endswith(".message")}
    assert len(codes) > 40
    for code in codes:
        assert f"{code}.fix" in MESSAGES, code


def test_translations_are_not_left_in_spanish():
    same = [k for k, v in MESSAGES.items() if v["es"] == v["en"] and len(v["es"]) > 25]
    assert same == []


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


@pytest.mark.parametrize(("given", "code"), [("es-ES", "es"), ("EN", "en"), ("pt-br", "pt"),
                                              ("de", "es"), (None, "es")])
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
    assert lesson_label("01", lang) in str(caught.value) and lesson_title("01", lang) in str(caught.value)
    assert LESSONS["01"][lang] not in str(caught.value)
