"""The first cell of every lesson: language, mode, banner, and JupyterLab's language on Binder."""

from __future__ import annotations

import json

import pytest

from helpers import lab_language, tutorial
from helpers.i18n import get_language, set_language, t
from helpers.sandbox import DEMO_APP_NAME, DEMO_SERVICE_ACCOUNT_KEY
from helpers.storage import save_credentials


@pytest.fixture(autouse=True)
def _forget_language():
    yield
    set_language("")


def test_start_picks_the_sandbox_without_credentials():
    session = tutorial.start("pt")
    assert session.mode == "sandbox" and get_language() == "pt"
    assert str(session).startswith("Modo sandbox")


def test_start_picks_real_keap_with_saved_real_credentials(tmp_path, monkeypatch):
    save_credentials("ab123", "KeapAK-" + "4" * 50, tmp_path / "real.env")
    monkeypatch.setenv("KEAP_ENV_FILE", str(tmp_path / "real.env"))
    session = tutorial.start("en")
    assert session.mode == "keap" and session.app_name == "ab123"
    assert "Real mode" in str(session) and "4444" not in str(session)


def test_demo_credentials_saved_keep_the_sandbox(tmp_path, monkeypatch):
    save_credentials(DEMO_APP_NAME, DEMO_SERVICE_ACCOUNT_KEY, tmp_path / "demo.env")
    monkeypatch.setenv("KEAP_ENV_FILE", str(tmp_path / "demo.env"))
    assert tutorial.start("es").mode == "sandbox"


def test_lab_language_is_left_alone_outside_binder(tmp_path, monkeypatch):
    monkeypatch.delenv("BINDER_LAUNCH_HOST", raising=False)
    monkeypatch.delenv("BINDER_REPO_URL", raising=False)
    monkeypatch.setenv("JUPYTERLAB_SETTINGS_DIR", str(tmp_path))
    assert not lab_language.follow_edition("es")
    assert not lab_language.settings_file().exists()


def test_lab_language_follows_the_edition_on_binder(tmp_path, monkeypatch):
    monkeypatch.setenv("BINDER_LAUNCH_HOST", "https://mybinder.org/")
    monkeypatch.setenv("JUPYTERLAB_SETTINGS_DIR", str(tmp_path))
    monkeypatch.setattr(lab_language.importlib.util, "find_spec", lambda name: object())
    settings = lab_language.settings_file()
    settings.parent.mkdir(parents=True)
    settings.write_text(json.dumps({"stringsPrefix": "!"}))
    assert lab_language.follow_edition("pt")
    assert json.loads(settings.read_text()) == {"stringsPrefix": "!", "locale": "pt_BR"}
    assert not lab_language.follow_edition("pt")  # already set: no reload needed
    session = tutorial.start("es")
    assert session.reload_for_language and t("tutorial.reload_for_language", "es") in str(session)
    assert json.loads(settings.read_text())["locale"] == "es_ES"


def test_lab_language_is_not_set_without_its_language_pack(tmp_path, monkeypatch):
    monkeypatch.setenv("BINDER_LAUNCH_HOST", "https://mybinder.org/")
    monkeypatch.setenv("JUPYTERLAB_SETTINGS_DIR", str(tmp_path))
    monkeypatch.setattr(lab_language.importlib.util, "find_spec", lambda name: None)
    assert not lab_language.follow_edition("es")


WIZARD_PAGES = {"es": "asistente", "en": "wizard", "pt": "assistente"}


@pytest.fixture
def _plain_server(monkeypatch):
    for name in ("JUPYTERHUB_SERVICE_PREFIX", "JPY_SESSION_NAME", "KEAP_TUTORIAL_SERVER_ROOT"):
        monkeypatch.delenv(name, raising=False)


@pytest.mark.usefixtures("_plain_server")
@pytest.mark.parametrize("lang", ["es", "en", "pt"])
def test_wizard_link_opens_voila_from_the_servers_root_on_this_machine(lang):
    """``tasks.py run``: the server serves the clone at /, so the wizard is at /voila/render/."""
    link = tutorial.wizard_link(lang)
    assert link.href == f"/voila/render/notebooks/{lang}/{WIZARD_PAGES[lang]}.ipynb"
    assert f"href='{link.href}'" in link._repr_html_()
    assert t("tutorial.wizard_link", lang) in link._repr_html_()


@pytest.mark.usefixtures("_plain_server")
def test_wizard_link_keeps_binders_prefix(monkeypatch):
    """Binder serves the clone below its own prefix: the link keeps it, so it leaves no code."""
    monkeypatch.setenv("JUPYTERHUB_SERVICE_PREFIX", "/user/keap-tutorial-abc123/")
    assert tutorial.wizard_link("pt").href == (
        "/user/keap-tutorial-abc123/voila/render/notebooks/pt/assistente.ipynb"
    )


@pytest.mark.usefixtures("_plain_server")
def test_wizard_link_on_a_hub_reaches_the_clone_below_the_learners_home(monkeypatch):
    """On a hub the server serves the learner's home; the clone is one folder below it."""
    from pathlib import Path

    root = Path(tutorial.__file__).resolve().parents[1]
    monkeypatch.setenv("JUPYTERHUB_SERVICE_PREFIX", "/user/ana/")
    monkeypatch.setenv("KEAP_TUTORIAL_SERVER_ROOT", str(root.parent))
    expected = f"/user/ana/voila/render/{root.name}/notebooks/es/asistente.ipynb"
    assert tutorial.wizard_link("es").href == expected
    # The notebook's own path, when the server tells the kernel, gives the same folder.
    monkeypatch.delenv("KEAP_TUTORIAL_SERVER_ROOT")
    monkeypatch.setenv("JPY_SESSION_NAME", f"{root.name}/notebooks/es/00-empieza-aqui.ipynb")
    assert tutorial.wizard_link("es").href == expected


@pytest.mark.usefixtures("_plain_server")
def test_wizard_link_names_a_wizard_that_exists():
    from pathlib import Path

    root = Path(tutorial.__file__).resolve().parents[1]
    for lang in WIZARD_PAGES:
        path = tutorial.wizard_link(lang).href.removeprefix("/voila/render/")
        assert (root / path).is_file()


def test_in_the_browser_edition_links_open_notebooks_beside_and_the_sandbox_is_plain_text(
    monkeypatch,
):
    """JupyterLite has JupyterLab only: the wizard is a notebook, opened by a relative link, and
    the in-page sandbox's address is no page the learner could open."""
    from helpers import lessons, runtime, tutorial

    monkeypatch.setattr(runtime, "in_browser", lambda: True)
    link = tutorial.wizard_link("pt")
    assert link.href == "../pt/assistente.ipynb"
    assert "target=" not in link._repr_html_()
    assert str(link).startswith("Abrir o assistente: um notebook")
    # the wizard's step links are followed by the browser itself: the same page, another notebook
    assert lessons.lesson_href("06-prueba-en-vivo", "en") == "?path=notebooks/en/06-live-test.ipynb"
    session = tutorial.Session("es", "sandbox", "http://127.0.0.1:8765", None)
    assert "`http://127.0.0.1:8765`" in session._repr_markdown_()
