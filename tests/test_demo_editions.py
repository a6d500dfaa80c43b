"""The demo account in each edition: its people and business speak the lesson's language.

Only the human-readable values change with the edition; keys, ids, the app name and every
answer's shape stay the same. Everything goes over real HTTP to sandboxes on 127.0.0.1, and
the lesson checks read the committed notebooks, whose outputs nbval compares with a real run.
"""

from __future__ import annotations

import os
import re
import xmlrpc.client
from pathlib import Path
from typing import Any

import nbformat
import pytest
import requests

from helpers import check_connection, tutorial, widgets
from helpers.exercises import check
from helpers.i18n import LANGUAGES, get_language, set_language
from helpers.lessons import LESSONS
from helpers.sandbox import (
    DEMO_APP_NAME,
    DEMO_LEGACY_KEY,
    DEMO_PERSONAL_ACCESS_TOKEN,
    DEMO_SERVICE_ACCOUNT_KEY,
    REVOKED_KEY,
    Sandbox,
    ensure_running,
)
from tests.sandbox_command import run_sandbox_command

ROOT = Path(__file__).resolve().parents[1]
USERINFO_V2 = "/crm/rest/v2/oauth/connect/userinfo"
BUSINESS_V2 = "/crm/rest/v2/businessProfile"
# What each edition's learners read: the PAT's user, the service account, the business.
EXPECTED = {
    "es": ("Lucía Martínez", "Cuenta de servicio Panadería Demo", "Panadería Demo"),
    "en": ("Emily Carter", "Service account Demo Bakery", "Demo Bakery"),
    "pt": ("Juliana Costa", "Conta de serviço Padaria Demo", "Padaria Demo"),
}
# The exercise in lesson 08 asks for the business name; its solution quotes it.
_SOLUTION = re.compile(r'`answer = "([^"]+)"`')


@pytest.fixture(autouse=True)
def _forget_language():
    yield
    set_language("")


def _get(url: str, path: str, key: str) -> requests.Response:
    return requests.get(url + path, headers={"X-Keap-API-Key": key}, timeout=5)


def _shape(value: Any) -> Any:
    """The JSON structure of ``value`` with each leaf replaced by its type's name."""
    if isinstance(value, dict):
        return {name: _shape(item) for name, item in value.items()}
    if isinstance(value, list):
        return [_shape(item) for item in value]
    return type(value).__name__


def _answers(url: str) -> dict[str, Any]:
    """Every REST and XML-RPC answer the sandbox at ``url`` gives each demo key."""
    found: dict[str, Any] = {}
    paths = (USERINFO_V2, "/crm/rest/v1/oauth/connect/userinfo", BUSINESS_V2)
    for key in (DEMO_SERVICE_ACCOUNT_KEY, DEMO_PERSONAL_ACCESS_TOKEN, DEMO_LEGACY_KEY, REVOKED_KEY):
        for path in (*paths, "/crm/rest/v1/account/profile"):
            response = _get(url, path, key)
            found[f"{key[-4:]} {path}"] = (response.status_code, response.json())
        proxy = xmlrpc.client.ServerProxy(url + "/api/xmlrpc")
        try:
            found[f"{key[-4:]} xmlrpc"] = proxy.DataService.getUserInfo(key)
        except xmlrpc.client.Fault as fault:
            found[f"{key[-4:]} xmlrpc"] = fault.faultString
    return found


def _lesson_source(number: str, lang: str) -> str:
    return (ROOT / "lessons" / lang / f"{LESSONS[number][lang]}.md").read_text(encoding="utf-8")


def _outputs(number: str, lang: str) -> str:
    """The stored outputs of a lesson's notebook, as one text."""
    nb = nbformat.read(ROOT / "notebooks" / lang / f"{LESSONS[number][lang]}.ipynb", as_version=4)
    return "\n".join(
        out.get("text", "")
        for cell in nb.cells
        if cell.cell_type == "code"
        for out in cell.get("outputs", [])
    )


# --- the sandbox ----------------------------------------------------------------------------
@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_edition_sandbox_names_its_own_people_and_business(lang):
    pat_name, service_account, business = EXPECTED[lang]
    with Sandbox(lang=lang) as sandbox:
        pat = _get(sandbox.url, USERINFO_V2, DEMO_PERSONAL_ACCESS_TOKEN).json()
        sak = _get(sandbox.url, USERINFO_V2, DEMO_SERVICE_ACCOUNT_KEY).json()
        profile = _get(sandbox.url, BUSINESS_V2, DEMO_SERVICE_ACCOUNT_KEY).json()
    assert f"{pat['given_name']} {pat['family_name']}" == pat_name
    assert f"{sak['given_name']} {sak['family_name']}" == service_account
    assert profile["name"] == business and profile["language_tag"].startswith(lang)


def test_only_human_readable_values_differ_between_editions():
    answers = {}
    for lang in LANGUAGES:
        with Sandbox(lang=lang) as sandbox:
            answers[lang] = _answers(sandbox.url)
    spanish = answers["es"]
    for lang in ("en", "pt"):
        assert _shape(answers[lang]) == _shape(spanish), lang
        for what, answer in answers[lang].items():
            if isinstance(answer, tuple):  # (status, body): same status, same ids
                assert answer[0] == spanish[what][0], what
                for field in ("sub", "id", "global_user_id", "tenant_id", "is_admin"):
                    assert answer[1].get(field) == spanish[what][1].get(field), what
            elif isinstance(answer, dict):  # XML-RPC's user struct
                for field in ("globalUserId", "localUserId", "appAlias", "appUrl"):
                    assert answer[field] == spanish[what][field], what
            else:  # the same fault
                assert answer == spanish[what], what
    assert answers["en"] != spanish and answers["pt"] != spanish


def test_a_running_sandbox_switches_edition_without_changing_its_keys():
    with Sandbox(app_name="ab123", keys={"KeapAK-" + "1" * 50: "personal"}) as sandbox:
        sandbox.lang = "pt-BR"
        answer = _get(sandbox.url, USERINFO_V2, "KeapAK-" + "1" * 50).json()
        refused = _get(sandbox.url, USERINFO_V2, DEMO_PERSONAL_ACCESS_TOKEN).status_code
    assert sandbox.lang == "pt" and answer["given_name"] == "Juliana"
    assert answer["tenant_id"] == "ab123" and refused == 401


@pytest.mark.skipif(os.name == "nt", reason="sends SIGINT, as Ctrl+C does on POSIX")
def test_sandbox_command_serves_and_announces_the_demo_people_of_its_language():
    answers: list[dict] = []
    run = run_sandbox_command(
        "--lang",
        "pt",
        banner_lines=8,
        while_running=lambda url: answers.append(
            _get(url, USERINFO_V2, DEMO_PERSONAL_ACCESS_TOKEN).json()
        ),
    )
    assert any("age como Juliana Costa" in line for line in run.banner), run.banner
    assert answers[0]["given_name"] == "Juliana"


# --- the tutorial's shared sandbox ----------------------------------------------------------
@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_shared_sandbox_follows_the_lesson_language(lang, shared_sandbox):
    tutorial.start(lang)
    result = check_connection(DEMO_APP_NAME, DEMO_PERSONAL_ACCESS_TOKEN)
    assert result.ok and result.account["name"] == EXPECTED[lang][0]


def test_the_form_card_names_the_demo_account_of_the_forms_language(shared_sandbox, tmp_path):
    assert get_language() == "es"
    form = widgets.credentials_form("en", env_file=tmp_path / ".env")
    form.demo_button.click()
    form.test_button.click()
    assert form.last_result is not None and form.last_result.ok
    assert form.last_result.account["name"] == EXPECTED["en"][1]


# --- the lessons ----------------------------------------------------------------------------
@pytest.mark.parametrize("lang", LANGUAGES)
def test_lesson_10_shows_and_names_its_own_editions_demo_people(lang):
    pat_name, service_account, _ = EXPECTED[lang]
    outputs = _outputs("10", lang)
    assert f"SAK: {service_account}\nPAT: {pat_name}\n" in outputs
    assert pat_name in _lesson_source("10", lang)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_lesson_shows_another_editions_demo_people(lang):
    others = {value for other in LANGUAGES if other != lang for value in EXPECTED[other]}
    for number in LESSONS:
        shown = _outputs(number, lang) + _lesson_source(number, lang)
        assert not [value for value in others if value in shown], (number, lang)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_lesson_10_solution_is_the_served_business_and_is_accepted(lang, shared_sandbox):
    solution = _SOLUTION.findall(_lesson_source("10", lang))[-1]
    tutorial.start(lang)
    served = _get(ensure_running().url, BUSINESS_V2, DEMO_SERVICE_ACCOUNT_KEY).json()["name"]
    assert solution == served == EXPECTED[lang][2]
    assert check("10-3", solution, lang=lang).ok
