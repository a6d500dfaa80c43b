"""The learner's real path, from the README's command to the terminal.

The session's server is ``python3 tasks.py run`` in a fresh copy of the repository (see
conftest). Here: every lesson of the Spanish edition runs top to bottom in a fresh kernel, then
each cell again on its own from the bottom up; every image loads and every link is served; the
lesson-06 form saves, a JupyterLab terminal runs the command lesson 06 prints, and the next
lesson (in another edition) reads the same file; the wizard opens with ``tasks.py wizard``.
"""

from __future__ import annotations

import re
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from helpers.credentials import mask
from helpers.i18n import t
from helpers.lessons import LESSONS, WIZARD
from helpers.sandbox import DEMO_APP_NAME, DEMO_SERVICE_ACCOUNT_KEY

from .test_axe import can_audit, violations

expect = pytest.importorskip(
    "playwright.sync_api", reason="pip install -r requirements-test.txt"
).expect

ROOT = Path(__file__).resolve().parents[2]
OK = re.compile(r"\bkeap-result-ok\b")


def _status(server, url: str) -> int:
    """What the server answers for a same-origin address (a lesson link opens through the API)."""
    path = urlsplit(url).path.lstrip("/")
    if path.startswith("lab/tree/"):
        path = f"api/contents/{path.removeprefix('lab/tree/')}?content=0"
    request = urllib.request.Request(
        server.url + path, headers={"Authorization": f"token {server.token}"}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def _terminal_command(lang: str) -> str:
    """The command-line check exactly as the lessons print it (in the lesson that teaches it)."""
    for source in sorted((ROOT / "lessons" / lang).glob("[0-9][0-9]-*.md")):
        found = re.findall(
            r"```text\n(python -m helpers\.check[^\n]*)\n```", source.read_text(encoding="utf-8")
        )
        if found:
            return found[0]
    raise AssertionError(f"no {lang} lesson shows the command-line check")


def test_readme_command_serves_the_repository_root_and_opens_the_first_lesson(jupyter_server):
    server = jupyter_server
    for path in (
        "notebooks/img/api-settings.svg",
        "notebooks/en/00-start-here.ipynb",
        "notebooks/pt/00-comece-aqui.ipynb",
        "README.md",
    ):
        assert server.status(f"api/contents/{path}?content=0") == 200, path
    opener = urllib.request.build_opener(
        type(
            "NoRedirect",
            (urllib.request.HTTPRedirectHandler,),
            {"redirect_request": lambda *a, **k: None},
        )()
    )
    try:
        opener.open(f"{server.url}?token={server.token}", timeout=30)
        location = ""
    except urllib.error.HTTPError as redirect:
        location = redirect.headers.get("Location", "")
    assert urlsplit(location).path.endswith(
        f"/lab/tree/notebooks/es/{LESSONS['00']['es']}.ipynb"
    ), location


@pytest.mark.parametrize("lang", ["es"])
def test_every_lesson_runs_all_then_cells_again_with_its_images_and_links(
    lab, jupyter_server, measure, lang
):
    """Run All in every lesson of the Spanish edition, as a learner does, then every cell again
    bottom-up, then the images and links it shows. The other editions' code is the same, cell
    for cell (tests/test_parity.py); nbval runs every cell of every edition, the links test
    follows every edition's links and images, and the browser edition's tests run the lessons
    in a page: a second and third pass here would add a minute and find nothing new.

    The result cards a lesson prints are audited with axe-core here, on the page Run All left
    (no other test runs the developer lesson, 10, in JupyterLab to audit its cards)."""
    audit = can_audit()
    problems: list[str] = []
    audited: list[str] = []
    total = 0.0
    for number in sorted(LESSONS):
        path = f"notebooks/{lang}/{LESSONS[number][lang]}.ipynb"
        if number == min(LESSONS):
            lab.page.goto(jupyter_server.lab(path))
            lab.wait_for_kernel(path)
        else:  # the next lesson in the same page, as its link opens it: a fresh kernel each
            lab.open_in_place(path)
        seconds = lab.run_all_fresh()
        total += seconds
        measure(f"Run All, lesson {number} ({lang})", seconds, "s")
        problems += [f"{path} after Run All, {e}" for e in lab.unexpected_errors()]
        lab.rerun_bottom_up()
        problems += [f"{path} after running cells again, {e}" for e in lab.unexpected_errors()]
        for image in lab.images():
            if image["width"] == 0:
                problems.append(f"{path}: broken image {image['src']} ({image['alt'][:40]})")
        for link in lab.links():
            if link.startswith(jupyter_server.url) and "#" not in link.split("/")[-1][:1]:
                status = _status(jupyter_server, link)
                if status == 404:
                    problems.append(f"{path}: link not found {link}")
        cards = lab.page.locator(".jp-OutputArea .keap-result")
        if audit and cards.count():
            cards.first.scroll_into_view_if_needed()
            audited.append(number)
            found = violations(lab.page, [".jp-OutputArea .keap-result"])
            problems += [f"{path}: axe on the cards it prints: {v}" for v in found]
    measure(f"Run All, whole {lang} edition", total, "s")
    assert not problems, "\n".join(problems)
    assert not audit or "10" in audited, audited  # the developer lesson prints result cards


def test_saved_in_lesson_06_then_the_terminal_command_works_and_the_next_lesson_reads_it(
    lab, jupyter_server, env_file
):
    lab.open(f"notebooks/es/{LESSONS['06']['es']}.ipynb")
    lab.run_all()
    form = lab.page.locator(".tut-credentials-form")
    form.locator("button.tut-demo").click()
    form.locator("button.tut-test").click()
    expect(form.locator(".tut-result .keap-result")).to_have_class(OK)
    form.locator("button.tut-save").click()
    saved = form.locator(".tut-save-result")
    expect(saved).to_contain_text(str(env_file.resolve()))  # the full path of the one file
    expect(saved).to_contain_text(mask(DEMO_SERVICE_ACCOUNT_KEY))
    assert f"KEAP_API_KEY={DEMO_SERVICE_ACCOUNT_KEY}" in env_file.read_text()

    # A JupyterLab terminal: it opens at the root, with the tutorial's python first on PATH.
    lab.page.evaluate("() => { void window.jupyterapp.commands.execute('terminal:create-new'); }")
    lab.page.wait_for_function("""() => { const w = window.jupyterapp.shell.currentWidget;
        return w && w.content && w.content.session && w.content.session.connectionStatus === 'connected'; }""")
    lab.page.locator(".jp-Terminal").last.click()
    command = _terminal_command("es")
    lab.page.keyboard.type(f"{command}; echo EXIT=$?\n")
    lab.page.wait_for_function(
        """() => { const term = window.jupyterapp.shell.currentWidget.content._term;
        const buffer = term.buffer.active, lines = [];
        for (let i = 0; i < buffer.length; i++) lines.push(buffer.getLine(i).translateToString(true));
        return /EXIT=\\d/.test(lines.join('\\n')); }""",
        timeout=60_000,
    )
    screen = lab.page.evaluate("""() => { const buffer = window.jupyterapp.shell.currentWidget.content._term.buffer.active;
        const lines = []; for (let i = 0; i < buffer.length; i++) lines.push(buffer.getLine(i).translateToString(true));
        return lines.join('\\n'); }""")
    assert "EXIT=0" in screen, screen
    assert t("result.ok", "es") in screen, screen

    # The next lesson, in another edition and folder, reads the same file.
    lab.page.goto(jupyter_server.lab(f"notebooks/pt/{LESSONS['07']['pt']}.ipynb"))
    lab.wait_for_kernel(f"notebooks/pt/{LESSONS['07']['pt']}.ipynb")
    read = lab.kernel_run(
        "from helpers import load_credentials; c = load_credentials(); "
        "print(c.app_name, c.masked_key, c.source)"
    )
    assert read.split() == [DEMO_APP_NAME, mask(DEMO_SERVICE_ACCOUNT_KEY), ".env"], read


@pytest.mark.parametrize("lang", ["pt"])
def test_tasks_wizard_reuses_the_running_server_and_its_save_reaches_the_command_line(
    wizard, jupyter_server, env_file, lang
):
    done = subprocess.run(
        [sys.executable, "tasks.py", "wizard", lang],
        cwd=jupyter_server.root,
        env=jupyter_server.environment(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    (url,) = re.findall(r"https?://\S+", done.stdout)
    assert (
        urlsplit(url).port == urlsplit(jupyter_server.url).port
    )  # the running server, no second one
    assert urlsplit(url).path == f"/voila/render/notebooks/{lang}/{WIZARD[lang]}.ipynb"
    page = wizard.page
    page.goto(url)
    page.locator(".wiz-app-name input").wait_for()
    for selector in ("button.wiz-demo", "button.wiz-test"):
        page.locator(selector).click()
    expect(page.locator(".wiz-result .keap-result")).to_have_class(OK)
    page.locator("button.wiz-save").click()
    expect(page.locator(".wiz-save-result")).to_contain_text(str(env_file.resolve()))
    check = subprocess.run(
        [
            str(jupyter_server.root / ".venv" / "bin" / "python"),
            "-m",
            "helpers.check",
            "--lang",
            lang,
        ],
        cwd=jupyter_server.root / "notebooks" / lang,
        env=jupyter_server.environment(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert check.returncode == 0, check.stdout + check.stderr
    assert t("result.ok", lang) in check.stdout
