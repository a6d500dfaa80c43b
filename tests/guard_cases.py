"""URLs an attacker would try on the destination guard, and what the transport really opens.

Shared by the property tests (a CI-sized example count) and ``tools/fuzz_guard.py`` (the large
count). The oracle does not use the guard's code: it prepares the URL as requests does and
asks urllib3's pool manager which host and port it would open a socket to.
"""

from __future__ import annotations

import ipaddress
import re

import requests
import urllib3
from hypothesis import strategies as st

from helpers.credentials import KEAP_SERVICE_HOSTS

# The attacks named in the finding: each one reached a host that is not Keap.
NAMED_ATTACKS = [
    "http://evil.com\\@127.0.0.1/crm/rest/v2/oauth/connect/userinfo",
    "http://evil.com\\[::1]/crm",
    "http://evil.com:\\[::1]/crm",
    "http://evil.com\\@localhost/crm",
    "https://3232235777\\.infusionsoft.com/crm",
    "https://evil.com\\@api.infusionsoft.com/crm",
    "https://evil.com#@api.keap.com/crm",
    "https://api.keap.com@evil.com/crm",
    "https://user:pass@api.infusionsoft.com/crm",
    "http://127.0.0.1@evil.com/crm",
    "http://[::1/crm",
    "http://[::1]evil.com/crm",
    "https://[ab123.infusionsoft.com/crm",
    "https://]127.0.0.1/crm",
    "https://api%2ekeap.com/crm",
    "http://127.0.0.1%2f@evil.com/crm",
    "https://аpi.keap.com/crm",  # Cyrillic a
    "https://ａpi.keap.com/crm",  # full-width a
    "https://api.keap.com./crm",
    "http://127.1/crm",
    "http://2130706433/crm",
    "http://0x7f.0.0.1/crm",
    "http://0177.0.0.1/crm",
    "https://3232235777.infusionsoft.com\\/crm",
    "http://[::1%25eth0]/crm",
    "http://[::ffff:c0a8:101]/crm",
    "https://api.keap.com:8443/crm",
    "http://127.0.0.1\t.evil.com/crm",
    "http://127.0.0.1 .evil.com/crm",
    "https://api.keap.com\u200b.evil.com/crm",
]

_PIECES = [
    "http",
    "https",
    "HTTPS",
    "hTtP",
    "ftp",
    "://",
    ":/",
    "//",
    "/",
    "\\",
    "\\\\",
    "@",
    "[",
    "]",
    ":",
    "%",
    "#",
    "?",
    ".",
    "..",
    "%2e",
    "%40",
    "%5c",
    "%5C",
    "%2f",
    "%00",
    "%25",
    "evil.com",
    "example.org",
    "127.0.0.1",
    "127.0.0.2",
    "localhost",
    "LOCALHOST",
    "::1",
    "[::1]",
    "[::ffff:127.0.0.1]",
    "api.keap.com",
    "api.infusionsoft.com",
    "API.Keap.com",
    "ab123.infusionsoft.com",
    "help.infusionsoft.com",
    "status.infusionsoft.com",
    "a-b.infusionsoft.com",
    "infusionsoft.com",
    ".infusionsoft.com",
    "3232235777",
    "2130706433",
    "0x7f.1",
    "0x7f000001",
    "127.1",
    "0177.0.0.1",
    "127.000.000.001",
    "xn--80ak6aa92e.com",
    "xn--pi-7ka.keap.com",
    "\u0430pi.keap.com",
    "\uff41pi.keap.com",
    "api.keap.com.",
    ":80",
    ":443",
    ":0443",
    ":8765",
    ":99999",
    ":-1",
    ":",
    "user:pass@",
    "user@",
    "\t",
    " ",
    "\x00",
    "\r\n",
    "\u200b",
    "\u00df",
    "\u0130",
    "\u212a",
    "\u2024",
    "\u3002",
    "\uff0e",
    "\ufe52",
    "%ef%bc%8e",
    "evil.com\\@",
    "\\@",
]


def _structured() -> st.SearchStrategy[str]:
    """scheme://[userinfo@]host[:port]/path, each part biased toward what confuses parsers."""
    piece = st.sampled_from(_PIECES)
    noise = st.lists(st.one_of(piece, st.text(max_size=3)), max_size=3).map("".join)
    scheme = st.sampled_from(["http", "https", "HTTPS", "http", "https", "ftp", ""])
    sep = st.sampled_from(["://", "://", "://", ":/", ":\\\\", ":///", "//"])
    host = st.sampled_from([p for p in _PIECES if len(p) > 3])
    return st.builds(
        lambda s, p, pre, h, post, tail: f"{s}{p}{pre}{h}{post}{tail}",
        scheme,
        sep,
        noise,
        host,
        noise,
        st.sampled_from(["/crm/rest/v2/oauth/connect/userinfo", "/crm", "", "/"]),
    )


def _free() -> st.SearchStrategy[str]:
    return st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=5)), max_size=12).map(
        "".join
    )


_VALID = [
    "https://api.infusionsoft.com/crm/rest/v2/oauth/connect/userinfo",
    "https://api.keap.com/crm/xmlrpc/v1",
    "https://ab123.infusionsoft.com/api/xmlrpc",
    "http://127.0.0.1:8765/crm",
    "http://localhost:8765/crm",
    "http://[::1]:8765/crm",
    "https://127.0.0.1/crm",
]


@st.composite
def _near_valid(draw: st.DrawFn) -> str:
    """An allowed URL with a few pieces inserted, replaced or deleted anywhere (the edge)."""
    url = draw(st.sampled_from(_VALID))
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(url)))
        piece = draw(st.one_of(st.sampled_from(_PIECES), st.text(max_size=2)))
        cut = draw(st.integers(0, 2))
        url = url[:at] + piece + url[at + cut :]
    return url


def urls() -> st.SearchStrategy[str]:
    """Generated URLs: near the allowed ones (the edge), structured attacks, free-form."""
    return st.one_of(
        _near_valid(), _near_valid(), _structured(), _free(), st.sampled_from(NAMED_ATTACKS)
    )


_KEAP_ACCOUNT_HOST = re.compile(r"^[a-z0-9]{2,32}\.infusionsoft\.com$")
_POOLS = urllib3.PoolManager()


def connect_target(url: str) -> tuple[str, str, int] | None:
    """(scheme, host, port) urllib3 would open a socket to for ``url`` sent by requests;
    None when requests or urllib3 would not send it at all."""
    try:
        prepared = requests.Request("GET", url).prepare().url
        pool = _POOLS.connection_from_url(prepared)
    except Exception:
        return None
    return pool.scheme, str(pool.host).lower(), int(pool.port)


def is_allowed_target(target: tuple[str, str, int]) -> bool:
    """Loopback over http(s), or Keap's API hosts over HTTPS on 443 (an independent oracle)."""
    scheme, host, port = target
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        address = None
    if scheme in ("http", "https") and (host == "localhost" or (address and address.is_loopback)):
        return True
    if scheme != "https" or port != 443 or address is not None:
        return False
    if host in ("api.infusionsoft.com", "api.keap.com"):
        return True
    label = host.split(".")[0]
    return (
        bool(_KEAP_ACCOUNT_HOST.match(host))
        and not label.isdigit()
        and label not in KEAP_SERVICE_HOSTS
    )
