"""Links for a class on JupyterHub: ``python -m helpers.classroom link --hub URL --edition es``.

The link is an nbgitpuller link: when a learner opens it, their hub server clones this
repository into their home folder (or updates the clone, keeping their own changes) and then
opens lesson 00 of the edition in JupyterLab, or with ``--wizard`` the one-page wizard in Voila.
The link names the clone's folder (``targetpath``): nbgitpuller's own default keeps a ``.git``
ending of the address, which the lesson's path would then miss.

>>> print(link("https://hub.example.org", "en", repo="https://github.com/o/r.git", branch="main")
...       .replace("&", "\\n&"))
https://hub.example.org/hub/user-redirect/git-pull?repo=https%3A%2F%2Fgithub.com%2Fo%2Fr.git
&branch=main
&targetpath=r
&urlpath=lab%2Ftree%2Fr%2Fnotebooks%2Fen%2F00-start-here.ipynb

Learners type a password on the hub and paste keys into it, so a hub address must be HTTPS
(plain HTTP only for this computer itself, or when the trainer says so with ``--allow-http``).
"""

from __future__ import annotations

import argparse
import ipaddress
import sys
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

from .lessons import LESSONS, WIZARD

EDITIONS = ("es", "en", "pt")
_REPOSITORY_FILE = Path(__file__).resolve().parents[1] / "binder" / "repository.txt"


def default_repo() -> str:
    """The repository named in ``binder/repository.txt`` (``owner/name``), as a GitHub URL."""
    owner_repo = _REPOSITORY_FILE.read_text(encoding="utf-8").strip()
    return owner_repo if "://" in owner_repo else f"https://github.com/{owner_repo}"


def clone_folder(repo: str) -> str:
    """The folder nbgitpuller clones ``repo`` into: its last path part, without ``.git``.

    >>> clone_folder("https://github.com/o/clave-api-keap.git"), clone_folder("/srv/r/tutorial/")
    ('clave-api-keap', 'tutorial')
    """
    name = urlsplit(repo).path.rstrip("/").rsplit("/", 1)[-1]
    return name.removesuffix(".git")


def notebook_path(edition: str, wizard: bool = False) -> str:
    """The notebook the link opens, relative to the repository root."""
    name = WIZARD[edition] if wizard else LESSONS["00"][edition]
    return f"notebooks/{edition}/{name}.ipynb"


def link(
    hub: str,
    edition: str,
    *,
    wizard: bool = False,
    repo: str | None = None,
    branch: str | None = None,
) -> str:
    """The nbgitpuller link for ``hub`` that opens ``edition``'s lesson 00 (or its wizard).

    Without ``branch`` nbgitpuller follows the repository's default branch.
    """
    if edition not in EDITIONS:
        raise ValueError(f"unknown edition {edition!r}: choose one of {', '.join(EDITIONS)}")
    repo = repo or default_repo()
    app = "voila/render" if wizard else "lab/tree"
    folder = clone_folder(repo)
    query = {
        "repo": repo,
        **({"branch": branch} if branch else {}),
        "targetpath": folder,
        "urlpath": f"{app}/{folder}/{notebook_path(edition, wizard)}",
    }
    encoded = urlencode(query, quote_via=quote, safe="")
    return f"{hub.rstrip('/')}/hub/user-redirect/git-pull?{encoded}"


class HubAddressError(ValueError):
    """A hub address that learners must not be sent to; the message says what to change."""


def is_loopback(host: str) -> bool:
    """True for this computer's own names: localhost and the loopback addresses.

    >>> [is_loopback(h) for h in ("localhost", "127.0.0.1", "::1", "hub.example.org", "10.0.0.1")]
    [True, True, True, False, False]
    """
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_hub_url(text: str, *, allow_http: bool = False) -> str:
    """The hub's address, ready for a link, or :class:`HubAddressError` saying what is wrong.

    >>> check_hub_url("https://hub.example.org/")
    'https://hub.example.org'
    >>> check_hub_url("http://hub.example.org")
    Traceback (most recent call last):
    ...
    helpers.classroom.HubAddressError: 'http://hub.example.org' is plain HTTP: learners' passwords and keys would cross the network unencrypted. Use the hub's https:// address (or --allow-http on a closed lab network).
    """
    if any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in text):
        raise HubAddressError(
            f"{text!r} has spaces or control characters: copy the hub's address again"
        )
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise HubAddressError(
            f"{text!r} is not a hub address: write it like https://hub.example.org"
        )
    if parts.username is not None or parts.password is not None or "@" in parts.netloc:
        raise HubAddressError(
            f"the hub address has a user name or password in it: give only https://{parts.hostname}"
        )
    if parts.query or parts.fragment or text.endswith(("?", "#")):
        raise HubAddressError(f"{text!r} has a ? or # part: give only the hub's address")
    try:
        parts.port  # noqa: B018  (raises on a port that is not a number)
    except ValueError:
        raise HubAddressError(f"{text!r} has a port that is not a number") from None
    if parts.scheme == "http" and not (allow_http or is_loopback(parts.hostname)):
        raise HubAddressError(
            f"{text!r} is plain HTTP: learners' passwords and keys would cross the network "
            "unencrypted. Use the hub's https:// address (or --allow-http on a closed lab network)."
        )
    return text.rstrip("/")


def main(argv: list[str] | None = None) -> int:
    """The command line: print one link."""
    parser = argparse.ArgumentParser(
        prog=f"python -m {__package__}.classroom", description="Links for a class on JupyterHub."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    cmd = commands.add_parser("link", help="print the nbgitpuller link to hand out to learners")
    cmd.add_argument("--hub", required=True, help="the hub's address: https://...")
    cmd.add_argument(
        "--allow-http",
        action="store_true",
        help="accept a plain-http hub (a closed lab network only; a warning is printed)",
    )
    cmd.add_argument("--edition", required=True, choices=EDITIONS, help="the lessons' language")
    cmd.add_argument("--wizard", action="store_true", help="open the one-page wizard in Voila")
    cmd.add_argument("--repo", help="repository to clone (default: binder/repository.txt's)")
    cmd.add_argument("--branch", help="branch or tag (default: the repository's default branch)")
    args = parser.parse_args(argv)
    if not args.repo and not _REPOSITORY_FILE.is_file():
        parser.error(
            f"binder/repository.txt is not beside this copy of {__package__}: pass --repo URL"
        )
    try:
        hub = check_hub_url(args.hub, allow_http=args.allow_http)
    except HubAddressError as problem:
        parser.error(str(problem))
    parts = urlsplit(hub)
    if parts.scheme == "http" and not is_loopback(parts.hostname or ""):
        print(
            "Warning: this hub is plain HTTP. Passwords and keys typed there can be read on the "
            "network: use it only on a closed lab network, with demo keys.",
            file=sys.stderr,
        )
    print(link(hub, args.edition, wizard=args.wizard, repo=args.repo, branch=args.branch))
    return 0


if __name__ == "__main__":
    sys.exit(main())
