"""The sandbox as others use it: documented keys and app name, and the keap_sandbox fixture."""

from __future__ import annotations

from pathlib import Path

import pytest
import requests

from helpers.client import USERINFO_PATH, check_connection
from helpers.sandbox import DEMO_APP_NAME, DEMO_SERVICE_ACCOUNT_KEY, Sandbox, demo_account
from helpers.sandbox.scenarios import SandboxSettingError
from tests.another_project import run_their_tests

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
MY_KEY = "KeapAK-" + "5eed" * 12 + "ab"
MY_LEGACY_KEY = "0123456789abcdef" * 2


def _userinfo(url: str, key: str) -> requests.Response:
    return requests.get(url + USERINFO_PATH, headers={"X-Keap-API-Key": key}, timeout=5)


@pytest.mark.keap_sandbox(keys={MY_KEY: "personal"}, app_name="ab123")
def test_the_fixture_serves_the_keys_and_app_name_of_its_marker(keap_sandbox):
    answer = _userinfo(keap_sandbox.url, MY_KEY)
    assert answer.status_code == 200
    assert answer.json()["tenant_id"] == "ab123"
    assert answer.json()["email"] == "lucia.martinez@example.com"
    assert _userinfo(keap_sandbox.url, DEMO_SERVICE_ACCOUNT_KEY).status_code == 401


def test_the_fixture_serves_the_demo_account_by_default(keap_sandbox):
    assert keap_sandbox.running and keap_sandbox.url.startswith("http://127.0.0.1:")
    result = check_connection(DEMO_APP_NAME, DEMO_SERVICE_ACCOUNT_KEY, base_url=keap_sandbox.url)
    assert result.ok, result


@pytest.mark.keap_sandbox(scenario="quota")
def test_the_fixture_starts_in_the_marker_scenario(keap_sandbox):
    assert _userinfo(keap_sandbox.url, DEMO_SERVICE_ACCOUNT_KEY).status_code == 429


def test_a_plain_list_of_keys_makes_keapak_keys_service_accounts_and_others_legacy():
    # legacy_accepted: by default the sandbox refuses legacy keys, as Keap does since the cut-off
    with Sandbox(keys=[MY_KEY, MY_LEGACY_KEY], scenario="legacy_accepted") as sandbox:
        assert check_connection(DEMO_APP_NAME, MY_KEY, base_url=sandbox.url).ok
        legacy = check_connection(
            DEMO_APP_NAME, MY_LEGACY_KEY, base_url=sandbox.url, legacy_route="app"
        )
        assert legacy.key_kind == "legacy" and legacy.ok


def test_an_unknown_kind_of_key_is_refused_with_the_kinds_that_exist():
    with pytest.raises(SandboxSettingError) as caught:
        demo_account({MY_KEY: "admin"})
    assert "admin" in caught.value.message and "service_account" in caught.value.fix


def _readme_example() -> str:
    section = README.split("## Test your own code against the sandbox", 1)[1]
    return section.split("```python\n", 1)[1].split("```", 1)[0]


def test_the_readme_example_is_five_lines():
    assert len([line for line in _readme_example().splitlines() if line.strip()]) == 5


def test_the_readme_example_passes_in_another_project(tmp_path):
    """Another project's tests get the fixture from the entry point, with no conftest."""
    run = run_their_tests(tmp_path, _readme_example(), timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "1 passed" in run.stdout
