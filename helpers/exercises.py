"""Exercise checkers: a learner's answer in, a friendly verdict out (no solution spoiled).

Each lesson registers its exercises with ``@exercise("NN-k")`` (lesson number, then the
exercise's number in it: the same neutral id in every edition); a checker returns ``None``
when the answer is right, or the catalogue key of a hint when it is not. A key ending in
``.right`` is a right answer with its own explanation.

>>> check("demo-sum", 4, lang="en").ok
True
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .i18n import get_language, has_message, t

Checker = Callable[[Any], "str | None"]
_CHECKERS: dict[str, Checker] = {}
_UNANSWERED = (None, "", ...)
_RIGHT = ".right"  # a checker's key for a right answer that says why it is right


@dataclass(frozen=True)
class Verdict:
    """The outcome of checking one answer, shown as a short line."""

    ok: bool
    text: str

    def __str__(self) -> str:
        return ("✅ " if self.ok else "🤔 ") + self.text

    def _repr_markdown_(self) -> str:
        return str(self)


def exercise(name: str) -> Callable[[Checker], Checker]:
    """Register ``checker`` under ``name`` (decorator)."""

    def register(checker: Checker) -> Checker:
        _CHECKERS[name] = checker
        return checker

    return register


def check(name: str, answer: Any, lang: str | None = None) -> Verdict:
    """Check ``answer`` for exercise ``name``; unanswered exercises get a gentle nudge."""
    lang = lang or get_language()
    if any(answer is u for u in _UNANSWERED) or answer == "":
        return Verdict(False, t("exercise.unanswered", lang))
    hint = _CHECKERS[name](answer)
    if hint is None or hint.endswith(_RIGHT):
        return Verdict(True, t(hint or "exercise.right", lang))
    return Verdict(False, t(hint, lang))


@exercise("demo-sum")
def _demo_sum(answer: Any) -> str | None:
    return None if answer == 4 else "exercise.try_again"


# --- lesson exercises: each lesson adds its checkers below, in lesson order ---------------


# lesson 00 ---------------------------------------------------------------------------------
def _words(answer: Any) -> str:
    """The answer as lower-case text without quotes or surrounding spaces."""
    return str(answer).strip().strip("'\"").strip().lower()


@exercise("00-1")
def _current_mode(answer: Any) -> str | None:
    from . import config
    from .storage import load_credentials

    expected = (
        "sandbox" if config.check_target(load_credentials().key).mode == "sandbox" else "real"
    )
    given = _words(answer).removeprefix("modo ").removeprefix("mode ").strip()
    aliases = {"sandbox": {"sandbox", "🧪"}, "real": {"real", "keap", "keap real", "🔑"}}
    if given in aliases[expected]:
        return None
    if given in aliases["sandbox"] | aliases["real"]:
        return "exercise.00_mode.other"
    return "exercise.00_mode.choose"


# lesson 01 ---------------------------------------------------------------------------------
# The addresses the exercises give, exactly as in the lesson.
_URL_01 = "https://kp482.infusionsoft.com/Contact/manageContact.jsp?view=edit&ID=42"
_CHECKOUT_01 = "https://keap.app/checkout/hqw274/croissants"


def _app_name_hint(answer: Any, source: str, hints: tuple[str, str]) -> str | None:
    """None if ``answer`` is the app name in ``source``; else (too much, wrong) hint."""
    from .credentials import validate_app_name

    expected = validate_app_name(source)
    given = _words(answer)
    if given == expected:
        return None
    return hints[0] if expected in given else hints[1]


@exercise("01-1")
def _name_from_url(answer: Any) -> str | None:
    return _app_name_hint(answer, _URL_01, ("exercise.01_url.too_much", "exercise.01_url.hint"))


@exercise("10-1")
def _name_from_checkout(answer: Any) -> str | None:
    return _app_name_hint(
        answer, _CHECKOUT_01, ("exercise.01_checkout.too_much", "exercise.01_checkout.hint")
    )


# lesson 02 ---------------------------------------------------------------------------------
def _letter(answer: Any) -> str:
    """A multiple-choice answer as one lower-case letter ('' if it is not one)."""
    text = _words(answer).strip("().")
    return text if len(text) == 1 and text.isalpha() else ""


def _choice(answer: Any, hints: dict[str, str | None]) -> str | None:
    """None for the right letter, the hint of a wrong one, or how to answer."""
    letter = _letter(answer)
    return hints.get(letter, "exercise.letter")


# On keap.app, which path leads to the page where keys are made? (options as in the lesson)
_LESSON02_PATHS = {
    "a": "exercise.02_path.legacy",
    "b": None,
    "c": "exercise.02_path.classic",
    "d": "exercise.02_path.portal",
}


@exercise("02-1")
def _path_on_keap_app(answer: Any) -> str | None:
    return _choice(answer, _LESSON02_PATHS)


# lesson 03 ---------------------------------------------------------------------------------
def _lesson03_candidates() -> dict[str, str]:
    """The five strings of the lesson's exercise, by letter, exactly as in the lesson."""
    from .sandbox import DEMO_APP_NAME, DEMO_LEGACY_KEY, DEMO_SERVICE_ACCOUNT_KEY

    return {
        "a": DEMO_SERVICE_ACCOUNT_KEY,
        "b": "tango-koala-mango-radar-piano-sushi",
        "c": DEMO_LEGACY_KEY[:20],
        "d": DEMO_LEGACY_KEY,
        "e": DEMO_APP_NAME,
    }


# What inspect_key says about a wrong choice -> the hint that explains it.
_LESSON03_HINTS = {
    "keap": "exercise.03_encrypted.keap",
    "key.looks_like_passphrase": "exercise.03_encrypted.passphrase",
    "key.truncated": "exercise.03_encrypted.truncated",
    "key.is_app_name": "exercise.03_encrypted.app_name",
}


@exercise("03-1")
def _encrypted_key(answer: Any) -> str | None:
    from .credentials import KeyKind, inspect_key
    from .errors import InvalidKey

    candidates = _lesson03_candidates()
    # A letter, or the chosen string itself (e.g. candidates["D"]).
    text = candidates.get(_words(answer).strip("()."))
    if text is None and str(answer) in candidates.values():
        text = str(answer)
    if text is None:
        return "exercise.03_encrypted.letter"
    try:
        found = inspect_key(text).kind
    except InvalidKey as error:
        return _LESSON03_HINTS.get(error.code, "exercise.03_encrypted.hint")
    if found is KeyKind.LEGACY:
        return None
    return _LESSON03_HINTS["keap"]


# lesson 04 ---------------------------------------------------------------------------------
_LESSON04_HINTS = {"a": "exercise.04_ip.login", "b": None, "c": "exercise.04_ip.key"}


@exercise("04-1")
def _allowed_ip(answer: Any) -> str | None:
    letter = _words(answer).strip("().")
    if letter not in _LESSON04_HINTS:
        return "exercise.04_ip.letter"
    return _LESSON04_HINTS[letter]


# lesson 05 ---------------------------------------------------------------------------------
def _plain(answer: Any) -> str:
    """The answer as lower-case text without quotes, spaces, hyphens or underscores."""
    text = str(answer).strip().strip("'\"").lower()
    return "".join(c for c in text if c not in " -_")


@exercise("05-1")
def _key_type(answer: Any) -> str | None:
    given = _plain(answer)
    if given in {"sak", "serviceaccountkey"}:
        return None
    if given in {"pat", "personalaccesstoken", "token"}:
        return "exercise.05_key_type.pat"
    if given in {"legacy", "encryptedkey", "apipassphrase", "legacykey"}:
        return "exercise.05_key_type.legacy"
    return "exercise.05_key_type.choose"


# What each option of exercise 10-2 (the paste mistakes from lesson 05) describes, as inspect_key's error code.
_FAULT_OPTIONS = {
    "a": "key.truncated",
    "b": "key.shortened_copy",
    "c": "key.looks_like_passphrase",
    "d": "key.line_break",
}


@exercise("10-2")
def _find_the_fault(answer: Any) -> str | None:
    from .credentials import inspect_key, mask
    from .errors import InvalidKey
    from .sandbox import DEMO_SERVICE_ACCOUNT_KEY

    letter = _plain(answer).strip("().")
    if letter not in _FAULT_OPTIONS:
        return "exercise.05_fault.letter"
    try:  # what Pablo saw in the field: the key as the API Settings list shows it
        inspect_key(mask(DEMO_SERVICE_ACCOUNT_KEY))
    except InvalidKey as error:
        return None if _FAULT_OPTIONS[letter] == error.code else "exercise.05_fault.hint"
    return "exercise.05_fault.hint"


# lesson 06 ---------------------------------------------------------------------------------
# A morning check returns the cause invalid_key: which explanation fits? (as in the lesson)
_LESSON06_NEXT = {
    "a": "exercise.06_next.quota",
    "b": None,
    "c": "exercise.06_next.server",
    "d": "exercise.06_next.forbidden",
}


@exercise("06-1")
def _after_invalid_key(answer: Any) -> str | None:
    return _choice(answer, _LESSON06_NEXT)


# lesson 07 ---------------------------------------------------------------------------------
def _saved_file_mode() -> int:
    """The permission bits save_credentials gives a new file on this computer."""
    import tempfile
    from pathlib import Path

    from .sandbox import DEMO_APP_NAME, DEMO_SERVICE_ACCOUNT_KEY
    from .storage import save_credentials

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / ".env"
        save_credentials(DEMO_APP_NAME, DEMO_SERVICE_ACCOUNT_KEY, path)
        return path.stat().st_mode & 0o777


def _mode_from_text(answer: Any) -> int | None:
    """Read 0o600, '600', '0600' or '-rw-------' as permission bits; None if unreadable."""
    text = str(answer).strip().strip("'\"").lower()
    if len(text) in (9, 10) and set(text) <= set("-rwx"):
        bits = text[-9:]
        return sum(1 << (8 - i) for i, c in enumerate(bits) if c != "-")
    try:
        return int(text.removeprefix("0o"), 8)
    except ValueError:
        return None


@exercise("07-1")
def _file_mode(answer: Any) -> str | None:
    expected = _saved_file_mode()
    if isinstance(answer, int) and not isinstance(answer, bool):
        given: int | None = answer
    else:
        given = _mode_from_text(answer)
    if given == expected:
        return None
    return "exercise.07_mode.open" if given == 0o644 else "exercise.07_mode.hint"


# Rotating a key: a) delete the old key in Keap, b) create the new key,
# c) save it with replace=True, d) test it. Only b, c, d, a keeps the integration working.
_ROTATION = "bcda"


@exercise("07-2")
def _rotation_order(answer: Any) -> str | None:
    if isinstance(answer, (list, tuple)):
        answer = "".join(str(item) for item in answer)
    order = "".join(c for c in _words(answer) if c.isalpha())
    if sorted(order) != sorted(_ROTATION):
        return "exercise.07_rotation.format"
    if order == _ROTATION:
        return None
    return (
        "exercise.07_rotation.delete_first" if order.index("a") < 3 else "exercise.07_rotation.hint"
    )


# lesson 08 ---------------------------------------------------------------------------------
# A plugin asks for Application Name and Encrypted Key: what do you do? (as in the lesson)
_LESSON08_PLUGIN = {
    "a": "exercise.08_plugin.passphrase",
    "b": "exercise.08_plugin.paste_sak",
    "c": None,
    "d": "exercise.08_plugin.app_name",
}


@exercise("08-1")
def _legacy_plugin(answer: Any) -> str | None:
    return _choice(answer, _LESSON08_PLUGIN)


def _business_names() -> set[str]:
    """The business names a learner may have read: a demo one (every edition's, as a sandbox
    may speak any), and the real one if configured."""
    import os

    from .sandbox import is_demo_key
    from .sandbox.demo import DEMO_BUSINESS_NAMES

    names = set(DEMO_BUSINESS_NAMES)
    key = os.environ.get("KEAP_API_KEY", "").strip()
    if key and not is_demo_key(key):
        names.add(_real_business_name(key, ""))  # the origin comes from config.check_target
    return {name.strip().casefold() for name in names if name}


def _real_business_name(key: str, base_url: str) -> str:
    """The business name Keap gives for ``key``, or '' when it cannot be read."""
    from .client import read_json

    profile = read_json("/crm/rest/v2/businessProfile", key, base_url=base_url.strip() or None)
    name = profile.get("name") if isinstance(profile, dict) else None
    return name if isinstance(name, str) else ""


@exercise("10-3")
def _business_name(answer: Any) -> str | None:
    if not isinstance(answer, str):
        return "exercise.08_business.not_text"
    given = answer.strip().strip("'\"").strip().casefold()
    if given in _business_names():
        return None
    if "@" in given:
        return "exercise.08_business.is_email"
    return "exercise.08_business.hint"


# lesson 10 ---------------------------------------------------------------------------------
# requests.post(url, body, headers) answered 401 with the card "no key": what is wrong?
# (options as in the lesson)
_LESSON10_POST = {
    "a": "exercise.10_post.revoked",
    "b": "exercise.10_post.path",
    "c": "exercise.10_post.right",
    "d": "exercise.10_post.header_name",
}


@exercise("10-4")
def _positional_headers(answer: Any) -> str | None:
    return _choice(answer, _LESSON10_POST)


# lesson 09 ---------------------------------------------------------------------------------
def _lab_causes() -> dict[str, str]:
    """The cause code of each symptom in the lesson's exercise, by letter."""
    from .troubleshooting import run_scenario

    return {
        "a": run_scenario("quota").cause,
        "b": run_scenario("html").cause,
        # A 401 whose errorcode is oauth.v2.InvalidAccessToken: the key never arrived.
        "c": "missing_key",
    }


def _cause_code(text: Any) -> str:
    return str(text).strip().strip("'\"`").strip().lower().removeprefix("cause.")


@exercise("09-1")
def _symptom_causes(answer: Any) -> str | None:
    if not isinstance(answer, dict) or set(answer) != {"a", "b", "c"}:
        return "exercise.09_causes.format"
    given = {letter: answer[letter] for letter in "abc"}
    if all(value in (None, "") for value in given.values()):
        return "exercise.unanswered"
    if any(value in (None, "") for value in given.values()):
        return "exercise.09_causes.incomplete"
    if not all(has_message(f"cause.{_cause_code(value)}.message") for value in given.values()):
        return "exercise.09_causes.unknown"
    expected = _lab_causes()
    wrong = next(
        (letter for letter in "abc" if _cause_code(given[letter]) != expected[letter]), None
    )
    return None if wrong is None else f"exercise.09_causes.wrong_{wrong}"
