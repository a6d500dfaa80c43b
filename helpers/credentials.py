"""Check what a learner types, without any network: the application name and the API key.

>>> validate_app_name(" https://AB123.infusionsoft.com/app/contact/list ")
'ab123'
>>> inspect_key('"KeapAK-' + "0" * 46 + '9f2c"').kind.value
'keap'
>>> mask("KeapAK-" + "0" * 46 + "9f2c")
'KeapAK-...9f2c'
"""

from __future__ import annotations

import enum
import re
import unicodedata
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

from .errors import InvalidAppName, InvalidKey

KEAP_KEY_PREFIX = "KeapAK-"
KEAP_KEY_BODY_LENGTH = 50  # observed in public samples, not documented by Keap
LEGACY_KEY_LENGTH = 32  # observed in public samples, not documented by Keap
MAX_INPUT_LENGTH = 2000  # far above any key, name or account address; longer is refused at once

_APP_NAME = re.compile(r"^[a-z0-9]{2,32}$")
_USUAL_APP_NAME = re.compile(r"^[a-z]{2,3}[0-9]{3}$")
_HEX = re.compile(r"^[0-9a-fA-F]+$")
_KEY_BODY = re.compile(r"^[A-Za-z0-9_-]+$")
_OAUTH_ID = re.compile(r"^[A-Za-z0-9]{16,48}$")
_QUOTES = "\"'`\u201c\u201d\u2018\u2019\u00ab\u00bb\u201e\u201a\u2039\u203a"
# What mail, chat and documents put around a pasted value: <angle brackets> (how mail programs
# show an address), (brackets), *bold*, ~strike~; and sentence punctuation after it.
_WRAPPERS = (("<", ">"), ("(", ")"), ("[", "]"), ("**", "**"), ("*", "*"), ("~", "~"))
_TRAILING_PUNCTUATION = ".,;:!?"
# A label typed before the value, "Key: ...", "Clave de API = ...", "App name: ...": up to five
# words of letters (the first not a digit), then ":" or "=".
_LABEL = re.compile(r"^[^\W\d_][^\W_]*(?:[ \t'-][^\W_]+){0,4}[ \t]*[:=][ \t]*")
# A Markdown link, as chats and notes apps copy one: [shown text](address).
_MARKDOWN_LINK = re.compile(r"^\[([^\]]*)\]\(([^()\s]+)\)$")
# How password managers and key lists show a hidden key: dots, bullets, asterisks.
_MASKING = ("...", "\u2026", "*", "\u2022", "\u25cf")
_HEADER_PREFIX = re.compile(
    r"^(x-keap-api-key\s*[:=]\s*|authorization\s*[:=]\s*|bearer(?:\s+|$))", re.I
)
# Anything shaped like a key: a KeapAK- token, a long hex run (legacy key), a long token.
_KEY_SHAPED = re.compile(r"keapak-[A-Za-z0-9_\-]*|[0-9a-fA-F]{24,}|[A-Za-z0-9_\-]{40,}", re.I)
# Hosts under infusionsoft.com that belong to Keap itself (or a service it uses), not to one
# account: never an application name, and never a per-app API host (``config`` reads this list).
KEAP_SERVICE_HOSTS = frozenset(
    {
        "api",
        "www",
        "signin",
        "accounts",
        "developer",
        "help",
        "community",
        "integration",
        "keys",
        "marketplace",
        "classic-infusionsoft",
        "ug",
        "status",
    }
)


class KeyKind(str, enum.Enum):
    """The kinds of key Keap has issued."""

    KEAP = "keap"  # Personal Access Token or Service Account Key (both start with KeapAK-)
    LEGACY = "legacy"  # the old Encrypted Key made from an API Passphrase


@dataclass(frozen=True)
class KeyInfo:
    """A cleaned key, its kind, and what was cleaned (catalogue keys)."""

    key: str = field(repr=False)
    kind: KeyKind
    cleaned: tuple[str, ...] = ()

    @property
    def masked(self) -> str:
        """The key as it may be shown: kind prefix and last four characters."""
        return mask(self.key)


@dataclass(frozen=True)
class AppNameInfo:
    """A normalised application name and notes (catalogue keys) about how it was read."""

    name: str
    notes: tuple[str, ...] = ()


def mask(key: str | None) -> str:
    """Show a key as its kind prefix plus its last 4 characters, never more.

    >>> mask("0123456789abcdef0123456789ab1234")
    '...1234'
    >>> mask("short")
    '****'
    """
    key = key.strip() if isinstance(key, str) else ""
    if len(key) < 16:
        return "****"
    prefix = KEAP_KEY_PREFIX if key.startswith(KEAP_KEY_PREFIX) else ""
    return f"{prefix}...{key[-4:]}"


def hide_keys(text: str, *keys: str | None) -> str:
    """``text`` with every key-shaped string, and each of ``keys`` in any letter case, masked.

    >>> hide_keys("bad key 0123456789ABCDEF0123456789abcdef here")
    'bad key ...cdef here'
    """
    for key in keys:
        if isinstance(key, str) and len(key.strip()) >= 8:
            text = re.sub(re.escape(key.strip()), mask(key), text, flags=re.IGNORECASE)
    return _KEY_SHAPED.sub(lambda found: _masked_if_key(found.group(0)), text)


def _masked_if_key(token: str) -> str:
    return mask(token) if _is_key_shaped(token) else token


def _is_key_shaped(token: str) -> bool:
    """A KeapAK- token, a hex run of 24+, or a 40+ token mixing letters and digits."""
    if token.lower().startswith("keapak-") or _HEX.match(token):
        return True
    return any(c.isdigit() for c in token) and any(c.isalpha() for c in token)


def shown(text: str, limit: int = 60) -> str:
    """Untrusted text as it may appear in a message: printable, short, no key in it."""
    masked = hide_keys(text[:4096])  # mask first: a cut must never leave part of a key visible
    return "".join(c if c.isprintable() else "\ufffd" for c in masked[:limit])


def _invisible(text: str) -> bool:
    return any(unicodedata.category(c) == "Cf" for c in text)


def _without_invisible(text: str) -> str:
    """Remove zero-width characters, BOMs, soft hyphens and other Unicode format characters."""
    return "".join(c for c in text if unicodedata.category(c) != "Cf")


def _char_label(char: str) -> str:
    return char if char.isprintable() and not char.isspace() else f"U+{ord(char):04X}"


def validate_app_name(text: str | None, lang: str | None = None) -> str:
    """Return the application name found in ``text`` or raise ``InvalidAppName``."""
    return inspect_app_name(text, lang).name


def inspect_app_name(text: str | None, lang: str | None = None) -> AppNameInfo:
    """Read an application name from a name, a host or a Keap URL; say what was done."""
    if text is not None and not isinstance(text, str):
        raise InvalidAppName("app_name.not_text", lang=lang)
    if len(text or "") > MAX_INPUT_LENGTH:
        raise InvalidAppName("app_name.too_long", lang=lang, limit=MAX_INPUT_LENGTH)
    notes: list[str] = []
    if _invisible(text or ""):
        notes.append("app_name.note_invisible")
    raw = _as_plain_spaces(_without_invisible(text or "")).strip().strip(_QUOTES).strip()
    peeled = _peel_app_name(raw)
    if peeled != raw:
        raw = peeled
        notes.append("app_name.note_trimmed")
    if not raw:
        raise InvalidAppName("app_name.empty", lang=lang)
    if _looks_like_key(raw):
        raise InvalidAppName("app_name.is_key", lang=lang)
    if _doubled_app_name(raw):
        raise InvalidAppName("app_name.pasted_twice", lang=lang)
    if not raw.isascii():  # before any case folding: the Kelvin sign lower-cases to "k"
        bad = next(c for c in raw if not c.isascii())
        raise InvalidAppName("app_name.symbols", lang=lang, char=_char_label(bad))
    if "@" in raw and "/" not in raw:
        raise InvalidAppName("app_name.email", lang=lang)
    if "." in raw or "/" in raw or ":" in raw:
        raw = _name_from_url(raw, lang)
        notes.append("app_name.note_from_url")
    name = raw.lower()
    if name != raw:
        notes.append("app_name.note_lowercased")
    if re.search(r"\s", name):
        raise InvalidAppName("app_name.spaces", lang=lang)
    if not _APP_NAME.match(name):
        bad = next((c for c in name if not c.isascii() or not c.isalnum()), "")
        if bad:
            raise InvalidAppName("app_name.symbols", lang=lang, char=_char_label(bad))
        raise InvalidAppName("app_name.length", lang=lang, length=len(name))
    if not _USUAL_APP_NAME.match(name):
        notes.append("app_name.note_unusual")
    return AppNameInfo(name, tuple(notes))


def _as_plain_spaces(text: str) -> str:
    """Non-breaking, narrow and other Unicode spaces (as PDFs and web pages copy them) as " "."""
    return "".join(" " if unicodedata.category(c) == "Zs" else c for c in text)


def _peel_app_name(raw: str) -> str:
    """``raw`` without what mail, chat and notes put around an address or a name: ``mailto:``
    stays (it is an e-mail address); ``<...>``, a Markdown link, a label (``App name:``),
    quotes, brackets and a final full stop go.

    >>> _peel_app_name("App name: <https://ab123.infusionsoft.com>.")
    'https://ab123.infusionsoft.com'
    >>> _peel_app_name("[ab123.infusionsoft.com](https://ab123.infusionsoft.com/)")
    'https://ab123.infusionsoft.com/'
    """
    for _ in range(4):
        before = raw
        link = _MARKDOWN_LINK.match(raw)
        if link:
            raw = link.group(2)
        label = _LABEL.match(raw)
        spaced = label and label.group(0)[-1:].isspace()  # "App name: ab123", not "ab:123"
        if spaced and not raw.lower().startswith("mailto:") and raw[label.end() :][:1] not in "/":
            raw = raw[label.end() :]
        raw = _unwrapped(raw.strip().strip(_QUOTES).strip())
        if raw == before:
            break
    return raw


def _doubled_app_name(raw: str) -> bool:
    """True for a name or an address pasted twice in a row (``ab123ab123``, ``ab123 ab123``)."""
    compact = re.sub(r"\s+", "", raw).lower()
    half = len(compact) // 2
    if len(compact) % 2 or compact[:half] != compact[half:]:
        return False
    return bool(_USUAL_APP_NAME.match(compact[:half])) or "." in compact[:half]


def is_app_name(label: str) -> bool:
    """True for a label that may be one account's application name in ``<name>.infusionsoft.com``:
    the app-name rule (2-32 lower-case letters and digits, not only digits), not a Keap host.

    >>> is_app_name("ab123"), is_app_name("help"), is_app_name("12345"), is_app_name("a-b")
    (True, False, False, False)
    """
    return bool(_APP_NAME.match(label)) and not label.isdigit() and label not in KEAP_SERVICE_HOSTS


def _name_from_url(raw: str, lang: str | None) -> str:
    """Extract the app id from a URL or host name of Keap's, or raise InvalidAppName."""
    try:
        parts = urlsplit(raw if "//" in raw else f"https://{raw}")
        host = (parts.hostname or "").lower()
    except ValueError:  # e.g. an unclosed "[" in the host
        bad = next((c for c in raw if c in "[]"), ":")
        raise InvalidAppName("app_name.symbols", lang=lang, char=bad) from None
    labels = host.split(".")
    if host.endswith(".infusionsoft.com") and len(labels) == 3:
        if labels[0] in KEAP_SERVICE_HOSTS:
            raise InvalidAppName("app_name.keap_service_host", lang=lang, host=shown(host))
        return labels[0]
    if host.endswith(".files.keap.app") and len(labels) == 4:
        return labels[0]
    query = {k.lower(): v for k, v in parse_qs(parts.query).items()}
    if host.endswith("keap.app") and query.get("appid"):
        return query["appid"][0]
    path = [p for p in parts.path.split("/") if p]
    if host == "keap.app" and len(path) >= 2 and path[0] == "checkout":
        return path[1]
    if host in {"keap.app", "infusionsoft.com", "keap.com"} or host.endswith(
        (".keap.app", ".keap.com", ".infusionsoft.com")
    ):
        raise InvalidAppName("app_name.keap_url_without_id", lang=lang, host=shown(host))
    if not host or "." not in host:
        raise InvalidAppName("app_name.symbols", lang=lang, char=next(c for c in raw if c in "./:"))
    raise InvalidAppName("app_name.other_site", lang=lang, host=shown(host))


def _looks_like_key(text: str) -> bool:
    """True when ``text`` holds something shaped like a key, anywhere (a URL, a host, a query)."""
    return any(_is_key_shaped(found.group(0)) for found in _KEY_SHAPED.finditer(text))


def inspect_key(text: str | None, lang: str | None = None) -> KeyInfo:
    """Clean what is safe to clean, tell the kind of key, or raise ``InvalidKey``."""
    if text is not None and not isinstance(text, str):
        raise InvalidKey("key.not_text", lang=lang)
    raw = text or ""
    if len(raw) > MAX_INPUT_LENGTH:
        raise InvalidKey("key.too_long", lang=lang, limit=MAX_INPUT_LENGTH)
    cleaned: list[str] = []
    if _invisible(raw):
        raw = _without_invisible(raw)
        cleaned.append("key.cleaned_invisible")
    key = raw.strip()
    if key != raw and key:
        cleaned.append("key.cleaned_spaces")
    for _ in range(4):  # e.g. 'Key: <"Bearer KEY">.'; input length is capped above
        before = key
        key = _peel_key(key, cleaned)
        if key == before:
            break
    if not key:
        raise InvalidKey("key.empty", lang=lang)
    _refuse_two_keys(key, lang)
    if "\n" in key or "\r" in key or _split_key(key):
        raise InvalidKey("key.line_break", lang=lang)
    if any(sign in key for sign in _MASKING):
        raise InvalidKey("key.shortened_copy", lang=lang)
    if not key.isascii():  # before any case folding: the Kelvin sign lower-cases to "k"
        raise InvalidKey("key.bad_characters", lang=lang)
    kind = _classify(key, lang)
    return KeyInfo(key, kind, tuple(cleaned))


def _peel_key(key: str, cleaned: list[str]) -> str:
    """One round of taking off what was pasted around a key, noting it in ``cleaned``:
    quotes, a header name (``Bearer``), a label (``Key:``), brackets, and a final full stop."""
    if key[:1] in _QUOTES or key[-1:] in _QUOTES:
        key = key.strip(_QUOTES).strip()
        _note(cleaned, "key.cleaned_quotes")
    for _ in range(3):  # "Bearer X-Keap-API-Key: KEY" at most
        if not _HEADER_PREFIX.match(key):
            break
        key = _HEADER_PREFIX.sub("", key, count=1).strip().strip(_QUOTES).strip()
        _note(cleaned, "key.cleaned_header")
    label = _LABEL.match(key)
    if label and _key_follows(key[label.end() :]):
        key = key[label.end() :].strip()
        _note(cleaned, "key.cleaned_label")
    unwrapped = _unwrapped(key)
    if unwrapped != key:
        key = unwrapped
        _note(cleaned, "key.cleaned_wrapping")
    return key


def _key_follows(text: str) -> bool:
    """True when ``text`` starts with something key-shaped: a ``KeapAK-`` token or hex digits."""
    token = text.strip().strip(_QUOTES + "<([*~")
    return token.lower().startswith("keapak-") or bool(re.match(r"[0-9a-fA-F]{16}", token))


def _unwrapped(text: str) -> str:
    """``text`` without a pair of brackets or Markdown marks around it, or sentence punctuation
    after it ("... is <KEY>." -> "KEY"); an ellipsis stays (it marks a shortened copy).

    >>> _unwrapped("<https://ab123.infusionsoft.com>."), _unwrapped("KeapAK-3f9a...")
    ('https://ab123.infusionsoft.com', 'KeapAK-3f9a...')
    """
    for _ in range(4):
        before = text
        if text.endswith(tuple(_TRAILING_PUNCTUATION)) and not text.endswith(("...", "\u2026")):
            text = text.rstrip(_TRAILING_PUNCTUATION).rstrip()
        for opening, closing in _WRAPPERS:
            inside = text[len(opening) : -len(closing)]
            if text.startswith(opening) and text.endswith(closing) and inside and "*" not in inside:
                text = inside.strip()
                break
            if opening in "<([" and text.startswith(opening) and closing not in text:
                text = text[1:].strip()  # half a pair: the other half was not copied
            elif opening in "<([" and text.endswith(closing) and opening not in text:
                text = text[:-1].strip()
        if text == before:
            break
    return text


def _note(notes: list[str], code: str) -> None:
    if code not in notes:
        notes.append(code)


def _refuse_two_keys(key: str, lang: str | None) -> None:
    """Raise ``InvalidKey`` for a key pasted twice in a row, or two different keys in one field."""
    compact = re.sub(r"\s+", "", key)
    half = len(compact) // 2
    if len(compact) % 2 == 0 and half >= 16 and compact[:half] == compact[half:]:
        try:
            _classify(compact[:half], None)
        except InvalidKey:
            pass
        else:
            raise InvalidKey("key.pasted_twice", lang=lang)
    if compact.lower().count(KEAP_KEY_PREFIX.lower()) >= 2:
        raise InvalidKey("key.two_keys", lang=lang)


def _split_key(key: str) -> bool:
    """True when ``key`` is a key with a space in its middle: copied across two lines (a browser
    turns a pasted line break into a space), not a passphrase or text around a key.

    >>> _split_key("KeapAK-" + "a" * 20 + " " + "b" * 30), _split_key("mi frase secreta 2024")
    (True, False)
    """
    if not re.search(r"\s", key):
        return False
    try:
        _classify(re.sub(r"\s+", "", key), None)
    except InvalidKey:
        return False
    return True


def _classify(key: str, lang: str | None) -> KeyKind:
    lowered = key.lower()
    if lowered.startswith(KEAP_KEY_PREFIX.lower()):
        body = key[len(KEAP_KEY_PREFIX) :]
        if not key.startswith(KEAP_KEY_PREFIX):
            raise InvalidKey("key.prefix_case", lang=lang)
        first = re.split(r"\s", body, maxsplit=1)[0]
        if first != body and _KEY_BODY.match(first) and len(first) >= KEAP_KEY_BODY_LENGTH:
            raise InvalidKey("key.text_around", lang=lang)  # "KeapAK-... (SAK)"
        if re.search(r"\s", body) or not _KEY_BODY.match(body):
            raise InvalidKey("key.bad_characters", lang=lang)
        if len(body) < KEAP_KEY_BODY_LENGTH:
            raise InvalidKey(
                "key.truncated",
                lang=lang,
                length=len(key),
                expected=len(KEAP_KEY_PREFIX) + KEAP_KEY_BODY_LENGTH,
            )
        return KeyKind.KEAP
    if KEAP_KEY_PREFIX.lower() in lowered:
        raise InvalidKey("key.text_around", lang=lang)
    if re.search(r"\s", key):
        raise InvalidKey("key.looks_like_passphrase", lang=lang)
    if _HEX.match(key):
        if len(key) == LEGACY_KEY_LENGTH:
            return KeyKind.LEGACY
        if len(key) < LEGACY_KEY_LENGTH and len(key) >= 16:
            raise InvalidKey(
                "key.truncated", lang=lang, length=len(key), expected=LEGACY_KEY_LENGTH
            )
    if _USUAL_APP_NAME.match(lowered):
        raise InvalidKey("key.is_app_name", lang=lang)
    if _OAUTH_ID.match(key) and re.search(r"[g-zG-Z]", key) and re.search(r"[0-9]", key):
        raise InvalidKey("key.oauth_client_id", lang=lang)
    if len(key) < 40:
        raise InvalidKey("key.looks_like_passphrase", lang=lang)
    raise InvalidKey("key.unknown_format", lang=lang, length=len(key))


# --- passphrases (the old method's API Passphrase, lesson 3) ---------------------------------
# Readable in Spanish, English and Portuguese; 99 words, so 6 words give about 40 bits.
PASSPHRASE_WORDS: tuple[str, ...] = tuple(
    [
        "alpaca",
        "animal",
        "banana",
        "banjo",
        "bingo",
        "bonsai",
        "cacao",
        "cactus",
        "canal",
        "capital",
        "casino",
        "central",
        "cobra",
        "coral",
        "cosmos",
        "delta",
        "drama",
        "duo",
        "emoji",
        "fauna",
        "festival",
        "final",
        "flora",
        "gala",
        "global",
        "golf",
        "hospital",
        "hotel",
        "idea",
        "iguana",
        "jaguar",
        "judo",
        "karaoke",
        "karate",
        "kayak",
        "kimono",
        "kiwi",
        "koala",
        "lava",
        "lima",
        "limbo",
        "local",
        "mango",
        "mantra",
        "marina",
        "metro",
        "motel",
        "mural",
        "natural",
        "ninja",
        "normal",
        "oasis",
        "omega",
        "origami",
        "panda",
        "panorama",
        "papaya",
        "patio",
        "piano",
        "pizza",
        "plasma",
        "polar",
        "poncho",
        "puma",
        "quinoa",
        "radar",
        "radio",
        "robot",
        "rodeo",
        "rumba",
        "safari",
        "salsa",
        "samba",
        "sauna",
        "sigma",
        "soda",
        "sofa",
        "solar",
        "sonar",
        "sushi",
        "tango",
        "tapioca",
        "taxi",
        "tempo",
        "tiara",
        "tofu",
        "tornado",
        "total",
        "trio",
        "tsunami",
        "tuba",
        "turbo",
        "veto",
        "virus",
        "visa",
        "vital",
        "wasabi",
        "yoga",
        "zen",
    ]
)


def generate_passphrase(words: int = 6) -> str:
    """A random passphrase of ``words`` common words joined by hyphens, from ``secrets``.

    >>> len(generate_passphrase().split("-"))
    6
    """
    import secrets

    return "-".join(secrets.choice(PASSPHRASE_WORDS) for _ in range(words))
