"""What the sandbox's request handler reads and changes: one small state object.

``handler.SandboxHandler`` is given a ``SandboxState`` and takes nothing else from the server,
so the same handler can answer without ``server.py`` (a test, or ``memory`` inside a page).
``server.Sandbox`` owns one and shows its settings as its own attributes.

>>> from .demo import demo_account
>>> state = SandboxState(demo_account(), scenario="quota")
>>> state.scenario, state.requests_seen
('quota', 0)
"""

from __future__ import annotations

import threading

from .demo import DemoAccount
from .headers import UsageCounter
from .scenarios import validate_scenario
from .store import AccountData

DEFAULT_SLOW_SECONDS = 8.0  # longer than a client's usual read timeout
DEFAULT_IDLE_TIMEOUT = 10.0  # a connection that sends nothing for this long is closed
DEFAULT_REQUEST_DEADLINE = 10.0  # the whole request (line, headers, body) must arrive by then


class SandboxState:
    """The account, its records, the scenario and settings a request is answered with.

    ``url`` is the origin the sandbox is served at ('' until it is known), used for the
    ``redirect`` scenario's Location and to recognise the sandbox's own pages as an Origin.
    """

    def __init__(
        self,
        account: DemoAccount,
        scenario: str = "normal",
        *,
        slow_seconds: float = DEFAULT_SLOW_SECONDS,
        verbose: bool = False,
    ) -> None:
        self.account = account
        self.data = AccountData(account.lang)  # the records: contacts, tags, notes...
        self._scenario = validate_scenario(scenario)
        self.slow_seconds = float(slow_seconds)
        self.verbose = verbose
        self.idle_timeout = DEFAULT_IDLE_TIMEOUT
        self.request_deadline = DEFAULT_REQUEST_DEADLINE
        self.url = ""
        self.usage = UsageCounter()
        self.stopping = threading.Event()
        self._count_lock = threading.Lock()
        self._requests_seen = 0

    @property
    def scenario(self) -> str:
        """The active scenario's name (checked when set)."""
        return self._scenario

    @scenario.setter
    def scenario(self, name: str) -> None:
        self._scenario = validate_scenario(name)

    @property
    def requests_seen(self) -> int:
        """How many API requests arrived (control paths under /_sandbox/ not counted)."""
        return self._requests_seen

    def note_request(self) -> None:
        """Count one API request."""
        with self._count_lock:
            self._requests_seen += 1

    def pause(self) -> bool:
        """Wait ``slow_seconds``; False if the sandbox is stopping meanwhile."""
        return not self.stopping.wait(self.slow_seconds)
