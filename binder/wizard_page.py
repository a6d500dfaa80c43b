"""Give a Python environment the wizard page's Voila template and extension allowlist, as
``tasks.py`` gives them to the wizard it serves. Run from the repository's root folder:

    python binder/wizard_page.py PREFIX

Binder's ``postBuild`` runs it for the image's Python, The Littlest JupyterHub's install
(deploy/jupyterhub/tljh/install.sh) for the learners' Python (/opt/tljh/user): one wizard page
on every hub. ``PREFIX`` gets ``share/jupyter/voila/templates/<template>`` and, merged into
``etc/jupyter/jupyter_server_config.json``, ``VoilaConfiguration.template`` and
``extension_allowlist``.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

sys.path.insert(0, ".")
import tasks  # the repository's root: tasks.py names the template and the extensions


def install(prefix: Path) -> None:
    """Copy the template into ``prefix`` and point Voila's configuration there at it."""
    templates = prefix / "share" / "jupyter" / "voila" / "templates"
    templates.mkdir(parents=True, exist_ok=True)
    source = tasks.VOILA / "templates" / tasks.VOILA_TEMPLATE
    shutil.copytree(source, templates / tasks.VOILA_TEMPLATE, dirs_exist_ok=True)
    path = prefix / "etc" / "jupyter" / "jupyter_server_config.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    config = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    voila = config.setdefault("VoilaConfiguration", {})
    voila["template"] = tasks.VOILA_TEMPLATE
    voila["extension_allowlist"] = list(tasks.VOILA_EXTENSIONS)
    path.write_text(json.dumps(config, indent=2), encoding="utf-8")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python binder/wizard_page.py PREFIX")
    install(Path(sys.argv[1]))
