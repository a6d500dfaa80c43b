"""Keep the app name and key in a ``.env`` file (0600, written atomically) and read them back.

The same names work as plain environment variables: ``KEAP_APP_NAME`` and ``KEAP_API_KEY``.
Other lines of the file are kept as they are; a saved value is replaced only when asked.
"""

from __future__ import annotations

import io
import os
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from dotenv import dotenv_values
from dotenv.parser import parse_stream

from .credentials import inspect_key, mask, validate_app_name
from .errors import CredentialsFileError
from .i18n import t

APP_NAME_VAR = "KEAP_APP_NAME"
API_KEY_VAR = "KEAP_API_KEY"
ENV_FILE_VAR = "KEAP_ENV_FILE"
_OURS = (APP_NAME_VAR, API_KEY_VAR)


@dataclass(frozen=True)
class Credentials:
    """An app name and a key, and where they were read from. The repr masks the key."""

    app_name: str | None
    key: str | None = field(repr=False)
    source: str = ""

    @property
    def masked_key(self) -> str:
        return mask(self.key) if self.key else ""

    def __repr__(self) -> str:
        return f"Credentials(app_name={self.app_name!r}, key={self.masked_key!r}, source={self.source!r})"


@dataclass(frozen=True)
class SaveReport:
    """Where the credentials went, whether an old value was replaced, and any warnings."""

    path: Path
    replaced: bool
    warnings: tuple[str, ...] = ()


def default_env_file(start: str | Path | None = None) -> Path:
    """The tutorial's one credentials file, found from any folder as python-dotenv's ``find_dotenv``.

    ``$KEAP_ENV_FILE`` if set. Otherwise walk up from ``start`` (the current folder) and take
    the first ``.env`` file; inside the tutorial the walk ends at its root folder (``tasks.py``
    beside ``helpers/``), whose ``.env`` is the answer even before it exists. So the lessons of every edition, the wizard,
    ``python -m helpers.check`` (from the root or a lesson folder) and ``load_dotenv()`` in a
    learner's own script in the tutorial all read and write the same file. Outside the
    tutorial, with no ``.env`` above, it is ``.env`` in ``start``.
    """
    chosen = os.environ.get(ENV_FILE_VAR)
    if chosen:
        return Path(chosen).expanduser()
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / ".env"
        if candidate.is_file() or _is_tutorial_root(folder):
            return candidate
    return here / ".env"


def _is_tutorial_root(folder: Path) -> bool:
    """True for the tutorial's root folder: ``tasks.py`` beside the ``helpers`` package."""
    return (folder / "tasks.py").is_file() and (folder / "helpers").is_dir()


def save_credentials(app_name: str, key: str, path: str | Path | None = None, *,
                     replace: bool = False, lang: str | None = None) -> SaveReport:
    """Check, then save the app name and key; refuse to overwrite different values unless ``replace``."""
    target = Path(path) if path else default_env_file()
    values = {APP_NAME_VAR: validate_app_name(app_name, lang), API_KEY_VAR: inspect_key(key, lang).key}
    lines, current = _read_lines(target, lang)
    changed = [name for name in _OURS if current.get(name) not in (None, values[name])]
    if changed and not replace:
        raise CredentialsFileError("storage.exists", lang=lang, path=target.name)
    kept = [line for name, line in lines if name not in _OURS]
    if kept and not kept[-1].endswith("\n"):
        kept[-1] += "\n"
    _write_atomic(target, "".join(kept) + "".join(f"{n}={values[n]}\n" for n in _OURS), lang)
    return SaveReport(target, bool(changed), tuple(_git_warnings(target, lang)))


def load_credentials(path: str | Path | None = None) -> Credentials:
    """Read the credentials: environment variables first, then the ``.env`` file."""
    target = Path(path) if path else default_env_file()
    env = {n: os.environ.get(n, "").strip() or None for n in _OURS}
    filed = {n: (v or "").strip() or None for n, v in dotenv_values(target).items()} if target.is_file() else {}
    app, key = (env[n] or filed.get(n) for n in _OURS)
    sources = [label for label, d in (("environment", env), (str(target.name), filed))
               if any(d.get(n) for n in _OURS)]
    return Credentials(app, key, " + ".join(sources))


def delete_credentials(path: str | Path | None = None, lang: str | None = None) -> bool:
    """Remove the two credential lines, keep every other line; True if something was removed."""
    target = Path(path) if path else default_env_file()
    if not target.exists():
        return False
    lines, current = _read_lines(target, lang)
    if not any(n in current for n in _OURS):
        return False
    kept = "".join(line for name, line in lines if name not in _OURS)
    if kept.strip():
        _write_atomic(target, kept, lang)
    else:
        target.unlink()
    return True


def _read_lines(target: Path, lang: str | None) -> tuple[list[tuple[str | None, str]], dict[str, str | None]]:
    """Each original line block with the variable it defines, using python-dotenv's parser."""
    try:
        text = target.read_text(encoding="utf-8") if target.exists() else ""
    except (OSError, UnicodeDecodeError) as error:
        raise CredentialsFileError("storage.unreadable", lang=lang, path=target.name,
                                   reason=type(error).__name__) from None
    blocks = [(b.key, b.original.string) for b in parse_stream(io.StringIO(text))]
    return blocks, dotenv_values(stream=io.StringIO(text))


def _write_atomic(target: Path, text: str, lang: str | None) -> None:
    """Write to a 0600 temporary file beside ``target``, then rename it over ``target``."""
    folder = target.resolve().parent
    try:
        fd, tmp = tempfile.mkstemp(prefix=".env-", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(tmp, 0o600)
            os.replace(tmp, target)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    except OSError as error:
        raise CredentialsFileError("storage.unwritable", lang=lang, path=target.name,
                                   reason=type(error).__name__) from None


def _git_warnings(target: Path, lang: str | None) -> list[str]:
    """Warn when git tracks the file or would not ignore it (best effort: no git, no warning)."""
    folder = target.resolve().parent

    def git(*args: str) -> int:
        try:
            return subprocess.run(["git", *args], cwd=folder, capture_output=True, timeout=5).returncode
        except (OSError, subprocess.SubprocessError):
            return -1

    if git("rev-parse", "--is-inside-work-tree") != 0:
        return []
    if git("ls-files", "--error-unmatch", target.name) == 0:
        return [t("storage.tracked", lang, path=target.name)]
    if git("check-ignore", "-q", target.name) != 0:
        return [t("storage.not_ignored", lang, path=target.name)]
    return []
