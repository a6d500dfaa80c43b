"""The live check against the sandbox over real HTTP: every outcome has a cause and a fix."""

from __future__ import annotations

import socket
import threading
import xmlrpc.client
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests

from helpers.client import check_connection
from helpers.credentials import inspect_key
from helpers.diagnose import diagnose_response
from helpers.i18n import t
from helpers.result import CheckResult
from helpers.sandbox import (
    DEMO_APP_NAME,
    DEMO_LEGACY_KEY,
    DEMO_PERSONAL_ACCESS_TOKEN,
    DEMO_SERVICE_ACCOUNT_KEY,
    REVOKED_KEY,
)

SAK, PAT, LEGACY = DEMO_SERVICE_ACCOUNT_KEY, DEMO_PERSONAL_ACCESS_TOKEN, DEMO_LEGACY_KEY


def _check(sandbox, key=SAK, app=DEMO_APP_NAME, **kwargs):
    kwargs.setdefault("lang", "en")
    return check_connection(app, key, base_url=sandbox.url, **kwargs)


def test_service_account_key_works_and_names_its_owner(sandbox):
    result = _check(sandbox)
    assert result.ok and result.cause == "ok"
    assert (result.api, result.method, result.http_status) == ("REST v2", "GET", 200)
    assert result.endpoint == sandbox.url + "/crm/rest/v2/oauth/connect/userinfo"
    assert result.mode == "sandbox" and result.key_kind == "keap"
    assert result.account["email"].endswith("@example.com")
    assert result.account["tenant_id"] == DEMO_APP_NAME
    assert result.latency_ms is not None and result.latency_ms >= 0
    assert sandbox.requests_seen == 1


def test_personal_access_token_shows_its_user(sandbox):
    result = _check(sandbox, PAT)
    assert result.ok and result.account["name"].startswith("Lucía")


def test_quota_and_throttle_headers_are_reported(sandbox):
    _check(sandbox)
    result = _check(sandbox)
    assert result.quota.limit == 30000 and result.quota.used >= 2
    assert result.throttle.limit == 240
    assert f"used {result.quota.used} of 30,000 today" in str(result)


def test_app_name_that_differs_from_the_keys_account_is_warned(sandbox):
    result = _check(sandbox, app="ab123")
    assert result.ok
    assert any("ab123" in w and DEMO_APP_NAME in w for w in result.warnings)


def test_cleaned_key_is_said_in_warnings(sandbox):
    result = _check(sandbox, f'"Bearer {SAK}"')
    assert result.ok and len(result.warnings) == 2


def test_revoked_key_is_rejected_with_the_fix(sandbox):
    result = _check(sandbox, REVOKED_KEY)
    assert (result.ok, result.cause, result.http_status) == (False, "invalid_key", 401)
    assert "API Settings" in result.fix and result.lesson == "05-claves-actuales"


def test_legacy_key_works_through_the_gateway_with_a_retirement_warning_when_still_accepted(
    sandbox,
):
    sandbox.scenario = "legacy_accepted"
    result = _check(sandbox, LEGACY)
    assert result.ok and result.api == "XML-RPC" and result.route == "gateway"
    assert result.endpoint.endswith("/crm/xmlrpc/v1")
    assert any("Service Account Key" in w for w in result.warnings)


def test_legacy_key_on_the_per_app_endpoint_says_which_route_answered(sandbox):
    sandbox.scenario = "legacy_accepted"
    result = _check(sandbox, LEGACY, legacy_route="app")
    assert result.ok and result.route == "app" and result.endpoint.endswith("/api/xmlrpc")


@pytest.mark.parametrize("scenario", ["normal", "legacy_retired"])
def test_legacy_key_rejected_by_default_and_in_legacy_retired(sandbox, scenario):
    sandbox.scenario = scenario
    assert _check(sandbox, LEGACY).cause == "legacy_retired"
    result = _check(sandbox, LEGACY, legacy_route="app")
    assert result.cause == "xmlrpc_invalid_key" and "[InvalidKey]" in result.message


@pytest.mark.parametrize(
    ("scenario", "cause", "status"),
    [
        ("spike", "spike_arrest", 429),
        ("quota", "quota_exceeded", 429),
        ("server_error", "server_error", 500),
        ("html", "html_response", 200),
        ("malformed", "malformed_response", 200),
        ("forbidden", "forbidden", 403),
        ("redirect", "redirect", 302),
    ],
)
def test_each_sandbox_failure_has_its_cause(sandbox, scenario, cause, status):
    sandbox.scenario = scenario
    result = _check(sandbox)
    assert (result.ok, result.cause, result.http_status) == (False, cause, status)
    assert result.message and result.fix and result.lesson


def test_malformed_xmlrpc_answer_is_named(sandbox):
    sandbox.scenario = "malformed"  # the per-app endpoint's fault for the retired key, cut short
    assert _check(sandbox, LEGACY, legacy_route="app").cause == "malformed_response"


def test_spike_says_retry_in_seconds(sandbox):
    sandbox.scenario = "spike"
    result = _check(sandbox)
    assert result.retry_after == 1
    assert "1 s" in str(result)


def test_quota_says_retry_after_midnight_utc(sandbox):
    sandbox.scenario = "quota"
    result = _check(sandbox)
    assert 0 < result.retry_after <= 86400
    assert result.quota.used == result.quota.limit == 30000
    assert "00:00 UTC" in result.fix


def test_missing_key_header_is_named(sandbox):
    # The client never sends an empty key, so ask the way a broken program would.
    response = requests.get(sandbox.url + "/crm/rest/v2/oauth/connect/userinfo", timeout=5)
    assert response.status_code == 401
    result = diagnose_response(
        CheckResult(ok=False, cause="", lang="en", api="REST v2"),
        response,
        response.content,
        DEMO_APP_NAME,
        inspect_key(SAK),
    )
    assert result.cause == "missing_key" and "X-Keap-API-Key" in result.fix


def test_read_timeout_is_bounded_and_reported(sandbox):
    sandbox.scenario = "slow"
    result = _check(sandbox, timeout=(1.0, 0.5))
    assert result.cause == "read_timeout" and "0.5" in result.message


def test_dropped_connection_is_reported(sandbox):
    sandbox.scenario = "drop"
    assert _check(sandbox).cause == "dropped"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_connection_refused_is_reported():
    result = check_connection(DEMO_APP_NAME, SAK, base_url=f"http://127.0.0.1:{_free_port()}")
    assert result.cause == "refused" and not result.ok


def test_tls_failure_is_reported():
    # A plain TCP server that answers a TLS handshake with garbage: a real local TLS failure.
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        port = server.getsockname()[1]

        def answer():
            conn, _ = server.accept()
            with conn:
                conn.recv(1024)
                conn.sendall(b"HTTP/1.1 400 Bad Request\r\n\r\nnot tls")

        threading.Thread(target=answer, daemon=True).start()
        result = check_connection(DEMO_APP_NAME, SAK, base_url=f"https://127.0.0.1:{port}")
    assert result.cause == "tls"


def test_connect_timeout_is_reported():
    # A loopback listener whose accept queue is full: the kernel drops new SYNs, so the
    # connection attempt times out, with no traffic leaving this machine.
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(0)
        port = server.getsockname()[1]
        fillers = []
        for _ in range(4):
            filler = socket.socket()
            filler.setblocking(False)
            filler.connect_ex(("127.0.0.1", port))
            fillers.append(filler)
        try:
            result = check_connection(
                DEMO_APP_NAME, SAK, base_url=f"http://127.0.0.1:{port}", timeout=(0.5, 0.5)
            )
        finally:
            for filler in fillers:
                filler.close()
    assert result.cause == "connect_timeout"


@pytest.mark.parametrize(
    ("gai_errno", "cause"), [(socket.EAI_NONAME, "dns"), (socket.EAI_AGAIN, "offline")]
)
def test_unknown_host_and_no_network_are_told_apart(monkeypatch, gai_errno, cause):
    # Name resolution is the one step no local server can fail on demand: the resolver is
    # replaced so that requests' real stack meets the same error a broken DNS gives.
    def no_dns(*args, **kwargs):
        raise socket.gaierror(gai_errno, "simulated resolver failure")

    monkeypatch.setattr(socket, "getaddrinfo", no_dns)
    result = check_connection("ab123", "KeapAK-" + "8" * 50)
    assert result.cause == cause and result.mode == "keap"


class _FaultHandler(BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers["Content-Length"]))
        body = xmlrpc.client.dumps(
            xmlrpc.client.Fault(5, "No such handler: DataService.getUserInfo"), methodresponse=True
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_other_xmlrpc_faults_are_shown_with_their_text():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _FaultHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        result = check_connection(
            DEMO_APP_NAME, LEGACY, base_url=f"http://127.0.0.1:{server.server_port}"
        )
    finally:
        server.shutdown()
        server.server_close()
    assert result.cause == "xmlrpc_fault" and "No such handler" in result.message


@pytest.mark.parametrize(
    ("app", "key", "cause"),
    [
        ("", SAK, "app_name.empty"),
        ("ab 123", SAK, "app_name.spaces"),
        (DEMO_APP_NAME, "", "key.empty"),
        (DEMO_APP_NAME, SAK[:20], "key.truncated"),
        (DEMO_APP_NAME, DEMO_APP_NAME, "key.is_app_name"),
    ],
)
def test_input_mistakes_end_as_results_without_a_request(sandbox, app, key, cause):
    result = _check(sandbox, key, app=app)
    assert result.cause == cause and not result.ok and result.fix
    assert sandbox.requests_seen == 0


def test_result_text_and_html_show_the_verdict_in_words(sandbox):
    ok, bad = _check(sandbox, lang="es"), _check(sandbox, REVOKED_KEY, lang="es")
    works, failed, fix = (t(key, "es") for key in ("result.ok", "result.failed", "result.fix"))
    assert f"✅ {works}" in str(ok) and works in ok._repr_html_()
    assert f"❌ {failed}" in str(bad)
    html = bad._repr_html_()
    assert failed in html and fix in html and "role='status'" in html


# --- explain_response: the card for an answer the learner's own requests code got --------------
def test_explain_response_says_no_key_arrived_when_headers_went_positionally(sandbox):
    from helpers.diagnose import explain_response

    url = sandbox.url + "/crm/rest/v2/contacts"
    headers = {"X-Keap-API-Key": SAK}
    result = explain_response(requests.post(url, {"given_name": "Ana"}, headers, timeout=5), "en")
    assert (result.ok, result.cause, result.http_status) == (False, "missing_key", 401)
    assert (result.method, result.endpoint, result.mode) == ("POST", url, "sandbox")
    assert "Key: —" in str(result) and result.lesson == "06-prueba-en-vivo"


@pytest.mark.parametrize(
    ("key", "cause"), [(SAK, "unexpected_status"), (REVOKED_KEY, "invalid_key")]
)
def test_explain_response_shows_the_key_it_sent_only_masked(sandbox, key, cause):
    from helpers.diagnose import explain_response

    url = sandbox.url + "/crm/rest/v2/contacts"
    response = requests.post(url, json={}, headers={"Authorization": f"Bearer {key}"}, timeout=5)
    result = explain_response(response, "pt")
    assert result.cause == cause and key not in str(result) and key not in result._repr_html_()
    assert result.masked_key.endswith(key[-4:])
