"""Keap's official Python SDK (keap-core-v2-sdk) reads the sandbox into its own models.

This is how the project checks that the sandbox's shapes match Keap's REST v2 OpenAPI
without shipping the OpenAPI file: the SDK's models are generated from it.
"""

from __future__ import annotations

import pytest

from helpers.sandbox import (
    DEMO_APP_NAME,
    DEMO_PERSONAL_ACCESS_TOKEN,
    DEMO_SERVICE_ACCOUNT_KEY,
    REVOKED_KEY,
    Sandbox,
)

keap = pytest.importorskip(
    "keap_core_v2_client", reason="Keap's SDK (pip install keap-core-v2-sdk) is not installed"
)
from keap_core_v2_client.exceptions import (  # noqa: E402
    ApiException,
    ForbiddenException,
    UnauthorizedException,
)


@pytest.fixture(scope="module")
def sandbox():
    with Sandbox() as running:
        yield running


@pytest.fixture(autouse=True)
def _normal_scenario(sandbox):
    sandbox.scenario = "normal"


def _client(sandbox: Sandbox, key: str):
    configuration = keap.Configuration(host=sandbox.url + "/crm", access_token=key)
    return keap.ApiClient(configuration)


def test_sdk_reads_user_info_of_the_service_account_key(sandbox):
    with _client(sandbox, DEMO_SERVICE_ACCOUNT_KEY) as client:
        info = keap.UsersApi(client).get_user_info()
    assert isinstance(info, keap.GetUserInfoResponse)
    assert info.is_admin is True and info.tenant_id == DEMO_APP_NAME
    assert info.email.endswith("@example.com") and info.sub == "3" and info.id
    assert info.additional_properties == {}  # nothing outside Keap's schema


def test_sdk_reads_user_info_of_the_personal_access_token(sandbox):
    with _client(sandbox, DEMO_PERSONAL_ACCESS_TOKEN) as client:
        info = keap.UsersApi(client).get_user_info()
    assert (info.given_name, info.family_name, info.is_admin) == ("Lucía", "Martínez", False)


def test_sdk_reads_business_profile_into_its_models(sandbox):
    with _client(sandbox, DEMO_SERVICE_ACCOUNT_KEY) as client:
        profile = keap.BusinessProfileApi(client).get_business_profile()
    assert isinstance(profile, keap.GetBusinessProfileResponse)
    assert profile.name == "Panadería Demo" and profile.currency_code == "MXN"
    assert isinstance(profile.address, keap.BusinessProfileAddressResponse)
    assert profile.address.country_code == "MEX" and profile.business_goals
    assert profile.additional_properties == {} and profile.address.additional_properties == {}


def test_sdk_reads_application_status_and_sees_quota_headers(sandbox):
    with _client(sandbox, DEMO_SERVICE_ACCOUNT_KEY) as client:
        response = keap.SettingsApi(client).is_application_enabled_with_http_info()
    assert response.status_code == 200 and response.data.is_enabled is True
    assert response.headers["x-keap-product-quota-limit"] == "30000"


def test_sdk_gets_401_for_the_revoked_key(sandbox):
    with _client(sandbox, REVOKED_KEY) as client, pytest.raises(ApiException) as error:
        keap.UsersApi(client).get_user_info()
    assert isinstance(error.value, UnauthorizedException) and error.value.status == 401
    assert "keymanagement.service.invalid_access_token" in error.value.body


def test_sdk_parses_the_forbidden_body_as_its_error_model(sandbox):
    sandbox.scenario = "forbidden"
    with (
        _client(sandbox, DEMO_PERSONAL_ACCESS_TOKEN) as client,
        pytest.raises(ForbiddenException) as error,
    ):
        keap.BusinessProfileApi(client).get_business_profile()
    assert isinstance(error.value.data, keap.Error)
    assert (error.value.data.code, error.value.data.status) == (403, "PERMISSION_DENIED")
