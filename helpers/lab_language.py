"""On Binder, make JupyterLab's own menus speak the edition's language.

Binder serves one image for the three editions, and JupyterLab has no per-link language; so
the first cell of a lesson writes the user's JupyterLab language setting when the matching
language pack is installed. The page shows it after a reload. Elsewhere nothing is touched:
a learner's own JupyterLab settings are theirs.
"""

from __future__ import annotations

import importlib.util
import json
import os
from pathlib import Path

LAB_LOCALES = {"es": "es_ES", "pt": "pt_BR", "en": "default"}
_PACKS = {"es_ES": "jupyterlab_language_pack_es_ES", "pt_BR": "jupyterlab_language_pack_pt_BR"}
_SETTING = Path("@jupyterlab") / "translation-extension" / "plugin.jupyterlab-settings"


def on_binder() -> bool:
    """True inside a Binder session (Binder sets these variables in every container)."""
    return any(os.environ.get(name) for name in ("BINDER_LAUNCH_HOST", "BINDER_REPO_URL"))


def settings_file() -> Path:
    """Where JupyterLab keeps the user's language setting."""
    folder = (
        os.environ.get("JUPYTERLAB_SETTINGS_DIR")
        or Path.home() / ".jupyter" / "lab" / "user-settings"
    )
    return Path(folder) / _SETTING


def follow_edition(lang: str) -> bool:
    """Set JupyterLab's language to the edition's on Binder; True when a reload would show it."""
    locale = LAB_LOCALES.get(lang, "default")
    pack = _PACKS.get(locale)
    if not on_binder() or (pack and importlib.util.find_spec(pack) is None):
        return False
    path = settings_file()
    try:
        current = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    except (OSError, ValueError):
        return False
    if current.get("locale", "default") == locale:
        return False
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps({**current, "locale": locale}, indent=2), encoding="utf-8")
    except OSError:
        return False
    return True
