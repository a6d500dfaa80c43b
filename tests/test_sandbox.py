"""The local Keap sandbox, tested with real HTTP on 127.0.0.1 (requests and xmlrpc.client)."""

from __future__ import annotations

import contextlib
import json
import os
import re
import threading
import time
import xmlrpc.client
from pathlib import Path
from xml.parsers.expat import ExpatError

import pytest
import requests

from helpers.errors import SandboxError
from helpers.sandbox import (
    DEMO_APP_NAME,
    DEMO_KEYS,
    DEMO_LEGACY_KEY,
    DEMO_PERSONAL_ACCESS_TOKEN,
    DEMO_SERVICE_ACCOUNT_KEY,
    REVOKED_KEY,
    SCENARIOS,
    Sandbox,
    ensure_running,
    is_demo_key,
)
from helpers.sandbox.headers import seconds_until_utc_midnight
from tests.sandbox_command import run_sandbox_command

PROJECT_ROOT = Path(__file__).resolve().parents[1]
USERINFO_V2 = "/crm/rest/v2/oauth/connect/userinfo"
OTHER_KEAPAK_KEY = "KeapAK-" + "0123456789abcdef" * 3 + "42"
QUOTA_NAMES = [
    f"x-keap-product-quota-{n}"
    for n in ("limit", "time-unit", "interval", "available", "used", "expiry-time")
]
THROTTLE_NAMES = [
    f"x-keap-product-throttle-{n}" for n in ("limit", "time-unit", "interval", "available", "used")
]


def _api_key_header(key: str) -> dict[str, str]:
    return {"X-Keap-API-Key": key}


def _bearer_header(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


HEADER_STYLES = [
    pytest.param(_api_key_header, id="x-keap-api-key"),
    pytest.param(_bearer_header, id="bearer"),
]


@pytest.fixture
def sandbox():
    with Sandbox(slow_seconds=1.0) as running:
        yield running


def _get(
    sandbox: Sandbox, path: str, key: str | None = DEMO_SERVICE_ACCOUNT_KEY, **kwargs
) -> requests.Response:
    headers = _api_key_header(key) if key else {}
    return requests.get(sandbox.url + path, headers=headers, timeout=5, **kwargs)


def _xmlrpc(
    sandbox: Sandbox, path: str, key: str | None = DEMO_SERVICE_ACCOUNT_KEY, header=_api_key_header
) -> xmlrpc.client.ServerProxy:
    headers = list(header(key).items()) if key else []
    return xmlrpc.client.ServerProxy(sandbox.url + path, headers=headers)


# --- demo account ---------------------------------------------------------------------------
def test_demo_keys_have_keaps_real_formats_and_are_recognised():
    for key in (DEMO_SERVICE_ACCOUNT_KEY, DEMO_PERSONAL_ACCESS_TOKEN, REVOKED_KEY):
        assert re.fullmatch(r"KeapAK-[0-9a-f]{50}", key)
    assert re.fullmatch(r"[0-9a-f]{32}", DEMO_LEGACY_KEY)
    assert len(set(DEMO_KEYS)) == 4 and all(is_demo_key(k) for k in DEMO_KEYS)
    assert not is_demo_key(OTHER_KEAPAK_KEY) and not is_demo_key(None)
    assert re.fullmatch(r"[a-z]{2}[0-9]{3}", DEMO_APP_NAME)


# --- REST, normal scenario ------------------------------------------------------------------
@pytest.mark.parametrize("header", HEADER_STYLES)
@pytest.mark.parametrize("path", [USERINFO_V2, "/crm/rest/v1/oauth/connect/userinfo"])
def test_userinfo_answers_each_header_style(sandbox, header, path):
    response = requests.get(sandbox.url + path, headers=header(DEMO_SERVICE_ACCOUNT_KEY), timeout=5)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json"
    body = response.json()
    assert body["email"].endswith("@example.com") and body["sub"] == "3"


def test_userinfo_v2_has_openapi_fields_and_describes_the_key_owner(sandbox):
    expected = {
        "email",
        "sub",
        "id",
        "keap_id",
        "family_name",
        "given_name",
        "middle_name",
        "preferred_name",
        "is_admin",
        "tenant_id",
    }
    sak = _get(sandbox, USERINFO_V2).json()
    pat = _get(sandbox, USERINFO_V2, DEMO_PERSONAL_ACCESS_TOKEN).json()
    assert set(sak) == expected and set(pat) == expected
    assert sak["is_admin"] is True and pat["is_admin"] is False
    assert pat["given_name"] == "Lucía" and sak["tenant_id"] == DEMO_APP_NAME
    assert isinstance(sak["id"], str) and isinstance(sak["sub"], str)


def test_userinfo_v1_has_v1_fields(sandbox):
    body = _get(sandbox, "/crm/rest/v1/oauth/connect/userinfo", DEMO_PERSONAL_ACCESS_TOKEN).json()
    assert set(body) == {
        "sub",
        "email",
        "given_name",
        "family_name",
        "middle_name",
        "global_user_id",
        "infusionsoft_id",
        "preferred_name",
    }
    assert body["infusionsoft_id"] == body["email"]


def test_business_profile_v2_and_v1_describe_the_demo_business(sandbox):
    v2 = _get(sandbox, "/crm/rest/v2/businessProfile").json()
    v1 = _get(sandbox, "/crm/rest/v1/account/profile").json()
    assert v2["name"] == "Panadería Demo" and v2["language_tag"].startswith("es")
    assert set(v2["address"]) == {
        "line1",
        "line2",
        "locality",
        "region",
        "country_code",
        "postal_code",
    }
    assert set(v1) == set(v2) | {"phone_ext"}


def test_application_is_enabled(sandbox):
    assert _get(sandbox, "/crm/rest/v2/settings/applications:isEnabled").json() == {
        "isEnabled": True
    }


def test_legacy_key_in_a_gateway_header_is_refused_by_default_and_accepted_in_legacy_accepted(
    sandbox,
):
    def status() -> int:
        return requests.get(
            sandbox.url + USERINFO_V2, headers=_bearer_header(DEMO_LEGACY_KEY), timeout=5
        ).status_code

    assert status() == 401
    sandbox.scenario = "legacy_accepted"
    response = requests.get(
        sandbox.url + USERINFO_V2, headers=_bearer_header(DEMO_LEGACY_KEY), timeout=5
    )
    assert response.status_code == 200 and response.json()["sub"] == "1"


# --- REST failures --------------------------------------------------------------------------
def test_missing_key_gets_oauth_fault_with_blank_metering_headers(sandbox):
    response = _get(sandbox, USERINFO_V2, key=None)
    assert response.status_code == 401
    assert response.json() == {
        "fault": {
            "faultstring": "Invalid access token",
            "detail": {"errorcode": "oauth.v2.InvalidAccessToken"},
        }
    }
    assert all(response.headers[name] == "" for name in QUOTA_NAMES + THROTTLE_NAMES)
    assert response.headers["x-keap-tenant-throttle-used"] == "|"
    assert response.headers["x-keap-product-spike-limit"] == ""


@pytest.mark.parametrize("header", HEADER_STYLES)
@pytest.mark.parametrize(
    "key", [REVOKED_KEY, OTHER_KEAPAK_KEY, "garbage"], ids=["revoked", "unknown", "garbage"]
)
def test_revoked_or_unknown_key_gets_keymanagement_fault(sandbox, header, key):
    response = requests.get(sandbox.url + USERINFO_V2, headers=header(key), timeout=5)
    assert response.status_code == 401
    fault = response.json()["fault"]
    assert fault["detail"]["errorcode"] == "keymanagement.service.invalid_access_token"
    assert key not in response.text


def test_unknown_path_is_401_without_key_and_404_with_one(sandbox):
    assert _get(sandbox, "/crm/rest/v2/noSuchThing", key=None).status_code == 401
    assert _get(sandbox, "/crm/rest/v2/noSuchThing", key=REVOKED_KEY).status_code == 401
    found = _get(sandbox, "/crm/rest/v2/noSuchThing")
    assert found.status_code == 404
    assert found.json()["code"] == 404 and found.json()["status"] == "NOT_FOUND"


def test_quota_headers_are_present_and_count_each_request(sandbox):
    first = _get(sandbox, USERINFO_V2).headers
    second = _get(sandbox, "/crm/rest/v2/businessProfile").headers
    assert first["x-keap-product-quota-limit"] == "30000"
    assert first["x-keap-product-quota-time-unit"] == "day"
    assert first["x-keap-product-throttle-limit"] == "240"
    assert first["x-keap-product-throttle-time-unit"] == "minute"
    assert int(second["x-keap-product-quota-used"]) == int(first["x-keap-product-quota-used"]) + 1
    assert int(second["x-keap-product-quota-available"]) == 30000 - int(
        second["x-keap-product-quota-used"]
    )
    assert (
        int(second["x-keap-product-throttle-used"])
        == int(first["x-keap-product-throttle-used"]) + 1
    )
    assert int(second["x-keap-product-quota-expiry-time"]) > time.time() * 1000
    assert second["x-keap-tenant-id"] == DEMO_APP_NAME
    assert second["x-keap-tenant-throttle-time-unit"] == "minute|day"
    assert second["x-keap-tenant-throttle-limit"] == "10000|250000"
    assert second["x-keap-product-spike-limit"] == ""


def test_requests_seen_counts_api_requests_but_not_control_ones(sandbox):
    _get(sandbox, USERINFO_V2)
    _get(sandbox, "/crm/rest/v2/x", key=None)
    requests.get(sandbox.url + "/_sandbox/scenario", timeout=5)
    assert sandbox.requests_seen == 2


# --- scenarios ------------------------------------------------------------------------------
def test_spike_scenario_answers_429_spike_arrest_with_retry_after_1(sandbox):
    sandbox.scenario = "spike"
    response = _get(sandbox, USERINFO_V2)
    assert response.status_code == 429 and response.headers["Retry-After"] == "1"
    fault = response.json()["fault"]
    assert fault["detail"]["errorcode"] == "policies.ratelimit.SpikeArrestViolation"
    assert fault["faultstring"].startswith("Spike arrest violation. Allowed rate : MessageRate{")


def test_quota_scenario_answers_429_with_exhausted_headers_and_retry_until_midnight(sandbox):
    sandbox.scenario = "quota"
    response = _get(sandbox, USERINFO_V2)
    assert response.status_code == 429
    assert response.json()["fault"]["detail"]["errorcode"] == "policies.ratelimit.QuotaViolation"
    headers = response.headers
    assert headers["x-keap-product-quota-used"] == headers["x-keap-product-quota-limit"] == "30000"
    assert headers["x-keap-product-quota-available"] == "0"
    assert abs(int(headers["Retry-After"]) - seconds_until_utc_midnight()) <= 2


def test_server_error_scenario_answers_500_with_error_body(sandbox):
    sandbox.scenario = "server_error"
    response = _get(sandbox, USERINFO_V2)
    assert response.status_code == 500 and response.json()["code"] == 500


def test_forbidden_scenario_answers_403_with_v2_error_body(sandbox):
    sandbox.scenario = "forbidden"
    response = _get(sandbox, "/crm/rest/v2/businessProfile")
    body = response.json()
    assert response.status_code == 403
    assert body["code"] == 403 and body["status"] == "PERMISSION_DENIED" and body["message"]
    assert body["details"] == [{"domain": "crm", "resource": "businessProfile"}]


def test_html_scenario_answers_a_login_page(sandbox):
    sandbox.scenario = "html"
    response = _get(sandbox, USERINFO_V2)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/html")
    assert "<form" in response.text and 'type="password"' in response.text


def test_redirect_scenario_sends_302_to_a_login_page_on_the_same_server(sandbox):
    sandbox.scenario = "redirect"
    response = _get(sandbox, USERINFO_V2, allow_redirects=False)
    assert response.status_code == 302
    assert response.headers["Location"].startswith(sandbox.url + "/")
    followed = _get(sandbox, USERINFO_V2)
    assert followed.status_code == 200 and "<form" in followed.text


def test_malformed_scenario_answers_cut_json(sandbox):
    sandbox.scenario = "malformed"
    response = _get(sandbox, USERINFO_V2)
    assert response.status_code == 200 and response.headers["Content-Type"] == "application/json"
    with pytest.raises(ValueError):
        json.loads(response.content)


def test_malformed_scenario_answers_cut_xml_on_xmlrpc(sandbox):
    sandbox.scenario = "malformed"
    body = xmlrpc.client.dumps((), "DataService.getUserInfo")
    response = requests.post(
        sandbox.url + "/crm/xmlrpc/v1",
        data=body,
        timeout=5,
        headers=_api_key_header(DEMO_SERVICE_ACCOUNT_KEY),
    )
    assert response.status_code == 200 and response.headers["Content-Type"] == "text/xml"
    with pytest.raises(ExpatError):  # what xmlrpc.client raises on XML cut short
        xmlrpc.client.loads(response.content)


def test_drop_scenario_closes_the_connection_without_an_answer(sandbox):
    sandbox.scenario = "drop"
    with pytest.raises(requests.ConnectionError):
        _get(sandbox, USERINFO_V2)


def test_slow_scenario_outlasts_the_client_read_timeout(sandbox):
    sandbox.scenario = "slow"
    with pytest.raises(requests.Timeout):
        requests.get(
            sandbox.url + USERINFO_V2,
            timeout=0.2,
            headers=_api_key_header(DEMO_SERVICE_ACCOUNT_KEY),
        )


def test_stop_returns_quickly_while_a_slow_request_waits():
    sandbox = Sandbox(scenario="slow", slow_seconds=30).start()
    client = threading.Thread(target=_swallow_errors, args=(sandbox.url + USERINFO_V2,))
    client.start()
    time.sleep(0.2)
    started = time.monotonic()
    sandbox.stop()
    assert time.monotonic() - started < 2
    client.join(timeout=5)
    assert not client.is_alive()


def _swallow_errors(url: str) -> None:
    with contextlib.suppress(requests.RequestException):
        requests.get(url, headers=_api_key_header(DEMO_SERVICE_ACCOUNT_KEY), timeout=10)


def test_legacy_retired_scenario_refuses_legacy_keys_everywhere(sandbox):
    sandbox.scenario = "legacy_retired"
    rest = requests.get(
        sandbox.url + USERINFO_V2, headers=_bearer_header(DEMO_LEGACY_KEY), timeout=5
    )
    assert rest.status_code == 401
    assert (
        rest.json()["fault"]["detail"]["errorcode"] == "keymanagement.service.invalid_access_token"
    )
    with pytest.raises(xmlrpc.client.ProtocolError) as gateway:
        _xmlrpc(sandbox, "/crm/xmlrpc/v1", DEMO_LEGACY_KEY).DataService.getUserInfo()
    assert gateway.value.errcode == 401
    with pytest.raises(xmlrpc.client.Fault) as per_app:
        _xmlrpc(sandbox, "/api/xmlrpc", key=None).DataService.getUserInfo(DEMO_LEGACY_KEY)
    assert per_app.value.faultString == "[InvalidKey]Invalid Key"
    assert _get(sandbox, USERINFO_V2).status_code == 200  # a SAK still works


# --- XML-RPC --------------------------------------------------------------------------------
@pytest.mark.parametrize("header", HEADER_STYLES)
@pytest.mark.parametrize("path", ["/crm/xmlrpc/v1", "/crm/xmlrpc"])
def test_gateway_xmlrpc_answers_user_info_echo_and_app_setting(sandbox, header, path):
    proxy = _xmlrpc(sandbox, path, DEMO_PERSONAL_ACCESS_TOKEN, header)
    info = proxy.DataService.getUserInfo()
    assert info["email"] == "lucia.martinez@example.com" and info["appAlias"] == DEMO_APP_NAME
    assert proxy.DataService.echo("hola") == "hola"
    assert proxy.DataService.getAppSetting("placeholder", "Application", "enabled") == "yes"


def test_gateway_xmlrpc_carries_metering_headers(sandbox):
    body = xmlrpc.client.dumps((), "DataService.getUserInfo")
    response = requests.post(
        sandbox.url + "/crm/xmlrpc/v1",
        data=body,
        timeout=5,
        headers=_api_key_header(DEMO_SERVICE_ACCOUNT_KEY),
    )
    assert response.headers["Content-Type"] == "text/xml"
    assert response.headers["x-keap-product-quota-used"] == "1"
    assert xmlrpc.client.loads(response.content)[0][0]["localUserId"] == 3


def test_gateway_xmlrpc_without_key_gets_the_rest_401_fault(sandbox):
    body = xmlrpc.client.dumps((), "DataService.getUserInfo")
    response = requests.post(sandbox.url + "/crm/xmlrpc/v1", data=body, timeout=5)
    assert response.status_code == 401
    assert response.json()["fault"]["detail"]["errorcode"] == "oauth.v2.InvalidAccessToken"


def test_gateway_xmlrpc_unknown_method_is_no_such_handler_fault(sandbox):
    with pytest.raises(xmlrpc.client.Fault) as fault:
        _xmlrpc(sandbox, "/crm/xmlrpc/v1").ContactService.teleport()
    assert fault.value.faultString == "No such handler: ContactService.teleport"


def test_per_app_xmlrpc_takes_the_legacy_key_as_first_param_when_legacy_accepted(sandbox):
    sandbox.scenario = "legacy_accepted"
    proxy = _xmlrpc(sandbox, "/api/xmlrpc", key=None)
    assert proxy.DataService.getUserInfo(DEMO_LEGACY_KEY)["localUserId"] == 1
    assert proxy.DataService.getAppSetting(DEMO_LEGACY_KEY, "Application", "enabled") == "yes"
    assert proxy.DataService.echo("sin clave") == "sin clave"  # echo needs no key


@pytest.mark.parametrize(
    "key",
    [REVOKED_KEY, "0" * 32, DEMO_SERVICE_ACCOUNT_KEY],
    ids=["revoked", "unknown-legacy", "service-account-key"],
)
def test_per_app_xmlrpc_refuses_other_keys_with_invalid_key_fault(sandbox, key):
    with pytest.raises(xmlrpc.client.Fault) as fault:
        _xmlrpc(sandbox, "/api/xmlrpc", key=None).DataService.getUserInfo(key)
    assert (fault.value.faultCode, fault.value.faultString) == (2, "[InvalidKey]Invalid Key")


@pytest.mark.parametrize(
    "body", [b"", b"not xml at all", b"<methodCall><methodName>"], ids=["empty", "garbage", "cut"]
)
def test_per_app_xmlrpc_unparseable_body_is_premature_end_of_file_fault(sandbox, body):
    response = requests.post(sandbox.url + "/api/xmlrpc", data=body, timeout=5)
    with pytest.raises(xmlrpc.client.Fault) as fault:
        xmlrpc.client.loads(response.content)
    assert fault.value.faultCode == 0
    assert fault.value.faultString == "Failed to parse XML-RPC request: Premature end of file."


# --- control, settings, life cycle ----------------------------------------------------------
def test_scenario_can_be_read_and_switched_over_http(sandbox):
    control = sandbox.url + "/_sandbox/scenario"
    assert requests.get(control, timeout=5).json()["scenario"] == "normal"
    switched = requests.post(control, json={"scenario": "quota"}, timeout=5)
    assert switched.status_code == 200 and switched.json()["scenario"] == "quota"
    assert sandbox.scenario == "quota" and _get(sandbox, USERINFO_V2).status_code == 429
    refused = requests.post(control, json={"scenario": "volcano"}, timeout=5)
    assert refused.status_code == 400 and "volcano" in refused.json()["error"]
    assert sandbox.scenario == "quota"


def test_unknown_scenario_is_refused_with_a_clear_error(sandbox):
    with pytest.raises(ValueError) as error:
        sandbox.scenario = "volcano"
    assert isinstance(error.value, SandboxError)
    assert "volcano" in str(error.value) and "legacy_retired" in str(error.value)
    assert set(SCENARIOS) >= {
        "normal",
        "slow",
        "spike",
        "quota",
        "server_error",
        "html",
        "malformed",
        "drop",
        "legacy_retired",
        "forbidden",
        "redirect",
    }


@pytest.mark.parametrize("host", ["0.0.0.0", "", "192.168.1.10", "::", "example.com"])
def test_sandbox_refuses_non_loopback_hosts(host):
    with pytest.raises(ValueError):
        Sandbox(host=host)


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "localhost", "::1"])
def test_sandbox_accepts_loopback_hosts(host):
    assert Sandbox(host=host).host in {host, "127.0.0.1", "127.0.0.2", "::1", "localhost"}


def test_stop_is_idempotent_and_url_needs_a_running_sandbox():
    sandbox = Sandbox()
    with pytest.raises(SandboxError):
        _ = sandbox.url
    sandbox.start()
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+", sandbox.url)
    sandbox.stop()
    sandbox.stop()
    assert not sandbox.running


def test_ensure_running_gives_one_shared_sandbox_across_threads():
    found: list[Sandbox] = []
    threads = [threading.Thread(target=lambda: found.append(ensure_running())) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({id(s) for s in found}) == 1 and found[0].running
    assert found[0] is ensure_running()


def test_verbose_log_shows_method_path_status_but_never_keys(capsys):
    with Sandbox(verbose=True) as sandbox:
        requests.get(
            f"{sandbox.url}{USERINFO_V2}?access_token={DEMO_PERSONAL_ACCESS_TOKEN}",
            headers=_api_key_header(DEMO_SERVICE_ACCOUNT_KEY),
            timeout=5,
        )
    log = capsys.readouterr().err
    assert f"GET {USERINFO_V2} -> 200" in log
    assert DEMO_SERVICE_ACCOUNT_KEY not in log and DEMO_PERSONAL_ACCESS_TOKEN not in log


# --- command line ---------------------------------------------------------------------------
@pytest.mark.skipif(os.name == "nt", reason="sends SIGINT, as Ctrl+C does on POSIX")
def test_cli_prints_url_serves_and_stops_cleanly_on_ctrl_c():
    scenarios: list[str] = []
    run = run_sandbox_command(
        "--lang",
        "en",
        banner_lines=16,
        while_running=lambda url: scenarios.append(
            requests.get(url + "/_sandbox/scenario", timeout=5).json()["scenario"]
        ),
    )
    output = run.output
    assert scenarios == ["normal"] and run.returncode == 0
    assert DEMO_APP_NAME in output and f"KEAP_API_BASE_URL={run.url}" in output
    assert set(re.findall(r"KeapAK-[0-9a-f]{50}", output)) <= set(DEMO_KEYS)
    assert DEMO_SERVICE_ACCOUNT_KEY in output and "not a secret" in output
    assert "Sandbox stopped." in output
