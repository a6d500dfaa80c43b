"""JupyterHub settings for a class of this tutorial, the same on every hub that runs it.

JupyterHub reads this file as part of its configuration (``c`` is that configuration):
- The Littlest JupyterHub: copy it to /opt/tljh/config/jupyterhub_config.d/ (tljh/install.sh does);
  TLJH loads it with JupyterHub's ``load_subconfig``.
- Zero to JupyterHub: values.yaml mounts it into the hub with ``hub.extraFiles`` (see README);
  the chart's jupyterhub_config.py runs it with ``exec`` in its own namespace, where
  ``get_config`` is the chart's ``get_config(key)``: this file never calls ``get_config``.
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
import time

import bcrypt
from firstuseauthenticator import FirstUseAuthenticator
from jupyterhub.spawner import LocalProcessSpawner
from jupyterhub.utils import random_port
from traitlets import Unicode

c = globals()["c"]  # the configuration being loaded (both ways of loading this file provide it)

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


KUBERNETES_HOME = "/home/jovyan"  # the image's user; the chart mounts the learner's disk here


def runs_on_this_machine(spawner) -> bool:
    """True for spawners that run every learner's server on the hub's own machine: JupyterHub's
    local spawners and SystemdSpawner (TLJH); False for KubeSpawner (a pod per learner)."""
    names = {cls.__name__ for cls in type(spawner).__mro__}
    return isinstance(spawner, LocalProcessSpawner) or "SystemdSpawner" in names


def learner_home(spawner) -> str:
    """The learner's home folder on the machine or container that runs their server."""
    if getattr(spawner, "home_dir", None):  # spawners that choose the home themselves
        return spawner.home_dir
    if not runs_on_this_machine(spawner):
        return KUBERNETES_HOME  # whatever the learner's name (even one the hub's machine has)
    # TLJH names the system user jupyter-<name>; a plain local hub uses <name> itself.
    template = getattr(spawner, "username_template", "{USERNAME}")
    try:
        return pwd.getpwnam(template.format(USERNAME=spawner.user.name)).pw_dir
    except (KeyError, IndexError, ValueError):
        return os.path.join("/home", spawner.user.name)  # no such user: the spawner will say so


def tutorial_on_path(spawner) -> str:
    """PYTHONPATH for the learner's kernels: the lessons import ``helpers`` from their own clone,
    so lessons and helpers always come from the same commit, whatever the image was built from."""
    return os.path.join(learner_home(spawner), TUTORIAL_FOLDER)


# What every learner's server needs in its environment. KEAP_TUTORIAL_SERVER_ROOT: the server
# serves the learner's home, one folder above the clone; the wizard needs it to link its steps to
# the lessons in JupyterLab (helpers.lessons.lesson_href).
LEARNER_ENVIRONMENT = {"PYTHONPATH": tutorial_on_path, "KEAP_TUTORIAL_SERVER_ROOT": learner_home}

# On one machine (TLJH, a local hub) every learner's server needs a port of its own. JupyterHub's
# random_port() asks the system for a free port and lets it go again; when a whole class starts
# at once, the port handed to one learner's server (not listening yet) can be handed to the next
# learner too, whose link then reaches the first learner's server (a 404 instead of lesson 00;
# seen once in 20 simultaneous starts on 2 busy cores). A port handed out here is not handed out
# again for PORT_HELD seconds: by then its server listens on it, or its start has failed.
# Kubernetes gives each learner a pod of their own and keeps its own port.
PORT_HELD = 660  # seconds: longer than start_timeout + http_timeout below
_PORTS_HANDED_OUT: dict[int, float] = {}  # port -> time.monotonic() when handed out


def class_port() -> int:
    """A free port that this hub has not handed out in the last ``PORT_HELD`` seconds."""
    now = time.monotonic()
    for port, when in list(_PORTS_HANDED_OUT.items()):
        if now - when > PORT_HELD:
            del _PORTS_HANDED_OUT[port]
    for _ in range(1000):
        port = random_port()
        if port not in _PORTS_HANDED_OUT:
            _PORTS_HANDED_OUT[port] = now
            return port
    raise RuntimeError("no free port left that was not handed out in the last minutes")


def prepare_learner_server(spawner) -> None:
    """``pre_spawn_hook``: the learners' environment, and a port of its own on one machine.

    The environment goes on the spawner itself, at each start: a spawner's own section wins over
    ``c.Spawner`` in traitlets, and Zero to JupyterHub sets ``c.KubeSpawner.environment`` from
    ``singleuser.extraEnv`` (``{}`` by default), which would hide ``c.Spawner.environment``.
    The learners' variables win over ones of the same name set there."""
    spawner.environment = {**spawner.environment, **LEARNER_ENVIRONMENT}
    if isinstance(spawner, LocalProcessSpawner):  # its start() keeps a port set before it
        spawner.port = class_port()


c.Spawner.pre_spawn_hook = prepare_learner_server

# SystemdSpawner (TLJH) ignores a port set before its start(): start() picks one itself with the
# random_port it imported from jupyterhub.utils (systemdspawner 1.0.2, systemdspawner.py line
# 214). On a hub that has it, that name is pointed at class_port, so its picks skip ports handed
# out in the last PORT_HELD seconds too.
try:
    import systemdspawner.systemdspawner as _systemdspawner
except ImportError:  # Kubernetes, or a plain local hub
    pass
else:
    _systemdspawner.random_port = class_port

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
