"""The switch between the local sandbox and the real Keap, and where a key may travel."""

from __future__ import annotations

import pytest

from helpers import config
from helpers.errors import UnsafeDestination
from helpers.sandbox import DEMO_SERVICE_ACCOUNT_KEY

REAL_LOOKING_KEY = "KeapAK-" + "5" * 50


@pytest.fixture(autouse=True)
def _clean_mode(monkeypatch):
    monkeypatch.delenv(config.ENV_BASE_URL, raising=False)
    config.reset_mode()
    yield
    config.reset_mode()


@pytest.mark.parametrize(
    "url",
    [
        "https://api.infusionsoft.com/crm/rest/v2/oauth/connect/userinfo",
        "https://api.keap.com/crm/rest/v2/oauth/connect/userinfo",
        "https://ab123.infusionsoft.com/api/xmlrpc",
        "https://API.Infusionsoft.com/crm/xmlrpc/v1",
        "http://127.0.0.1:8765/crm/rest/v2/oauth/connect/userinfo",
        "http://127.8.9.10:1/crm",
        "http://localhost:8765/crm",
        "http://[::1]:8765/crm",
    ],
)
def test_keap_https_hosts_and_loopback_are_allowed(url):
    config.ensure_safe_destination(url)


@pytest.mark.parametrize(
    "url",
    [
        "http://api.infusionsoft.com/crm/rest/v2/oauth/connect/userinfo",
        "https://api.infusionsoft.com.evil.example/crm",
        "https://evil.example/?https://api.infusionsoft.com",
        "https://infusionsoft.com/crm",
        "https://a.b.infusionsoft.com/crm",
        "https://user:pass@api.infusionsoft.com/crm",
        "http://192.168.1.10:8765/crm",
        "http://10.0.0.1/crm",
        "ftp://api.infusionsoft.com/crm",
        "https://keap.app/crm",
        "api.infusionsoft.com/crm",
    ],
)
def test_any_other_destination_is_refused(url):
    with pytest.raises(UnsafeDestination) as caught:
        config.ensure_safe_destination(url)
    assert caught.value.code == "destination.unsafe"


def test_demo_key_or_no_key_goes_to_the_sandbox():
    assert config.is_sandbox_url(config.resolve_base_url(DEMO_SERVICE_ACCOUNT_KEY))
    assert config.is_sandbox_url(config.resolve_base_url(None))


def test_real_key_goes_to_keap():
    assert config.resolve_base_url(REAL_LOOKING_KEY) == config.KEAP_BASE_URL


def test_environment_variable_overrides_the_key(monkeypatch):
    monkeypatch.setenv(config.ENV_BASE_URL, "http://127.0.0.1:9999/")
    assert config.resolve_base_url(REAL_LOOKING_KEY) == "http://127.0.0.1:9999"


def test_unsafe_environment_variable_is_refused(monkeypatch):
    monkeypatch.setenv(config.ENV_BASE_URL, "http://example.com")
    with pytest.raises(UnsafeDestination):
        config.resolve_base_url(REAL_LOOKING_KEY)


def test_function_call_overrides_environment_and_key(monkeypatch):
    monkeypatch.setenv(config.ENV_BASE_URL, "https://api.keap.com")
    assert config.is_sandbox_url(config.use_sandbox())
    assert config.is_sandbox_url(config.resolve_base_url(REAL_LOOKING_KEY))
    assert config.use_real_keap() == config.KEAP_BASE_URL
    assert config.resolve_base_url(DEMO_SERVICE_ACCOUNT_KEY) == config.KEAP_BASE_URL
    config.reset_mode()
    assert config.resolve_base_url(None) == "https://api.keap.com"


def test_use_real_keap_refuses_other_sites():
    with pytest.raises(UnsafeDestination):
        config.use_real_keap("http://example.com")
