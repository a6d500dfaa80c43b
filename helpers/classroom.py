"""Links for a class on JupyterHub: ``python -m helpers.classroom link --hub URL --edition es``.

The link is an nbgitpuller link: when a learner opens it, their hub server clones this
repository into their home folder (or updates the clone, keeping their own changes) and then
opens lesson 00 of the edition in JupyterLab, or with ``--wizard`` the one-page wizard in Voila.

>>> print(link("https://hub.example.org", "en", repo="https://github.com/o/r", branch="main")
...       .replace("&", "\\n&"))
https://hub.example.org/hub/user-redirect/git-pull?repo=https%3A%2F%2Fgithub.com%2Fo%2Fr
&branch=main
&urlpath=lab%2Ftree%2Fr%2Fnotebooks%2Fen%2F00-start-here.ipynb
"""

from __future__ import annotations

import argparse
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
    query = {
        "repo": repo,
        **({"branch": branch} if branch else {}),
        "urlpath": f"{app}/{clone_folder(repo)}/{notebook_path(edition, wizard)}",
    }
    encoded = urlencode(query, quote_via=quote, safe="")
    return f"{hub.rstrip('/')}/hub/user-redirect/git-pull?{encoded}"


def _hub_url(text: str) -> str:
    """argparse type: an http(s) URL with a host, e.g. https://hub.example.org."""
    parts = urlsplit(text.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a hub address: write it like https://hub.example.org"
        )
    return text.strip()


def main(argv: list[str] | None = None) -> int:
    """The command line: print one link."""
    parser = argparse.ArgumentParser(
        prog="python -m helpers.classroom", description="Links for a class on JupyterHub."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    cmd = commands.add_parser("link", help="print the nbgitpuller link to hand out to learners")
    cmd.add_argument("--hub", required=True, type=_hub_url, help="the hub's address")
    cmd.add_argument("--edition", required=True, choices=EDITIONS, help="the lessons' language")
    cmd.add_argument("--wizard", action="store_true", help="open the one-page wizard in Voila")
    cmd.add_argument("--repo", help="repository to clone (default: binder/repository.txt's)")
    cmd.add_argument("--branch", help="branch or tag (default: the repository's default branch)")
    args = parser.parse_args(argv)
    if not args.repo and not _REPOSITORY_FILE.is_file():
        parser.error("binder/repository.txt is not beside this copy of helpers: pass --repo URL")
    print(link(args.hub, args.edition, wizard=args.wizard, repo=args.repo, branch=args.branch))
    return 0


if __name__ == "__main__":
    sys.exit(main())
