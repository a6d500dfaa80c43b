"""The package's front door: explicit names, and ``import helpers`` loads nothing heavy."""

from __future__ import annotations

import subprocess
import sys

import helpers
from helpers.sandbox import DEMO_APP_NAME, DEMO_SERVICE_ACCOUNT_KEY

HEAVY = (
    "requests",
    "urllib3",
    "babel",
    "ipywidgets",
    "xmlrpc",
    "http.server",
    "helpers.client",
    "helpers.sandbox.server",
    "helpers.widgets",
)


def test_import_helpers_loads_no_http_stack_babel_widgets_or_server():
    code = (
        f"import sys, helpers; heavy = {HEAVY!r}; "
        "print(sorted(m for m in sys.modules if m.startswith(heavy)))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_every_public_name_is_defined():
    assert [name for name in helpers.__all__ if not hasattr(helpers, name)] == []


def test_check_connection_from_the_package_runs_a_real_check(sandbox):
    result = helpers.check_connection(
        DEMO_APP_NAME, DEMO_SERVICE_ACCOUNT_KEY, base_url=sandbox.url, lang="en"
    )
    assert result.ok and result.lang == "en" and sandbox.requests_seen == 1
