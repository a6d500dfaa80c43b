"""The key never leaves for a host that is not Keap: one guard, judged as the transport reads URLs.

The differential property: whenever the guard accepts a URL, the host and port urllib3 would
open a socket to (after requests prepares the URL) is loopback or Keap's HTTPS API. CI runs a
few thousand examples; ``tools/fuzz_guard.py`` runs the large count.
"""

from __future__ import annotations

import os
import socket

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from requests.adapters import BaseAdapter

from helpers import config, transport
from helpers.client import check_connection, read_json
from helpers.credentials import KEAP_SERVICE_HOSTS
from helpers.errors import UnsafeDestination
from helpers.sandbox import DEMO_APP_NAME, DEMO_SERVICE_ACCOUNT_KEY
from tests.guard_cases import NAMED_ATTACKS, connect_target, is_allowed_target, urls

REAL_KEY = "KeapAK-" + "7" * 46 + "3e3e"
CI_EXAMPLES = int(os.environ.get("GUARD_EXAMPLES", "3000"))


def _accepts(url: str) -> bool:
    try:
        config.ensure_safe_destination(url)
    except UnsafeDestination:
        return False
    return True


@pytest.mark.parametrize("url", NAMED_ATTACKS)
def test_named_attack_urls_are_refused(url):
    assert not _accepts(url)


@settings(max_examples=CI_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(urls())
def test_guard_accepts_only_urls_urllib3_would_open_to_an_allowed_host(url):
    if not _accepts(url):
        return
    target = connect_target(url)
    assert target is not None, url
    assert is_allowed_target(target), (url, target)
    # What the adapter judges is the prepared URL: it must be accepted too, for the same host.
    prepared = requests.Request("GET", url).prepare().url
    assert _accepts(prepared) and connect_target(prepared) == target


@pytest.mark.parametrize(
    "url",
    [
        "https://api.infusionsoft.com/crm/rest/v2/oauth/connect/userinfo",
        "https://api.keap.com:443/crm",
        "https://ab123.infusionsoft.com/api/xmlrpc",
        "http://127.0.0.1:8765/crm",
        "http://localhost:8765/crm",
        "http://[::1]:8765/crm",
    ],
)
def test_plain_keap_and_loopback_urls_are_still_accepted(url):
    assert _accepts(url) and is_allowed_target(connect_target(url))


SERVICE_HOST_URLS = [
    f"https://{label}.infusionsoft.com" for label in sorted(KEAP_SERVICE_HOSTS - {"api"})
]


@pytest.mark.parametrize(
    "url",
    [
        *SERVICE_HOST_URLS,
        "https://a-b.infusionsoft.com/api/xmlrpc",  # not an application name: a hyphen
        "https://" + "a" * 33 + ".infusionsoft.com/api/xmlrpc",  # longer than any app name
        "https://a.infusionsoft.com/api/xmlrpc",  # shorter than any app name
        "https://12345.infusionsoft.com/api/xmlrpc",
    ],
)
def test_keap_service_hosts_and_non_app_names_are_not_per_app_api_hosts(url):
    """help., community., www., status. ... are Keap's sites (some run by third parties)."""
    assert not _accepts(url)
    with pytest.raises(UnsafeDestination):
        config.use_real_keap(url)


@pytest.fixture
def no_name_lookups(monkeypatch):
    """Record every name lookup and refuse it, so a test fails if anything tries to connect out.

    A real evil.com cannot be used from a test machine; the lookup is the first step of any
    connection, so refusing it proves that nothing was about to be sent.
    """
    looked_up: list[str] = []

    def refuse(host, *args, **kwargs):
        looked_up.append(str(host))
        raise socket.gaierror(socket.EAI_NONAME, "lookups are refused in this test")

    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    return looked_up


@pytest.mark.parametrize("url", NAMED_ATTACKS[:6])
def test_check_connection_refuses_attack_base_urls_before_any_lookup(url, no_name_lookups):
    result = check_connection(DEMO_APP_NAME, REAL_KEY, base_url=url, lang="en")
    assert result.cause == "destination.unsafe" and not result.ok
    assert no_name_lookups == []
    assert REAL_KEY not in str(result) and REAL_KEY not in result._repr_html_()


@pytest.mark.parametrize("url", [*NAMED_ATTACKS[:6], *SERVICE_HOST_URLS])
def test_environment_base_url_attack_is_refused(monkeypatch, url, no_name_lookups):
    monkeypatch.setenv(config.ENV_BASE_URL, url)
    result = check_connection(DEMO_APP_NAME, REAL_KEY, lang="en")
    assert result.cause == "destination.unsafe" and no_name_lookups == []


@pytest.mark.parametrize("url", NAMED_ATTACKS[:6])
def test_use_real_keap_refuses_attack_urls(url):
    with pytest.raises(UnsafeDestination):
        config.use_real_keap(url)


@pytest.mark.parametrize("url", NAMED_ATTACKS[:6])
def test_lesson_08_request_refuses_attack_urls(url, no_name_lookups):
    assert read_json("/crm/rest/v2/businessProfile", REAL_KEY, base_url=url) is None
    assert no_name_lookups == []


class _Recorder(BaseAdapter):
    """A caller's own transport: it must never see a request the guard refuses."""

    def __init__(self):
        super().__init__()
        self.sent = []

    def send(self, request, **kwargs):
        self.sent.append(request)
        raise requests.ConnectionError("recorder does not send")

    def close(self):
        pass


def test_a_callers_session_is_put_behind_the_guard_too():
    session = requests.Session()
    recorder = _Recorder()
    session.mount("http://", recorder)
    guarded = transport.guarded_session(session)
    with pytest.raises(UnsafeDestination):
        guarded.get("http://evil.com\\@127.0.0.1/crm")
    assert recorder.sent == []


def test_redirects_followed_by_a_session_pass_the_guard_again(sandbox):
    sandbox.scenario = "redirect"
    guarded = transport.guarded_session()
    # The sandbox redirects to itself (loopback): allowed. The point is that send() is guarded.
    response = guarded.get(
        sandbox.url + "/crm/rest/v2/oauth/connect/userinfo",
        timeout=5,
        headers={"X-Keap-API-Key": DEMO_SERVICE_ACCOUNT_KEY},
    )
    assert response.status_code == 200


def test_a_proxy_is_refused_even_when_asked_for_explicitly(sandbox):
    guarded = transport.guarded_session()
    with pytest.raises(UnsafeDestination) as caught:
        guarded.get(sandbox.url + "/crm", proxies={"http": "http://127.0.0.1:9"}, timeout=5)
    assert caught.value.code == "destination.proxy"


def test_refusal_message_never_echoes_a_key_in_the_host():
    with pytest.raises(UnsafeDestination) as caught:
        config.ensure_safe_destination(f"https://{REAL_KEY}.example.com/crm")
    assert REAL_KEY not in str(caught.value) and "KeapAK-...3e3e" in str(caught.value)


def test_lesson_08_request_goes_through_the_client_to_the_sandbox(sandbox):
    profile = read_json(
        "/crm/rest/v2/businessProfile", DEMO_SERVICE_ACCOUNT_KEY, base_url=sandbox.url
    )
    assert isinstance(profile, dict) and profile.get("name")
    assert sandbox.requests_seen == 1
