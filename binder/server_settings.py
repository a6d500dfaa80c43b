"""Give a Python environment the tutorial's server settings, as ``tasks.py`` gives them to the
servers it starts. Run from the repository's root folder:

    python binder/server_settings.py PREFIX

Binder's ``postBuild`` runs it for the image's Python, The Littlest JupyterHub's install
(deploy/jupyterhub/tljh/install.sh) for the learners' Python (/opt/tljh/user), so every hub
has the same wizard page and the same kernel housekeeping. ``PREFIX`` gets:

- ``share/jupyter/voila/templates/<template>``, and in ``etc/jupyter/jupyter_server_config.json``
  ``VoilaConfiguration.template`` and ``extension_allowlist`` (one wizard page on every hub);
- in the same file, the idle-kernel culling of ``binder/kernel_culling.json`` (a lesson's kernel
  left unused stops, so a learner's memory stays under the hub's limit);
- ``etc/ipython/ipython_kernel_config.json`` (a lesson's fresh kernel says so when a cell needs
  an earlier one: ``helpers.kernel_notice``).
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

sys.path.insert(0, ".")
import tasks  # the repository's root: tasks.py names the template, extensions and settings


def install(prefix: Path) -> None:
    """Copy the template and the kernel notice into ``prefix``; merge the server settings."""
    templates = prefix / "share" / "jupyter" / "voila" / "templates"
    templates.mkdir(parents=True, exist_ok=True)
    source = tasks.VOILA / "templates" / tasks.VOILA_TEMPLATE
    shutil.copytree(source, templates / tasks.VOILA_TEMPLATE, dirs_exist_ok=True)
    path = prefix / tasks.KERNEL_SETTINGS_TARGET
    path.parent.mkdir(parents=True, exist_ok=True)
    config = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    voila = config.setdefault("VoilaConfiguration", {})
    voila["template"] = tasks.VOILA_TEMPLATE
    voila["extension_allowlist"] = list(tasks.VOILA_EXTENSIONS)
    config.update(json.loads(tasks.KERNEL_SETTINGS.read_text(encoding="utf-8")))
    path.write_text(json.dumps(config, indent=2), encoding="utf-8")
    notice = prefix / "etc" / "ipython" / tasks.KERNEL_NOTICE.name
    notice.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(tasks.KERNEL_NOTICE, notice)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python binder/server_settings.py PREFIX")
    install(Path(sys.argv[1]))
