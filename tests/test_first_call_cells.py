"""Lesson 10's "first real call" cells (list, create, tag), run as a developer's own script.

Each cell is extracted from the built notebook and run with this environment's Python in
isolated mode (``-I``: no project on sys.path), where requests and Keap's SDK are installed.
Against the sandbox they write; pointed at Keap with ``WRITE_TO_KEAP`` off they only read;
and they keep the key from redirects, proxies and addresses that are not Keap's API.
"""

from __future__ import annotations

import io
import sys
import xmlrpc.client
from contextlib import redirect_stdout
from pathlib import Path

import pytest
import requests
import urllib3

from helpers.sandbox import Sandbox
from tests.copy_ready_cells import ROOT, first_call_cells, run_script
from tests.hostile_server import HostileServer, _answer, redirect_to

REAL_LOOKING_KEY = "KeapAK-" + "f1r5tca1" * 6 + "9d"
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*/10-*.ipynb"))
CELLS = first_call_cells()
PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy")


def _run(source: str, folder: Path, env: dict[str, str]):
    return run_script(Path(sys.executable), source, folder, env)


def _exec(monkeypatch, source: str, env: dict[str, str]) -> tuple[str, BaseException | None]:
    """Run ``source`` in this process with ``env`` set (faster than a new interpreter, which
    the sandbox test above uses to prove the cells stand alone); its output and its error."""
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    shown, error = io.StringIO(), None
    with redirect_stdout(shown):
        try:
            exec(compile(source, "first-call-cell", "exec"), {"__name__": "__main__"})
        except Exception as exc:  # the cell's own refusal, as a developer's script would end
            error = exc
    return shown.getvalue(), error


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda path: path.parent.name)
def test_each_edition_has_the_three_first_call_cells(notebook):
    cells = first_call_cells(notebook)
    assert sorted(cells) == ["rest", "sdk", "xmlrpc"]
    assert all("WRITE_TO_KEAP = False" in source for source in cells.values())


@pytest.mark.parametrize("kind", sorted(CELLS))
def test_against_the_sandbox_a_cell_creates_and_tags_once(monkeypatch, tmp_path, kind):
    with Sandbox(keys={REAL_LOOKING_KEY: "service_account"}) as sandbox:
        sandbox.seed(tags=["Tutorial API"])
        env = {"KEAP_API_KEY": REAL_LOOKING_KEY, "KEAP_API_BASE_URL": sandbox.url}
        if kind == "sdk":  # importing the SDK in a new interpreter is slow on 2 cores; the SDK
            # cells already run alone in a fresh venv in test_hostile_servers
            shown, error = _exec(monkeypatch, CELLS[kind], env)
        else:  # a script on its own: nothing of the project importable
            done = _run(CELLS[kind], tmp_path, env)
            shown, error = done.stdout, None if done.returncode == 0 else done.stderr
        _, again = _exec(monkeypatch, CELLS[kind], env)
        assert error is None and again is None, (error, again)
        data = sandbox.state.data
        made = data.find_by_email("prueba.tutorial@example.com")
        assert len(made) == 1  # run twice, created once
        tag = next(t for t, record in data.tags.items() if record["name"] == "Tutorial API")
        assert tag in data.applied[made[0]]
    assert "ana.garcia@example.com" in shown and REAL_LOOKING_KEY not in shown


def _recorded_rest(calls):
    def request(session, method, url, **kwargs):
        calls.append(method.upper())
        answer = requests.Response()
        answer.status_code, answer._content = 200, b'{"contacts": [], "next_page_token": ""}'
        answer.headers["Content-Type"] = "application/json"
        return answer

    return request


@pytest.mark.parametrize("kind", sorted(CELLS))
def test_pointed_at_keap_with_the_flag_off_a_cell_only_reads(monkeypatch, kind):
    """No server here can be https://api.infusionsoft.com, so each library's request function
    is replaced by one that records the call and answers an empty account."""
    calls: list[str] = []
    monkeypatch.setattr(requests.Session, "request", _recorded_rest(calls))
    import keap_core_v2_client.rest as sdk_rest

    def sdk_request(client, method, url, **kwargs):
        calls.append(method.upper())
        body = b'{"contacts": [], "next_page_token": ""}'
        raw = urllib3.HTTPResponse(
            body=body,
            status=200,
            headers={"Content-Type": "application/json"},
            preload_content=False,
        )
        return sdk_rest.RESTResponse(raw)

    monkeypatch.setattr(sdk_rest.RESTClientObject, "request", sdk_request)

    def rpc_request(transport, host, handler, body, verbose=False):
        calls.append(xmlrpc.client.loads(body)[1])
        return ([],)

    monkeypatch.setattr(xmlrpc.client.Transport, "request", rpc_request)
    env = {"KEAP_API_KEY": REAL_LOOKING_KEY, "KEAP_API_BASE_URL": "https://api.infusionsoft.com"}
    shown, error = _exec(monkeypatch, CELLS[kind], env)
    assert error is None and calls and set(calls) <= {"GET", "DataService.query"}, calls
    assert "WRITE_TO_KEAP = True" in shown and REAL_LOOKING_KEY not in shown


# The SDK cell's client is configured as lesson 10's copy-ready SDK cell, whose redirects
# test_hostile_servers checks in a fresh venv; here the two hand-written clients.
@pytest.mark.parametrize("kind", ["rest", "xmlrpc"])
def test_a_first_call_cell_does_not_carry_the_key_across_a_redirect(tmp_path, kind):
    json_ok = _answer("200 OK", b"{}", {"Content-Type": "application/json"})
    with (
        HostileServer(json_ok) as other,
        HostileServer(redirect_to(other.url + "/crm/next")) as first,
    ):
        done = _run(
            CELLS[kind],
            tmp_path,
            {"KEAP_API_KEY": REAL_LOOKING_KEY, "KEAP_API_BASE_URL": first.url},
        )
        delivered = [REAL_LOOKING_KEY.encode() in request for request in other.received]
    assert done.returncode != 0 and not any(delivered)
    assert REAL_LOOKING_KEY not in done.stdout + done.stderr


@pytest.mark.parametrize(
    "base_url",
    ["http://api.infusionsoft.com", "https://help.infusionsoft.com", "http://keap-api.example"],
)
@pytest.mark.parametrize("kind", sorted(CELLS))
def test_a_first_call_cell_refuses_an_address_that_is_not_keaps_api(monkeypatch, kind, base_url):
    with HostileServer(_answer("200 OK", b"{}", {"Content-Type": "application/json"})) as proxy:
        env = {name: proxy.url for name in PROXY_VARIABLES}
        env.update(KEAP_API_KEY=REAL_LOOKING_KEY, KEAP_API_BASE_URL=base_url)
        _, error = _exec(monkeypatch, CELLS[kind], env)
        assert proxy.connections == 0
    # The refusal names what was refused and what is allowed, and never the key.
    assert isinstance(error, ValueError) and repr(base_url) in str(error)
    assert "https://api.infusionsoft.com" in str(error) and REAL_LOOKING_KEY not in str(error)


@pytest.mark.parametrize("kind", sorted(CELLS))
def test_a_first_call_cell_ignores_proxy_variables(tmp_path, kind):
    with (
        Sandbox(keys={REAL_LOOKING_KEY: "service_account"}) as sandbox,
        HostileServer(_answer("502 Bad Gateway", b"")) as proxy,
    ):
        env = {name: proxy.url for name in PROXY_VARIABLES}
        env.update(KEAP_API_KEY=REAL_LOOKING_KEY, KEAP_API_BASE_URL=sandbox.url)
        done = _run(CELLS[kind], tmp_path, env)
        assert done.returncode == 0, done.stderr
        assert proxy.connections == 0
