"""JupyterLab's own labels, quoted as each edition's JupyterLab shows them.

The lessons tell learners where to click in JupyterLab (**File** → **New** → **Terminal**,
**Kernel** → **Restart Kernel…**). The tutorial sets JupyterLab's language to the edition's
(the language packs jupyterlab-language-pack-es-ES and -pt-BR), and the packs translate only
part of JupyterLab: a Spanish learner sees **Archivo** → **Nuevo** → **Terminal**, a Brazilian
one **File** → **New** → **Terminal**. The browser edition has no language pack, so its menus
are in English.

So a menu path a lesson, the trainer notes or the tutorial's messages quote must be, item by item, what the installed
JupyterLab shows in that language: its English label (a menu's label from the settings
schemas, a command's from JupyterLab's own bundle) put through the pack's catalogue, the one
JupyterLab loads (``locale/<locale>/LC_MESSAGES/jupyterlab.json``, menus under the ``menu``
context). Where the translation differs, the English path follows it ("en inglés …", "em
inglês …"), for the browser edition and any JupyterLab left in English.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib.util import find_spec
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from jupyterlab.commands import get_app_dir

from helpers.lab_language import _PACKS, LAB_LOCALES

ROOT = Path(__file__).resolve().parents[1]
SHARE = Path(get_app_dir())  # the installed JupyterLab's schemas and bundle
LANGS = ("es", "en", "pt")
TRAINER_NOTES = {
    "es": "docs/para-formadores.md",
    "en": "docs/for-trainers.md",
    "pt": "docs/para-instrutores.md",
}
# A quoted path: bold labels joined by arrows; then, maybe, the English path beside it.
_PATH = re.compile(r"\*\*[^*\n]+\*\*(?:\s*→\s*\*\*[^*\n]+\*\*)*")
_ENGLISH_BESIDE = re.compile(r"^[\s,;(]*(?:en inglés|em inglês|in English)[\s,:]*")
_NAMES_JUPYTERLAB = re.compile(r"\bJupyterLab\b")
# JupyterLab's menus that no other program the lessons quote has (Keap, WordPress and the
# plugins have their own Settings, File or Help menus).
_ONLY_JUPYTERLAB = frozenset({"Kernel", "Tabs"})
_CONTEXT = "\x04"  # gettext's separator between a context and a message id
# A path in a message, written without bold: ``Kernel → Restart Kernel…``.
_PLAIN_PATH = re.compile(r"(?<![\w*])([^\W\d_]+) → ([^;,()\n*]+?)(?=\s*[;,()]|\s*$|\.\s)")
MESSAGES = {"es": "es", "en": "en", "pt": "pt_BR"}  # helpers/locale/<folder>/LC_MESSAGES


def _labels(path: str) -> list[str]:
    return [part.strip()[2:-2].strip() for part in path.split("→")]


def _schema_menus() -> tuple[set[str], set[str]]:
    """JupyterLab's top-level menus and its submenus' labels, from the installed schemas."""
    tops, subs = set(), set()

    def walk(items: list[dict]) -> None:
        for item in items:
            submenu = item.get("submenu") or {}
            if submenu.get("label"):
                subs.add(submenu["label"])
            walk(submenu.get("items", []))

    for schema in (SHARE / "schemas").rglob("*.json"):
        for menu in (
            json.loads(schema.read_text(encoding="utf-8"))
            .get("jupyter.lab.menus", {})
            .get("main", [])
        ):
            if menu.get("label"):
                tops.add(menu["label"])
            walk(menu.get("items", []))
    return tops, subs


def _unescape(literal: str) -> str:
    """A JavaScript string literal's text (the escapes JSON shares; others kept as written)."""
    try:
        return json.loads(f'"{literal}"')
    except ValueError:
        return literal


@cache
def lab_english() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(top-level menus, submenus, command labels): what the installed JupyterLab shows in English."""
    tops, subs = _schema_menus()
    commands = set()
    for bundle in (SHARE / "static").glob("*.js"):
        text = bundle.read_text(encoding="utf-8", errors="replace")
        commands.update(map(_unescape, re.findall(r'\.__\("((?:[^"\\]|\\.)*)"', text)))
    assert tops and commands, f"no JupyterLab menus or labels found under {SHARE}"
    return frozenset(tops), frozenset(subs), frozenset(commands)


@cache
def catalogue(lang: str) -> dict[str, str]:
    """The language pack's catalogue as JupyterLab loads it; empty for English."""
    locale = LAB_LOCALES[lang]
    if locale == "default":
        return {}
    spec = find_spec(_PACKS[locale])
    assert spec and spec.origin, f"{_PACKS[locale]} is not installed (it is in requirements.txt)"
    path = Path(spec.origin).parent / "locale" / locale / "LC_MESSAGES" / "jupyterlab.json"
    entries = json.loads(path.read_text(encoding="utf-8"))
    return {msgid: found[0] for msgid, found in entries.items() if msgid and found and found[0]}


def shown(lang: str, english: str, first: bool) -> str:
    """What ``lang``'s JupyterLab shows for the English label (a menu's when first or a submenu)."""
    tops, subs, _ = lab_english()
    is_menu = (first and english in tops) or (not first and english in subs)
    key = f"menu{_CONTEXT}{english}" if is_menu else english
    return catalogue(lang).get(key, english)


def is_lab_label(label: str, first: bool, last: bool = True) -> bool:
    """Whether JupyterLab has ``label`` at that place of a menu path: a menu first, then
    submenus, then a submenu or a command's label."""
    tops, subs, commands = lab_english()
    return label in tops if first else label in subs or (last and label in commands)


def quoted_paths(text: str, lang: str) -> list[tuple[int, list[str], list[str] | None]]:
    """JupyterLab menu paths quoted in ``text``: (line, labels as written, English beside them).

    A path counts as JupyterLab's when its sentence names JupyterLab before it, when it starts
    with a menu only JupyterLab has, or when its first label is one of JupyterLab's menus and
    every label is one of JupyterLab's (in English or in ``lang``)."""
    found = []
    matches = list(_PATH.finditer(text))
    beside_ends = set()
    for index, match in enumerate(matches):
        if match.start() in beside_ends:
            continue
        labels = _labels(match.group(0))
        before = re.split(r"[.!?]\s|\n\n", text[: match.start()])[-1]
        english_labels = [_english_of(lang, s, i == 0) for i, s in enumerate(labels)]
        if not (
            _NAMES_JUPYTERLAB.search(before)
            or english_labels[0] in _ONLY_JUPYTERLAB
            or (len(labels) > 1 and all(english_labels))
        ):
            continue
        english = None
        following = matches[index + 1] if index + 1 < len(matches) else None
        if following and _ENGLISH_BESIDE.fullmatch(text[match.end() : following.start()]):
            english = _labels(following.group(0))
            beside_ends.add(following.start())
        found.append((text.count("\n", 0, match.start()) + 1, labels, english))
    return found


def _sources(lang: str) -> list[Path]:
    return [*sorted((ROOT / "lessons" / lang).glob("*.md")), ROOT / TRAINER_NOTES[lang]]


def _english_of(lang: str, label: str, first: bool) -> str | None:
    """The English label that ``lang``'s JupyterLab shows as ``label`` (itself if English)."""
    if is_lab_label(label, first):
        return label
    tops, subs, commands = lab_english()
    candidates = tops if first else subs | commands
    return next((e for e in sorted(candidates) if shown(lang, e, first) == label), None)


def label_problems(lang: str, text: str) -> list[str]:
    """What is wrong with each JupyterLab path quoted in ``text`` for ``lang``'s edition."""
    problems = []
    for line, labels, english in quoted_paths(text, lang):
        where = f"line {line}: {' → '.join(labels)}"
        if english is None:
            source = [_english_of(lang, s, i == 0) for i, s in enumerate(labels)]
        else:
            source = list(english)
        unknown = [
            (labels if english is None else english)[i]
            for i, s in enumerate(source)
            if s is None or not is_lab_label(s, i == 0, i == len(source) - 1)
        ]
        if unknown:
            problems.append(f"{where}: not a label of the installed JupyterLab: {unknown}")
            continue
        expected = [shown(lang, s, i == 0) for i, s in enumerate(source)]
        if len(source) != len(labels):
            problems.append(f"{where}: the English path beside it has another length")
        elif expected != labels:
            problems.append(f"{where}: {lang}'s JupyterLab shows {' → '.join(expected)}")
        elif english is None and source != labels:
            problems.append(f"{where}: add the English path beside it: {' → '.join(source)}")
        elif english is not None and english == labels:
            problems.append(f"{where}: the English path beside it says the same")
    return problems


def test_the_catalogues_and_labels_are_read() -> None:
    tops, subs, commands = lab_english()
    assert {"File", "Kernel"} <= tops and "New" in subs and "Restart Kernel…" in commands
    assert shown("es", "File", True) == "Archivo" and shown("es", "New", False) == "Nuevo"
    assert shown("es", "Restart Kernel…", False) != "Restart Kernel…"
    assert shown("en", "Restart Kernel…", False) == "Restart Kernel…"


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("es", "menú **File** → **New** → **Terminal**", "shows Archivo → Nuevo → Terminal"),
        ("es", "menú **Archivo** → **Nuevo** → **Terminal**", "add the English path"),
        (
            "es",
            "menú **Archivo** → **Nuevo** → **Terminal**, en inglés **File** → **New** → **Terminal**",
            None,
        ),
        ("es", "**Kernel** → **Reboot Kernel**", "not a label of the installed JupyterLab"),
        ("en", "menu **Kernel** → **Restart Kernel** → **Terminal**", "not a label"),
        ("en", "menu **Kernel** → **Restart Kernel…**", None),
        ("pt", "menu **File** → **New** → **Terminal**", None),
        ("en", "open **Settings** → **API Settings** in Keap", None),
    ],
)
def test_the_check_reads_a_quoted_path(lang: str, text: str, expected: str | None) -> None:
    problems = label_problems(lang, text)
    if expected is None:
        assert not problems
    else:
        assert problems and expected in problems[0], problems


def message_texts(lang: str) -> dict[str, str]:
    """The tutorial's messages in ``lang``, their plain menu paths put in bold as lessons write them."""
    path = ROOT / "helpers" / "locale" / MESSAGES[lang] / "LC_MESSAGES" / "tutorial.po"
    with path.open("rb") as source:
        catalogue = read_po(source)
    texts = {}
    for message in catalogue:
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for text in filter(None, strings):
            texts[str(message.id)] = _PLAIN_PATH.sub(r"**\1** → **\2**", text)
    return texts


@pytest.mark.parametrize("lang", LANGS)
def test_quoted_jupyterlab_labels_in_messages_are_what_the_edition_shows(lang: str) -> None:
    problems, paths = [], 0
    for key, text in message_texts(lang).items():
        paths += len(quoted_paths(text, lang))
        problems += [f"{key}: {p}" for p in label_problems(lang, text)]
    assert paths, f"no JupyterLab menu path found in the {lang} messages: the check reads nothing"
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", LANGS)
def test_quoted_jupyterlab_labels_are_what_the_edition_shows(lang: str) -> None:
    problems, paths = [], 0
    for source in _sources(lang):
        text = source.read_text(encoding="utf-8")
        paths += len(quoted_paths(text, lang))
        problems += [f"{source.relative_to(ROOT)}, {p}" for p in label_problems(lang, text)]
    assert paths, f"no JupyterLab menu path found in the {lang} lessons: the check reads nothing"
    assert not problems, "\n".join(problems)
