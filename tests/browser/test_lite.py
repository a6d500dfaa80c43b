"""The browser edition, as a learner meets it: built with the README's ``python3 tasks.py lite``,
served by a plain static server (``python -m http.server``), opened in chromium with every other
host blocked (no DNS at all, and any request that leaves the site is aborted and counted).

Every lesson runs in Pyodide inside the page, in sandbox mode, with the sandbox answering in
the page from the same code the HTTP server uses. A real key is tried against Keap and the
browser's refusal gets its own honest card.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from helpers.credentials import mask
from helpers.i18n import t
from helpers.lessons import LESSONS, WIZARD
from helpers.sandbox import DEMO_APP_NAME, DEMO_SERVICE_ACCOUNT_KEY
from helpers.wizard import STEPS

from .conftest import CHROMIUM_FLAGS, Lab, _chromium, _free_port, _require_browser

expect = pytest.importorskip(
    "playwright.sync_api", reason="pip install -r requirements-test.txt"
).expect

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "build" / "lite"
EDITIONS = ("es", "en", "pt")
REAL_LOOKING_KEY = "KeapAK-" + "7" * 46 + "9f2c"  # the shape of a Service Account Key
# No host name resolves: only the site's own address (an IP) can be reached at all.
OFFLINE_FLAGS = ["--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]
# The longest wait for a page, a kernel or a Run All: a Pyodide kernel's first start in a new
# browser profile took 56 s on a 2-core machine running other work (about 15 s when idle).
LITE_WAIT_MS = 300_000


@dataclass
class LiteSite:
    """The built site on a static server; ``left`` counts requests that tried to leave it."""

    origin: str  # http://127.0.0.1:PORT
    left: list[str] = field(default_factory=list)

    def lab(self, path: str) -> str:
        return f"{self.origin}/lab/index.html?path={path}"


@pytest.fixture(scope="module")
def lite_site() -> Iterator[LiteSite]:
    """``python3 tasks.py lite`` (the README's command), then ``python -m http.server``."""
    _require_browser()
    started = time.monotonic()
    built = subprocess.run(
        [sys.executable, "tasks.py", "lite"], cwd=ROOT, capture_output=True, text=True
    )
    assert built.returncode == 0, built.stdout[-4000:] + built.stderr[-4000:]
    print(f"tasks.py lite: {time.monotonic() - started:.0f} s")
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "http.server", "-d", str(SITE), "--bind", "127.0.0.1", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    origin = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{origin}/", timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        yield LiteSite(origin)
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture(scope="module")
def offline_chromium(browser: Any, lite_site: LiteSite) -> Iterator[Any]:
    """Chromium in which no host name resolves (launched by the session's Playwright)."""
    chromium = browser.browser_type.launch(
        executable_path=_chromium(), headless=True, args=[*CHROMIUM_FLAGS, *OFFLINE_FLAGS]
    )
    try:
        yield chromium
    finally:
        chromium.close()


@pytest.fixture
def lite(offline_chromium: Any, lite_site: LiteSite, tmp_path: Path) -> Iterator[Lab]:
    """A learner's new browser profile on the site: empty cache and storage, and every request
    that leaves the site aborted and counted."""
    context = offline_chromium.new_context(viewport={"width": 1000, "height": 800})
    context.set_default_timeout(LITE_WAIT_MS)

    def only_the_site(route: Any) -> None:
        if route.request.url.startswith(lite_site.origin + "/"):
            route.continue_()
        else:
            lite_site.left.append(route.request.url)
            route.abort("addressunreachable")

    context.route("**/*", only_the_site)
    try:
        yield Lab(context.new_page(), lite_site, tmp_path, wait_ms=LITE_WAIT_MS)
    finally:
        context.close()


def _lesson(lang: str, number: str) -> str:
    return f"notebooks/{lang}/{LESSONS[number][lang]}.ipynb"


def _ran_all_without_errors(lab: Lab) -> float:
    seconds = lab.run_all_fresh()
    assert lab.unexpected_errors() == []
    return seconds


@pytest.mark.parametrize("lang", EDITIONS)
def test_each_edition_from_the_front_page_to_the_sandbox_a_saved_key_and_the_green_card(
    lite, lite_site, measure, lang
):
    """A learner's path in one page: the front page, lesson 00 (Run All: the sandbox answers in
    the page), its wizard link (the wizard notebook's green card in the edition's words; it
    saves to this browser, then forgets); in Spanish, then lesson 06's form with the demo data
    (the green card), a real key (the honest card, and nothing sent but to Keap) and the card's
    link to its lesson. Lesson 06 runs in the page in Spanish only: its code is the same in
    every edition (test_parity.py), nbval and the JupyterLab journey run it in all three, and
    the wizard shows each edition's green card here."""
    started = time.monotonic()
    lite.page.goto(f"{lite_site.origin}/")
    expect(lite.page.locator("main a")).to_have_count(len(EDITIONS))
    lite.page.locator(f"li[lang={lang}] a").click()
    lite.wait_for_kernel(_lesson(lang, "00"))
    measure(
        f"browser edition, front page -> lesson 00 ({lang}) ready", time.monotonic() - started, "s"
    )
    _ran_all_without_errors(lite)
    notebook = lite.page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")
    banner = notebook.locator(".jp-OutputArea-output").first  # the start cell's mode line
    expect(banner).to_contain_text("🧪")
    expect(banner).to_contain_text(re.compile(r"127\.0\.0\.1:\d+"))

    # Lesson 00's wizard link opens the edition's wizard notebook here (no Voila in a browser).
    started = time.monotonic()
    notebook.locator(f"a:has-text('{t('tutorial.wizard_link_browser', lang)}')").click()
    lite.wait_for_kernel(f"notebooks/{lang}/{WIZARD[lang]}.ipynb")
    _ran_all_without_errors(lite)
    _wizard_saves_then_forgets(lite, lang)
    measure(f"browser edition, wizard ({lang}) opened -> saved", time.monotonic() - started, "s")
    if lang != "es":
        return

    started = time.monotonic()
    lite.open_in_place(_lesson(lang, "06"))
    _ran_all_without_errors(lite)
    form, card = lite.try_key(DEMO_APP_NAME, DEMO_SERVICE_ACCOUNT_KEY)
    expect(card).to_have_class(re.compile(r"\bkeap-result-ok\b"))
    measure(f"browser edition, lesson 06 ({lang}) -> green card", time.monotonic() - started, "s")
    expect(card).to_contain_text(t("result.ok", lang))
    expect(card).to_contain_text(mask(DEMO_SERVICE_ACCOUNT_KEY))
    lite.never_shows(DEMO_SERVICE_ACCOUNT_KEY)
    _a_real_key_gets_the_honest_card(lite, lite_site, form, card)


def _wizard_saves_then_forgets(lite: Lab, lang: str) -> None:
    page = lite.page
    for selector in ("button.wiz-demo", "button.wiz-test"):
        page.locator(selector).click()
    card = page.locator(".wiz-result .keap-result")  # the sandbox's answer, in the edition's words
    expect(card).to_have_class(re.compile(r"\bkeap-result-ok\b"))
    expect(card).to_contain_text(t("result.ok", lang))
    expect(card).to_contain_text(mask(DEMO_SERVICE_ACCOUNT_KEY))
    page.locator("button.wiz-save").click()
    saved = page.locator(".wiz-save-result")
    expect(saved).to_contain_text(mask(DEMO_SERVICE_ACCOUNT_KEY))
    # The message says where: this browser's storage for the site, and warns about shared ones.
    expect(saved).to_contain_text(t("storage.browser_shared", lang)[:40])
    # The site's files as the page keeps them (IndexedDB), read through JupyterLite's contents
    # service: the kernel wrote /drive/.env, the top of the site's files.
    stored = """async () => { try {
        const file = await window.jupyterapp.serviceManager.contents.get('.env', {content: true});
        return file.format === 'base64' ? atob(file.content) : file.content;
    } catch (e) { return null; } }"""
    assert f"KEAP_APP_NAME={DEMO_APP_NAME}" in page.evaluate(stored)
    lite.never_shows(DEMO_SERVICE_ACCOUNT_KEY)
    page.locator("button.wiz-forget").click()
    expect(saved).to_contain_text(t("widgets.forgot", lang))
    assert page.evaluate(stored) is None  # nothing else was in it: the file is gone
    # Each step links its lesson: the same site, asked for another notebook, in a new tab.
    links = page.locator(".wiz a.wiz-lesson-link")
    hrefs = links.evaluate_all("links => links.map(a => a.getAttribute('href'))")
    lessons = [f"notebooks/{lang}/{LESSONS[slug[:2]][lang]}.ipynb" for _, slug in STEPS]
    assert hrefs == [f"?path={path}" for path in lessons]
    if lang != "es":
        return  # the same links in every edition; one is followed (a whole new page) in Spanish
    with page.context.expect_page() as opened:
        links.first.click()
    other = opened.value
    other.wait_for_function(
        "(path) => { const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;"
        " return Boolean(w && w.context && w.context.path === path); }",
        arg=lessons[0],
    )
    other.close()


def _a_real_key_gets_the_honest_card(lite: Lab, lite_site: LiteSite, form: Any, card: Any) -> None:
    form.locator(".tut-mode input[type=radio]").nth(1).check()  # "Keap real"
    lite.try_key("ab123", REAL_LOOKING_KEY)
    expect(card).to_have_class(re.compile(r"\bkeap-result-fail\b"))
    expect(card).to_contain_text(t("cause.browser_blocked.fix", "es")[:40])
    lite.never_shows(REAL_LOOKING_KEY)
    # The browser tried Keap's API host and nothing else; those blocked addresses are taken off
    # the list the last test checks.
    tried = [url for url in lite_site.left if url.startswith("https://api.infusionsoft.com/")]
    assert tried, lite_site.left
    lite_site.left[:] = [url for url in lite_site.left if url not in tried]
    # The card's lesson (the command for the learner's own computer) opens from the card; it
    # is the Spanish lesson 10 the Run All test below leaves out.
    card.locator("a").click()
    lite.wait_for_kernel(_lesson("es", "10"))
    _ran_all_without_errors(lite)


SPANISH_LESSONS = sorted(set(LESSONS) - {"00", "06", "10"})  # run in the test above


def test_every_other_spanish_lesson_runs_all_in_the_page(lite, measure):
    lite.open(_lesson("es", SPANISH_LESSONS[0]))
    for number in SPANISH_LESSONS:
        if number != SPANISH_LESSONS[0]:
            lite.open_in_place(_lesson("es", number))
        measure(
            f"browser edition, Run All lesson {number} (es)", _ran_all_without_errors(lite), "s"
        )


def test_nothing_left_the_site(lite_site):
    """Last in this file: every request of every test above stayed on the site."""
    assert lite_site.left == []
