"""The admin route's promises: it ends at lesson 08 with no "Next", lesson 08 says for each
integration what goes where and how it shows it is connected, the wizard's finish gives the same
steps, the labels the lessons quote are the ones the widgets show, and it all fits in an hour."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from helpers.i18n import LANGUAGES, format_number, t
from helpers.lessons import LESSONS, ROUTES
from helpers.wizard import FINISH_STEPS
from tools import build_notebooks as builder

ROOT = Path(__file__).resolve().parents[1]
ADMIN = ROUTES["admin"]
_NEXT = re.compile(r"\[[^\]]*? →\]\(([^)]+)\)")
_BOLD = re.compile(r"\*\*([^*]+?)\*\*")


def _source(number: str, lang: str) -> str:
    return (ROOT / "lessons" / lang / f"{LESSONS[number][lang]}.md").read_text(encoding="utf-8")


def _nav(number: str, lang: str) -> list[str]:
    path = ROOT / "notebooks" / lang / f"{LESSONS[number][lang]}.ipynb"
    cells = nbformat.read(path, as_version=4).cells
    return [c.source for c in cells if "nav" in c.metadata.get("tags", [])]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_admin_lesson_links_next_to_the_next_one_on_the_route_and_08_to_none(lang):
    for number, following in zip(ADMIN, [*ADMIN[1:], None], strict=True):
        nav = _nav(number, lang)
        assert len(nav) == 2, f"{lang}/{number}: expected a navigation cell at the top and bottom"
        for cell in nav:
            targets = _NEXT.findall(cell)
            if following is None:
                assert targets == [], f"{lang}/{number} ends the admin route: no Next link"
            else:
                assert targets == [f"{LESSONS[following][lang]}.ipynb"], (lang, number, cell)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_lesson_08_offers_the_developer_route_as_optional_in_its_text(lang):
    text = _source("08", lang)
    assert f"]({LESSONS['07'][lang]}.ipynb)" in text


# Lesson 08's table: the header's words, and the phrase a cell holds where no source says it.
NO_SOURCE = {"es": "Sin fuente", "en": "No source", "pt": "Sem fonte"}
HEADER = {
    "es": ("Integración", "Qué va dónde", "Dónde", "Señal de que conectó"),
    "en": ("Integration", "What goes where", "Where", "Sign that it is connected"),
    "pt": ("Integração", "O que vai onde", "Onde", "Sinal de que conectou"),
}


def _integrations(lang: str) -> list[list[str]]:
    """The rows of lesson 08's integrations table, as cells (header and rule left out)."""
    lines = _source("08", lang).splitlines()
    header = "| " + " | ".join(HEADER[lang]) + " |"
    assert header in lines, f"{lang}/08: no table headed {header}"
    rows = []
    for line in lines[lines.index(header) + 2 :]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
    return rows


@pytest.mark.parametrize("lang", LANGUAGES)
def test_lesson_08_names_per_integration_what_goes_where_and_the_sign_of_success(lang):
    rows = _integrations(lang)
    assert len(rows) >= 6
    for row in rows:
        assert len(row) == 4 and all(row), f"{lang}/08: a row with an empty cell: {row}"
    text = _source("08", lang)
    if any(NO_SOURCE[lang] in row[3] for row in rows):
        assert f"{NO_SOURCE[lang]}" in text.split("|", 1)[0], "the table's no-source phrase is said"
    wp_fusion = next(row for row in rows if "WP Fusion" in row[0])
    assert "**Application Name**" in wp_fusion[1] and "**Service Account Key**" in wp_fusion[1]
    assert "Invalid API credentials." in wp_fusion[3]  # the plugin's own message (its code)


def test_lesson_08_lists_the_same_integrations_and_signs_in_every_edition():
    def summary(lang: str) -> list[tuple[tuple[str, ...], bool]]:
        return [
            (tuple(_BOLD.findall(row[0])), row[3].startswith(NO_SOURCE[lang]))
            for row in _integrations(lang)
        ]

    assert summary("en") == summary("es") == summary("pt")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_wizards_finish_and_lesson_08_give_the_same_steps(lang):
    prose = re.sub(r"\*\*|`", "", _source("08", lang))
    prose = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", prose)
    for step in FINISH_STEPS:
        assert t(f"wizard.finish.step_{step}", lang) in prose, f"{lang}/08 lacks step {step}"


# Labels the admin lessons quote in bold, by lesson: they must be what the widgets show.
QUOTED = {
    "01": ("widgets.app_name.button",),
    "06": (
        "widgets.app_name.label",
        "widgets.key.label",
        "widgets.mode.label",
        "widgets.mode.sandbox",
        "widgets.mode.keap",
        "widgets.demo.button",
        "widgets.test.button",
        "widgets.save.button",
        "widgets.replace.label",
        "result.key",
        "result.mode",
        "result.request",
        "result.account",
        "result.usage",
    ),
    "08": ("widgets.mode.keap",),
}
_LIST_LABEL = re.compile(r"^\s*(?:\d+\.|-) \*\*([^*]+?):?\*\*", re.MULTILINE)


def _widget_labels(lang: str) -> set[str]:
    from helpers.i18n import LOCALE_DIR, LOCALES

    text = (LOCALE_DIR / LOCALES[lang] / "LC_MESSAGES" / "tutorial.po").read_text("utf-8")
    keys = re.findall(r'^msgid "((?:widgets|result|wizard)\.[^"]+)"', text, re.MULTILINE)
    return {t(key, lang) for key in keys if "{" not in t(key, lang)}


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("number", sorted(QUOTED))
def test_labels_the_admin_lessons_quote_are_the_ones_the_widgets_show(lang, number):
    text = _source(number, lang)
    quoted = {label.rstrip(":") for label in _BOLD.findall(text)}
    missing = [key for key in QUOTED[number] if t(key, lang) not in quoted]
    assert missing == [], f"{lang}/{number} does not quote {[t(k, lang) for k in missing]}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_lesson_06s_form_and_card_lists_use_only_the_widgets_own_labels(lang):
    text = re.split(r"^## (?:Ejercicio|Exercise|Exercício)", _source("06", lang), flags=re.M)[0]
    labels = _widget_labels(lang)
    unknown = [label for label in _LIST_LABEL.findall(text) if label not in labels]
    assert unknown == [], f"{lang}/06 names labels no widget shows: {unknown}"
    usage = t("usage.day", lang, used=format_number(1, lang), limit=format_number(30_000, lang))
    assert usage in text, f"{lang}/06 should quote the card's usage line as it is: {usage!r}"


def test_the_admin_route_fits_in_an_hour():
    minutes = builder.lesson_minutes(ROOT)
    assert builder.route_minutes(minutes)["admin"] <= 60, builder.route_lines(minutes)


TRAINER_NOTES = {"es": "docs/para-formadores.md", "en": "docs/for-trainers.md"}
TRAINER_NOTES["pt"] = "docs/para-instrutores.md"
ONE_HOUR = {"es": "Si tienes solo una hora:", "en": "If you only have an hour:"}
ONE_HOUR["pt"] = "Se você tem só uma hora:"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_trainer_notes_one_hour_plan_is_the_admin_route_and_adds_up(lang):
    text = (ROOT / TRAINER_NOTES[lang]).read_text(encoding="utf-8")
    plan = text.split(ONE_HOUR[lang], 1)[1].strip().splitlines()[0]
    assert re.findall(r"\b\d\d\b", plan.split(":")[0]) == list(ADMIN), plan
    stated = int(re.search(r": (\d+) minut", plan).group(1))
    minutes = builder.lesson_minutes(ROOT)
    assert stated == builder.route_minutes(minutes)["admin"] <= 60
