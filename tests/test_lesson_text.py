"""Lessons read whole: no list lost its items, and the three editions name the same things.

A numbered list starts at 1 and counts up by one; a sentence that points at "the first three
forms" (or "the three options below") stands in a section that has such a list; a sentence that
ends with a colon is followed by what it announces (a list, a table, code or a quote). Each
edition names the same command options, environment variables and commands as the others.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from helpers.lessons import GLOSSARY, LESSONS, WIZARD

ROOT = Path(__file__).resolve().parents[1]
LANGS = ("es", "en", "pt")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_NUMBERED = re.compile(r"^( *)(\d+)\.\s")
_BULLET = re.compile(r"^( *)[-*+]\s")
_NUMBERS = {
    "es": {"dos": 2, "tres": 3, "cuatro": 4, "cinco": 5},
    "en": {"two": 2, "three": 3, "four": 4, "five": 5},
    "pt": {"dois": 2, "duas": 2, "três": 3, "quatro": 4, "cinco": 5},
}
# Sentences that point at a list by its length (the nouns a list of ways or steps goes by).
_POINTERS = {
    "es": (
        r"\b(?:las|los) (?P<n>\w+) primer[oa]s (?:formas|opciones|pasos|caminos)\b",
        r"\b(?:las|los) (?P<n>\w+) (?:formas|opciones|pasos|caminos) (?:siguientes|de abajo)\b",
    ),
    "en": (
        r"\bthe first (?P<n>\w+) (?:forms|options|steps|routes|ways)\b",
        r"\bthe (?P<n>\w+) (?:forms|options|steps|routes|ways) below\b",
    ),
    "pt": (
        r"\b(?:as|os) (?P<n>\w+) primeir[oa]s (?:formas|opções|passos|caminhos)\b",
        r"\b(?:as|os) (?P<n>\w+) (?:formas|opções|passos|caminhos) (?:seguintes|abaixo)\b",
    ),
}


def prose_lines(markdown: str) -> list[tuple[int, str]]:
    """(line number, line) outside fenced code blocks."""
    lines, fence = [], False
    for number, line in enumerate(markdown.splitlines(), 1):
        if _FENCE.match(line):
            fence = not fence
            lines.append((number, "```"))  # a code block still follows a colon
            continue
        if not fence:
            lines.append((number, line))
    return lines


def numbering_problems(markdown: str) -> list[str]:
    """Numbered lists that do not start at 1 or skip a number.

    >>> numbering_problems("1. a\\n2. b\\n\\nText.\\n\\n1. c\\n3. d")
    ['line 7: item 3 after item 1']
    >>> numbering_problems("Intro.\\n2. **El código** …")
    ['line 2: a list starts at 2']
    """
    problems, last = [], {}  # indent -> last number in the open list at that indent
    for number, line in prose_lines(markdown):
        item = _NUMBERED.match(line)
        if item:
            indent, value = len(item.group(1)), int(item.group(2))
            previous = last.get(indent)
            if previous is None and value != 1:
                problems.append(f"line {number}: a list starts at {value}")
            elif previous is not None and value != previous + 1:
                problems.append(f"line {number}: item {value} after item {previous}")
            last = {k: v for k, v in last.items() if k < indent} | {indent: value}
        elif line.strip() and not line.startswith(" ") and not _BULLET.match(line):
            last = {}  # a paragraph, heading or table at the margin ends every open list
    return problems


def _sections(markdown: str) -> list[list[tuple[int, str]]]:
    sections: list[list[tuple[int, str]]] = [[]]
    for number, line in prose_lines(markdown):
        if line.startswith("#"):
            sections.append([])
        sections[-1].append((number, line))
    return sections


def _longest_list(section: list[tuple[int, str]]) -> int:
    longest = run = 0
    for _, line in section:
        if _NUMBERED.match(line) or _BULLET.match(line):
            run += 1
        elif line.strip() and not line.startswith(" "):
            run = 0
        longest = max(longest, run)
    return longest


def pointer_problems(markdown: str, lang: str) -> list[str]:
    """Sentences that point at "the first N forms" where the section has no list of N.

    >>> pointer_problems("## A\\nIt can read the first three forms.\\n\\n- a\\n- b", "en")
    ['line 2: "the first three forms", but the longest list here has 2 items']
    """
    problems = []
    for section in _sections(markdown):
        longest = _longest_list(section)
        for number, line in section:
            for pattern in _POINTERS[lang]:
                for match in re.finditer(pattern, line, re.IGNORECASE):
                    wanted = _NUMBERS[lang].get(match.group("n").lower())
                    if wanted and longest < wanted:
                        problems.append(
                            f'line {number}: "{match.group(0)}", but the longest list here '
                            f"has {longest} items"
                        )
    return problems


def colon_problems(markdown: str) -> list[str]:
    """Paragraph sentences ending in ':' that nothing follows before the next paragraph.

    >>> colon_problems("Paths:\\n\\n1. a\\n\\nThe cell:\\n\\n```\\nx\\n```\\nLost:\\n\\n## Next")
    ['line 10: "Lost:" announces something that is not there']
    """
    lines = prose_lines(markdown)
    problems = []
    for index, (number, line) in enumerate(lines):
        text = line.rstrip()
        if not text.endswith(":") or text.startswith(("#", "|", " ")):
            continue
        following = next(  # jupytext region markers (<!-- #region -->) are not text
            (nxt for _, nxt in lines[index + 1 :] if nxt.strip() and not nxt.startswith("<!--")),
            "",
        )
        announced = (
            _NUMBERED.match(following)
            or _BULLET.match(following)
            or following.startswith(("|", "```", ">", "<details", "    "))
        )
        if not announced:
            problems.append(f'line {number}: "{text[-40:]}" announces something that is not there')
    return problems


def _sources(lang: str) -> list[Path]:
    return sorted((ROOT / "lessons" / lang).glob("*.md"))


@pytest.mark.parametrize("lang", LANGS)
def test_numbered_lists_start_at_one_and_skip_nothing(lang):
    found = [f"{p.name} {x}" for p in _sources(lang) for x in numbering_problems(p.read_text())]
    assert found == []


@pytest.mark.parametrize("lang", LANGS)
def test_a_sentence_that_counts_a_list_has_that_list(lang):
    found = [f"{p.name} {x}" for p in _sources(lang) for x in pointer_problems(p.read_text(), lang)]
    assert found == []


@pytest.mark.parametrize("lang", LANGS)
def test_a_sentence_ending_in_a_colon_is_followed_by_what_it_announces(lang):
    found = [f"{p.name} {x}" for p in _sources(lang) for x in colon_problems(p.read_text())]
    assert found == []


def test_the_checks_catch_the_lost_items_of_lesson_10():
    """Lesson 10 as it stood, with both lists cut down."""
    damaged = (
        "## Los enlaces de keap.app\n\n`validate_app_name` sabe leer las tres primeras formas.\n"
        "Mira cómo saca el nombre de cada enlace.\n\n"
        "### El nombre de la aplicación (lección 1)\n\nKeap tiene un artículo de ayuda.\n"
        "2. **El código para insertar un formulario** en tu web.\n"
    )
    assert pointer_problems(damaged, "es") and numbering_problems(damaged)


_CODE = re.compile(r"`([^`\n]+)`")
_NAMED = re.compile(r"--[a-z][a-z-]*|[A-Z][A-Z0-9]*_[A-Z0-9_]+|python -m [\w.]+")


def named_things(path: Path) -> set[str]:
    """Command options, environment variables and commands the prose names in code spans."""
    found: set[str] = set()
    for _, line in prose_lines(path.read_text(encoding="utf-8")):
        for span in _CODE.findall(line):
            if _NAMED.fullmatch(span.split("=")[0].split(" ")[0]) or span.startswith("python -m"):
                found.add(span.split(" ")[0] if span.startswith("--") else span)
    return found


def _editions() -> list[tuple[str, dict[str, str]]]:
    names = dict(LESSONS)
    names["glossary"], names["wizard"] = GLOSSARY, WIZARD
    return sorted(names.items())


@pytest.mark.parametrize(("lesson", "names"), _editions())
def test_editions_name_the_same_options_variables_and_commands(lesson, names):
    named = {lang: named_things(ROOT / "lessons" / lang / f"{names[lang]}.md") for lang in LANGS}
    everything = set().union(*named.values())
    assert {lang: sorted(everything - found) for lang, found in named.items()} == {
        lang: [] for lang in LANGS
    }
