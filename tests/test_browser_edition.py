"""The browser edition (JupyterLite) is offered the same way wherever the ways in are offered.

README, each edition's lesson 00 and each language's trainer notes give the same build command
and one table of trade-offs with the same four rows (in that place's language) for the four
ways in; the trainer notes' commands are byte-identical across languages; and the GitHub Pages
workflow builds with exactly that command and publishes exactly that folder. The workflow itself
cannot run here (no GitHub): only what it says is checked.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from helpers.lessons import LESSONS

ROOT = Path(__file__).resolve().parents[1]
COMMAND = "python3 tasks.py lite"
SITE = "build/lite"
WORKFLOW = ROOT / ".github" / "workflows" / "lite-pages.yml"
TRAINER_NOTES = {
    "es": "docs/para-formadores.md",
    "en": "docs/for-trainers.md",
    "pt": "docs/para-instrutores.md",
}
# The table's rows, first column, in each language: real key, saved values, first start, needs.
ROWS = {
    "es": (
        "Probar una clave real",
        "Dónde quedan los datos guardados",
        "Primer arranque",
        "Qué hace falta",
    ),
    "en": ("Testing a real key", "Where saved values go", "First start", "Needs"),
    "pt": (
        "Testar uma chave real",
        "Onde ficam os dados salvos",
        "Primeira abertura",
        "O que é preciso",
    ),
}
# Lesson 00 names the ways in in two sentences (an office admin needs no table of them).
PLACES = [("en", "README.md")] + [(lang, path) for lang, path in TRAINER_NOTES.items()]
_TABLE = re.compile(r"(?:^\|.*\n)+", re.MULTILINE)
_FENCE = re.compile(r"^```\w*\n(.*?)^```", re.MULTILINE | re.DOTALL)


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def trade_off_tables(text: str, lang: str) -> list[list[list[str]]]:
    """Every table whose rows are the four trade-offs: rows of cells, header first."""
    found = []
    for table in _TABLE.findall(text):
        rows = [_cells(line) for line in table.splitlines()]
        if tuple(row[0] for row in rows[2:]) == ROWS[lang]:
            found.append([rows[0], *rows[2:]])
    return found


def _read(relative: str) -> str:
    return (ROOT / relative).read_text(encoding="utf-8")


@pytest.mark.parametrize(("lang", "relative"), PLACES)
def test_each_place_gives_the_command_and_one_table_of_the_four_ways_in(lang, relative):
    text = _read(relative)
    assert COMMAND in text, f"{relative} does not give {COMMAND}"
    tables = trade_off_tables(text, lang)
    assert len(tables) == 1, f"{relative}: {len(tables)} trade-off tables, expected one"
    header, *rows = tables[0]
    assert len(header) == 5 and header[0] == "" and "JupyterLite" in header[4], header
    assert "Binder" in header[2] and "JupyterHub" in header[3], header
    for row in rows:
        assert len(row) == 5 and all(row), f"{relative}: an empty cell in {row[0]!r}"
    browser = {row[0]: row[4] for row in rows}
    assert "32 MB" in browser[ROWS[lang][2]], "the first download is stated"
    assert "Firefox" in browser[ROWS[lang][3]], "the browsers are named"


@pytest.mark.parametrize("lang", sorted(ROWS))
def test_lesson_00_names_the_browser_edition_and_leaves_the_table_to_trainers(lang):
    text = _read(f"lessons/{lang}/{LESSONS['00'][lang]}.md")
    assert "JupyterLite" in text and trade_off_tables(text, lang) == []


def _section(text: str, heading: str) -> str:
    start = text.index(heading)
    following = re.search(r"^## ", text[start + len(heading) :], re.MULTILINE)
    return text[start : start + len(heading) + (following.start() if following else len(text))]


NOTES_HEADINGS = {
    "es": "## El tutorial en el navegador (JupyterLite)",
    "en": "## The browser edition (JupyterLite)",
    "pt": "## O tutorial no navegador (JupyterLite)",
}


def test_the_trainer_notes_give_the_same_commands_in_every_language():
    blocks = {
        lang: _FENCE.findall(_section(_read(TRAINER_NOTES[lang]), NOTES_HEADINGS[lang]))
        for lang in TRAINER_NOTES
    }
    assert blocks["en"] and blocks["en"][0].splitlines()[0] == COMMAND
    assert blocks["es"] == blocks["en"] == blocks["pt"]


@pytest.mark.parametrize("lang", list(TRAINER_NOTES))
def test_the_trainer_notes_say_the_pages_workflow_was_not_run_here(lang):
    section = _section(_read(TRAINER_NOTES[lang]), NOTES_HEADINGS[lang])
    assert ".github/workflows/lite-pages.yml" in section
    not_run = {"es": "no se ejecutó", "en": "has not been run", "pt": "não foi executado"}
    assert not_run[lang] in section


def _workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def test_the_workflow_builds_with_exactly_the_command_and_publishes_the_site():
    steps = [step for job in _workflow()["jobs"].values() for step in job["steps"]]
    assert [step["run"] for step in steps if "run" in step] == [COMMAND]
    uses = [step["uses"].split("@")[0] for step in steps if "uses" in step]
    for action in ("actions/checkout", "actions/setup-python", "actions/setup-node"):
        assert action in uses
    (upload,) = [s for s in steps if s.get("uses", "").startswith("actions/upload-pages-artifact@")]
    assert upload["with"]["path"] == SITE
    assert "actions/deploy-pages" in uses
    versions = {s["uses"].split("@")[0]: s.get("with", {}) for s in steps if "uses" in s}
    assert str(versions["actions/setup-python"]["python-version"]) == "3.11"
    assert str(versions["actions/setup-node"]["node-version"]) == "20"


def test_the_workflow_runs_on_main_and_by_hand_and_only_deploy_may_publish():
    workflow = _workflow()
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as True
    assert triggers["push"]["branches"] == ["main"] and "workflow_dispatch" in triggers
    assert "group" in workflow["concurrency"]
    assert workflow["permissions"] == {"contents": "read"}
    deploy = workflow["jobs"]["deploy"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["needs"] == "build"
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]


def test_the_built_site_is_not_committed():
    ignored = _read(".gitignore").splitlines()
    assert "build/" in ignored or "build/lite/" in ignored
