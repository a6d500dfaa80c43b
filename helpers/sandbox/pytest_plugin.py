"""A pytest plugin: the ``keap_sandbox`` fixture, a running Keap sandbox for your own tests.

Installed with this package (entry point ``pytest11``), so any test can ask for it::

    def test_my_code_reads_the_user(keap_sandbox):
        user = my_code.who_am_i(base_url=keap_sandbox.url, key=DEMO_SERVICE_ACCOUNT_KEY)
        assert user["email"] == "cuenta.servicio@example.com"

Each test gets a fresh sandbox on a free loopback port, with the demo account's records
(contacts, tags, a company, a note), stopped afterwards. Choose its keys, app name or scenario
with a marker: ``@pytest.mark.keap_sandbox(keys=[my_key], scenario="quota")`` (any keyword
``Sandbox`` takes). Put your own records in with the same marker, ``contacts=[...]``,
``tags=[...]`` and ``replace=True`` to start without the demo ones (see ``Sandbox.seed``), or
call ``keap_sandbox.seed(...)`` in the test. Nothing here starts a server until a test asks.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from .server import Sandbox

_SEED_OPTIONS = ("contacts", "tags", "replace")


def pytest_configure(config: pytest.Config) -> None:
    """Declare the marker, so ``--strict-markers`` accepts it."""
    config.addinivalue_line(
        "markers",
        "keap_sandbox(**options): options for the keap_sandbox fixture's Sandbox "
        "(keys, app_name, scenario, slow_seconds, ...) and records to seed "
        "(contacts, tags, replace)",
    )


@pytest.fixture
def keap_sandbox(request: pytest.FixtureRequest) -> Iterator[Sandbox]:
    """A running sandbox; ``keap_sandbox.url`` is its base URL (``http://127.0.0.1:PORT``)."""
    from .server import Sandbox

    options: dict = {}
    for marker in reversed(list(request.node.iter_markers("keap_sandbox"))):
        options.update(marker.kwargs)  # the closest marker (the test's own) wins
    records = {name: options.pop(name) for name in _SEED_OPTIONS if name in options}
    with Sandbox(**options) as sandbox:
        if records:
            sandbox.seed(**records)
        yield sandbox
