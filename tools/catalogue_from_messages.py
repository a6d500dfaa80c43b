#!/usr/bin/env python3
"""Turn a dictionary catalogue (the old ``helpers/messages.py``) into gettext catalogues.

    python3 tools/catalogue_from_messages.py [path/to/messages.py]

The file must define ``MESSAGES = {key: {"es": ..., "en": ..., "pt": ...}}``; a value is a
string, or a ``(singular, plural)`` pair for a message that counts something. The script
writes, for every language, ``helpers/locale/<locale>/LC_MESSAGES/tutorial.po`` (the key is
the ``msgid``, the text the ``msgstr``, the English text a comment for translators), the
template ``helpers/locale/tutorial.pot``, and compiles each ``.po`` to its ``.mo``. It replaces
those files completely, so it can be run again after the dictionary file changed.
"""

from __future__ import annotations

import argparse
import runpy
import sys
from datetime import datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from helpers.i18n import DOMAIN, LOCALE_DIR, LOCALES, PLURAL_FORMS  # noqa: E402

Text = str | tuple[str, str]


def load(path: Path) -> dict[str, dict[str, Text]]:
    """The ``MESSAGES`` of the Python file at ``path``, without entries empty in every language.

    (gettext reads an empty translation as a missing one; ``cause.ok.fix`` was such an entry.)
    """
    messages = runpy.run_path(str(path))["MESSAGES"]
    return {key: texts for key, texts in messages.items() if any(map(_text, texts.values()))}


def _text(text: Text) -> str:
    return "".join(text).strip() if isinstance(text, tuple) else text.strip()


def english_note(text: Text) -> str:
    """The English text, as a comment for translators (plural: both forms)."""
    return "en: " + (" | ".join(text) if isinstance(text, tuple) else text)


HEADER = """\
# Learner-facing messages of the Keap API key tutorial.
# Message ids are keys; English is the source text.
# How to extract, update and compile: README.md, For contributors."""


def _dates(path: Path) -> dict[str, datetime]:
    """The header dates of an existing catalogue, so that a re-run changes only what changed."""
    if not path.exists():
        return {}
    with path.open("rb") as source:
        old = read_po(source)
    dates = {"creation_date": old.creation_date}
    if isinstance(old.revision_date, datetime):
        dates["revision_date"] = old.revision_date
    return dates


def catalogue(messages: dict[str, dict[str, Text]], lang: str | None, **dates: datetime) -> Catalog:
    """A Babel catalogue for ``lang`` (None: the template, with empty translations)."""
    locale = LOCALES[lang] if lang else None
    result = Catalog(
        locale=locale,
        domain=DOMAIN,
        header_comment=HEADER,
        project="keap-api-key-tutorial",
        version="1.0",
        msgid_bugs_address="",
        last_translator="",
        language_team="",
        fuzzy=False,
        charset="utf-8",
        **dates,
    )
    if lang:
        headers = [(k, v) for k, v in result.mime_headers if k != "Plural-Forms"]
        result.mime_headers = [*headers, ("Plural-Forms", PLURAL_FORMS[lang])]
    for key in sorted(messages):
        texts = messages[key]
        plural = isinstance(texts["en"], tuple)
        string: Text = texts[lang] if lang else ("", "") if plural else ""
        result.add(
            (key, key) if plural else key,
            string,
            auto_comments=[english_note(texts["en"])],
            flags=["python-brace-format"],
        )
    return result


def write(messages: dict[str, dict[str, Text]], locale_dir: Path = LOCALE_DIR) -> list[Path]:
    """Write the template, every .po and every .mo; return the paths written."""
    written = [locale_dir / f"{DOMAIN}.pot"]
    locale_dir.mkdir(parents=True, exist_ok=True)
    template = catalogue(messages, None, **_dates(written[0]))
    with written[0].open("wb") as out:
        write_po(out, template)
    for lang, locale in LOCALES.items():
        folder = locale_dir / locale / "LC_MESSAGES"
        folder.mkdir(parents=True, exist_ok=True)
        po, mo = folder / f"{DOMAIN}.po", folder / f"{DOMAIN}.mo"
        cat = catalogue(messages, lang, **_dates(po))
        with po.open("wb") as out:
            write_po(out, cat)
        with mo.open("wb") as out:
            write_mo(out, cat)
        written += [po, mo]
    return written


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("messages", nargs="?", default=str(ROOT / "helpers" / "messages.py"))
    args = parser.parse_args(argv)
    messages = load(Path(args.messages))
    for path in write(messages):
        print(path.relative_to(ROOT))
    print(f"{len(messages)} messages")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
