"""A Babel extractor: the English catalogue is the source text of the other languages.

Message ids are dotted keys (``app_name.empty.message``), many of them built at run time, so
they cannot be found in the code. ``pybabel extract`` reads them from the English ``.po``
instead (see ``babel.cfg``) and writes the template with the English text as a comment.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Any


def extract(
    fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: dict[str, Any]
) -> Iterator[tuple[int, str, str | tuple[str, str], list[str]]]:
    """Yield ``(line, keyword, key or (key, key), [English text])`` for each message.

    A message with plural forms comes as ``ngettext`` (Babel's keyword for two ids).
    """
    from babel.messages.pofile import read_po

    for message in read_po(fileobj):
        if not message.id:
            continue
        text = message.string
        if isinstance(text, tuple):
            yield message.lineno, "ngettext", message.id, [f"en: {' | '.join(text)}"]
        else:
            yield message.lineno, "gettext", message.id, [f"en: {text}"]
