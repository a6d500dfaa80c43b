"""A local imitation of Keap's API, for learning and testing without a real account.

``Sandbox`` serves Keap's paths on 127.0.0.1 with the demo account from ``demo``, or with
your own keys and app name: ``Sandbox(keys={my_key: "personal"}, app_name="ab123",
scenario="quota")``. ``ensure_running()`` gives the process's shared one. For tests, the
``keap_sandbox`` pytest fixture (``pytest_plugin``) yields a running one. The server module
is imported on first use, so ``from helpers.sandbox import is_demo_key`` stays cheap.

It keeps records as Keap's REST v2 does (contacts, tags, notes, companies; ``resources``),
which XML-RPC's ContactService and DataService read and change too (``rpc_data``); every
other REST v2 operation answers as an empty account. Each ``Sandbox`` starts from the demo
account's records (``seed``); ``Sandbox.seed`` adds your own and ``Sandbox.reset`` starts over.

Inside a browser page (the JupyterLite edition), where nothing can listen on a socket, the
same sandbox answers this Python process's requests in memory at the same kind of address
(``in_page``, ``memory``); ``Sandbox(in_page=True)`` does that anywhere.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .demo import (
    DEMO_APP_NAME,
    DEMO_KEYS,
    DEMO_LEGACY_KEY,
    DEMO_PERSONAL_ACCESS_TOKEN,
    DEMO_SERVICE_ACCOUNT_KEY,
    REVOKED_KEY,
    DemoAccount,
    DemoUser,
    demo_account,
    is_demo_key,
)
from .scenarios import SCENARIOS

if TYPE_CHECKING:
    from .server import Sandbox, ensure_running

__all__ = [
    "DEMO_APP_NAME",
    "DEMO_KEYS",
    "DEMO_LEGACY_KEY",
    "DEMO_PERSONAL_ACCESS_TOKEN",
    "DEMO_SERVICE_ACCOUNT_KEY",
    "REVOKED_KEY",
    "SCENARIOS",
    "DemoAccount",
    "DemoUser",
    "Sandbox",
    "demo_account",
    "ensure_running",
    "is_demo_key",
]


def __getattr__(name: str) -> Any:
    """Import the server module only when ``Sandbox`` or ``ensure_running`` is asked for."""
    if name in ("Sandbox", "ensure_running"):
        from . import server

        return getattr(server, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
