"""The browser edition: a call to the real Keap that the browser refuses gets its own honest card.

Why requests is mocked here (and only here): a browser refuses a cross-origin call (CORS) inside
the browser, before anything reaches a server, and its fetch only tells the page "failed". No
real server can make CPython see that. So the transport adapter raises exactly what Pyodide's
requests/urllib3 raise then (a ``requests.ConnectionError`` around urllib3's emscripten
``_RequestError`` turned into an ``HTTPException``, or around a ``NewConnectionError``); the
guard, the check, the forms, the wizard and the card are all real.
"""

from __future__ import annotations

import http.client
from urllib.parse import urlsplit

import pytest
import requests
from urllib3.exceptions import MaxRetryError, NewConnectionError, ProtocolError

from helpers import runtime, transport, widgets
from helpers.check import EXIT_UNREACHABLE, exit_code
from helpers.client import check_connection
from helpers.i18n import t
from helpers.wizard import wizard
from tests.outputs import shown_text

REAL_LOOKING_KEY = "KeapAK-" + "7" * 46 + "9f2c"


class _RequestError(Exception):
    """Stands for urllib3.contrib.emscripten.fetch._RequestError (it needs Pyodide's ``js``)."""


def _emscripten_refusal() -> requests.ConnectionError:
    """What Pyodide's requests raise when the browser's fetch fails (CORS, offline, ...)."""
    try:
        try:
            raise _RequestError("Failed to fetch")
        except _RequestError as inner:
            raise http.client.HTTPException("Failed to fetch") from inner
    except http.client.HTTPException as cut:
        return requests.ConnectionError(ProtocolError("Connection aborted.", cut))


def _new_connection_refusal() -> requests.ConnectionError:
    reason = NewConnectionError(None, "Failed to establish a new connection")
    return requests.ConnectionError(MaxRetryError(None, "/", reason))


REFUSALS = {"emscripten": _emscripten_refusal, "new_connection": _new_connection_refusal}


@pytest.fixture
def refused(monkeypatch):
    """Every request the package sends fails as a refused browser call; the URLs are recorded."""
    sent: list[str] = []
    kind = {"make": _emscripten_refusal}

    def send(self, request, **kwargs):
        sent.append(request.url)
        raise kind["make"]()

    monkeypatch.setattr(transport._DeadlineAdapter, "send", send)
    return sent, kind


@pytest.fixture
def browser(monkeypatch):
    monkeypatch.setattr(runtime, "in_browser", lambda: True)


@pytest.mark.parametrize("lang", ["es", "en", "pt"])
@pytest.mark.parametrize("refusal", sorted(REFUSALS))
def test_a_real_key_blocked_by_the_browser_gets_its_own_card_in_the_learners_language(
    lang, refusal, browser, refused, tmp_path
):
    sent, kind = refused
    kind["make"] = REFUSALS[refusal]
    form = widgets.credentials_form(lang, env_file=tmp_path / ".env")
    form.mode.value = "keap"
    form.app_name.value = "ab123"
    form.key.value = REAL_LOOKING_KEY
    form.test_button.click()
    result = form.last_result
    assert result.cause == "browser_blocked" and not result.ok
    assert result.message == t("cause.browser_blocked.message", lang)
    assert result.fix == t("cause.browser_blocked.fix", lang)  # one advice
    shown = shown_text(form.output)
    assert result.message in shown and result.fix in shown
    assert f"python -m helpers.check --lang {lang}" in result.fix
    assert "Binder" in result.fix and "JupyterHub" in result.fix
    assert REAL_LOOKING_KEY not in shown and REAL_LOOKING_KEY not in repr(result)
    # the key went only to Keap's own host, once: never to a proxy or anyone else
    assert [urlsplit(url).hostname for url in sent] == ["api.infusionsoft.com"]


def test_the_wizard_shows_the_same_card(browser, refused, tmp_path):
    wiz = wizard("en", env_file=tmp_path / ".env")
    wiz.mode.value = "keap"
    wiz.form.app_name.value = "ab123"
    wiz.next_buttons[0].click()
    wiz.form.key.value = REAL_LOOKING_KEY
    wiz.next_buttons[1].click()
    wiz.form.test_button.click()
    assert wiz.form.last_result.cause == "browser_blocked"
    assert t("cause.browser_blocked.fix", "en") in shown_text(wiz.form.output)


def test_on_a_computer_the_same_failure_keeps_its_usual_cause(refused):
    result = check_connection("ab123", REAL_LOOKING_KEY, lang="en")
    assert result.cause != "browser_blocked"
    assert result.cause in transport.BROWSER_BLOCKABLE


def test_in_the_browser_the_sandbox_is_never_called_blocked(browser, refused):
    result = check_connection("ab123", REAL_LOOKING_KEY, lang="en", base_url="http://127.0.0.1:9")
    assert result.cause != "browser_blocked"


def test_in_the_browser_a_timeout_stays_a_timeout(browser, monkeypatch):
    def slow(self, request, **kwargs):
        raise requests.exceptions.ReadTimeout("timed out")

    monkeypatch.setattr(transport._DeadlineAdapter, "send", slow)
    assert check_connection("ab123", REAL_LOOKING_KEY, lang="en").cause == "read_timeout"


def test_the_command_line_check_counts_it_as_keap_not_reached():
    assert exit_code("browser_blocked") == EXIT_UNREACHABLE


class JsException(Exception):
    """Stands for pyodide.ffi.JsException, which needs Pyodide: the browser's own "TypeError:
    Failed to fetch" reaching Python unwrapped (urllib3's streaming fetch path lets it through)."""


@pytest.mark.parametrize(
    ("base_url", "cause"), [(None, "browser_blocked"), ("http://127.0.0.1:9", "refused")]
)
def test_the_browsers_own_fetch_error_becomes_a_cause_not_a_traceback(
    browser, monkeypatch, base_url, cause
):
    def failed(self, request, **kwargs):
        raise JsException("TypeError: Failed to fetch")

    monkeypatch.setattr(transport._DeadlineAdapter, "send", failed)
    kwargs = {"base_url": base_url} if base_url else {}
    assert check_connection("ab123", REAL_LOOKING_KEY, lang="en", **kwargs).cause == cause


def test_on_a_computer_an_error_of_that_name_is_not_taken_for_the_browser(refused, monkeypatch):
    def failed(self, request, **kwargs):
        raise JsException("not in a browser: a bug, reported as one")

    monkeypatch.setattr(transport._DeadlineAdapter, "send", failed)
    cause = check_connection("ab123", REAL_LOOKING_KEY, lang="en").cause
    assert cause not in {"browser_blocked", "refused"}
