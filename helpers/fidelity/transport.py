"""The one place a comparison request leaves the computer, behind the package's destination guard.

Everything the comparison sends goes through ``send``, which hands it to the package's own
transport (``helpers.transport.fetch``): the guard adapter judges the prepared URL exactly as
urllib3 opens it, one overall deadline and a body cap apply, no redirect is followed and no
proxy setting is used. On top of that, the side that plays "Keap" may not even use the local
sandbox unless it is the self-test.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import requests

from .. import config, transport
from ..errors import UnsafeDestination

TIMEOUT = (3.05, 10.0)  # (connect, read) seconds


def check_destination(url: str, *, keap_only: bool) -> None:
    """The package's guard, plus: the side that plays Keap may only reach Keap's own hosts."""
    config.ensure_safe_destination(url)
    if keap_only and config.is_loopback_url(url):
        raise UnsafeDestination("fidelity.not_keap", host=urlsplit(url).hostname or "?")


def send(session: requests.Session, request: dict, *, keap_only: bool) -> transport.Answer:
    """Send one request (``method``, ``url``, ``headers``, ``data``) through the package's guard.

    ``keap_only``: the destination must be one of Keap's own hosts over HTTPS (the loopback
    sandbox is refused too). A failure on the way is a ``RequestFailed`` naming its cause.
    """
    check_destination(request["url"], keap_only=keap_only)
    outgoing = transport.Outgoing(
        request["method"],
        request["url"],
        headers=request.get("headers") or {},
        data=request.get("data"),
    )
    return transport.fetch(session, outgoing, TIMEOUT)
