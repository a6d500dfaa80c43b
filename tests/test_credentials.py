"""What a learner types: application names and keys, read without any network."""

from __future__ import annotations

import pytest

from helpers.credentials import KeyKind, inspect_app_name, inspect_key, mask, validate_app_name
from helpers.errors import InvalidAppName, InvalidKey

SAK = "KeapAK-" + "3f9a0c1e5b7d2a4c6e8f0a1b3c5d7e9f1a2b3c4d5e6f7a8b9c"
LEGACY = "e9c9a2c8bd8ed803b5c4a1f0e2d3c4b5"

APP_NAMES_OK = [
    ("ab123", "ab123"),
    (" AB123 ", "ab123"),
    ("Ab123", "ab123"),
    ("\tab123\n", "ab123"),
    ('"ab123"', "ab123"),
    ("'ab123'", "ab123"),
    ("zex739", "zex739"),
    ("HAV885", "hav885"),
    ("ab123.infusionsoft.com", "ab123"),
    ("AB123.Infusionsoft.com", "ab123"),
    ("https://ab123.infusionsoft.com", "ab123"),
    ("https://ab123.infusionsoft.com/", "ab123"),
    ("http://ab123.infusionsoft.com", "ab123"),
    ("https://ab123.infusionsoft.com/app/contact/list", "ab123"),
    ("https://ab123.infusionsoft.com/Contact/manageContact.jsp?view=edit&ID=42", "ab123"),
    ("ab123.infusionsoft.com/app/nav/link", "ab123"),
    ("https://qa317.infusionsoft.com/app/home#dashboard", "qa317"),
    ("https://keap.app/checkout/zex739/some-product", "zex739"),
    ("https://forms.keap.app/lib/public-form-embed.js?appId=hav885", "hav885"),
    ("https://forms.keap.app/lib/public-form-embed.js?appid=btw525", "btw525"),
    ("https://lwn778.files.keap.app/images/logo.png", "lwn778"),
    ("https://dt123.infusionsoft.com:443/app", "dt123"),
    ("mystore", "mystore"),
    ("alpha", "alpha"),
    ("tt152", "tt152"),
    ("hl214\r\n", "hl214"),
    ("  https://az169.infusionsoft.com/app/orders  ", "az169"),
    ("\u201cab123\u201d", "ab123"),
    ("lhz514", "lhz514"),
    ("dyb285", "dyb285"),
    # as mail, chat, PDFs and notes hand them over
    ("<https://ab123.infusionsoft.com>", "ab123"),  # how mail programs show an address
    ("<ab123.infusionsoft.com>", "ab123"),
    ("https://ab123.infusionsoft.com>", "ab123"),  # half the brackets copied
    ("[ab123.infusionsoft.com](https://ab123.infusionsoft.com/)", "ab123"),  # a Markdown link
    ("https://ab123.infusionsoft.com.", "ab123"),  # the end of a sentence
    ("ab123.", "ab123"),
    ("ab123!", "ab123"),
    ("ab123:", "ab123"),
    ("(ab123)", "ab123"),
    ("*ab123*", "ab123"),
    ("App name: ab123", "ab123"),
    ("Nombre de la aplicación: ab123", "ab123"),
    ("Application Name = <https://ab123.infusionsoft.com/app>.", "ab123"),
    ("\u00a0ab123\u202f", "ab123"),  # non-breaking spaces from a web page or a PDF
    ("\u201eab123\u201c", "ab123"),
]

APP_NAMES_BAD = [
    ("", "app_name.empty"),
    ("   ", "app_name.empty"),
    (None, "app_name.empty"),
    ('""', "app_name.empty"),
    ("ab 123", "app_name.spaces"),
    ("my store", "app_name.spaces"),
    ("ab-123", "app_name.symbols"),
    ("ab_123", "app_name.symbols"),
    ("ab!123", "app_name.symbols"),
    ("ñu123", "app_name.symbols"),
    ("a", "app_name.length"),
    ("x" * 40, "app_name.length"),
    ("ana@example.com", "app_name.email"),
    ("soporte@ab123.infusionsoft.com", "app_name.email"),
    ("https://www.google.com/search?q=keap", "app_name.other_site"),
    ("wordpress.example.org", "app_name.other_site"),
    ("https://ab123.infusionsoft.app", "app_name.other_site"),
    ("https://keap.app/contacts/list/all", "app_name.keap_url_without_id"),
    ("https://keap.app/", "app_name.keap_url_without_id"),
    ("https://infusionsoft.com", "app_name.keap_url_without_id"),
    ("https://signin.infusionsoft.com/login", "app_name.keap_service_host"),
    ("https://api.infusionsoft.com/crm/rest/v2", "app_name.keap_service_host"),
    ("https://accounts.infusionsoft.com/app/home", "app_name.keap_service_host"),
    ("https://developer.infusionsoft.com/pat-and-sak/", "app_name.keap_service_host"),
    ("https://help.keap.com/help/api-key", "app_name.keap_url_without_id"),
    (SAK, "app_name.is_key"),
    (LEGACY, "app_name.is_key"),
    (f"X-Keap-API-Key: {SAK}", "app_name.is_key"),
    ("ab:123", "app_name.symbols"),
    ("ab123/", "app_name.symbols"),
    ("ab\u00a0123", "app_name.spaces"),
    ("mailto:ana@example.com", "app_name.email"),
    ("ab123ab123", "app_name.pasted_twice"),  # a second Ctrl+V
    ("ab123 ab123", "app_name.pasted_twice"),
    ("https://ab123.infusionsoft.comhttps://ab123.infusionsoft.com", "app_name.pasted_twice"),
]


@pytest.mark.parametrize(("typed", "expected"), APP_NAMES_OK)
def test_app_name_is_read_from_what_people_paste(typed, expected):
    assert validate_app_name(typed) == expected


@pytest.mark.parametrize(("typed", "code"), APP_NAMES_BAD)
def test_bad_app_name_raises_its_own_error(typed, code):
    with pytest.raises(InvalidAppName) as caught:
        validate_app_name(typed)
    assert caught.value.code == code
    assert caught.value.lesson == "01-nombre-de-la-aplicacion"
    assert caught.value.fix in str(caught.value)


def test_app_name_error_is_a_value_error_in_the_learners_language():
    with pytest.raises(ValueError) as caught:
        validate_app_name("", lang="pt")
    assert "vazio" in str(caught.value)


def test_app_name_notes_say_what_was_done():
    info = inspect_app_name("https://AB123.infusionsoft.com/app")
    assert info.name == "ab123"
    assert "app_name.note_from_url" in info.notes
    assert "app_name.note_unusual" not in info.notes
    assert "app_name.note_unusual" in inspect_app_name("mystore").notes


def test_key_error_for_app_field_never_shows_the_key():
    with pytest.raises(InvalidAppName) as caught:
        validate_app_name(SAK)
    assert SAK[7:] not in str(caught.value) and SAK[7:] not in repr(caught.value)


KEYS_OK = [
    (SAK, KeyKind.KEAP, ()),
    (f"  {SAK}  ", KeyKind.KEAP, ("key.cleaned_spaces",)),
    (f"{SAK}\n", KeyKind.KEAP, ("key.cleaned_spaces",)),
    (f'"{SAK}"', KeyKind.KEAP, ("key.cleaned_quotes",)),
    (f"'{SAK}'", KeyKind.KEAP, ("key.cleaned_quotes",)),
    (f"\u201c{SAK}\u201d", KeyKind.KEAP, ("key.cleaned_quotes",)),
    (f"`{SAK}`", KeyKind.KEAP, ("key.cleaned_quotes",)),
    (f"Bearer {SAK}", KeyKind.KEAP, ("key.cleaned_header",)),
    (f"bearer {SAK}", KeyKind.KEAP, ("key.cleaned_header",)),
    (f"X-Keap-API-Key: {SAK}", KeyKind.KEAP, ("key.cleaned_header",)),
    (f"x-keap-api-key:{SAK}", KeyKind.KEAP, ("key.cleaned_header",)),
    (f"Authorization: Bearer {SAK}", KeyKind.KEAP, ("key.cleaned_header",)),
    (f'"Authorization: Bearer {SAK}"', KeyKind.KEAP, ("key.cleaned_quotes", "key.cleaned_header")),
    (f"X-Keap-API-Key = {SAK}", KeyKind.KEAP, ("key.cleaned_header",)),
    ("KeapAK-" + "0" * 50, KeyKind.KEAP, ()),
    ("KeapAK-" + "ab" * 25, KeyKind.KEAP, ()),
    (LEGACY, KeyKind.LEGACY, ()),
    (LEGACY.upper(), KeyKind.LEGACY, ()),
    (f" {LEGACY} ", KeyKind.LEGACY, ("key.cleaned_spaces",)),
    (f'"{LEGACY}"', KeyKind.LEGACY, ("key.cleaned_quotes",)),
    (f"Bearer {LEGACY}", KeyKind.LEGACY, ("key.cleaned_header",)),
    # as mail, chat, PDFs and password managers hand them over
    (f"<{SAK}>", KeyKind.KEAP, ("key.cleaned_wrapping",)),
    (f"{SAK}.", KeyKind.KEAP, ("key.cleaned_wrapping",)),
    (f"({SAK})", KeyKind.KEAP, ("key.cleaned_wrapping",)),
    (f"**{SAK}**", KeyKind.KEAP, ("key.cleaned_wrapping",)),
    (f"Key: {SAK}", KeyKind.KEAP, ("key.cleaned_label",)),
    (f"Clave de API: {SAK}", KeyKind.KEAP, ("key.cleaned_label",)),
    (f"Service Account Key = {SAK}", KeyKind.KEAP, ("key.cleaned_label",)),
    (f"Chave: <{SAK}>.", KeyKind.KEAP, ("key.cleaned_label", "key.cleaned_wrapping")),
    (f"Encrypted Key: {LEGACY}", KeyKind.LEGACY, ("key.cleaned_label",)),
    (f"\u00a0{SAK}\u00a0", KeyKind.KEAP, ("key.cleaned_spaces",)),
    (f"\u201e{SAK}\u201c", KeyKind.KEAP, ("key.cleaned_quotes",)),
]

KEYS_BAD = [
    ("", "key.empty"),
    (None, "key.empty"),
    ("   ", "key.empty"),
    ('""', "key.empty"),
    ("Bearer ", "key.empty"),
    (SAK[:30] + "\n" + SAK[30:], "key.line_break"),
    (LEGACY[:16] + "\r\n" + LEGACY[16:], "key.line_break"),
    (SAK[:20], "key.truncated"),
    (SAK[:-1], "key.truncated"),
    (LEGACY[:24], "key.truncated"),
    ("KeapAK-3f9a...", "key.shortened_copy"),
    ("KeapAK-3f9a\u2026e9f", "key.shortened_copy"),
    ("KeapAK-****************************", "key.shortened_copy"),
    ("keapak-" + SAK[7:], "key.prefix_case"),
    ("KEAPAK-" + SAK[7:], "key.prefix_case"),
    (SAK[:30] + " " + SAK[30:], "key.line_break"),  # a browser pastes a line break as a space
    (SAK[:30] + "\t" + SAK[30:], "key.line_break"),
    (LEGACY[:16] + " " + LEGACY[16:], "key.line_break"),
    (SAK[:30] + " # " + SAK[30:], "key.bad_characters"),
    (SAK[:30] + "#" + SAK[30:], "key.bad_characters"),
    (f"my key is {SAK}", "key.text_around"),
    ("mi frase secreta 2024", "key.looks_like_passphrase"),
    ("Panaderia2024!", "key.looks_like_passphrase"),
    ("hunter2", "key.looks_like_passphrase"),
    ("ab123", "key.is_app_name"),
    ("ZEX739", "key.is_app_name"),
    ("a1B2c3D4e5F6g7H8i9J0k1L2", "key.oauth_client_id"),
    ("Xk9dPq2LmN4vRt7sWy1zAb3C", "key.oauth_client_id"),
    ("https://ab123.infusionsoft.com", "key.looks_like_passphrase"),
    ("0" * 48, "key.unknown_format"),
    ("Z" * 64, "key.unknown_format"),
    ("ab123.infusionsoft.com", "key.looks_like_passphrase"),
    (LEGACY + LEGACY, "key.pasted_twice"),
    (SAK + SAK, "key.pasted_twice"),  # a second Ctrl+V
    (SAK + " " + SAK, "key.pasted_twice"),
    (f"{SAK}\n{SAK}", "key.pasted_twice"),
    (SAK + " " + SAK[:-4] + "0000", "key.two_keys"),
    (SAK + SAK[:-4] + "0000", "key.two_keys"),
    (f"{SAK} (SAK)", "key.text_around"),
    ("KeapAK-" + "\u2022" * 8, "key.shortened_copy"),  # a password manager's hidden copy
]


@pytest.mark.parametrize(("typed", "kind", "cleaned"), KEYS_OK)
def test_key_kind_is_detected_and_safe_cleaning_is_reported(typed, kind, cleaned):
    info = inspect_key(typed)
    assert info.kind is kind
    assert info.key in (SAK, LEGACY, LEGACY.upper(), typed.strip())
    assert info.cleaned == cleaned


@pytest.mark.parametrize(("typed", "code"), KEYS_BAD)
def test_usual_key_mistakes_get_their_own_message(typed, code):
    with pytest.raises(InvalidKey) as caught:
        inspect_key(typed)
    assert caught.value.code == code
    text = str(caught.value) + repr(caught.value)
    if typed and len(typed) > 12:
        assert typed.strip() not in text


def test_key_info_repr_hides_the_key():
    info = inspect_key(SAK)
    assert SAK not in repr(info) and SAK[-8:] not in repr(info)
    assert info.masked == "KeapAK-..." + SAK[-4:]


@pytest.mark.parametrize(
    ("key", "shown"),
    [
        (SAK, "KeapAK-..." + SAK[-4:]),
        (LEGACY, "..." + LEGACY[-4:]),
        ("", "****"),
        (None, "****"),
        ("short", "****"),
        (f"  {SAK} ", "KeapAK-..." + SAK[-4:]),
    ],
)
def test_mask_shows_kind_prefix_and_last_four_only(key, shown):
    assert mask(key) == shown
