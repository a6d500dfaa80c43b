"""Saving a lesson keeps it as shipped, apart from the learner's own edits.

JupyterLab saves a notebook with everything it shows: every output, execution counts, the
kernel's ``language_info``. Saved into a lesson, those would make the tracked file differ from
the tutorial's version just because the learner ran it, and a later update of that lesson would
conflict. :func:`keep_lessons_as_shipped` is the Jupyter server's ``pre_save_hook`` (``tasks.py``
and Binder's ``postBuild`` set it): for a lesson, a cell the learner did not change keeps what
the file on disk has for it (its stored outputs, if any), a cell the learner changed or added is
saved without outputs, and the notebook's metadata stays the file's. Other notebooks (the
learner's own) are saved as they are.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

__all__ = ["is_lesson", "keep_lessons_as_shipped"]


def is_lesson(path: Path) -> bool:
    """Whether ``path`` is one of the tutorial's notebooks: ``<tutorial>/notebooks/<lang>/<name>.ipynb``
    with its source ``<tutorial>/lessons/<lang>/<name>.md`` beside it."""
    if path.suffix != ".ipynb" or path.parent.parent.name != "notebooks":
        return False
    tutorial = path.parent.parent.parent
    return (tutorial / "lessons" / path.parent.name / f"{path.stem}.md").is_file()


def _source(cell: dict[str, Any]) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def keep_lessons_as_shipped(
    model: dict[str, Any], path: str, contents_manager: Any, **_: Any
) -> None:
    """The server's ``ContentsManager.pre_save_hook``: tidy ``model`` in place when it is a lesson."""
    content = model.get("content")
    if model.get("type") != "notebook" or not isinstance(content, dict):
        return
    root = Path(getattr(contents_manager, "root_dir", "."))
    target = root / path.lstrip("/")
    if not is_lesson(target):
        return
    try:
        on_disk = json.loads(target.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return  # nothing to compare with: save what the learner has
    before = {cell.get("id"): cell for cell in on_disk.get("cells", []) if cell.get("id")}
    for cell in content.get("cells", []):
        old = before.get(cell.get("id"))
        unchanged = (
            old is not None
            and old.get("cell_type") == cell.get("cell_type")
            and _source(old) == _source(cell)
        )
        if unchanged:
            cell["metadata"] = old.get("metadata", {})
        else:
            tags = cell.get("metadata", {}).get("tags")
            cell["metadata"] = {"tags": tags} if tags else {}
        if cell.get("cell_type") != "code":
            continue
        if unchanged:
            cell["outputs"] = old.get("outputs", [])
            cell["execution_count"] = old.get("execution_count")
        else:
            cell["outputs"], cell["execution_count"] = [], None
    if isinstance(on_disk.get("metadata"), dict):
        content["metadata"] = on_disk["metadata"]
