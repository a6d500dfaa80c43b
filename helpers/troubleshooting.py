"""The troubleshooting lab's logic (lesson 9): the demo check inside one sandbox scenario.

The scenario lab form (``helpers.widgets.scenario_lab``) and the lesson's exercises call it;
it knows nothing about widgets.
"""

from __future__ import annotations

from . import sandbox
from .client import check_connection
from .result import CheckResult


def run_scenario(
    name: str, lang: str | None = None, timeout: float | tuple[float, float] = (1.0, 2.0)
) -> CheckResult:
    """Check the demo key against the sandbox in scenario ``name``, then set it back to normal."""
    server = sandbox.ensure_running(lang)
    key = (
        sandbox.DEMO_LEGACY_KEY if name.startswith("legacy_") else sandbox.DEMO_SERVICE_ACCOUNT_KEY
    )
    try:
        server.scenario = name
        return check_connection(
            sandbox.DEMO_APP_NAME, key, lang=lang, base_url=server.url, timeout=timeout
        )
    finally:
        server.scenario = "normal"
