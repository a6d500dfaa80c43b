"""One advice per cause, the same from the form, the wizard and the command-line check.

A name that does not resolve is produced by replacing the resolver (in this process, and in the
command's process through a ``sitecustomize`` module), so no DNS query leaves this machine;
everything else is the real stack.
"""

from __future__ import annotations

import os
import socket

import pytest

from helpers import widgets
from helpers.i18n import t
from helpers.wizard import wizard
from tests.check_command import clean_env, run_check
from tests.outputs import shown_text

REAL_LOOKING_KEY = "KeapAK-" + "7" * 46 + "9f2c"
SPLIT_KEY = REAL_LOOKING_KEY[:30] + " " + REAL_LOOKING_KEY[30:]  # a pasted line break
NO_DNS = """
import socket

def _no_dns(*args, **kwargs):
    raise socket.gaierror(socket.EAI_NONAME, "simulated resolver failure")

socket.getaddrinfo = _no_dns
"""


@pytest.fixture(autouse=True)
def _no_variable(monkeypatch, shared_sandbox):
    monkeypatch.delenv("KEAP_API_BASE_URL", raising=False)


def _form_result(lang, key, tmp_path):
    form = widgets.credentials_form(lang, env_file=tmp_path / ".env")
    form.mode.value = "keap"
    form.app_name.value = "ab123"
    form.key.value = key
    form.test_button.click()
    return form.last_result, shown_text(form.output)


def _wizard_result(lang, key, tmp_path):
    wiz = wizard(lang, env_file=tmp_path / "wizard.env")
    wiz.mode.value = "keap"
    wiz.form.app_name.value = "ab123"
    wiz.next_buttons[0].click()
    wiz.form.key.value = key
    wiz.next_buttons[1].click()
    if wiz.steps[2].layout.display == "none":  # the key step refused the key: its message
        return None, shown_text(wiz.key_output)
    wiz.form.test_button.click()
    return wiz.form.last_result, shown_text(wiz.form.output)


def _cli(lang, key, tmp_path, **extra):
    site = tmp_path / "site"
    site.mkdir(exist_ok=True)
    (site / "sitecustomize.py").write_text(NO_DNS)
    env = clean_env(KEAP_APP_NAME="ab123", KEAP_API_KEY=key, KEAP_TUTORIAL_LANG=lang)
    # sitecustomize first, then the tutorial (the repository on the path, as in its terminals)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(site), env.get("PYTHONPATH")]))
    env.update(extra)
    return run_check(env, "--env-file", str(tmp_path / "none.env"), cwd=tmp_path)


@pytest.mark.parametrize("lang", ["es", "en", "pt"])
def test_a_name_that_does_not_resolve_gets_one_advice_without_an_unset_variable(
    lang, tmp_path, monkeypatch
):
    def no_dns(*args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "simulated resolver failure")

    monkeypatch.setattr(socket, "getaddrinfo", no_dns)
    advice = t("cause.dns.fix", lang)
    assert "KEAP_API_BASE_URL" not in advice
    form, form_text = _form_result(lang, REAL_LOOKING_KEY, tmp_path)
    wiz, wiz_text = _wizard_result(lang, REAL_LOOKING_KEY, tmp_path)
    monkeypatch.undo()
    done = _cli(lang, REAL_LOOKING_KEY, tmp_path)
    assert form.cause == wiz.cause == "dns" and done.returncode == 2
    assert form.fix == wiz.fix == advice
    for shown in (form_text, wiz_text, done.stdout):
        assert advice in shown and "KEAP_API_BASE_URL" not in shown


def test_a_base_url_the_learner_set_is_named_in_the_advice(tmp_path, monkeypatch):
    def no_dns(*args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "simulated resolver failure")

    chosen = "https://api.keap.com"
    monkeypatch.setenv("KEAP_API_BASE_URL", chosen)
    monkeypatch.setattr(socket, "getaddrinfo", no_dns)
    advice = t("cause.dns.fix_base_url", "en", url=chosen)
    form, _ = _form_result("en", REAL_LOOKING_KEY, tmp_path)
    wiz, _ = _wizard_result("en", REAL_LOOKING_KEY, tmp_path)
    monkeypatch.undo()
    done = _cli("en", REAL_LOOKING_KEY, tmp_path, KEAP_API_BASE_URL=chosen)
    assert form.fix == wiz.fix == advice
    assert advice in done.stdout and "KEAP_API_BASE_URL" in advice


@pytest.mark.parametrize("lang", ["es", "en", "pt"])
@pytest.mark.parametrize("gap", [" ", "\n"])
def test_a_key_split_across_two_lines_gets_its_own_message_everywhere(lang, gap, tmp_path):
    key = REAL_LOOKING_KEY[:30] + gap + REAL_LOOKING_KEY[30:]
    message = t("key.line_break.message", lang)
    fix = t("key.line_break.fix", lang)
    form, form_text = _form_result(lang, key, tmp_path)
    _, wiz_text = _wizard_result(lang, key, tmp_path)
    done = _cli(lang, key, tmp_path)
    assert form.cause == "key.line_break" and done.returncode == 3
    for shown in (form_text, wiz_text, done.stdout + done.stderr):
        assert message in shown and fix in shown
        assert REAL_LOOKING_KEY[:30] not in shown and REAL_LOOKING_KEY[30:] not in shown


def test_the_split_message_is_not_the_generic_one():
    assert t("key.line_break.fix", "en") != t("key.bad_characters.fix", "en")
