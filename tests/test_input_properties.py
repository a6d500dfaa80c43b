"""Whatever a learner pastes, the validators answer with the package's own errors, fast.

Hypothesis properties over every validator and ``mask``; named cases for the attacks found
(Kelvin sign, invisible characters, key-shaped app names, oversized input).
"""

from __future__ import annotations

import contextlib
import math
import os

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from helpers import config
from helpers.client import check_connection
from helpers.credentials import (
    MAX_INPUT_LENGTH,
    hide_keys,
    inspect_app_name,
    inspect_key,
    mask,
    validate_app_name,
)
from helpers.errors import InvalidAppName, InvalidKey, UnsafeDestination
from helpers.i18n import t

EXAMPLES = int(os.environ.get("PROPERTY_EXAMPLES", "600"))
PROPERTY = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
KEY = "KeapAK-" + "Ab3_-" * 10 + "9f2c"
LEGACY = "0123456789abcdef0123456789abcdef"

_PIECES = [
    "KeapAK-",
    "keapak-",
    "Bearer ",
    "X-Keap-API-Key: ",
    "https://",
    ".infusionsoft.com",
    "keap.app/?appid=",
    "[",
    "]",
    "@",
    ":",
    "/",
    "%",
    "\\",
    "\u212a",
    "\u200b",
    "\ufeff",
    "\u00ad",
    "\u2060",
    "\u202e",
    "\u00a0",
    "\n",
    '"',
    "\u201c",
    "...",
    "*",
    "ab123",
    LEGACY,
    KEY,
    "0" * 30,
    "\x00",
    "\ud7ff",
    "\U0001f511",
    "<",
    ">",
    "(",
    ")",
    "**",
    "~",
    ".",
    "!",
    "Key: ",
    "App name: ",
    "mailto:",
    "](",
    "\u2022",
    "\u202f",
    "\u201e",
]
texts = st.one_of(
    st.text(max_size=80),
    st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=4)), max_size=10).map("".join),
)
anything = st.one_of(
    st.none(),
    texts,
    st.integers(),
    st.floats(),
    st.binary(max_size=20),
    st.lists(st.integers(), max_size=2),
    st.booleans(),
)


@PROPERTY
@given(texts)
def test_app_name_validator_raises_only_its_own_error(text):
    try:
        info = inspect_app_name(text, "en")
    except InvalidAppName as error:
        assert error.message and error.fix
        return
    assert info.name.isascii() and info.name.isalnum() and info.name == info.name.lower()
    assert validate_app_name(text) == info.name


@PROPERTY
@given(texts)
def test_key_validator_raises_only_its_own_error(text):
    try:
        info = inspect_key(text, "en")
    except InvalidKey as error:
        assert error.message and error.fix
        return
    assert info.key.isascii() and info.key.strip() == info.key


@PROPERTY
@given(anything, anything)
def test_validators_refuse_values_that_are_not_text_with_their_own_error(app, key):
    for validator, error in ((inspect_app_name, InvalidAppName), (inspect_key, InvalidKey)):
        for value in (app, key):
            with contextlib.suppress(error):
                validator(value)


@PROPERTY
@given(texts)
def test_mask_never_shows_more_than_the_last_four_characters(key):
    shown = mask(key)
    stripped = key.strip()
    assert shown == "****" or shown in (f"...{stripped[-4:]}", f"KeapAK-...{stripped[-4:]}")


@PROPERTY
@given(
    st.text(max_size=40),
    st.text(max_size=40),
    st.sampled_from([KEY, LEGACY]),
    st.integers(0, 2**64 - 1),
)
def test_a_key_echoed_in_any_letter_case_is_masked(before, after, key, upper):
    echoed = "".join(c.upper() if upper >> i & 1 else c.lower() for i, c in enumerate(key))
    text = hide_keys(before + echoed + after, key)
    assert key.lower()[:-4] not in text.lower()


@settings(
    max_examples=max(EXAMPLES // 10, 50), deadline=None, suppress_health_check=list(HealthCheck)
)
@given(
    anything,
    anything,
    st.one_of(st.none(), texts, st.integers()),
    st.one_of(
        anything,
        st.tuples(anything, anything),
        st.sampled_from([0, -1, math.nan, math.inf, 1e308, 10**400, (1, 0), (math.nan, 1)]),
    ),
)
def test_check_connection_never_raises(app, key, base_url, timeout):
    if isinstance(base_url, str) and base_url.strip() and not config.is_loopback_url(base_url):
        try:  # never send a generated check to the real Keap: only refusals are of interest
            config.ensure_safe_destination(base_url.strip())
        except UnsafeDestination:
            pass
        else:
            assume(False)
    config.use_sandbox()  # no base URL means the local sandbox, never the real Keap
    result = check_connection(app, key, base_url=base_url, timeout=timeout, lang="en")
    assert result.cause and (result.ok or (result.message and result.fix))


# How mail, chat, PDFs and password managers hand over a value: a label before it, a pair of
# brackets or Markdown marks around it, punctuation after it, odd spaces and quotes.
_LABELS = ["", "Key: ", "API key: ", "Clave de API: ", "Chave = ", "Service Account Key:"]
_NAME_LABELS = ["", "App name: ", "Nombre de la aplicación: ", "Application Name = "]
_PAIRS = [("", ""), ("<", ">"), ("(", ")"), ("[", "]"), ("**", "**"), ("*", "*"), ("~", "~")]
_QUOTE_PAIRS = [("", ""), ('"', '"'), ("\u201c", "\u201d"), ("\u201e", "\u201c"), ("'", "'")]
_AFTER = ["", ".", ",", ";", "!", ":", "?"]
_SPACES = ["", " ", "\u00a0", "\u202f", "\t", "\n", "\u200b", "\ufeff"]
decorations = st.tuples(
    st.sampled_from(_SPACES),
    st.sampled_from(_QUOTE_PAIRS),
    st.sampled_from(_PAIRS),
    st.sampled_from(_AFTER),
    st.sampled_from(_SPACES),
)


def _decorated(value: str, label: str, decoration: tuple) -> str:
    before, (open_quote, close_quote), (opening, closing), after, trailing = decoration
    return f"{before}{label}{open_quote}{opening}{value}{closing}{close_quote}{after}{trailing}"


@PROPERTY
@given(st.sampled_from([KEY, LEGACY]), st.sampled_from(_LABELS), decorations)
def test_a_key_is_read_whatever_mail_or_chat_put_around_it(key, label, decoration):
    assert inspect_key(_decorated(key, label, decoration), "en").key == key


@PROPERTY
@given(
    st.sampled_from(["ab123", "https://ab123.infusionsoft.com", "ab123.infusionsoft.com/app/"]),
    st.sampled_from(_NAME_LABELS),
    decorations,
)
def test_an_app_name_is_read_whatever_mail_or_chat_put_around_it(name, label, decoration):
    assert validate_app_name(_decorated(name, label, decoration), "en") == "ab123"


@PROPERTY
@given(st.sampled_from([KEY, LEGACY]), st.sampled_from(_SPACES), decorations)
def test_a_key_pasted_twice_gets_its_own_message(key, gap, decoration):
    with pytest.raises(InvalidKey) as caught:
        inspect_key(_decorated(key + gap + key, "", decoration), "en")
    assert caught.value.code == "key.pasted_twice"
    assert key not in str(caught.value) and key[7:] not in repr(caught.value)


@PROPERTY
@given(st.sampled_from(["ab123", "https://ab123.infusionsoft.com"]), st.sampled_from(_SPACES))
def test_an_app_name_pasted_twice_gets_its_own_message(name, gap):
    with pytest.raises(InvalidAppName) as caught:
        inspect_app_name(name + gap + name, "pt")
    assert caught.value.code == "app_name.pasted_twice"


# --- named cases ----------------------------------------------------------------------------
def test_kelvin_sign_is_not_read_as_k():
    with pytest.raises(InvalidAppName) as caught:
        inspect_app_name("\u212aa123")
    assert caught.value.code == "app_name.symbols"
    with pytest.raises(InvalidKey) as key_error:
        inspect_key("\u212a" + KEY[1:])
    assert key_error.value.code == "key.bad_characters"


@pytest.mark.parametrize("invisible", ["\u200b", "\u200d", "\ufeff", "\u00ad", "\u2060", "\u200e"])
def test_invisible_characters_are_removed_and_reported(invisible):
    info = inspect_key(invisible + KEY[:10] + invisible + KEY[10:] + invisible)
    assert info.key == KEY and "key.cleaned_invisible" in info.cleaned
    name = inspect_app_name(f"{invisible}ab{invisible}123{invisible}")
    assert name.name == "ab123" and "app_name.note_invisible" in name.notes


def test_invisible_characters_are_told_in_the_check_result(sandbox):
    from helpers.sandbox import DEMO_APP_NAME, DEMO_SERVICE_ACCOUNT_KEY

    result = check_connection(
        DEMO_APP_NAME, "\u200b" + DEMO_SERVICE_ACCOUNT_KEY, lang="pt", base_url=sandbox.url
    )
    assert result.ok and t("key.cleaned_invisible", "pt") in result.warnings


@pytest.mark.parametrize(
    "typed",
    [
        f"{LEGACY}.",
        f"https://{LEGACY}.example.com/",
        f"{LEGACY}.infusionsoft.com",
        f"keap.app/?appid={LEGACY}",
        f"https://{KEY}.infusionsoft.com",
        f"{KEY.lower()}",
    ],
)
def test_key_shaped_app_names_are_refused_as_a_key_without_echoing_it(typed):
    with pytest.raises(InvalidAppName) as caught:
        inspect_app_name(typed)
    assert caught.value.code == "app_name.is_key"
    for text in (str(caught.value), caught.value.message, caught.value.fix, repr(caught.value)):
        assert LEGACY not in text and KEY not in text and KEY.lower() not in text


def test_result_for_a_key_shaped_app_name_never_echoes_it():
    result = check_connection(f"https://{LEGACY}.example.com/", KEY, lang="es")
    assert result.cause == "app_name.is_key"
    assert LEGACY not in str(result) and LEGACY not in result._repr_html_()


def test_unclosed_bracket_in_an_app_name_is_a_cause_not_a_crash():
    with pytest.raises(InvalidAppName) as caught:
        inspect_app_name("https://[ab123.infusionsoft.com/")
    assert caught.value.code == "app_name.symbols"


@pytest.mark.parametrize(
    "big",
    [
        "Bearer " * 150_000 + "x",
        "a" * (1 << 20),
        "[" * (1 << 20),
        "\u200b" * (1 << 20),
        "KeapAK-" * 150_000,
    ],
)
def test_oversized_input_is_refused_at_once(big):
    with pytest.raises(InvalidKey) as key_error:
        inspect_key(big)
    assert key_error.value.code == "key.too_long"
    with pytest.raises(InvalidAppName) as name_error:
        inspect_app_name(big)
    assert name_error.value.code == "app_name.too_long"
    assert str(MAX_INPUT_LENGTH) in name_error.value.message


@settings(
    max_examples=max(EXAMPLES // 4, 50), deadline=None, suppress_health_check=list(HealthCheck)
)
@given(anything, anything)
def test_saving_any_input_raises_only_the_packages_errors_and_never_writes_a_bad_value(app, key):
    import tempfile
    from pathlib import Path

    from helpers.errors import TutorialError
    from helpers.storage import load_credentials, save_credentials

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / ".env"
        try:
            save_credentials(app, key, path)
        except TutorialError:
            assert not path.exists()
            return
        saved = load_credentials(path)
        assert saved.app_name == validate_app_name(app) and saved.key == inspect_key(key).key
