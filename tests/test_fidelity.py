"""``python -m helpers.fidelity``: the sandbox compared with "the real Keap", by shape only.

No real Keap is reachable from the test machines, and the Keap side must be Keap's own host
over HTTPS, which no local server can be. So "the real Keap" is played by a requests transport
adapter (``PlayedKeap``) that records each prepared request, forwards it over real HTTP to a
sandbox on 127.0.0.1, and then reshapes the sandbox's answer the way the test wants Keap to
differ. Everything else is real: the sandbox side, the guard, the report, the CLI.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import xmlrpc.client
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests
from requests.adapters import BaseAdapter, HTTPAdapter

from helpers.credentials import KeyKind
from helpers.errors import UnsafeDestination
from helpers.fidelity import MAX_REQUESTS, PROBES, report, runner, transport
from helpers.fidelity.__main__ import main
from helpers.fidelity.compare import Difference
from helpers.fidelity.probes import PREFLIGHT_ID, PREFLIGHT_ORIGIN, PROBES_BY_ID, build_request
from helpers.fidelity.relations import preflight_allows
from helpers.fidelity.report import difference_text, request_lines
from helpers.fidelity.shape import Answer, Redactor
from helpers.i18n import t
from helpers.sandbox import DEMO_APP_NAME, DEMO_SERVICE_ACCOUNT_KEY, REVOKED_KEY, Sandbox
from tests.hostile_server import HostileServer, _answer

ROOT = Path(__file__).resolve().parents[1]
REAL_KEY = "KeapAK-" + "5e" * 25  # stands for a learner's real key; no Keap account has it
KEAP_HOST = "api.infusionsoft.com"


class PlayedKeap(BaseAdapter):
    """Plays the real Keap: records the request, asks a loopback sandbox, reshapes the answer."""

    def __init__(
        self, sandbox_url: str, key: str, reshape=None, before_first_send=None, preflight_url=None
    ):
        super().__init__()
        self.sent: list[requests.PreparedRequest] = []
        self._sandbox_url, self._key = sandbox_url, key
        self._preflight_url = preflight_url  # another local server to answer the OPTIONS
        self._reshape, self._before_first_send = reshape, before_first_send
        self._http = HTTPAdapter()

    def send(self, request, **kwargs):
        if not self.sent and self._before_first_send:
            self._before_first_send()
        self.sent.append(request.copy())
        forwarded = request.copy()
        parts = urlsplit(request.url)
        to_preflight = request.method == "OPTIONS" and self._preflight_url
        query = "?" + parts.query if parts.query else ""
        forwarded.url = (self._preflight_url if to_preflight else self._sandbox_url) + parts.path
        forwarded.url += query
        # The sandbox knows only its demo key: the learner's key stands for it.
        for name, value in list(forwarded.headers.items()):
            forwarded.headers[name] = value.replace(self._key, DEMO_SERVICE_ACCOUNT_KEY)
        if forwarded.body:
            forwarded.body = forwarded.body.replace(
                self._key.encode(), DEMO_SERVICE_ACCOUNT_KEY.encode()
            )
            forwarded.headers["Content-Length"] = str(len(forwarded.body))
        response = self._http.send(forwarded, **kwargs)
        _ = response.content  # read it all before the connection goes back
        response.url = request.url
        if self._reshape:
            self._reshape(probe_of(request, self._key), response)
        return response

    def close(self):
        self._http.close()


def probe_of(request: requests.PreparedRequest, key: str) -> str:
    """Which request of the list this is, from its path and how it carries a key."""
    path = urlsplit(request.url).path
    if request.method == "OPTIONS":
        return "v2_userinfo_cors_preflight"
    keap_header = request.headers.get("X-Keap-API-Key")
    bearer = request.headers.get("Authorization", "").removeprefix("Bearer ")
    if path == "/api/xmlrpc":
        return "xmlrpc_per_app_getuserinfo"
    if path == "/crm/xmlrpc/v1":
        return "xmlrpc_gateway_getuserinfo"
    if path.startswith("/crm/rest/v1/"):
        return "v1_userinfo_keap_header"
    reads = {
        "/crm/rest/v2/contacts": "v2_contacts_page",
        "/crm/rest/v2/tags": "v2_tags_page",
        "/crm/rest/v2/contacts/model": "v2_contact_model",
    }
    if path in reads:
        return reads[path]
    resource = "business" if path.endswith("businessProfile") else "userinfo"
    if keap_header:
        return f"v2_{resource}_{'keap_header' if keap_header == key else 'wrong_keap_header'}"
    if bearer:
        return f"v2_{resource}_{'bearer' if bearer == key else 'wrong_bearer'}"
    return "v2_userinfo_no_key"


def _json(response) -> dict:
    return json.loads(response.content)


def _set_json(response, value, status: int | None = None) -> None:
    response._content = json.dumps(value).encode()
    if status is not None:
        response.status_code = status


@pytest.fixture
def keap_sandbox():
    """The sandbox that stands behind the played Keap (a real server on 127.0.0.1)."""
    with Sandbox() as server:
        yield server


@pytest.fixture
def no_pause(monkeypatch):
    monkeypatch.setattr(runner, "KEAP_PAUSE_SECONDS", 0.0)


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    """An empty current folder: the only place the command may write (its report)."""
    folder = tmp_path / "work"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder


def _credentials(monkeypatch, app_name: str, key: str) -> None:
    monkeypatch.setenv("KEAP_APP_NAME", app_name)
    monkeypatch.setenv("KEAP_API_KEY", key)


def _session(adapter: BaseAdapter) -> requests.Session:
    session = requests.Session()
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    return session


# --- the request list -------------------------------------------------------------------
EXPECTED_REQUESTS = [
    ("GET", "/crm/rest/v2/oauth/connect/userinfo", "keap_header", "gateway"),
    ("GET", "/crm/rest/v2/oauth/connect/userinfo", "bearer", "gateway"),
    ("GET", "/crm/rest/v2/businessProfile", "keap_header", "gateway"),
    ("GET", "/crm/rest/v2/businessProfile", "bearer", "gateway"),
    ("GET", "/crm/rest/v2/oauth/connect/userinfo", "wrong_keap_header", "gateway"),
    ("GET", "/crm/rest/v2/oauth/connect/userinfo", "wrong_bearer", "gateway"),
    ("GET", "/crm/rest/v2/oauth/connect/userinfo", "no_key", "gateway"),
    ("GET", "/crm/rest/v1/oauth/connect/userinfo", "keap_header", "gateway"),
    ("POST", "/crm/xmlrpc/v1", "keap_header", "gateway"),
    ("POST", "/api/xmlrpc", "xml_param", "per_app"),
    ("OPTIONS", "/crm/rest/v2/oauth/connect/userinfo", "preflight", "gateway"),
    ("GET", "/crm/rest/v2/contacts?page_size=1", "keap_header", "gateway"),
    ("GET", "/crm/rest/v2/tags?page_size=1", "keap_header", "gateway"),
    ("GET", "/crm/rest/v2/contacts/model", "keap_header", "gateway"),
]


def test_the_request_list_is_fixed_read_only_and_at_most_fourteen():
    assert [(p.method, p.path, p.auth, p.host) for p in PROBES] == EXPECTED_REQUESTS
    assert len(PROBES) == 14 <= MAX_REQUESTS
    assert len({p.id for p in PROBES}) == len(PROBES)
    # POST only for XML-RPC, and only the read-only getUserInfo method.
    assert {p.xmlrpc_method for p in PROBES if p.method == "POST"} == {"DataService.getUserInfo"}


def test_each_request_carries_the_key_exactly_as_listed():
    target = runner.keap_target("ab123", REAL_KEY)
    for probe in PROBES:
        request = build_request(probe, target)
        headers, body = request["headers"], request.get("data", b"")
        keys = {
            "X-Keap-API-Key": headers.get("X-Keap-API-Key"),
            "Bearer": headers.get("Authorization", "").removeprefix("Bearer ") or None,
            "XML": xmlrpc.client.loads(body)[0][0]
            if body and xmlrpc.client.loads(body)[0]
            else None,
        }
        sent = {where: value for where, value in keys.items() if value}
        expected = {
            "keap_header": {"X-Keap-API-Key": REAL_KEY},
            "bearer": {"Bearer": REAL_KEY},
            "wrong_keap_header": {"X-Keap-API-Key": REVOKED_KEY},
            "wrong_bearer": {"Bearer": REVOKED_KEY},
            "no_key": {},
            "xml_param": {"XML": REAL_KEY},
            "preflight": {},
        }[probe.auth]
        assert sent == expected, probe.id
        host = urlsplit(request["url"]).hostname
        assert host == ("ab123.infusionsoft.com" if probe.host == "per_app" else KEAP_HOST)


def test_the_whole_list_is_shown_and_agreed_to_before_the_first_request(
    keap_sandbox, monkeypatch, capsys, workdir, no_pause
):
    _credentials(monkeypatch, DEMO_APP_NAME, REAL_KEY)
    seen_before_sending = {}

    def before_first_send():
        seen_before_sending["out"] = capsys.readouterr().out

    asked = []
    adapter = PlayedKeap(keap_sandbox.url, REAL_KEY, before_first_send=before_first_send)

    def ask(question):
        asked.append((question, len(adapter.sent)))
        return "yes"

    assert main(["--lang", "en"], ask=ask, session=_session(adapter)) == 0
    assert asked == [(t("fidelity.consent.question", "en"), 0)]
    for line in request_lines("https://" + KEAP_HOST, "en"):
        assert line in seen_before_sending["out"]
    assert len(adapter.sent) == len(PROBES)
    # the sandbox counts the API requests it serves: every one but the OPTIONS preflight
    assert keap_sandbox.requests_seen == len(PROBES) - 1
    assert [(r.method, urlsplit(r.url).path) for r in adapter.sent] == [
        (p.method, p.path.split("?")[0]) for p in PROBES
    ]
    assert {urlsplit(r.url).scheme for r in adapter.sent} == {"https"}
    hosts = {urlsplit(r.url).hostname for r in adapter.sent}
    assert hosts == {KEAP_HOST, f"{DEMO_APP_NAME}.infusionsoft.com"}
    assert [probe_of(r, REAL_KEY) for r in adapter.sent] == [p.id for p in PROBES]


@pytest.mark.parametrize("answer", ["no", "", EOFError])
def test_without_consent_nothing_is_sent(keap_sandbox, monkeypatch, capsys, workdir, answer):
    _credentials(monkeypatch, DEMO_APP_NAME, REAL_KEY)
    adapter = PlayedKeap(keap_sandbox.url, REAL_KEY)

    def ask(question):
        if answer is EOFError:
            raise EOFError
        return answer

    assert main(["--lang", "pt"], ask=ask, session=_session(adapter)) == 3
    assert adapter.sent == [] and keap_sandbox.requests_seen == 0
    assert t("fidelity.consent.declined", "pt") in capsys.readouterr().out
    assert list(workdir.iterdir()) == []


def test_yes_skips_the_question_and_keap_requests_are_spaced_out(
    keap_sandbox, monkeypatch, workdir
):
    _credentials(monkeypatch, DEMO_APP_NAME, REAL_KEY)
    pauses = []
    monkeypatch.setattr(runner.time, "sleep", pauses.append)

    def ask(question):
        raise AssertionError("--yes must not ask")

    adapter = PlayedKeap(keap_sandbox.url, REAL_KEY)
    assert main(["--yes"], ask=ask, session=_session(adapter)) == 0
    assert len(adapter.sent) == len(PROBES)
    assert pauses == [runner.KEAP_PAUSE_SECONDS] * (len(PROBES) - 1)
    assert runner.KEAP_PAUSE_SECONDS >= 0.1  # at most 10 a second, Keap's documented rate


# --- differences, named in the learner's language -----------------------------------------
def _keap_with_other_shapes(probe: str, response) -> None:
    """Keap as it might really be: an extra field, a renamed one, another 401 body, another status."""
    if probe in ("v2_userinfo_keap_header", "v2_userinfo_bearer"):
        body = _json(response)
        body["locale"] = "es_MX"
        body["keap_user_id"] = body.pop("keap_id")
        _set_json(response, body)
    elif probe == "v2_userinfo_wrong_keap_header":
        _set_json(
            response,
            {
                "fault": {
                    "faultstring": "Invalid ApiKey",
                    "detail": {"errorcode": "oauth.v2.InvalidApiKey"},
                }
            },
        )
    elif probe == "v2_business_bearer":
        _set_json(
            response,
            {
                "code": 403,
                "message": "The caller does not have permission",
                "status": "PERMISSION_DENIED",
                "details": [],
            },
            status=403,
        )


EXPECTED_DIFFERENCES = [
    Difference("renamed_field", "v2_userinfo_keap_header", "keap_id", "keap_user_id", "keap_id"),
    Difference("extra_field", "v2_userinfo_keap_header", "locale", "string(5)", "-"),
    Difference("renamed_field", "v2_userinfo_bearer", "keap_id", "keap_user_id", "keap_id"),
    Difference("extra_field", "v2_userinfo_bearer", "locale", "string(5)", "-"),
    Difference("status", "v2_business_bearer", "", "403", "200"),
    Difference(
        "value",
        "v2_userinfo_wrong_keap_header",
        "fault.faultstring",
        '"Invalid ApiKey"',
        '"Invalid access token"',
    ),
    Difference(
        "value",
        "v2_userinfo_wrong_keap_header",
        "fault.detail.errorcode",
        '"oauth.v2.InvalidApiKey"',
        '"keymanagement.service.invalid_access_token"',
    ),
    Difference("relation", "", "keap_id_is_email", "unknown", "yes"),
    Difference("relation", "", "bearer_business_same", "no", "yes"),
    Difference("relation", "", "wrong_key_same_both_headers", "no", "yes"),
]


@pytest.mark.parametrize("lang", ["es", "en", "pt"])
def test_the_report_names_each_difference_in_the_learners_language(
    keap_sandbox, monkeypatch, capsys, workdir, no_pause, lang
):
    _credentials(monkeypatch, DEMO_APP_NAME, REAL_KEY)
    adapter = PlayedKeap(keap_sandbox.url, REAL_KEY, reshape=_keap_with_other_shapes)
    assert main(["--yes", "--lang", lang], session=_session(adapter)) == 1
    out = capsys.readouterr().out
    saved = json.loads((workdir / "keap-fidelity-report.json").read_text(encoding="utf-8"))
    found = [
        Difference(**{k: v for k, v in d.items() if k != "text"}) for d in saved["differences"]
    ]
    assert sorted(found, key=repr) == sorted(EXPECTED_DIFFERENCES, key=repr)
    assert t("fidelity.report.differences", lang, count=len(EXPECTED_DIFFERENCES)) in out
    for difference in EXPECTED_DIFFERENCES:
        sentence = difference_text(difference, lang)
        assert sentence in out
        assert sentence in [d["text"] for d in saved["differences"]]
    assert saved["language"] == lang and saved["self_test"] is False
    # The sentences are the catalogue's, in this language and no other.
    others = [other for other in ("es", "en", "pt") if other != lang]
    extra = EXPECTED_DIFFERENCES[1]
    for other in others:
        assert difference_text(extra, other) not in out


def test_a_renamed_field_is_told_apart_from_an_extra_one_only_when_place_and_type_match():
    from helpers.fidelity.compare import compare_answer

    def shape(**fields):
        return {
            "status": 200,
            "body": "json",
            "headers": {},
            "fields": {name: {"type": kind, "length": 3} for name, kind in fields.items()},
        }

    keap = shape(a="string", locale="string", keap_user_id="string", number="integer")
    sandbox = shape(a="string", keap_id="string", text="string", amount="string")
    kinds = {(d.kind, d.field) for d in compare_answer("v2_userinfo_keap_header", keap, sandbox)}
    assert kinds == {
        ("renamed_field", "keap_id"),
        ("extra_field", "locale"),
        ("extra_field", "number"),
        ("missing_field", "text"),
        ("missing_field", "amount"),
    }


# --- no differences -------------------------------------------------------------------------
def test_sandbox_on_both_sides_gives_no_differences(
    keap_sandbox, monkeypatch, capsys, workdir, no_pause
):
    _credentials(monkeypatch, DEMO_APP_NAME, REAL_KEY)
    adapter = PlayedKeap(keap_sandbox.url, REAL_KEY)
    assert (
        main(["--yes", "--lang", "es", "--output", "informe.txt"], session=_session(adapter)) == 0
    )
    out = capsys.readouterr().out
    assert t("fidelity.report.no_differences", "es") in out
    assert t("fidelity.report.no_differences", "es") in (workdir / "informe.txt").read_text(
        encoding="utf-8"
    )
    assert "*" not in "".join(line[:1] for line in out.splitlines())


def test_self_test_command_reports_no_differences_without_network(tmp_path):
    report = tmp_path / "self-test.json"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "helpers.fidelity",
            "--self-test",
            "--lang",
            "en",
            "--output",
            str(report),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert t("fidelity.report.no_differences", "en") in done.stdout
    saved = json.loads(report.read_text(encoding="utf-8"))
    assert saved["self_test"] is True and saved["differences"] == []
    assert set(saved["answers"]["keap"]) == {p.id for p in PROBES}
    assert done.stderr == ""


def test_self_test_with_a_legacy_key_kind_also_matches():
    comparison = runner.self_test(KeyKind.LEGACY)
    assert comparison.differences == []
    # the sandbox refuses legacy keys by default, as Keap has since the 2024-10-31 cut-off
    assert comparison.keap.relations["per_app_accepts_key"] is False


# --- nothing identifying survives -----------------------------------------------------------
CANARY_KEY = "KeapAK-" + "ca11ab1e" * 6 + "c0"
CANARY_APP = "canaryapp77"
CANARY_EMAIL = "zebulon.canaryfield@canary-mail.example"
CANARY_NAME = "Zebulon Quixote Canaryfield"
CANARY_ID = 918273645
CANARY_TENANT = "canarytenant42"
CANARIES = [
    CANARY_KEY,
    CANARY_KEY[7:27],
    CANARY_KEY[-12:],
    CANARY_APP,
    CANARY_EMAIL,
    CANARY_NAME,
    "Zebulon",
    "Quixote",
    "Canaryfield",
    str(CANARY_ID),
    CANARY_TENANT,
]


def _canary_value(name: str, value):
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return CANARY_ID
    if "email" in name.lower() or name in ("keap_id", "infusionsoft_id", "casUsername"):
        return CANARY_EMAIL
    if name in ("tenant_id", "appAlias"):
        return CANARY_APP
    return CANARY_NAME


def _canary_struct(value, name=""):
    if isinstance(value, dict):
        return {k: _canary_struct(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_canary_struct(v, name) for v in value]
    return _canary_value(name, value)


def _canary_account(probe: str, response) -> None:
    """Keap answers with the canary account's data everywhere, and echoes it in errors too."""
    if probe == "v2_userinfo_cors_preflight":  # even the CORS headers name the account
        response.status_code = 200
        response.headers["Access-Control-Allow-Origin"] = f"https://{CANARY_APP}.infusionsoft.com"
        response.headers["Access-Control-Allow-Headers"] = f"x-keap-api-key, x-{CANARY_TENANT}"
        response.headers["Content-Type"] = "text/plain"
        response._content = b""
        return
    if response.headers.get("x-keap-tenant-id"):
        response.headers["x-keap-tenant-id"] = CANARY_TENANT
    if response.headers.get("Content-Type", "").startswith("application/json"):
        body = _json(response)
        if response.status_code == 200:
            _set_json(response, _canary_struct(body))
        elif probe == "v2_userinfo_wrong_bearer":
            _set_json(
                response,
                {
                    "fault": {
                        "faultstring": "Invalid access token for Zebulon",
                        "detail": {"errorcode": f"denied.{CANARY_APP}"},
                    }
                },
            )
        elif probe == "v2_userinfo_wrong_keap_header":
            _set_json(
                response,
                {
                    "fault": {
                        "faultstring": f"Bad key {CANARY_KEY[-12:]}",
                        "detail": {"errorcode": CANARY_EMAIL},
                    }
                },
                status=401,
            )
        return
    try:
        params, _ = xmlrpc.client.loads(response.content)
    except xmlrpc.client.Fault:
        fault = xmlrpc.client.Fault(2, f"[InvalidKey]Invalid Key {CANARY_KEY}")
        response._content = xmlrpc.client.dumps(fault, methodresponse=True).encode()
        return
    response._content = xmlrpc.client.dumps(
        (_canary_struct(params[0]),), methodresponse=True
    ).encode()


@pytest.mark.parametrize("output", ["report.json", "report.txt"])
def test_canary_account_data_and_key_never_reach_the_report_or_the_screen(
    keap_sandbox, monkeypatch, capsys, workdir, no_pause, output
):
    _credentials(monkeypatch, CANARY_APP, CANARY_KEY)
    adapter = PlayedKeap(keap_sandbox.url, CANARY_KEY, reshape=_canary_account)
    code = main(["--yes", "--lang", "en", "--output", output], session=_session(adapter))
    captured = capsys.readouterr()
    assert code in (0, 1) and len(adapter.sent) == len(PROBES)
    # The canaries did travel to "Keap" (so the test is not vacuous) ...
    assert any(CANARY_KEY in r.headers.get("X-Keap-API-Key", "") for r in adapter.sent)
    assert any(r.url.startswith(f"https://{CANARY_APP}.infusionsoft.com/") for r in adapter.sent)
    written = {path.name: path.read_text(encoding="utf-8") for path in workdir.iterdir()}
    assert list(written) == [output]
    # ... and came back in the answers, but not one of them survives anywhere.
    for text in (captured.out, captured.err, *written.values()):
        for canary in CANARIES:
            assert canary.casefold() not in text.casefold(), canary
    report = written[output]
    if output.endswith(".json"):  # values became type and length
        assert '"length": 27' in report and '"length": 9' in report
    else:
        assert "string(27)" in report and "integer(9)" in report
    assert t("fidelity.relation.tenant_id_is_app_name", "en") in captured.out


def test_the_redactor_hides_key_pieces_names_and_ids_but_shows_vocabulary():
    redactor = Redactor({"Zebulon Canaryfield", "Zebulon", "ab123"}, keys=[CANARY_KEY])
    assert redactor.safe("Invalid access token")
    assert redactor.safe("keymanagement.service.invalid_access_token")
    assert redactor.safe("[InvalidKey]Invalid Key")
    for leak in (
        "Invalid token " + CANARY_KEY[20:30],
        "Hello zebulon",
        "app AB123 disabled",
        "user 918273645",
        "mail a@b.example",
        "token " + "Zm9vYmFyYmF6cXV4cXV1eA",
    ):
        assert not redactor.safe(leak), leak


# --- destinations -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "origin",
    [
        "https://keap-api.example.com",
        "http://api.infusionsoft.com",
        "https://api.infusionsoft.com.example.com",
    ],
)
def test_it_refuses_any_destination_but_keaps_hosts_before_sending(
    keap_sandbox, monkeypatch, capsys, workdir, origin
):
    _credentials(monkeypatch, DEMO_APP_NAME, REAL_KEY)
    adapter = PlayedKeap(keap_sandbox.url, REAL_KEY)
    assert main(["--yes", "--lang", "es"], session=_session(adapter), gateway_origin=origin) == 3
    assert adapter.sent == [] and keap_sandbox.requests_seen == 0
    err = capsys.readouterr().err
    assert err.strip() and REAL_KEY not in err and "Traceback" not in err


def test_the_keap_side_refuses_even_the_local_sandbox(keap_sandbox, monkeypatch, capsys, workdir):
    _credentials(monkeypatch, DEMO_APP_NAME, REAL_KEY)
    session = requests.Session()  # a plain session: a request would really reach the sandbox
    assert main(["--yes", "--lang", "en"], session=session, gateway_origin=keap_sandbox.url) == 3
    assert keap_sandbox.requests_seen == 0
    host = urlsplit(keap_sandbox.url).hostname
    assert t("fidelity.not_keap.message", "en", host=host) in capsys.readouterr().err
    with pytest.raises(UnsafeDestination):
        transport.send(session, {"method": "GET", "url": keap_sandbox.url + "/crm"}, keap_only=True)
    assert keap_sandbox.requests_seen == 0


def test_the_guard_runs_for_the_sandbox_side_too():
    with pytest.raises(UnsafeDestination):
        transport.send(
            requests.Session(), {"method": "GET", "url": "https://example.com/crm"}, keap_only=False
        )


# --- input mistakes ----------------------------------------------------------------------------
def test_missing_credentials_say_what_to_do(capsys, workdir):
    assert main(["--yes", "--lang", "pt"]) == 3
    err = capsys.readouterr().err
    assert t("fidelity.missing.message", "pt") in err and t("fidelity.missing.fix", "pt") in err


def test_a_demo_key_is_not_sent_to_keap(monkeypatch, capsys, workdir):
    _credentials(monkeypatch, DEMO_APP_NAME, DEMO_SERVICE_ACCOUNT_KEY)
    adapter = PlayedKeap("http://127.0.0.1:9", DEMO_SERVICE_ACCOUNT_KEY)
    assert main(["--yes", "--lang", "es"], session=_session(adapter)) == 3
    assert adapter.sent == []
    assert t("fidelity.demo_key.message", "es") in capsys.readouterr().err


def test_a_mistyped_app_name_is_explained_before_anything_is_sent(monkeypatch, capsys, workdir):
    _credentials(monkeypatch, "ab 123", REAL_KEY)
    adapter = PlayedKeap("http://127.0.0.1:9", REAL_KEY)
    assert main(["--yes", "--lang", "en"], session=_session(adapter)) == 3
    assert adapter.sent == []
    assert t("app_name.spaces.message", "en") in capsys.readouterr().err


class _Offline(BaseAdapter):
    """No answer at all, as when the computer is offline (a real server cannot stage this for
    Keap's own host name)."""

    def __init__(self):
        super().__init__()
        self.sent = 0

    def send(self, request, **kwargs):
        self.sent += 1
        raise requests.ConnectionError("offline")

    def close(self):
        pass


def test_when_keap_does_not_answer_it_says_so_and_exits_2(monkeypatch, capsys, workdir, no_pause):
    _credentials(monkeypatch, DEMO_APP_NAME, REAL_KEY)
    adapter = _Offline()
    assert main(["--yes", "--lang", "es"], session=_session(adapter)) == 2
    assert adapter.sent == len(PROBES)
    err = capsys.readouterr().err
    assert t("fidelity.unreachable.message", "es") in err and "Traceback" not in err
    assert list(workdir.iterdir()) == []


def test_an_unwritable_output_is_explained_and_the_report_stays_on_screen(
    keap_sandbox, monkeypatch, capsys, workdir, no_pause
):
    _credentials(monkeypatch, DEMO_APP_NAME, REAL_KEY)
    adapter = PlayedKeap(keap_sandbox.url, REAL_KEY)
    target = workdir / "missing-folder" / "report.json"
    assert main(["--yes", "--lang", "en", "--output", str(target)], session=_session(adapter)) == 0
    captured = capsys.readouterr()
    assert t("fidelity.report.no_differences", "en") in captured.out
    assert t("fidelity.output_unwritable.fix", "en") in captured.err


def test_help_is_in_the_chosen_language():
    done = subprocess.run(
        [sys.executable, "-m", "helpers.fidelity", "--lang", "pt", "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0
    assert t("fidelity.cli.help_self_test", "pt") in re.sub(r"\s+", " ", done.stdout)


def test_ctrl_c_while_sending_stops_cleanly_without_a_report(
    keap_sandbox, monkeypatch, capsys, workdir, no_pause
):
    _credentials(monkeypatch, DEMO_APP_NAME, REAL_KEY)

    def interrupt(probe, response):
        if probe == "v2_business_keap_header":
            raise KeyboardInterrupt

    adapter = PlayedKeap(keap_sandbox.url, REAL_KEY, reshape=interrupt)
    assert main(["--yes", "--lang", "en"], session=_session(adapter)) == 3
    assert len(adapter.sent) == 3
    err = capsys.readouterr().err
    assert t("fidelity.interrupted", "en") in err and "Traceback" not in err
    assert list(workdir.iterdir()) == []


def test_an_unexpected_failure_is_one_sentence_without_traceback_or_key(
    keap_sandbox, monkeypatch, capsys, workdir, no_pause
):
    _credentials(monkeypatch, DEMO_APP_NAME, REAL_KEY)

    def broken(probe, response):
        # an error message that even holds the key; a RuntimeError, since the transport turns
        # network-like errors (OSError, ValueError, ...) into "no answer" on its own
        raise RuntimeError(f"boom with {REAL_KEY}")

    adapter = PlayedKeap(keap_sandbox.url, REAL_KEY, reshape=broken)
    assert main(["--yes", "--lang", "pt"], session=_session(adapter)) == 2
    captured = capsys.readouterr()
    assert t("fidelity.failed.message", "pt", reason="RuntimeError") in captured.err
    assert REAL_KEY not in captured.out + captured.err and "Traceback" not in captured.err
    assert list(workdir.iterdir()) == []


# --- a key typed on the command line ----------------------------------------------------------
@pytest.mark.parametrize(
    "args",
    [
        [REAL_KEY],
        ["--yes", REAL_KEY[:30]],
        ["--output", REAL_KEY + ".json"],
        ["--lang=en", "0123456789abcdef0123456789abcdef"],  # an old Encrypted Key
    ],
)
def test_a_key_typed_as_an_argument_is_refused_without_echo_exit_4(args, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("KEAP_")}
    done = subprocess.run(
        [sys.executable, "-m", "helpers.fidelity", *args],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**env, "PYTHONPATH": str(ROOT)},
        timeout=60,
    )
    assert done.returncode == 4
    lang = "en" if "--lang=en" in args else "es"
    assert done.stderr.strip() == t("cli.check.key_argument", lang)
    shown = (done.stdout + done.stderr).casefold()
    for arg in args:
        for piece in (arg[i : i + 8] for i in range(0, max(1, len(arg) - 7), 4)):
            if not piece.startswith("-"):
                assert piece.casefold() not in shown, piece
    assert list(tmp_path.iterdir()) == []


# --- names in the report ------------------------------------------------------------------------
def _key_in_names(probe: str, response) -> None:
    """Keap answers with the key (and a piece of it) as a header name and a field name."""
    response.headers["x-" + CANARY_KEY] = "1"
    response.headers["x-echo-" + CANARY_KEY[20:40]] = "2"
    response.headers["x-keap-quota-time-unit"] = CANARY_KEY[-30:].lower()
    if response.headers.get("Content-Type", "").startswith("application/json"):
        body = _json(response)
        if isinstance(body, dict):
            _set_json(response, {**body, CANARY_KEY: 1, "k_" + CANARY_KEY[10:30]: 2})


@pytest.mark.parametrize("output", ["report.json", "report.txt"])
def test_a_header_or_field_name_holding_the_key_never_reaches_the_report(
    keap_sandbox, monkeypatch, capsys, workdir, no_pause, output
):
    _credentials(monkeypatch, CANARY_APP, CANARY_KEY)
    adapter = PlayedKeap(keap_sandbox.url, CANARY_KEY, reshape=_key_in_names)
    code = main(["--yes", "--lang", "en", "--output", output], session=_session(adapter))
    captured = capsys.readouterr()
    assert code == 1
    report = (workdir / output).read_text(encoding="utf-8")
    for text in (captured.out, captured.err, report):
        for canary in (CANARY_KEY, CANARY_KEY[20:40], CANARY_KEY[10:30], CANARY_KEY[-30:]):
            assert canary.casefold() not in text.casefold(), canary
    assert "<header(" in report and "<name(" in report  # hidden, not dropped


def test_a_huge_env_file_is_refused_clearly_and_nothing_is_sent(capsys, workdir):
    env_file = workdir / "huge.env"
    with open(env_file, "wb") as handle:
        handle.truncate(2 * 1024**3)  # sparse: no disk used
    assert main(["--yes", "--lang", "pt", "--env-file", str(env_file)]) == 3
    err = capsys.readouterr().err
    assert t("storage.too_large.message", "pt", path="huge.env", limit="1 MiB") in err


# --- the browser edition's question: the CORS preflight -------------------------------------
# A local server that lets any site's page send the key header (what Keap would need to answer
# for the browser edition to reach it).
ALLOWS_ANY_PAGE = _answer(
    "204 No Content",
    b"",
    {
        "Access-Control-Allow-Origin": "*",
        "Access-Control-Allow-Methods": "GET, OPTIONS",
        "Access-Control-Allow-Headers": "X-Keap-API-Key, Content-Type",
    },
)


def _preflight_lines(text: str, lang: str) -> list[str]:
    head = t("fidelity.report.preflight", lang, origin=PREFLIGHT_ORIGIN)
    lines = text.splitlines()
    start = lines.index(head)
    return lines[start + 1 : start + 3]


def test_the_preflight_is_what_a_browser_sends_and_carries_no_key():
    request = build_request(PROBES_BY_ID[PREFLIGHT_ID], runner.keap_target("ab123", REAL_KEY))
    assert request["method"] == "OPTIONS" and "data" not in request
    assert request["url"] == f"https://{KEAP_HOST}/crm/rest/v2/oauth/connect/userinfo"
    headers = request["headers"]
    assert headers["Origin"] == PREFLIGHT_ORIGIN == "https://example.org"
    assert headers["Access-Control-Request-Method"] == "GET"
    assert headers["Access-Control-Request-Headers"] == "x-keap-api-key"
    assert "X-Keap-API-Key" not in headers and "Authorization" not in headers
    assert REAL_KEY not in json.dumps(request)


def test_the_preflight_goes_only_to_keaps_hosts_through_the_same_guard():
    request = build_request(
        PROBES_BY_ID[PREFLIGHT_ID], runner.sandbox_target("http://127.0.0.1:9", KeyKind.KEAP)
    )
    with pytest.raises(UnsafeDestination):
        transport.send(requests.Session(), request, keap_only=True)
    request["url"] = "https://example.org/crm/rest/v2/oauth/connect/userinfo"
    with pytest.raises(UnsafeDestination):
        transport.send(requests.Session(), request, keap_only=False)


@pytest.mark.parametrize(
    ("status", "origin", "allowed", "expected"),
    [
        (204, "*", "x-keap-api-key", True),
        (200, "https://example.org", "Content-Type, X-Keap-API-Key", True),
        (200, "*", "*", True),
        (200, "https://keys.keap.com", "x-keap-api-key", False),  # only its own sites
        (200, "*", "content-type, authorization", False),  # not the key header
        (200, "", "", False),  # no CORS headers at all
        (403, "*", "x-keap-api-key", False),  # a browser needs an ok status too
        (None, "", "", None),  # no answer: unknown
    ],
)
def test_the_preflight_answer_is_yes_only_if_any_page_may_send_the_key_header(
    status, origin, allowed, expected
):
    headers = {"access-control-allow-origin": origin, "Access-Control-Allow-Headers": allowed}
    assert preflight_allows(Answer(status, headers)) is expected


@pytest.mark.parametrize("lang", ["es", "en", "pt"])
def test_the_local_sandbox_answers_no_to_the_preflight(lang):
    comparison = runner.self_test()
    assert comparison.differences == []
    for side in (comparison.keap, comparison.sandbox):
        assert side.relations["cors_preflight_allows_key_header"] is False
        assert side.preflight == {"status": 501, "allow_origin": "-", "allow_headers": "-"}
    text = report.to_text(comparison, lang)
    no = t("common.no", lang)
    detail = f"{no} (HTTP 501; Access-Control-Allow-Origin: -; Access-Control-Allow-Headers: -)"
    assert _preflight_lines(text, lang) == [
        f"  {t('fidelity.report.column.mirror', lang)}: {detail}",
        f"  {t('fidelity.report.column.sandbox', lang)}: {detail}",
    ]


@pytest.mark.parametrize("lang", ["es", "en", "pt"])
def test_a_server_that_lets_any_page_send_the_key_header_answers_yes(
    keap_sandbox, monkeypatch, capsys, workdir, no_pause, lang
):
    _credentials(monkeypatch, DEMO_APP_NAME, REAL_KEY)
    with HostileServer(ALLOWS_ANY_PAGE) as allows:
        adapter = PlayedKeap(keap_sandbox.url, REAL_KEY, preflight_url=allows.url)
        code = main(["--yes", "--lang", lang], session=_session(adapter))
    out = capsys.readouterr().out
    assert code == 1  # the sandbox differs: it says no
    (received,) = allows.received
    head = received.decode("latin-1").lower()
    assert head.startswith("options /crm/rest/v2/oauth/connect/userinfo ")
    assert "\r\norigin: https://example.org\r\n" in head
    assert "\r\naccess-control-request-method: get\r\n" in head
    assert "\r\naccess-control-request-headers: x-keap-api-key\r\n" in head
    assert REAL_KEY.lower() not in head and "authorization" not in head
    yes, no = t("common.yes", lang), t("common.no", lang)
    assert _preflight_lines(out, lang) == [
        f"  {t('fidelity.report.column.keap', lang)}: {yes} (HTTP 204; "
        "Access-Control-Allow-Origin: *; Access-Control-Allow-Headers: X-Keap-API-Key, Content-Type)",
        f"  {t('fidelity.report.column.sandbox', lang)}: {no} (HTTP 501; "
        "Access-Control-Allow-Origin: -; Access-Control-Allow-Headers: -)",
    ]
    question = t("fidelity.relation.cors_preflight_allows_key_header", lang)
    assert t("fidelity.diff.relation", lang, question=question, keap=yes, sandbox=no) in out
    saved = json.loads((workdir / "keap-fidelity-report.json").read_text(encoding="utf-8"))
    assert saved["cors_preflight"] == {
        "origin": "https://example.org",
        "keap": {
            "allows": True,
            "status": 204,
            "allow_origin": "*",
            "allow_headers": "X-Keap-API-Key, Content-Type",
        },
        "sandbox": {"allows": False, "status": 501, "allow_origin": "-", "allow_headers": "-"},
    }


# --- the report settles facts of the registry (helpers/facts.py) ------------------------------
@pytest.mark.parametrize("lang", ["es", "en", "pt"])
def test_the_report_names_each_fact_its_answers_settle_with_a_status(lang):
    from helpers.facts import FACTS

    comparison = runner.self_test()
    comparison.keap.relations["bearer_userinfo_same"] = False  # as a real account might answer
    comparison.keap.relations["quota_limit_documented"] = None
    saved = report.to_json(comparison, lang)
    status = {entry["fact"]: entry for entry in saved["facts"]}
    assert status["header_bearer_accepted"]["status"] == "contradicted"
    assert (
        status["header_bearer_accepted"]["certainty"] == FACTS["header_bearer_accepted"].certainty
    )
    assert status["quota_limits"]["status"] == "unanswered"
    assert status["invalid_key_errorcode"]["status"] == "confirmed"  # the sandbox's own answer
    assert set(status) == {f.id for f in FACTS.values() if f.relation}
    text = report.to_text(comparison, lang)
    assert t("fidelity.report.facts", lang) in text
    line = t(
        "fidelity.report.fact_line",
        lang,
        fact="header_bearer_accepted",
        certainty="unconfirmed",
        status=t("fidelity.fact.contradicted", lang),
    )
    assert line in text
