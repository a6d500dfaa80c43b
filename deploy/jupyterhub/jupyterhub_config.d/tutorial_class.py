"""JupyterHub settings for a class of this tutorial, the same on every hub that runs it.

JupyterHub reads this file as part of its configuration (``c`` is that configuration):
- The Littlest JupyterHub: copy it to /opt/tljh/config/jupyterhub_config.d/ (tljh/install.sh does).
- Zero to JupyterHub: values.yaml mounts it into the hub with ``hub.extraFiles`` (see README).
- The tests' and the bench's local hub load it too, so what is deployed is what was tested.
"""

import os
import pwd

c = get_config()  # noqa: F821  (JupyterHub provides get_config when it loads this file)

# The folder each learner's nbgitpuller link clones the tutorial into: the repository's name.
# A fork with another name: set TUTORIAL_FOLDER in the hub's environment.
TUTORIAL_FOLDER = os.environ.get("TUTORIAL_FOLDER", "clave-api-keap")


def learner_home(spawner) -> str:
    """The learner's home folder on the machine or container that runs their server."""
    if getattr(spawner, "home_dir", None):  # spawners that choose the home themselves
        return spawner.home_dir
    # TLJH names the system user jupyter-<name>; a plain local hub uses <name> itself.
    template = getattr(spawner, "username_template", "{USERNAME}")
    try:
        return pwd.getpwnam(template.format(USERNAME=spawner.user.name)).pw_dir
    except (KeyError, IndexError, ValueError):
        return "/home/jovyan"  # Kubernetes: each learner is the image's user, in their own pod


def tutorial_on_path(spawner) -> str:
    """PYTHONPATH for the learner's kernels: the lessons import ``helpers`` from their own clone,
    so lessons and helpers always come from the same commit, whatever the image was built from."""
    return os.path.join(learner_home(spawner), TUTORIAL_FOLDER)


# KEAP_TUTORIAL_SERVER_ROOT: the learner's server serves their home, one folder above the clone;
# the wizard needs it to link its steps to the lessons in JupyterLab (helpers.lessons.lesson_href).
c.Spawner.environment.update(
    {"PYTHONPATH": tutorial_on_path, "KEAP_TUTORIAL_SERVER_ROOT": learner_home}
)

# A learner who opens the link before their server runs sees "starting" for 3 seconds, then
# the hub starts it for them: no "Launch server" button to find.
c.JupyterHub.implicit_spawn_seconds = 3
