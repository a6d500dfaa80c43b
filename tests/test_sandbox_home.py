"""The sandbox's own address answers a person: what it is and how to stop it, in their language."""

from __future__ import annotations

import re

import pytest
import requests

from helpers import tutorial
from helpers.i18n import t
from helpers.sandbox import Sandbox


@pytest.mark.parametrize(("lang", "code"), [("es", "es-419"), ("en", "en"), ("pt", "pt-BR")])
def test_the_address_is_a_short_page_in_the_editions_language(lang, code):
    with Sandbox(lang=lang) as sandbox:
        answer = requests.get(sandbox.url + "/", timeout=5)
        seen, url = sandbox.requests_seen, sandbox.url
    assert answer.status_code == 200
    assert answer.headers["Content-Type"].startswith("text/html")
    page = answer.text
    assert f'<html lang="{code}">' in page
    assert t("sandbox.home_page.title", lang) in page
    assert "python -m helpers.sandbox" in page and "Ctrl+C" in page
    assert url in page
    assert seen == 0  # a person reading the page is not an API request


def test_any_scenario_still_shows_the_page():
    with Sandbox(scenario="server_error") as sandbox:
        assert requests.get(sandbox.url, timeout=5).status_code == 200


def test_other_paths_still_answer_as_keap_does():
    with Sandbox() as sandbox:
        assert requests.get(sandbox.url + "/nothing", timeout=5).status_code == 404
        assert requests.post(sandbox.url + "/", timeout=5).status_code == 404


def test_the_mode_lines_link_opens_that_page(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)  # no saved credentials: sandbox mode
    monkeypatch.delenv("KEAP_API_BASE_URL", raising=False)
    line = tutorial.start("en")._repr_markdown_()
    (link,) = re.findall(r"https?://[^\s)]+", line)
    answer = requests.get(link, timeout=5)
    assert answer.status_code == 200 and t("sandbox.home_page.title", "en") in answer.text


def test_on_a_hub_the_mode_line_shows_the_sandbox_address_as_text_not_a_dead_link(
    monkeypatch, tmp_path
):
    """The learner's browser is not on the hub's server: 127.0.0.1 there is their own computer."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("KEAP_API_BASE_URL", raising=False)
    monkeypatch.setenv("JUPYTERHUB_SERVICE_PREFIX", "/user/ana/")
    session = tutorial.start("es")
    line = session._repr_markdown_()
    assert f"`{session.base_url}`" in line
    assert not re.findall(r"(?<!`)https?://[^\s)`]+", line)
