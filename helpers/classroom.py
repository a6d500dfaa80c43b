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

``--branch`` must name a branch, not a tag: every later open of the link updates the learner's
clone with ``git diff ..origin/<branch>`` and ``git merge origin/<branch>`` (nbgitpuller 1.3.0),
which fail for a tag. To teach a fixed version, make a branch for the class at it
(``git branch class-2027 v1.0 && git push origin class-2027``) and push nothing more to it.
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import subprocess
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


class BranchError(ValueError):
    """A ``--branch`` a class link cannot follow; the message says what to give instead."""


def _remote_refs(repo: str, timeout: float) -> tuple[set[str], set[str]]:
    """The branch and tag names of ``repo`` (``git ls-remote``); OSError if it cannot be read."""
    try:
        done = subprocess.run(
            ["git", "ls-remote", "--heads", "--tags", "--", repo],
            capture_output=True,
            text=True,
            timeout=timeout,
            env={**os.environ, "GIT_TERMINAL_PROMPT": "0"},  # never ask for a password
        )
    except subprocess.TimeoutExpired:
        raise OSError(f"no answer in {timeout:.0f} s") from None
    if done.returncode:
        lines = done.stderr.strip().splitlines()
        raise OSError(lines[-1] if lines else f"git exited with {done.returncode}")
    heads, tags = set(), set()
    for line in done.stdout.splitlines():
        ref = line.partition("\t")[2]
        if ref.startswith("refs/heads/"):
            heads.add(ref.removeprefix("refs/heads/"))
        elif ref.startswith("refs/tags/"):
            tags.add(ref.removeprefix("refs/tags/").removesuffix("^{}"))
    return heads, tags


def check_branch(repo: str, branch: str, *, timeout: float = 30) -> None:
    """:class:`BranchError` unless ``branch`` is a branch of ``repo`` (a tag opens once only);
    OSError (git's reason) if the repository cannot be read from here."""
    heads, tags = _remote_refs(repo, timeout)
    if branch in heads:
        return
    if branch in tags:
        raise BranchError(
            f"{branch!r} is a tag: the link would open the lessons once, then fail every time "
            "a learner opens it again (nbgitpuller updates the clone from a branch). Make a "
            f"branch for the class at that tag and give it instead: git branch class-{branch} "
            f"{branch} && git push origin class-{branch}"
        )
    raise BranchError(
        f"{repo} has no branch {branch!r}: check its name with git ls-remote --heads {repo}"
    )


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
    cmd.add_argument(
        "--branch",
        help="a branch (not a tag) made for the class, so it gets the lessons you rehearsed "
        "(default: the repository's default branch)",
    )
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
    if args.branch:
        repo = args.repo or default_repo()
        try:
            check_branch(repo, args.branch)
        except BranchError as problem:
            parser.error(str(problem))
        except OSError as problem:
            print(
                f"Warning: could not read {repo} to check that {args.branch!r} is a branch "
                f"({problem}); the link below works only if it is one.",
                file=sys.stderr,
            )
    print(link(hub, args.edition, wizard=args.wizard, repo=args.repo, branch=args.branch))
    return 0


if __name__ == "__main__":
    sys.exit(main())
