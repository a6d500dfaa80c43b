"""No answer can hold, flood or crash a check: every hostile server ends as a result with a cause.

Each server runs on 127.0.0.1 (tests/hostile_server.py). The check must end within its timeout
plus 0.5 s whatever the server does, keep its memory growth under 50 MiB, and explain itself.
"""

from __future__ import annotations

import time
import tracemalloc

import pytest

from helpers.client import check_connection
from helpers.i18n import format_seconds, t
from tests.hostile_server import HostileServer, _answer, _fault, prepare

KEY = "KeapAK-" + "7" * 46 + "3e3e"
LEGACY = "0123456789abcdef0123456789abcdef"
TIMEOUT = (1.0, 1.0)
BOUND_SECONDS = TIMEOUT[1] + 0.5
MEMORY_BOUND = 50 * (1 << 20)

# mode -> (key, expected cause)
EXPECTED = {
    "trickle_headers": (KEY, "read_timeout"),
    "trickle_body": (KEY, "read_timeout"),
    "flood": (KEY, "response_too_large"),
    "gzip_bomb": (KEY, "response_too_large"),
    "endless_chunked": (KEY, "response_too_large"),
    "many_headers": (KEY, "malformed_response"),
    "long_header": (KEY, "malformed_response"),
    "bad_status_line": (KEY, "malformed_response"),
    "retry_after_superscript": (KEY, "rate_limited"),
    "retry_after_5000_digits": (KEY, "rate_limited"),
    "quota_superscript": (KEY, "ok"),
    "quota_5000_digits": (KEY, "ok"),
    "deep_json_200": (KEY, "malformed_response"),
    "deep_json_401": (KEY, "invalid_key"),
    "fault_without_string": (LEGACY, "malformed_response"),
    "fault_not_a_struct": (LEGACY, "malformed_response"),
    "bad_location": (KEY, "redirect"),
    "redirect_flood": (KEY, "redirect"),
    "binary_garbage": (KEY, "malformed_response"),
}


def run_against(mode, key: str, lang: str = "en"):
    """Check ``key`` against a hostile server; (result, seconds, peak bytes allocated)."""
    prepare()
    with HostileServer(mode) as server:
        tracemalloc.start()
        started = time.perf_counter()
        try:
            result = check_connection("ab123", key, base_url=server.url, timeout=TIMEOUT, lang=lang)
            seconds = time.perf_counter() - started
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    return result, seconds, peak


@pytest.mark.parametrize("mode", sorted(EXPECTED))
def test_hostile_answer_ends_in_time_with_a_cause_and_a_fix(mode):
    key, cause = EXPECTED[mode]
    result, seconds, peak = run_against(mode, key)
    assert result.cause == cause, (mode, result.cause, result.message)
    assert result.message and (result.ok or result.fix)
    assert seconds <= BOUND_SECONDS, (mode, seconds)
    assert peak <= MEMORY_BOUND, (mode, peak)
    str(result), result._repr_html_()  # both renderings work on whatever arrived


def test_timeout_report_names_the_stated_seconds():
    result, _seconds, _ = run_against("trickle_headers", KEY, lang="es")
    assert result.message == t(
        "cause.read_timeout.message", "es", seconds=format_seconds(1.0, "es")
    )


def test_cap_is_counted_after_decompression_and_said_in_kib():
    result, _, _ = run_against("gzip_bomb", KEY)
    assert result.message == t("cause.response_too_large.message", "en", limit=1024)


def test_unreadable_retry_after_and_quota_are_left_out_not_guessed():
    limited, _, _ = run_against("retry_after_5000_digits", KEY)
    assert limited.retry_after is None
    counted, _, _ = run_against("quota_superscript", KEY)
    assert counted.ok and counted.quota is None


def test_fault_echoing_the_key_in_other_letter_case_is_masked():
    echo = _answer(
        "200 OK",
        _fault({"faultCode": 2, "faultString": f"[InvalidKey] {LEGACY.upper()}"}),
        {"Content-Type": "text/xml"},
    )
    result, _, _ = run_against(echo, LEGACY)
    text = str(result) + result._repr_html_() + repr(result)
    assert result.cause == "xmlrpc_invalid_key"
    assert LEGACY.upper() not in text and LEGACY not in text.lower()


def test_answer_fields_are_shown_short_and_without_keys():
    body = (
        '{"email": "a@example.com", "given_name": "' + "N" * 5000 + '", "tenant_id": "' + KEY + '"}'
    ).encode()
    result, _, _ = run_against(_answer("200 OK", body, {"Content-Type": "application/json"}), KEY)
    assert result.ok and len(str(result)) < 3000 and KEY not in str(result)


def test_a_key_in_the_base_url_path_is_masked_in_the_result(sandbox):
    result = check_connection("ab123", KEY, base_url=f"{sandbox.url}/{LEGACY}", lang="en")
    assert LEGACY not in str(result) + result._repr_html_() + repr(result)
