"""The JupyterHub deployment README in three languages: the same commands, links that open.

The English one is the source; the Spanish and Portuguese ones translate its prose and keep
every command block exactly as it is, so a trainer can copy from any of them.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy" / "jupyterhub"
EDITIONS = {"en": "README.md", "es": "README.es.md", "pt": "README.pt.md"}
TRAINER_NOTES = {"es": "docs/para-formadores.md", "pt": "docs/para-instrutores.md"}
_FENCE = re.compile(r"^ *```\w*\n(.*?)^ *```", re.MULTILINE | re.DOTALL)


def _read(name: str) -> str:
    return (DEPLOY / name).read_text(encoding="utf-8")


def _blocks(text: str) -> list[str]:
    """Every fenced block, its lines stripped of the list indentation."""
    return ["\n".join(line.strip() for line in b.splitlines()) for b in _FENCE.findall(text)]


@pytest.mark.parametrize("lang", ["es", "pt"])
def test_a_translation_keeps_every_command_of_the_english_readme(lang):
    assert _blocks(_read(EDITIONS[lang])) == _blocks(_read(EDITIONS["en"]))


@pytest.mark.parametrize("lang", list(EDITIONS))
def test_each_edition_links_the_other_two_and_every_relative_link_opens(lang):
    text = _read(EDITIONS[lang])
    first_lines = "\n".join(text.splitlines()[:4])
    for other, name in EDITIONS.items():
        if other != lang:
            assert f"]({name})" in first_lines, f"{EDITIONS[lang]} does not link {name} at the top"
    targets = [t for t in re.findall(r"\]\(([^)\s#]+)", text) if "://" not in t]
    assert targets and [t for t in targets if not (DEPLOY / t).exists()] == []


@pytest.mark.parametrize("lang", list(TRAINER_NOTES))
def test_the_trainer_notes_link_the_deployment_readme_in_their_language(lang):
    notes = (ROOT / TRAINER_NOTES[lang]).read_text(encoding="utf-8")
    assert f"](../deploy/jupyterhub/{EDITIONS[lang]})" in notes
