"""``python -m helpers.classroom link``: the nbgitpuller links a trainer hands out, decoded."""

from __future__ import annotations

import posixpath
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from helpers.classroom import EDITIONS
from helpers.lessons import LESSONS, WIZARD

ROOT = Path(__file__).resolve().parents[1]
HUB = "https://hub.example.org"


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "helpers.classroom", "link", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def _decode(printed: str) -> tuple[str, dict[str, list[str]]]:
    """The link's address (without the query) and its decoded query."""
    parts = urlsplit(printed.strip())
    query = parse_qs(parts.query, strict_parsing=True)
    return f"{parts.scheme}://{parts.netloc}{parts.path}", query


@pytest.fixture(scope="module")
def class_repo(tmp_path_factory) -> str:
    """A repository named ``tut.git`` with a branch made for a class and a release tag."""
    repo = tmp_path_factory.mktemp("remote") / "tut.git"
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "-C", str(repo)]
    subprocess.run(["git", "init", "-q", "-b", "main", str(repo)], check=True)
    (repo / "README.md").write_text("lessons\n")
    subprocess.run([*git, "add", "README.md"], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "lessons"], check=True)
    subprocess.run([*git, "tag", "-a", "-m", "release", "v1.0"], check=True)
    subprocess.run([*git, "branch", "class-2027", "v1.0"], check=True)
    return str(repo)


@pytest.mark.parametrize("edition", EDITIONS)
def test_link_opens_lesson_00_of_each_edition_from_the_named_repo_and_branch(edition, class_repo):
    done = _run("--hub", HUB, "--edition", edition, "--repo", class_repo, "--branch", "class-2027")
    assert done.returncode == 0 and not done.stderr, done.stderr
    address, query = _decode(done.stdout)
    assert address == f"{HUB}/hub/user-redirect/git-pull"
    assert query == {
        "repo": [class_repo],
        "branch": ["class-2027"],
        # nbgitpuller would clone into "tut.git" by itself; the link names the folder it opens.
        "targetpath": ["tut"],
        "urlpath": [f"lab/tree/tut/notebooks/{edition}/{LESSONS['00'][edition]}.ipynb"],
    }


@pytest.mark.parametrize("edition", EDITIONS)
def test_wizard_link_opens_the_editions_wizard_in_voila(edition):
    done = _run("--hub", HUB + "/", "--edition", edition, "--wizard")
    assert done.returncode == 0, done.stderr
    address, query = _decode(done.stdout)
    assert address == f"{HUB}/hub/user-redirect/git-pull"
    folder = (ROOT / "binder" / "repository.txt").read_text().strip().rsplit("/", 1)[-1]
    wizard = f"notebooks/{edition}/{WIZARD[edition]}.ipynb"
    assert query["urlpath"] == [f"voila/render/{folder}/{wizard}"]


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("wizard", [False, True])
def test_linked_notebook_exists_in_this_repository(edition, wizard):
    done = _run("--hub", HUB, "--edition", edition, *(["--wizard"] if wizard else []))
    urlpath = _decode(done.stdout)[1]["urlpath"][0]
    inside_clone = urlpath.split("/", 3)[3]  # drop "lab/tree/<folder>" or "voila/render/<folder>"
    assert (ROOT / inside_clone).is_file(), inside_clone


def test_repository_defaults_to_binder_repository_txt_and_branch_to_the_remotes_default():
    owner_repo = (ROOT / "binder" / "repository.txt").read_text().strip()
    query = _decode(_run("--hub", HUB, "--edition", "es").stdout)[1]
    assert query["repo"] == [f"https://github.com/{owner_repo}"]
    assert "branch" not in query  # nbgitpuller then follows the repository's default branch


def test_a_tag_is_refused_with_the_branch_to_make_instead(class_repo):
    """nbgitpuller 1.3.0 opens a tag once, then fails on every later open of the same link."""
    done = _run("--hub", HUB, "--edition", "es", "--repo", class_repo, "--branch", "v1.0")
    assert done.returncode == 2 and not done.stdout
    assert "'v1.0' is a tag" in done.stderr
    assert "git branch class-v1.0 v1.0 && git push origin class-v1.0" in done.stderr


def test_a_branch_the_repository_does_not_have_is_refused(class_repo):
    done = _run("--hub", HUB, "--edition", "en", "--repo", class_repo, "--branch", "class-2072")
    assert done.returncode == 2 and not done.stdout
    assert "has no branch 'class-2072'" in done.stderr


def test_a_repository_that_cannot_be_read_gives_the_link_with_a_warning(tmp_path):
    missing = str(tmp_path / "not-cloned-yet")
    done = _run("--hub", HUB, "--edition", "pt", "--repo", missing, "--branch", "class-2027")
    assert done.returncode == 0 and _decode(done.stdout)[1]["branch"] == ["class-2027"]
    assert "Warning: could not read" in done.stderr and "only if it is one" in done.stderr


def test_repository_path_with_special_characters_survives_encoding():
    repo = "https://git.example.org/a b/tut?x=1&y=2"
    query = _decode(_run("--hub", HUB, "--edition", "pt", "--repo", repo).stdout)[1]
    assert query["repo"] == [repo]


@pytest.mark.parametrize(
    "args, expected",
    [
        (["--hub", "hub.example.org", "--edition", "es"], "https://hub.example.org"),
        (["--hub", HUB, "--edition", "fr"], "invalid choice"),
    ],
)
def test_bad_arguments_exit_2_with_a_hint(args, expected):
    done = _run(*args)
    assert done.returncode == 2 and expected in done.stderr and not done.stdout


def test_wizard_lesson_links_reach_jupyterlab_when_the_clone_sits_below_the_servers_root(
    monkeypatch,
):
    """On a hub the server serves the learner's home and the clone sits one folder deeper."""
    from helpers import lessons

    monkeypatch.setenv(lessons.SERVER_ROOT_VAR, str(ROOT.parent))
    href = lessons.lesson_href("06-prueba-en-vivo", "pt")
    page = f"/user/ana/voila/render/{ROOT.name}/notebooks/pt/assistente.ipynb"
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page), href))
    assert resolved == f"/user/ana/lab/tree/{ROOT.name}/notebooks/pt/06-teste-ao-vivo.ipynb"
    monkeypatch.setenv(lessons.SERVER_ROOT_VAR, str(ROOT))  # tasks.py and Binder serve the clone
    assert lessons.lesson_href("06-prueba-en-vivo", "pt").startswith(
        "../../../../lab/tree/notebooks/"
    )


def test_the_hubs_tell_the_learners_kernels_where_the_server_root_is():
    from helpers.lessons import SERVER_ROOT_VAR

    config = (
        ROOT / "deploy" / "jupyterhub" / "jupyterhub_config.d" / "tutorial_class.py"
    ).read_text()
    assert f'"{SERVER_ROOT_VAR}": learner_home' in config


@pytest.mark.parametrize(
    "hub, expected",
    [
        ("http://hub.example.org", "plain HTTP"),
        ("http://10.0.0.5:8000", "plain HTTP"),
        ("https://ana:secret@hub.example.org", "user name or password"),
        ("https://hub.example.org@evil.example", "user name or password"),
        ("https://hub.example.org/#x", "? or #"),
        ("https://hub.example.org/?next=/x", "? or #"),
        ("https://hub.example.org/\x1b[2J", "control characters"),
        ("https://hub.example.org /", "spaces"),
        ("https://hub.example.org:80a", "port"),
        ("ftp://hub.example.org", "not a hub address"),
    ],
)
def test_unsafe_hub_addresses_are_refused_with_what_to_change(hub, expected):
    done = _run("--hub", hub, "--edition", "es")
    assert done.returncode == 2 and expected in done.stderr and not done.stdout
    assert "secret" not in done.stderr


def test_plain_http_is_accepted_with_allow_http_and_a_warning():
    done = _run("--hub", "http://hub.example.org", "--edition", "en", "--allow-http")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("http://hub.example.org/hub/user-redirect/git-pull?")
    assert "Warning" in done.stderr and "plain HTTP" in done.stderr


@pytest.mark.parametrize("hub", ["http://127.0.0.1:8000", "http://localhost:8000", "http://[::1]"])
def test_plain_http_on_this_computer_needs_no_flag(hub):
    done = _run("--hub", hub, "--edition", "pt")
    assert done.returncode == 0 and not done.stderr, done.stderr
