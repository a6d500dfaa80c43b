"""The one place a comparison request leaves the computer, behind the package's destination guard.

Everything the comparison sends goes through ``send``: the package's guard
(``config.ensure_safe_destination``) checks the URL first, and the side that plays "Keap"
may not even use the local sandbox unless it is the self-test. No redirect is followed and
no proxy setting from the environment is used, so the key cannot travel anywhere else.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import requests

from .. import config
from ..errors import UnsafeDestination

TIMEOUT = (3.05, 10.0)  # (connect, read) seconds


def check_destination(url: str, *, keap_only: bool) -> None:
    """The package's guard, plus: the side that plays Keap may only reach Keap's own hosts."""
    config.ensure_safe_destination(url)
    if keap_only and config.is_loopback_url(url):
        raise UnsafeDestination("fidelity.not_keap", host=urlsplit(url).hostname or "?")


def send(session: requests.Session, request: dict, *, keap_only: bool) -> requests.Response:
    """Send one prepared-as-kwargs request through the guard; raise ``UnsafeDestination`` first.

    ``keap_only``: the destination must be one of Keap's own hosts over HTTPS (the loopback
    sandbox is refused too). Any ``requests.RequestException`` reaches the caller.
    """
    check_destination(request["url"], keap_only=keap_only)
    session.trust_env = False  # never let a proxy setting carry the key elsewhere
    return session.request(timeout=TIMEOUT, allow_redirects=False, **request)
