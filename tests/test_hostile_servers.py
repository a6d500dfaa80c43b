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
from helpers.sandbox import Sandbox
from tests.copy_ready_cells import copy_ready_cells, fresh_venv, run_script
from tests.hostile_server import HostileServer, _answer, _fault, prepare, redirect_to

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


# --- lesson 08's copy-ready cells, run as a developer's own script ---------------------------
# Each cell is extracted from the notebook and run in a fresh venv with only its stated
# dependencies and no project on sys.path, against servers on 127.0.0.1. "Delivered" means:
# the key's bytes arrived at a server that is not the one the cell was pointed to.
REAL_LOOKING_KEY = "KeapAK-" + "c0pyce11" * 6 + "9d"
CELLS = copy_ready_cells()
PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy")


@pytest.fixture(scope="session")
def cell_python(tmp_path_factory):
    """One fresh venv for the session: requests, python-dotenv and Keap's SDK, nothing else."""
    return fresh_venv(tmp_path_factory.mktemp("copy-ready-venv"))


def _delivered(server: HostileServer) -> bool:
    return any(REAL_LOOKING_KEY.encode() in request for request in server.received)


def test_the_lesson_has_three_copy_ready_cells():
    assert sorted(CELLS) == ["rest", "sdk", "xmlrpc"]


@pytest.mark.parametrize("status", ["302 Found", "307 Temporary Redirect"])
@pytest.mark.parametrize("kind", sorted(CELLS))
def test_a_copy_ready_cell_does_not_carry_the_key_across_a_redirect(
    cell_python, tmp_path, kind, status
):
    json_ok = _answer("200 OK", b"{}", {"Content-Type": "application/json"})
    with (
        HostileServer(json_ok) as other,
        HostileServer(redirect_to(other.url + "/crm/next", status)) as first,
    ):
        env = {"KEAP_API_KEY": REAL_LOOKING_KEY, "KEAP_API_BASE_URL": first.url}
        done = run_script(cell_python, CELLS[kind], tmp_path, env)
    assert _delivered(first), done.stderr  # the cell did run and send the key where pointed
    assert not _delivered(other), kind
    assert REAL_LOOKING_KEY not in done.stdout


@pytest.mark.parametrize(
    "base_url",
    [
        "http://api.infusionsoft.com",  # plain http to Keap's own name
        "http://keap-api.example",
        "https://help.infusionsoft.com",  # one of Keap's sites, not its API
        "http://127.0.0.1:{port}@api.infusionsoft.com",
    ],
)
@pytest.mark.parametrize("kind", sorted(CELLS))
def test_a_copy_ready_cell_refuses_a_base_url_that_is_not_keaps_https_api(
    cell_python, tmp_path, kind, base_url
):
    """Every proxy variable points at a listener, as the route plain http would take."""
    with HostileServer(_answer("200 OK", b"{}", {"Content-Type": "application/json"})) as proxy:
        port = proxy.url.rsplit(":", 1)[1]
        env = {name: proxy.url for name in PROXY_VARIABLES}
        env.update(KEAP_API_KEY=REAL_LOOKING_KEY, KEAP_API_BASE_URL=base_url.format(port=port))
        done = run_script(cell_python, CELLS[kind], tmp_path, env)
    refused = base_url.format(port=port)
    assert done.returncode != 0, done.stderr
    # The message names what was refused and what is allowed, not only the variable.
    assert f"ValueError: KEAP_API_BASE_URL {refused!r} refused" in done.stderr
    assert "https://api.infusionsoft.com, https://api.keap.com" in done.stderr
    assert proxy.connections == 0 and not _delivered(proxy)
    assert REAL_LOOKING_KEY not in done.stdout + done.stderr


def _destination_check(kind: str) -> str:
    """The cell's lines up to and including its destination check (nothing is sent)."""
    parts = CELLS[kind].split("\n\n")
    end = next(i for i, part in enumerate(parts) if "SAFE_BASE_URL" in part)
    return "\n\n".join(parts[: end + 1])


@pytest.mark.parametrize(
    ("base_url", "used"),
    [
        (None, "https://api.infusionsoft.com"),
        ("https://api.infusionsoft.com", "https://api.infusionsoft.com"),
        ("https://api.infusionsoft.com/", "https://api.infusionsoft.com"),  # as people write it
        ("https://api.keap.com/", "https://api.keap.com"),
        ("http://127.0.0.1:8765/", "http://127.0.0.1:8765"),
    ],
)
@pytest.mark.parametrize("kind", sorted(CELLS))
def test_a_copy_ready_cell_accepts_keaps_api_with_or_without_a_trailing_slash(
    monkeypatch, kind, base_url, used
):
    monkeypatch.setenv("KEAP_API_KEY", REAL_LOOKING_KEY)
    if base_url is None:
        monkeypatch.delenv("KEAP_API_BASE_URL", raising=False)
    else:
        monkeypatch.setenv("KEAP_API_BASE_URL", base_url)
    namespace: dict = {}
    exec(_destination_check(kind), namespace)  # the lesson's own cell
    assert namespace["BASE_URL"] == used


@pytest.mark.parametrize(
    "base_url",
    [
        "https://api.infusionsoft.com.example.com/",
        "https://api.infusionsoft.com/crm",  # a path is not a base URL
        "https://api.infusionsoft.com:8443/",
        "http://localhost/",  # the sandbox always has a port
    ],
)
@pytest.mark.parametrize("kind", sorted(CELLS))
def test_a_copy_ready_cell_stays_strict_apart_from_the_trailing_slash(monkeypatch, kind, base_url):
    monkeypatch.setenv("KEAP_API_KEY", REAL_LOOKING_KEY)
    monkeypatch.setenv("KEAP_API_BASE_URL", base_url)
    with pytest.raises(ValueError, match="refused"):
        exec(_destination_check(kind), {})  # the lesson's own cell


@pytest.mark.parametrize("kind", sorted(CELLS))
def test_a_refused_base_url_holding_the_key_is_shown_without_it(monkeypatch, kind):
    monkeypatch.setenv("KEAP_API_KEY", REAL_LOOKING_KEY)
    monkeypatch.setenv("KEAP_API_BASE_URL", f"https://evil.example/{REAL_LOOKING_KEY}")
    with pytest.raises(ValueError) as refused:
        exec(_destination_check(kind), {})  # the lesson's own cell
    assert REAL_LOOKING_KEY not in str(refused.value)
    assert "https://evil.example/<KEAP_API_KEY>" in str(refused.value)


@pytest.mark.parametrize("kind", sorted(CELLS))
def test_a_copy_ready_cell_ignores_proxy_variables(cell_python, tmp_path, kind):
    """The sandbox on loopback answers the real-looking key; every proxy variable points at a
    listener that must see nothing, not even a connection."""
    with (
        Sandbox(keys={REAL_LOOKING_KEY: "service_account"}) as sandbox,
        HostileServer(_answer("502 Bad Gateway", b"")) as proxy,
    ):
        env = {name: proxy.url for name in PROXY_VARIABLES}
        env.update(KEAP_API_KEY=REAL_LOOKING_KEY, KEAP_API_BASE_URL=sandbox.url)
        done = run_script(cell_python, CELLS[kind], tmp_path, env)
    assert done.returncode == 0, done.stderr
    assert "@example.com" in done.stdout and sandbox.requests_seen == 1
    assert proxy.connections == 0 and not _delivered(proxy)
