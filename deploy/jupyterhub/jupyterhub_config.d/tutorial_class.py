"""JupyterHub settings for a class of this tutorial, the same on every hub that runs it.

JupyterHub reads this file as part of its configuration (``c`` is that configuration):
- The Littlest JupyterHub: copy it to /opt/tljh/config/jupyterhub_config.d/ (tljh/install.sh does).
- Zero to JupyterHub: values.yaml mounts it into the hub with ``hub.extraFiles`` (see README).
- The tests' and the bench's local hub load it too, so what is deployed is what was tested.

Who can do what on the hub:
- A learner picks a name and a password the first time they log in, and reaches only their own
  server and files.
- The trainer's name (``trainer``; ``TUTORIAL_TRAINERS`` in the hub's environment for others,
  comma-separated) is reserved: nobody can create it by logging in first. It logs in only with
  the password whose bcrypt hash the install gives as ``ClassAuthenticator.trainer_password_hash``;
  without one, nobody can log in as the trainer.
- The trainer sees the class on the Admin page and can start, stop and restart learners'
  servers, but cannot open a learner's server or files (no ``access:servers``), create tokens
  for them, or delete and re-create an account to take it over. The hub has no admin account.
"""

import os
import pwd

import bcrypt
from firstuseauthenticator import FirstUseAuthenticator
from traitlets import Unicode

c = get_config()  # noqa: F821  (JupyterHub provides get_config when it loads this file)

# The folder each learner's nbgitpuller link clones the tutorial into: the repository's name.
# A fork with another name: set TUTORIAL_FOLDER in the hub's environment.
TUTORIAL_FOLDER = os.environ.get("TUTORIAL_FOLDER", "clave-api-keap")
TRAINERS = [
    n.strip() for n in os.environ.get("TUTORIAL_TRAINERS", "trainer").split(",") if n.strip()
]


class ClassAuthenticator(FirstUseAuthenticator):
    """FirstUseAuthenticator for learners; the trainers' names only with the install's password."""

    trainer_password_hash = Unicode(
        "",
        config=True,
        help="bcrypt hash of the trainer's password (the install generates it); empty: no login",
    )

    def _is_trainer(self, name: str) -> bool:
        return name in {self.normalize_username(t) for t in TRAINERS}

    async def authenticate(self, handler, data):
        name = self.normalize_username(data.get("username", ""))
        if not self._is_trainer(name):
            return await super().authenticate(handler, data)
        stored = self.trainer_password_hash.encode()
        password = data.get("password", "").encode()
        if stored and bcrypt.checkpw(password, stored):
            return name
        self.log.warning("Refused a login as the trainer %s", name)
        return None

    def reset_password(self, username, new_password):
        """The trainer's password is the install's: it is not changed from the hub's page."""
        if self._is_trainer(username):
            return "The trainer's password is set when the hub is installed."
        return super().reset_password(username, new_password)


c.JupyterHub.authenticator_class = ClassAuthenticator

# The trainer: the class on the Admin page, and learners' servers started, stopped, restarted.
# Deliberately absent: access:servers (open a learner's server and files), tokens, admin:users
# (delete a learner and log in again under their name), admin:server_state.
c.JupyterHub.load_roles.append(
    {
        "name": "class-trainer",
        "description": "See the class and start or stop learners' servers; no access to them",
        "scopes": ["admin-ui", "list:users", "read:users", "read:servers", "servers"],
        "users": TRAINERS,
    }
)


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

# On one machine (TLJH, a local hub) every learner's server gets a port of its own. JupyterHub
# picks a random free port for each start; when a whole class starts at once, two starts can be
# handed the same port, and the second learner's link then reaches the first learner's server
# (a 404 instead of lesson 00; seen once in 20 simultaneous starts on 2 busy cores). Ports
# handed out here are never handed out twice. Kubernetes gives each learner a pod of their own.
LOCAL_SPAWNERS = {"LocalProcessSpawner", "SimpleLocalProcessSpawner", "SystemdSpawner"}
_PORTS_HANDED_OUT: dict[int, str] = {}


def own_port(spawner) -> None:
    """``pre_spawn_hook``: a port no other learner's server was given by this hub."""
    if not LOCAL_SPAWNERS.intersection(cls.__name__ for cls in type(spawner).__mro__):
        return
    from jupyterhub.utils import random_port

    while True:
        port = random_port()
        if _PORTS_HANDED_OUT.get(port, spawner.user.name) == spawner.user.name:
            break
    _PORTS_HANDED_OUT[port] = spawner.user.name
    spawner.port = port


c.Spawner.pre_spawn_hook = own_port

# A learner who opens the link before their server runs sees "starting" for 3 seconds, then
# the hub starts it for them: no "Launch server" button to find.
c.JupyterHub.implicit_spawn_seconds = 3

# The class logs in at once. A server's start-up is CPU-bound (about 3 CPU seconds for
# JupyterLab's server); with the whole room starting together on a few cores each one waits its
# turn, far past JupyterHub's default 30 s to answer. Measured with bench/bench_hub.py (the
# trainer notes' table): the slowest of 20 learners on 2 busy cores answered after about a
# minute. Learners wait on the "Your server is starting" page meanwhile; only a server that has
# not answered after these limits is reported as failed.
c.Spawner.http_timeout = 300  # seconds from "process started" to "answers HTTP"
c.Spawner.start_timeout = 300  # seconds for the process (or pod, image pull included) to start
