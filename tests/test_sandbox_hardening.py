"""The sandbox holds up: web pages cannot switch its scenario, bad bodies get a 400, stalled
connections are closed, and many clients at once are all served."""

from __future__ import annotations

import select
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from helpers.sandbox import DEMO_SERVICE_ACCOUNT_KEY, Sandbox
from helpers.sandbox.server import _Server

USERINFO = "/crm/rest/v2/oauth/connect/userinfo"


def _control(sandbox) -> str:
    return sandbox.url + "/_sandbox/scenario"


def test_a_cross_origin_text_post_cannot_switch_the_scenario(sandbox):
    # What any web page can send to 127.0.0.1 without asking: a "simple" text/plain POST.
    response = requests.post(
        _control(sandbox),
        data='{"scenario": "drop"}',
        timeout=5,
        headers={"Content-Type": "text/plain", "Origin": "https://evil.example"},
    )
    assert response.status_code == 415 and sandbox.scenario == "normal"


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "https://evil.example"},
        {"Origin": "null"},
        {"Origin": "http://127.0.0.1:1"},
        {"Sec-Fetch-Site": "cross-site"},
    ],
)
def test_a_json_post_from_another_origin_is_refused(sandbox, headers):
    response = requests.post(
        _control(sandbox), json={"scenario": "drop"}, headers=headers, timeout=5
    )
    assert response.status_code == 403 and sandbox.scenario == "normal"


def test_the_sandbox_own_origin_and_scripts_without_origin_may_switch(sandbox):
    own = requests.post(
        _control(sandbox), json={"scenario": "quota"}, timeout=5, headers={"Origin": sandbox.url}
    )
    assert own.status_code == 200 and sandbox.scenario == "quota"
    script = requests.post(_control(sandbox), json={"scenario": "normal"}, timeout=5)
    assert script.status_code == 200 and sandbox.scenario == "normal"


@pytest.mark.parametrize(
    "body",
    [
        b"[" * 100_000 + b"]" * 100_000,
        b"\xff\xfe",
        b"[]",
        b"not json",
        b'{"slow_seconds": "nan"}',
        b'{"slow_seconds": {}}',
        b'{"scenario": ["drop"]}',
    ],
)
def test_bad_settings_bodies_get_a_400(sandbox, body):
    response = requests.post(
        _control(sandbox), data=body, timeout=5, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400 and sandbox.scenario == "normal"


def test_stalled_connections_are_closed_after_the_idle_timeout(sandbox):
    sandbox.idle_timeout = 0.5
    host, port = sandbox.url.removeprefix("http://").rsplit(":", 1)
    before = threading.active_count()
    stalled = []
    for _ in range(30):
        sock = socket.create_connection((host, int(port)), timeout=5)
        sock.sendall(b"POST /crm/xmlrpc/v1 HTTP/1.1\r\nContent-Length: 1000\r\n\r\nab")
        stalled.append(sock)
    try:
        time.sleep(1.5)
        closed = 0
        for sock in stalled:
            sock.settimeout(2)
            closed += sock.recv(1) == b""
        assert closed == len(stalled)
        assert threading.active_count() <= before + 2
    finally:
        for sock in stalled:
            sock.close()


def test_fifty_clients_at_once_are_all_served(sandbox):
    def one_client(_: int) -> int:
        ok = 0
        with requests.Session() as http:
            for _ in range(10):
                response = http.get(
                    sandbox.url + USERINFO,
                    timeout=5,
                    headers={"X-Keap-API-Key": DEMO_SERVICE_ACCOUNT_KEY},
                )
                ok += response.status_code == 200
        return ok

    with ThreadPoolExecutor(max_workers=50) as pool:
        served = sum(pool.map(one_client, range(50)))
    assert served == 500


def test_the_listen_queue_holds_fifty_connections_before_any_is_accepted():
    # A server that has bound and listens but accepts nothing yet: whatever completes the
    # handshake waits in the kernel's queue. With a queue of 5, the 7th client's SYN is dropped
    # and retried a second later: what 50 learners at once saw as a one-second stall.
    server = _Server("127.0.0.1", 0, Sandbox())
    clients = []
    try:
        for _ in range(50):
            client = socket.socket()
            client.setblocking(False)
            client.connect_ex(server.server_address)
            clients.append(client)
        time.sleep(0.3)
        _, writable, _ = select.select([], clients, [], 0)
        connected = [c for c in writable if c.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR) == 0]
        assert len(connected) == 50
    finally:
        for client in clients:
            client.close()
        server.server_close()
