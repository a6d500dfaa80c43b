"""The path to the real Keap API, proven without a network.

No real Keap is reachable from the test machines, so a requests transport adapter records the
prepared request instead of sending it and hands back a canned answer. This is the only place
where requests' transport is replaced: it is the one case a local server cannot produce (the
URL must be Keap's own host, over HTTPS).
"""

from __future__ import annotations

import json
import xmlrpc.client

import pytest
import requests
from requests.adapters import BaseAdapter

from helpers import config
from helpers.client import check_connection

REAL_KEY = "KeapAK-" + "7" * 46 + "3e3e"
REAL_LEGACY = "0123456789abcdef0123456789abcdef"


class RecordingAdapter(BaseAdapter):
    """Keeps every PreparedRequest and answers with a fixed status, headers and body."""

    def __init__(self, status: int = 200, body: bytes = b"{}", headers: dict | None = None):
        super().__init__()
        self.sent: list[requests.PreparedRequest] = []
        self.status, self.body, self.headers = status, body, headers or {}

    def send(self, request, **kwargs):
        self.sent.append(request)
        response = requests.Response()
        response.status_code, response._content = self.status, self.body
        response.headers.update(self.headers)
        response.url, response.request = request.url, request
        return response

    def close(self):
        pass


def _session(adapter: RecordingAdapter) -> requests.Session:
    session = requests.Session()
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    return session


@pytest.fixture(autouse=True)
def _real_mode(monkeypatch):
    monkeypatch.delenv(config.ENV_BASE_URL, raising=False)
    config.reset_mode()


def test_personal_or_service_key_asks_rest_v2_userinfo_with_keap_header():
    body = json.dumps({"email": "ana@example.com", "given_name": "Ana", "tenant_id": "ab123"})
    adapter = RecordingAdapter(
        body=body.encode(),
        headers={
            "Content-Type": "application/json",
            "x-keap-product-quota-used": "120",
            "x-keap-product-quota-limit": "30000",
        },
    )
    result = check_connection("ab123", REAL_KEY, session=_session(adapter), lang="en")
    (sent,) = adapter.sent
    assert sent.method == "GET"
    assert sent.url == "https://api.infusionsoft.com/crm/rest/v2/oauth/connect/userinfo"
    assert sent.headers["X-Keap-API-Key"] == REAL_KEY
    assert "Authorization" not in sent.headers
    assert sent.headers["Accept"] == "application/json"
    assert sent.body is None
    assert result.ok and result.mode == "keap" and result.account["email"] == "ana@example.com"
    assert "used 120 of 30,000 today" in str(result)


def test_legacy_key_goes_to_the_xmlrpc_gateway_in_a_header():
    answer = xmlrpc.client.dumps(({"Email": "ana@example.com"},), methodresponse=True)
    adapter = RecordingAdapter(body=answer.encode(), headers={"Content-Type": "text/xml"})
    result = check_connection("ab123", REAL_LEGACY, session=_session(adapter))
    (sent,) = adapter.sent
    assert sent.method == "POST"
    assert sent.url == "https://api.infusionsoft.com/crm/xmlrpc/v1"
    assert sent.headers["X-Keap-API-Key"] == REAL_LEGACY
    params, method = xmlrpc.client.loads(sent.body)
    assert (method, params) == ("DataService.getUserInfo", ())
    assert result.ok and result.route == "gateway" and result.warnings


def test_legacy_key_on_the_old_per_app_endpoint_travels_in_the_body():
    fault = xmlrpc.client.dumps(
        xmlrpc.client.Fault(2, "[InvalidKey]Invalid Key"), methodresponse=True
    )
    adapter = RecordingAdapter(body=fault.encode(), headers={"Content-Type": "text/xml"})
    result = check_connection("ab123", REAL_LEGACY, legacy_route="app", session=_session(adapter))
    (sent,) = adapter.sent
    assert sent.url == "https://ab123.infusionsoft.com/api/xmlrpc"
    assert "X-Keap-API-Key" not in sent.headers
    params, method = xmlrpc.client.loads(sent.body)
    assert (method, params) == ("DataService.getUserInfo", (REAL_LEGACY,))
    assert result.cause == "xmlrpc_invalid_key"


def test_keap_api_dot_keap_host_is_used_when_chosen():
    adapter = RecordingAdapter(body=b'{"email": "a@example.com"}')
    config.use_real_keap("https://api.keap.com")
    try:
        check_connection("ab123", REAL_KEY, session=_session(adapter))
    finally:
        config.reset_mode()
    assert adapter.sent[0].url.startswith("https://api.keap.com/crm/rest/v2/")


def test_nothing_is_sent_to_an_unsafe_destination():
    adapter = RecordingAdapter()
    result = check_connection(
        "ab123", REAL_KEY, base_url="http://example.com", session=_session(adapter)
    )
    assert adapter.sent == []
    assert result.cause == "destination.unsafe" and not result.ok


def test_redirects_are_never_followed():
    adapter = RecordingAdapter(status=302, headers={"Location": "https://evil.example/login"})
    result = check_connection("ab123", REAL_KEY, session=_session(adapter))
    assert len(adapter.sent) == 1 and result.cause == "redirect"
    assert "evil.example" in result.message
