"""The sandbox answering inside the page (the JupyterLite edition), forced here on CPython.

In a browser page Python can neither listen on a socket nor start a thread, so the sandbox
registers its origin in memory (``helpers/sandbox/in_page.py``) and the same handler answers
from the same state. These tests send real requests through requests, the package's check,
xmlrpc.client and Keap's SDK, and compare what comes back with the sandbox's HTTP server.
"""

from __future__ import annotations

import http.client
import os
import socket
import threading
import time
import types
import xmlrpc.client

import pytest
import requests

from helpers import config
from helpers.client import check_connection
from helpers.errors import UnsafeDestination
from helpers.sandbox import (
    DEMO_APP_NAME,
    DEMO_LEGACY_KEY,
    DEMO_PERSONAL_ACCESS_TOKEN,
    DEMO_SERVICE_ACCOUNT_KEY,
    REVOKED_KEY,
    Sandbox,
    headers,
    in_page,
    server,
)
from helpers.sandbox.memory import MemorySocket

SAK, PAT, LEGACY = DEMO_SERVICE_ACCOUNT_KEY, DEMO_PERSONAL_ACCESS_TOKEN, DEMO_LEGACY_KEY
USERINFO = "/crm/rest/v2/oauth/connect/userinfo"


@pytest.fixture
def page():
    """A sandbox answering in memory; ``slow`` holds 2 s."""
    with Sandbox(in_page=True, slow_seconds=2.0) as running:
        yield running


@pytest.fixture
def served():
    """The same sandbox served over HTTP on a free loopback port, for comparison."""
    with Sandbox(slow_seconds=2.0) as running:
        yield running


def _check(sandbox: Sandbox, key: str = SAK, **kwargs):
    kwargs.setdefault("lang", "en")
    return check_connection(DEMO_APP_NAME, key, base_url=sandbox.url, **kwargs)


def _outcome(result) -> tuple:
    return (result.ok, result.cause, result.http_status, result.api, result.route)


# --- life cycle -----------------------------------------------------------------------------
def test_in_page_sandbox_keeps_the_usual_origin_and_life_cycle():
    first, second = Sandbox(in_page=True), Sandbox(in_page=True)
    with first, second:
        assert first.running and first.in_page and "in the page" in repr(first)
        assert first.url == f"http://127.0.0.1:{in_page.FIRST_PORT}"
        assert second.url == f"http://127.0.0.1:{in_page.FIRST_PORT + 1}"
        with pytest.raises(OSError):  # a port another in-page sandbox holds, as binding it would
            Sandbox(port=in_page.FIRST_PORT, in_page=True).start()
    assert not first.running and in_page.lookup("127.0.0.1", in_page.FIRST_PORT) is None


def test_only_loopback_names_with_a_registered_port_are_answered_in_memory(page):
    port = int(page.url.rsplit(":", 1)[1])
    for host in ("127.0.0.1", "localhost", "[::1]", "::1"):
        assert in_page.lookup(host, port) is page.state
    for host in ("example.com", "10.0.0.1", "127.0.0.2", "", None):
        assert in_page.lookup(host, port) is None
    assert in_page.lookup("127.0.0.1", port + 100) is None
    with pytest.raises(UnsafeDestination):  # the guard judges the URL before any hook sees it
        config.ensure_safe_destination(f"http://example.com:{port}{USERINFO}")


# --- the package's check: same result in memory as over HTTP -------------------------------
@pytest.mark.parametrize(
    ("scenario", "key", "route"),
    [
        ("normal", SAK, "gateway"),
        ("normal", PAT, "gateway"),
        ("normal", REVOKED_KEY, "gateway"),
        ("normal", LEGACY, "gateway"),
        ("legacy_accepted", LEGACY, "gateway"),
        ("legacy_accepted", LEGACY, "app"),
        ("spike", SAK, "gateway"),
        ("quota", SAK, "gateway"),
        ("server_error", SAK, "gateway"),
        ("forbidden", SAK, "gateway"),
        ("html", SAK, "gateway"),
        ("malformed", SAK, "gateway"),
        ("redirect", SAK, "gateway"),
        ("drop", SAK, "gateway"),
    ],
)
def test_check_gives_the_same_result_in_memory_as_over_http(page, served, scenario, key, route):
    page.scenario = served.scenario = scenario
    in_memory = _check(page, key, legacy_route=route)
    over_http = _check(served, key, legacy_route=route)
    assert _outcome(in_memory) == _outcome(over_http)
    assert in_memory.message == over_http.message.replace(served.url, page.url)


def test_rate_limit_answers_429_with_retry_after_and_metering_headers_in_memory(page):
    page.scenario = "spike"
    response = requests.get(page.url + USERINFO, headers={"X-Keap-API-Key": SAK}, timeout=5)
    assert response.status_code == 429 and response.headers["Retry-After"] == "1"
    assert response.headers["x-keap-product-throttle-limit"] == "240"
    assert (
        response.json()["fault"]["detail"]["errorcode"] == "policies.ratelimit.SpikeArrestViolation"
    )


def test_slow_answer_gives_the_read_timeout_cause_after_the_clients_timeout(page):
    page.scenario = "slow"
    started = time.monotonic()
    result = _check(page, timeout=(1.0, 0.5))
    waited = time.monotonic() - started
    assert result.cause == "read_timeout" and "0.5" in result.message
    assert 0.45 <= waited < 1.5  # the client's timeout, not the 2 s hold
    page.slow_seconds = 0.2  # a hold shorter than the timeout is only a late answer
    assert _check(page, timeout=(1.0, 2.0)).cause == "ok"


def test_slow_answer_times_out_a_plain_requests_call_like_a_socket(page):
    page.scenario = "slow"
    with pytest.raises(requests.ReadTimeout):
        requests.get(page.url + USERINFO, headers={"X-Keap-API-Key": SAK}, timeout=0.2)


def test_dropped_connection_reaches_every_client_as_a_remote_disconnect(page):
    page.scenario = "drop"
    assert _check(page).cause == "dropped"
    with pytest.raises(requests.ConnectionError) as plain:
        requests.get(page.url + USERINFO, headers={"X-Keap-API-Key": SAK}, timeout=5)
    assert "RemoteDisconnected" in repr(plain.value)
    proxy = xmlrpc.client.ServerProxy(page.url + "/crm/xmlrpc/v1")
    with pytest.raises(http.client.RemoteDisconnected):
        proxy.DataService.getUserInfo()


# --- the clients a learner's copied cell uses ----------------------------------------------
def test_xmlrpc_server_proxy_reads_user_info_in_memory_as_over_http(page, served):
    def user_info(sandbox: Sandbox) -> dict:
        headers = [("X-Keap-API-Key", PAT)]
        proxy = xmlrpc.client.ServerProxy(sandbox.url + "/crm/xmlrpc/v1", headers=headers)
        return proxy.DataService.getUserInfo()

    info = user_info(page)
    assert info == user_info(served) and info["localUserId"]


def test_copied_requests_cell_reads_userinfo_from_the_environment_url(page, served, monkeypatch):
    def copied_cell() -> requests.Response:  # what a learner's copy-ready cell does
        url = os.environ["KEAP_API_BASE_URL"] + USERINFO
        return requests.get(url, headers={"X-Keap-API-Key": SAK}, timeout=5)

    monkeypatch.setenv("KEAP_API_BASE_URL", page.url)
    in_memory = copied_cell()
    monkeypatch.setenv("KEAP_API_BASE_URL", served.url)
    over_http = copied_cell()
    assert (in_memory.status_code, in_memory.json()) == (200, over_http.json())
    assert in_memory.headers["Content-Type"] == over_http.headers["Content-Type"]
    assert in_memory.headers["x-keap-tenant-id"] == DEMO_APP_NAME


def test_keaps_sdk_reads_user_info_in_memory(page):
    keap = pytest.importorskip("keap_core_v2_client", reason="Keap's SDK is not installed")
    configuration = keap.Configuration(host=page.url + "/crm", access_token=SAK)
    with keap.ApiClient(configuration) as client:
        info = keap.UsersApi(client).get_user_info()
    assert info.tenant_id == DEMO_APP_NAME and info.is_admin is True


def test_urllib_request_reaches_the_in_page_sandbox_too(page):
    import urllib.request

    with urllib.request.urlopen(page.url + "/_sandbox/scenario", timeout=5) as response:
        assert response.status == 200 and b'"scenario": "normal"' in response.read()


# --- what stays on the network, and what never touches it ----------------------------------
def test_a_port_not_registered_still_goes_to_the_real_server(page, served):
    assert _check(served).cause == "ok" and _check(page).cause == "ok"
    assert (served.requests_seen, page.requests_seen) == (1, 1)


def test_no_socket_connects_or_binds_for_the_in_page_origin(page, served, monkeypatch):
    # In a browser page connect() and bind() cannot work, so the in-page answers must never
    # need them. The spy records every address Python connects a socket to.
    connected: list = []
    real_connect = socket.socket.connect

    def spy(self, address):
        connected.append(address)
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", spy)
    assert _check(page).ok and _check(page, LEGACY, legacy_route="app").http_status == 200
    requests.get(page.url + USERINFO, timeout=5)
    with pytest.raises(xmlrpc.client.Fault):  # legacy keys are retired: an answer all the same
        xmlrpc.client.ServerProxy(page.url + "/api/xmlrpc").DataService.getUserInfo(LEGACY)
    assert connected == []
    assert _check(served).ok and len(connected) == 1  # the spy sees the real server's socket


def test_in_page_path_needs_no_thread_and_no_socket(page, monkeypatch):
    # What Pyodide refuses, refused here: starting a thread, connecting or binding a socket.
    def no_thread(self):
        raise RuntimeError("can't start new thread")

    def no_socket(self, address):
        raise OSError("no sockets in a browser page")

    monkeypatch.setattr(threading.Thread, "start", no_thread)
    monkeypatch.setattr(socket.socket, "connect", no_socket)
    monkeypatch.setattr(socket.socket, "bind", no_socket)
    with Sandbox(in_page=True, slow_seconds=2.0) as sandbox:
        assert _check(sandbox).cause == "ok"
        sandbox.scenario = "slow"
        assert _check(sandbox, timeout=(1.0, 0.3)).cause == "read_timeout"


def test_a_kept_connection_after_stop_is_refused_like_a_closed_port():
    sandbox = Sandbox(in_page=True).start()
    url = sandbox.url + "/_sandbox/scenario"
    with requests.Session() as session:
        assert session.get(url, timeout=5).status_code == 200
        sandbox.stop()  # the session's pool keeps its in-page connection object
        with pytest.raises(requests.ConnectionError) as refused:
            session.get(url, timeout=5)
    assert "Connection refused" in str(refused.value)


def test_shared_sandbox_and_start_target_answer_in_the_page_in_a_browser(monkeypatch):
    monkeypatch.setattr(server, "in_browser", lambda: True)
    monkeypatch.setattr(server, "_shared", None)
    origin = config.start_target(config.check_target(SAK))
    try:
        shared = server.ensure_running()
        assert shared.in_page and shared.url == origin
        result = check_connection(DEMO_APP_NAME, SAK, lang="en")
        assert result.ok and result.mode == "sandbox"
    finally:
        server._shared.stop()


# --- byte for byte ---------------------------------------------------------------------------
_HOST = "Host: 127.0.0.1\r\n"
RAW_REQUESTS = [
    ("normal", f"GET {USERINFO} HTTP/1.1\r\n{_HOST}X-Keap-API-Key: {SAK}\r\n\r\n"),
    ("normal", f"GET {USERINFO} HTTP/1.1\r\n{_HOST}Authorization: Bearer {PAT}\r\n\r\n"),
    ("normal", f"GET {USERINFO} HTTP/1.1\r\n{_HOST}X-Keap-API-Key: {REVOKED_KEY}\r\n\r\n"),
    ("normal", f"GET {USERINFO} HTTP/1.1\r\n{_HOST}\r\n\r\n"),
    (
        "normal",
        f"GET {USERINFO} HTTP/1.1\r\nHost: rebound.example\r\nX-Keap-API-Key: {SAK}\r\n\r\n",
    ),
    ("normal", f"HEAD / HTTP/1.1\r\n{_HOST}\r\n"),
    ("normal", f"GET / HTTP/1.1\r\n{_HOST}\r\n"),
    ("normal", f"GET /crm/rest/v2/nowhere HTTP/1.1\r\n{_HOST}X-Keap-API-Key: {SAK}\r\n\r\n"),
    ("normal", f"GET /_sandbox/scenario HTTP/1.1\r\n{_HOST}\r\n"),
    ("normal", "NONSENSE\r\n\r\n"),
    ("normal", ""),
    ("spike", f"GET {USERINFO} HTTP/1.1\r\n{_HOST}X-Keap-API-Key: {SAK}\r\n\r\n"),
    ("quota", f"GET {USERINFO} HTTP/1.1\r\n{_HOST}X-Keap-API-Key: {SAK}\r\n\r\n"),
    ("server_error", f"GET {USERINFO} HTTP/1.1\r\n{_HOST}X-Keap-API-Key: {SAK}\r\n\r\n"),
    ("redirect", f"GET {USERINFO} HTTP/1.1\r\n{_HOST}X-Keap-API-Key: {SAK}\r\n\r\n"),
    ("malformed", f"GET {USERINFO} HTTP/1.1\r\n{_HOST}X-Keap-API-Key: {SAK}\r\n\r\n"),
    ("slow", f"GET {USERINFO} HTTP/1.1\r\n{_HOST}X-Keap-API-Key: {SAK}\r\n\r\n"),
    ("drop", f"GET {USERINFO} HTTP/1.1\r\n{_HOST}X-Keap-API-Key: {SAK}\r\n\r\n"),
]


def _xmlrpc_request(key_header: str, body: str) -> str:
    return (
        f"POST /crm/xmlrpc/v1 HTTP/1.1\r\n{_HOST}{key_header}Content-Type: text/xml\r\n"
        f"Content-Length: {len(body.encode())}\r\n\r\n{body}"
    )


RAW_REQUESTS += [
    (
        "normal",
        _xmlrpc_request(
            f"X-Keap-API-Key: {PAT}\r\n", xmlrpc.client.dumps((), "DataService.getUserInfo")
        ),
    ),
    (
        "normal",
        _xmlrpc_request(f"X-Keap-API-Key: {PAT}\r\n", xmlrpc.client.dumps((), "Nope.nothing")),
    ),
]


def _over_tcp(port: int, request: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(request)
        sock.shutdown(socket.SHUT_WR)
        return b"".join(iter(lambda: sock.recv(65536), b""))


def _in_memory(sandbox: Sandbox, port: int, request: bytes) -> bytes:
    sock = MemorySocket(sandbox.state, ("127.0.0.1", port), None)
    sock.sendall(request)
    return b"".join(iter(lambda: sock.recv(65536), b""))


def _without_date(raw: bytes) -> bytes:
    return b"\r\n".join(line for line in raw.split(b"\r\n") if not line.startswith(b"Date: "))


def test_raw_answers_in_memory_equal_the_http_servers_byte_for_byte(served, monkeypatch):
    # Same port number for both (the in-page one only shadows it for hooked clients, not for
    # the raw socket below), so every URL inside an answer is the same; the clock is frozen.
    monkeypatch.setattr(headers, "time", types.SimpleNamespace(time=lambda: 1_790_000_000.0))
    port = int(served.url.rsplit(":", 1)[1])
    with Sandbox(port=port, in_page=True) as page:
        page.slow_seconds = served.slow_seconds = 0.1
        for scenario, request in RAW_REQUESTS:
            page.scenario = served.scenario = scenario
            over_tcp = _over_tcp(port, request.encode())
            in_memory = _in_memory(page, port, request.encode())
            assert _without_date(in_memory) == _without_date(over_tcp), (scenario, request[:40])
        assert page.requests_seen == served.requests_seen > 10


def test_in_a_browser_a_stopped_sandbox_is_refused_in_the_page_never_asked_of_the_network(
    monkeypatch,
):
    """Lesson 09's "sandbox switched off": in a page, a loopback port with no sandbox is a
    closed port, for requests and xmlrpc.client alike, and no socket is even tried."""
    monkeypatch.setattr(in_page.runtime, "in_browser", lambda: True)
    tried: list[object] = []
    real_connect = socket.socket.connect
    monkeypatch.setattr(
        socket.socket, "connect", lambda self, addr: tried.append(addr) or real_connect(self, addr)
    )
    with Sandbox(in_page=True) as stopped:
        address = stopped.url
    result = check_connection(DEMO_APP_NAME, SAK, base_url=address, lang="en")
    assert result.cause == "refused"
    with pytest.raises(requests.ConnectionError):
        requests.get(address + USERINFO, timeout=5)
    with pytest.raises(ConnectionRefusedError):
        xmlrpc.client.ServerProxy(address + "/crm/xmlrpc/v1").DataService.echo("x")
    assert tried == []
