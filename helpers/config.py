"""One switch for the whole package: the local sandbox or the real Keap API, and where a key may go.

The origin under which Keap's ``/crm/...`` paths live is chosen, in this order, by
``use_sandbox()`` / ``use_real_keap()``, by ``$KEAP_API_BASE_URL``, and last by the key:
a sandbox demo key (or no key) goes to the sandbox, any other key to the real Keap.
``check_target(key)`` answers that question without side effects; ``start_target(target)``
starts the package's own sandbox when the answer is "the sandbox".

``ensure_safe_destination`` is the one guard every request of the package passes (see
``helpers.transport``): it reads a URL with urllib3's own parser, the one that opens the
socket, and accepts only HTTPS to Keap's API hosts or http(s) to a loopback address.

>>> ensure_safe_destination("https://api.infusionsoft.com/crm/rest/v2/oauth/connect/userinfo")
>>> is_loopback_url("http://127.0.0.1:8765/crm/xmlrpc/v1")
True
>>> check_target("KeapAK-" + "5" * 50).base_url
'https://api.infusionsoft.com'
"""

from __future__ import annotations

import ipaddress
import os
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from .errors import UnsafeDestination

KEAP_BASE_URL = "https://api.infusionsoft.com"
ENV_BASE_URL = "KEAP_API_BASE_URL"
KEAP_API_HOSTS = frozenset({"api.infusionsoft.com", "api.keap.com"})
MAX_URL_LENGTH = 2048
_SANDBOX = "sandbox"
_override: str | None = None
# Printable ASCII without space, backslash or anything else a parser may read two ways.
_URL_CHARS = re.compile(r"^[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+$")
_DNS_LABEL = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")
_DOTTED_QUAD = re.compile(
    r"^(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
    r"(?:\.(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}$"
)


@dataclass(frozen=True)
class Target:
    """Where a check goes: ``mode`` is "sandbox" or "keap"; ``base_url`` is None for the
    package's own sandbox, which ``start_target`` starts on a free port."""

    mode: str
    base_url: str | None


def use_sandbox() -> str:
    """Send every check to the local sandbox (started now if needed); return its origin."""
    global _override
    _override = _SANDBOX
    return start_target(check_target())


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


def check_target(key: str | None = None, mode: str | None = None) -> Target:
    """Where a check with ``key`` goes (see the module docstring for the order). No side effects.

    ``mode`` ("sandbox" or "keap") is a learner's explicit choice, as in the form's radio
    buttons: it wins over the key, and "keap" keeps a Keap origin chosen by ``use_real_keap``
    or ``$KEAP_API_BASE_URL``. Raises ``UnsafeDestination`` when the chosen origin is not one a
    key may travel to.

    >>> check_target(None).mode, check_target(None, mode="keap").base_url
    ('sandbox', 'https://api.infusionsoft.com')
    """
    choice = _override or os.environ.get(ENV_BASE_URL, "").strip().rstrip("/") or None
    if choice is None:
        choice = KEAP_BASE_URL if key and not _is_demo_key(key) else _SANDBOX
    if choice == _SANDBOX:
        target = Target("sandbox", None)
    else:
        ensure_safe_destination(choice)
        target = Target("sandbox" if is_loopback_url(choice) else "keap", choice)
    if mode is None or mode == target.mode:
        return target
    return Target("sandbox", None) if mode == "sandbox" else Target("keap", KEAP_BASE_URL)


def start_target(target: Target, lang: str | None = None) -> str:
    """The origin of ``target``, starting the package's shared sandbox if it is the one.

    The shared sandbox's demo data then speaks ``lang`` (default: the tutorial's language).
    """
    if target.base_url is not None:
        return target.base_url
    from .sandbox import ensure_running

    return ensure_running(lang).url


def resolve_base_url(key: str | None = None) -> str:
    """``start_target(check_target(key))``: the origin, with the sandbox started if chosen."""
    return start_target(check_target(key))


def is_sandbox_url(url: str) -> bool:
    """True when ``url`` is served on this machine (the sandbox), not by Keap."""
    return is_loopback_url(url)


def is_loopback_url(url: str) -> bool:
    """True for well-formed http(s) URLs whose host is a loopback address or ``localhost``."""
    read = _read_url(url)
    return read is not None and read[0] in {"http", "https"} and _is_loopback_host(read[1])


def ensure_safe_destination(url: str) -> None:
    """Refuse, before a byte leaves, any URL a key must never be sent to.

    The host and port are the ones urllib3 (which opens the socket) reads; a URL that any
    parser could read differently (backslashes, user info, stray brackets, percent-encoded
    or non-ASCII hosts, odd IP spellings) is refused rather than guessed.
    """
    read = _read_url(url)
    if read is not None:
        scheme, host, port = read
        if _is_loopback_host(host) and scheme in {"http", "https"}:
            return
        if scheme == "https" and _is_keap_host(host) and port in (None, 443):
            return
    raise UnsafeDestination("destination.unsafe", host=_shown_host(url), scheme=_shown_scheme(url))


def _read_url(url: object) -> tuple[str, str, int | None] | None:
    """(scheme, host, port) as urllib3 reads them, or None when the URL is not plain enough."""
    if not isinstance(url, str) or not url or len(url) > MAX_URL_LENGTH:
        return None
    if not _URL_CHARS.match(url):
        return None  # spaces, controls, backslashes, non-ASCII
    # urllib3 is imported here, not at the top: ``import helpers`` stays free of the HTTP stack.
    from urllib3.exceptions import LocationParseError
    from urllib3.util import parse_url

    try:
        parsed = parse_url(url)
        split = urlsplit(url)
        split_host, split_port = split.hostname, split.port
    except (LocationParseError, ValueError):
        return None
    host = (parsed.host or "").lower()
    if not parsed.scheme or not host or parsed.auth is not None or "@" in split.netloc:
        return None
    if host.strip("[]") != (split_host or "") or parsed.port != split_port:
        return None  # the two standard parsers disagree: refuse rather than pick one
    if "%" in host or not _plain_host(host):
        return None
    return parsed.scheme.lower(), host.strip("[]"), parsed.port


def _plain_host(host: str) -> bool:
    """A DNS name of plain labels, a dotted-quad IPv4 or a bracketed IPv6 literal."""
    if host.startswith("["):
        if not host.endswith("]"):
            return False
        try:
            ipaddress.IPv6Address(host[1:-1])
        except ValueError:
            return False
        return True
    if "[" in host or "]" in host:
        return False
    labels = host.split(".")
    if labels[-1].isdigit():
        return bool(_DOTTED_QUAD.match(host))  # no 127.1, 2130706433, 0177.0.0.1 or 0x7f.1
    return all(_DNS_LABEL.match(label) for label in labels)


def _is_loopback_host(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _is_keap_host(host: str) -> bool:
    """Keap's API hosts, or one account's ``<app>.infusionsoft.com`` (the old per-app endpoint)
    for a label that passes the app-name rule and is not one of Keap's own service hosts."""
    if host in KEAP_API_HOSTS:
        return True
    from .credentials import is_app_name

    labels = host.split(".")
    return len(labels) == 3 and labels[1:] == ["infusionsoft", "com"] and is_app_name(labels[0])


def _shown_scheme(url: object) -> str:
    text = str(url) if isinstance(url, str) else ""
    scheme = text.split(":", 1)[0] if ":" in text else ""
    return scheme if re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]{0,15}", scheme) else "?"


def _shown_host(url: object) -> str:
    """The host part as it may be shown: printable ASCII, short, never a key-shaped string."""
    text = url if isinstance(url, str) else ""
    rest = text.split("://", 1)[1] if "://" in text else text
    host = re.split(r"[/?#]", rest, maxsplit=1)[0]
    shown = "".join(c if c.isascii() and c.isprintable() else "\ufffd" for c in host)[:60]
    from .credentials import hide_keys

    return hide_keys(shown) or "?"


def _is_demo_key(key: str) -> bool:
    from .sandbox.demo import is_demo_key

    return is_demo_key(key.strip())
