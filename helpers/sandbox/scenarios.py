"""The sandbox's scenarios: one way of answering at a time, for the whole server.

Four scenarios happen "between you and Keap" (a slow network, a dropped connection, a proxy
or a captive portal), so they apply whatever the key: ``slow``, ``drop``, ``redirect`` and
``html``. The others are answers from Keap's gateway to a request it has authenticated, so a
missing or bad key still gets its 401 first. The old per-app endpoint (``/api/xmlrpc``) is not
behind the gateway: ``spike``, ``quota`` and ``forbidden`` leave it alone; ``server_error``
makes it answer a bare 500.

Legacy keys (the old Encrypted Key) are refused by default, in every scenario, as the tutorial
treats them as retired (fact ``legacy_keys_switched_off`` in ``helpers.facts``: Keap announced
the cut-off for 2024-10-31; whether any still works today is unconfirmed). ``legacy_retired`` names that refusal for the
lab. ``legacy_accepted`` brings back the old behaviour, for an integration that still uses a
legacy key (the 2024 transition, or a per-tenant extension): the gateway and the per-app
endpoint accept the demo legacy key.

>>> validate_scenario(" Quota ")
'quota'
"""

from __future__ import annotations

from ..errors import SandboxError

SCENARIOS: tuple[str, ...] = (
    "normal",
    "slow",
    "spike",
    "quota",
    "server_error",
    "html",
    "malformed",
    "drop",
    "legacy_retired",
    "forbidden",
    "redirect",
    "legacy_accepted",
)
# Scenarios that act before the gateway sees the key (see the module docstring).
BEFORE_AUTH: frozenset[str] = frozenset({"slow", "drop", "redirect", "html"})


def accepts_legacy(scenario: str) -> bool:
    """True when ``scenario`` still accepts legacy keys (only ``legacy_accepted``).

    >>> accepts_legacy("normal"), accepts_legacy("legacy_accepted")
    (False, True)
    """
    return scenario == "legacy_accepted"


class SandboxSettingError(SandboxError, ValueError):
    """A sandbox setting (scenario name, host) that the sandbox refuses."""


def validate_scenario(name: object) -> str:
    """Return the normalised scenario name, or raise ``SandboxSettingError``."""
    text = str(name).strip().lower() if isinstance(name, str) else ""
    if text not in SCENARIOS:
        raise SandboxSettingError(
            "sandbox.unknown_scenario", name=str(name)[:40], scenarios=", ".join(SCENARIOS)
        )
    return text
