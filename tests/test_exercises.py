"""Every exercise checker, table-driven: right answers, wrong answers (with the hint they get)
and malformed answers, in each language, through ``helpers.exercises.check``.

The checkers that need a server (00-1 reads the mode, 06's lesson, 09-1 runs the lab) use the
real shared sandbox on 127.0.0.1, as the notebooks do.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from helpers import exercises
from helpers.exercises import check
from helpers.i18n import LANGUAGES, t
from helpers.lessons import LESSONS
from helpers.sandbox import DEMO_APP_NAME, DEMO_LEGACY_KEY
from helpers.sandbox.demo import DEMO_BUSINESS

ROOT = Path(__file__).resolve().parents[1]
_CHECK_CALL = re.compile(r"""check\(\s*["']([^"']+)["']""")

# (exercise, answer, hint key or None when right; a key ending in ".right" is right, explained)
CASES = [
    ("00-1", "sandbox", None),
    ("00-1", " 'Sandbox' ", None),
    ("00-1", "🧪", None),
    ("00-1", "real", "exercise.00_mode.other"),
    ("00-1", "maybe", "exercise.00_mode.choose"),
    ("00-1", 42, "exercise.00_mode.choose"),
    ("01-1", "kp482", None),
    ("01-1", "KP482", None),
    ("01-1", "kp482.infusionsoft.com", "exercise.01_url.too_much"),
    ("01-1", "infusionsoft", "exercise.01_url.hint"),
    ("01-1", 482, "exercise.01_url.hint"),
    ("10-1", "hqw274", None),
    ("10-1", "keap.app/checkout/hqw274", "exercise.01_checkout.too_much"),
    ("10-1", "curso-de-reposteria", "exercise.01_checkout.hint"),
    ("02-1", "b", None),
    ("02-1", "(B)", None),
    ("02-1", "a", "exercise.02_path.legacy"),
    ("02-1", "c", "exercise.02_path.classic"),
    ("02-1", "d", "exercise.02_path.portal"),
    ("02-1", "e", "exercise.letter"),
    ("02-1", "bc", "exercise.letter"),
    ("02-1", 2, "exercise.letter"),
    ("03-1", "D", None),
    ("03-1", "d", None),
    ("03-1", DEMO_LEGACY_KEY, None),
    ("03-1", "a", "exercise.03_encrypted.keap"),
    ("03-1", "b", "exercise.03_encrypted.passphrase"),
    ("03-1", "c", "exercise.03_encrypted.truncated"),
    ("03-1", "e", "exercise.03_encrypted.app_name"),
    ("03-1", "z", "exercise.03_encrypted.letter"),
    ("03-1", None, "exercise.unanswered"),
    ("04-1", "B", None),
    ("04-1", "a", "exercise.04_ip.login"),
    ("04-1", "c", "exercise.04_ip.key"),
    ("04-1", "yes", "exercise.04_ip.letter"),
    ("05-1", "SAK", None),
    ("05-1", "Service Account Key", None),
    ("05-1", "service_account_key", None),
    ("05-1", "PAT", "exercise.05_key_type.pat"),
    ("05-1", "Encrypted Key", "exercise.05_key_type.legacy"),
    ("05-1", "admin", "exercise.05_key_type.choose"),
    ("10-2", "b", None),
    ("10-2", "B)", None),
    ("10-2", "a", "exercise.05_fault.hint"),
    ("10-2", "c", "exercise.05_fault.hint"),
    ("10-2", "d", "exercise.05_fault.hint"),
    ("10-2", "f", "exercise.05_fault.letter"),
    ("06-1", "b", None),
    ("06-1", "a", "exercise.06_next.quota"),
    ("06-1", "c", "exercise.06_next.server"),
    ("06-1", "d", "exercise.06_next.forbidden"),
    ("06-1", "invalid_key", "exercise.letter"),
    ("07-2", "bcda", None),
    ("07-2", "B, C, D, A", None),
    ("07-2", ["b", "c", "d", "a"], None),
    ("07-2", "abcd", "exercise.07_rotation.delete_first"),
    ("07-2", "badc", "exercise.07_rotation.delete_first"),
    ("07-2", "cbda", "exercise.07_rotation.hint"),
    ("07-2", "bdca", "exercise.07_rotation.hint"),
    ("07-2", "bcd", "exercise.07_rotation.format"),
    ("07-2", "bcdd", "exercise.07_rotation.format"),
    ("08-1", "c", None),
    ("08-1", "a", "exercise.08_plugin.passphrase"),
    ("08-1", "b", "exercise.08_plugin.paste_sak"),
    ("08-1", "d", "exercise.08_plugin.app_name"),
    ("08-1", "SAK", "exercise.letter"),
    ("10-3", DEMO_BUSINESS["name"], None),
    ("10-3", f"  {DEMO_BUSINESS['name'].upper()} ", None),
    ("10-3", "Demo Bakery", None),  # the English edition's sandbox
    ("10-3", "padaria demo", None),  # the Portuguese edition's
    ("10-3", "someone@example.com", "exercise.08_business.is_email"),
    ("10-3", "Another business", "exercise.08_business.hint"),
    ("10-3", {"name": DEMO_BUSINESS["name"]}, "exercise.08_business.not_text"),
    ("10-4", "c", "exercise.10_post.right"),
    ("10-4", " (C) ", "exercise.10_post.right"),
    ("10-4", "a", "exercise.10_post.revoked"),
    ("10-4", "b", "exercise.10_post.path"),
    ("10-4", "d", "exercise.10_post.header_name"),
    ("10-4", "json=body", "exercise.letter"),
    ("10-4", ["c"], "exercise.letter"),
    ("10-4", None, "exercise.unanswered"),
    ("09-1", {"a": "quota_exceeded", "b": "html_response", "c": "missing_key"}, None),
    ("09-1", {"a": "cause.quota_exceeded", "b": " HTML_RESPONSE ", "c": "`missing_key`"}, None),
    ("09-1", {"a": "quota", "b": "html", "c": "missing_key"}, "exercise.09_causes.unknown"),
    (
        "09-1",
        {"a": "spike_arrest", "b": "html_response", "c": "missing_key"},
        "exercise.09_causes.wrong_a",
    ),
    (
        "09-1",
        {"a": "quota_exceeded", "b": "malformed_response", "c": "missing_key"},
        "exercise.09_causes.wrong_b",
    ),
    (
        "09-1",
        {"a": "quota_exceeded", "b": "html_response", "c": "invalid_key"},
        "exercise.09_causes.wrong_c",
    ),
    (
        "09-1",
        {"a": "quota_exceeded", "b": None, "c": "missing_key"},
        "exercise.09_causes.incomplete",
    ),
    ("09-1", {"a": None, "b": "", "c": None}, "exercise.unanswered"),
    ("09-1", {"a": "quota_exceeded"}, "exercise.09_causes.format"),
    ("09-1", "quota_exceeded", "exercise.09_causes.format"),
]


@pytest.fixture(autouse=True)
def _normal_sandbox(shared_sandbox):
    """Every case runs against the shared sandbox in its normal scenario."""
    yield shared_sandbox


@pytest.mark.parametrize(
    ("name", "answer", "hint"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)]
)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_checker_gives_the_verdict_and_hint_of_the_table(name, answer, hint, lang):
    verdict = check(name, answer, lang=lang)
    assert verdict.ok is (hint is None or hint.endswith(".right"))
    assert verdict.text == t(hint or "exercise.right", lang)


@pytest.mark.parametrize(
    ("answer", "hint"),
    [
        ("0o600", None),
        ("600", None),
        ("-rw-------", None),
        (0o600, None),
        ("0o644", "exercise.07_mode.open"),
        ("-rw-r--r--", "exercise.07_mode.open"),
        ("0o777", "exercise.07_mode.hint"),
        ("read only", "exercise.07_mode.hint"),
        (True, "exercise.07_mode.hint"),
    ],
)
def test_file_mode_checker_accepts_the_mode_save_credentials_gives(answer, hint, monkeypatch):
    monkeypatch.setattr(exercises, "_saved_file_mode", lambda: 0o600)  # POSIX; Windows differs
    verdict = check("07-1", answer, lang="en")
    assert (verdict.ok, verdict.text) == (hint is None, t(hint or "exercise.right", "en"))


@pytest.mark.parametrize("answer", [None, "", ...])
def test_unanswered_exercises_get_a_nudge_not_a_verdict(answer):
    for name in ("02-1", "06-1", "07-2", "08-1", "10-4"):
        assert check(name, answer, lang="es").text == t("exercise.unanswered", "es")


def test_the_real_mode_answer_is_right_once_real_credentials_are_saved(monkeypatch):
    monkeypatch.setenv("KEAP_APP_NAME", DEMO_APP_NAME)
    monkeypatch.setenv("KEAP_API_KEY", "KeapAK-" + "0" * 50)
    monkeypatch.setenv("KEAP_API_BASE_URL", "https://api.infusionsoft.com")
    assert check("00-1", "real", lang="en").ok
    assert not check("00-1", "sandbox", lang="en").ok


def test_every_checker_is_used_by_a_lesson_and_every_lesson_check_exists():
    used = {lang: set() for lang in LANGUAGES}
    for _number, names in LESSONS.items():
        for lang in LANGUAGES:
            text = (ROOT / "lessons" / lang / f"{names[lang]}.md").read_text(encoding="utf-8")
            used[lang] |= set(_CHECK_CALL.findall(text))
    registered = set(exercises._CHECKERS) - {"demo-sum"}
    for lang in LANGUAGES:
        assert used[lang] == registered, lang
    assert {case[0] for case in CASES} | {"07-1"} == registered


def test_exercise_ids_are_neutral_lesson_and_number():
    assert all(re.fullmatch(r"\d\d-\d", name) for name in set(exercises._CHECKERS) - {"demo-sum"})
