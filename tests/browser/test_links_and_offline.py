"""Every link the tutorial shows opens a page that finishes loading; the wizard page is offline.

The links come from everything the tutorial shows: each lesson's text and stored outputs, the
red card of every cause (in a lesson and in the wizard), the wizard's step links and the mode
line. Each is resolved from the page that shows it, in JupyterLab and in Voila, and followed.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

import nbformat
import pytest

from helpers import tutorial
from helpers.lessons import LESSONS, WIZARD, lesson_href
from helpers.result import _LAB, _LESSONS, CheckResult
from helpers.wizard import STEPS

from .conftest import ROOT, WAIT_MS

pytest.importorskip("playwright.sync_api", reason="pip install -r requirements-test.txt")

HREF = re.compile(r"""<a\b[^>]*?\bhref\s*=\s*["']([^"']+)["']""", re.IGNORECASE)
MARKDOWN_LINK = re.compile(r"\]\(([^)\s]+)\)")
EDITIONS = ("es", "en", "pt")


def _lab(server, path: str) -> str:
    return f"{server.url}lab/tree/{path}"


def _voila(server, path: str) -> str:
    return f"{server.url}voila/render/{path}"


def _shown_links(server) -> dict[str, str]:
    """Every link the tutorial shows, resolved from where it is shown -> where it came from."""
    found: dict[str, str] = {}
    for lang in EDITIONS:
        wizard = f"notebooks/{lang}/{WIZARD[lang]}.ipynb"
        cards = [
            CheckResult(ok=False, cause=cause, lang=lang, lesson=lesson)
            for cause, lesson in [*_LESSONS.items(), ("other", _LAB)]
        ]
        for card in cards:
            for href in HREF.findall(card._repr_html_()):
                for page in (_lab(server, wizard), _voila(server, wizard)):
                    found[urljoin(page, href)] = f"red card of {card.cause} ({lang})"
        for _, slug in STEPS:
            for page in (_lab(server, wizard), _voila(server, wizard)):
                found[urljoin(page, lesson_href(slug, lang))] = f"wizard step link ({lang})"
        for path in sorted((ROOT / "notebooks" / lang).glob("*.ipynb")):
            page = _lab(server, path.relative_to(ROOT).as_posix())
            for cell in nbformat.read(path, as_version=4).cells:
                texts = [cell.source]
                for output in cell.get("outputs", []):
                    texts += [v for v in output.get("data", {}).values() if isinstance(v, str)]
                for text in texts:
                    for href in [*HREF.findall(text), *MARKDOWN_LINK.findall(text)]:
                        if not href.startswith(("#", "mailto:")):
                            found[urljoin(page, href.split("#")[0])] = f"{path.name}"
    return found


def test_every_link_the_tutorial_shows_opens_a_page_that_finishes_loading(
    page, jupyter_server, sandbox
):
    found = _shown_links(jupyter_server)
    line = tutorial.Session("es", "sandbox", sandbox.url, None)._repr_markdown_()
    found.update({url: "mode line" for url in re.findall(r"https?://[^\s)`]+", line)})
    local = {u: w for u, w in found.items() if urlsplit(u).hostname in ("127.0.0.1", "localhost")}
    assert len(local) >= 40, sorted(local)  # the lessons' navigation alone gives more
    # A lesson's link followed from the wizard in Voila (the red card's, relative to the page)
    # is sent on to JupyterLab by the page template (the test below): the lesson must exist.
    for url in [
        u for u in local if "/voila/render/" in u and WIZARD_NAMES.isdisjoint(u.split("/"))
    ]:
        path = urlsplit(url).path.split("/voila/render/", 1)[-1]
        assert jupyter_server.status(f"api/contents/{path}?content=0") == 200, url
    token = jupyter_server.token
    # Pages of this server: each answers, and each lesson it names exists.
    for url, where in sorted(local.items()):
        if not url.startswith(jupyter_server.url):
            continue
        path = urlsplit(url).path.split("/lab/tree/", 1)[-1]
        answer = page.request.get(f"{url}?token={token}")
        assert answer.ok, f"{url} (from {where}): HTTP {answer.status}"
        if "/lab/tree/" in url:
            assert jupyter_server.status(f"api/contents/{path}?content=0") == 200, (url, where)
    # The kinds of page, each loaded in full: a lesson in JupyterLab, the sandbox's page, and a
    # lesson asked of Voila (it goes to JupyterLab instead of hanging on the lesson's image).
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    lesson = f"notebooks/es/{LESSONS['05']['es']}.ipynb"
    for url, ready in (
        (f"{_voila(jupyter_server, lesson)}?token={token}", "#jp-main-dock-panel"),
        (sandbox.url + "/", "body"),
    ):
        page.goto(url, wait_until="load")
        page.locator(ready).first.wait_for(timeout=WAIT_MS)
    assert errors == []


WIZARD_NAMES = {f"{name}.ipynb" for name in WIZARD.values()}


def test_a_lesson_opened_in_voila_goes_to_jupyterlab_without_rendering_it(page, jupyter_server):
    lesson = f"notebooks/pt/{LESSONS['01']['pt']}.ipynb"
    page.goto(f"{_voila(jupyter_server, lesson)}?token={jupyter_server.token}")
    page.wait_for_url(re.compile(r"/lab/tree/notebooks/pt/"), timeout=WAIT_MS)
    page.locator("#jp-main-dock-panel").wait_for(timeout=WAIT_MS)


def test_the_wizard_page_asks_no_other_host_and_its_widgets_log_no_warning(page, jupyter_server):
    outside: list[str] = []

    def route(request_route) -> None:
        url = request_route.request.url
        if url.startswith("data:") or urlsplit(url).hostname in ("127.0.0.1", "localhost"):
            request_route.continue_()
        else:
            outside.append(url)
            request_route.abort()

    page.context.route("**/*", route)
    console: list[str] = []
    page.on("console", lambda m: console.append(f"{m.type}: {m.text}"))
    page.on("pageerror", lambda error: console.append(f"pageerror: {error}"))
    page.goto(jupyter_server.voila(f"notebooks/es/{WIZARD['es']}.ipynb"))
    page.locator(".wiz-app-name input").wait_for(timeout=WAIT_MS)
    page.locator("button.wiz-demo").click()
    page.locator("button.wiz-test").click()
    page.locator(".wiz-result .keap-result").wait_for(timeout=WAIT_MS)
    assert outside == []
    # The widget manager's own notices about JupyterLab versions are not the tutorial's widgets.
    share_scope = re.compile(r"(Unsatisfied|No satisfying) version .* shared (singleton )?module")
    own = [
        line
        for line in console
        if line.startswith(("warning", "error", "pageerror")) and not share_scope.search(line)
    ]
    assert own == []
