"""One switch for the whole package: the local sandbox or the real Keap API.

The origin under which Keap's ``/crm/...`` paths live is chosen, in this order, by
``use_sandbox()`` / ``use_real_keap()``, by ``$KEAP_API_BASE_URL``, and last by the key:
a sandbox demo key (or no key) goes to the sandbox, any other key to the real Keap.

>>> ensure_safe_destination("https://api.infusionsoft.com/crm/rest/v2/oauth/connect/userinfo")
>>> is_loopback_url("http://127.0.0.1:8765/crm/xmlrpc/v1")
True
"""

from __future__ import annotations

import ipaddress
import os
from urllib.parse import urlsplit

from .errors import UnsafeDestination

KEAP_BASE_URL = "https://api.infusionsoft.com"
ENV_BASE_URL = "KEAP_API_BASE_URL"
KEAP_API_HOSTS = frozenset({"api.infusionsoft.com", "api.keap.com"})
_SANDBOX = "sandbox"
_override: str | None = None


def use_sandbox() -> str:
    """Send every check to the local sandbox (started if needed); return its origin."""
    global _override
    _override = _SANDBOX
    return resolve_base_url()


def use_real_keap(base_url: str = KEAP_BASE_URL) -> str:
    """Send every check to the real Keap API (or another Keap origin); return it."""
    global _override
    ensure_safe_destination(base_url)
    _override = base_url.rstrip("/")
    return _override


def reset_mode() -> None:
    """Forget use_sandbox()/use_real_keap(): the environment and the key decide again."""
    global _override
    _override = None


def resolve_base_url(key: str | None = None) -> str:
    """The origin a check with ``key`` goes to (see the module docstring for the order)."""
    choice = _override or os.environ.get(ENV_BASE_URL, "").strip().rstrip("/") or None
    if choice is None:
        choice = KEAP_BASE_URL if key and not _is_demo_key(key) else _SANDBOX
    if choice == _SANDBOX:
        from .sandbox import ensure_running

        return ensure_running().url
    ensure_safe_destination(choice)
    return choice


def is_sandbox_url(url: str) -> bool:
    """True when ``url`` is served on this machine (the sandbox), not by Keap."""
    return is_loopback_url(url)


def is_loopback_url(url: str) -> bool:
    """True for http(s) URLs whose host is a loopback address or ``localhost``."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.scheme not in {"http", "https"}:
        return False
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def ensure_safe_destination(url: str) -> None:
    """Refuse, before a byte leaves, any URL a key must never be sent to."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if is_loopback_url(url):
        return
    keap_host = host in KEAP_API_HOSTS or (
        host.endswith(".infusionsoft.com") and host.count(".") == 2)
    if parts.scheme == "https" and keap_host and not parts.username and not parts.password:
        return
    raise UnsafeDestination("destination.unsafe", host=host or "?",
                            scheme=parts.scheme or "?")


def _is_demo_key(key: str) -> bool:
    from .sandbox.demo import is_demo_key

    return is_demo_key(key.strip())
