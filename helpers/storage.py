"""Keep the app name and key in a ``.env`` file (0600, written atomically) and read them back.

The same names work as plain environment variables: ``KEAP_APP_NAME`` and ``KEAP_API_KEY``.
Other lines of the file are kept byte for byte (line endings, a UTF-8 BOM); a saved value is
replaced only when asked. Saving holds an advisory lock (flock) on the file's folder, so
"check, then write" is one step even across processes; a temporary file left by a killed save
is removed by the next save or load. Saving refuses a symbolic link at the path (it is neither
followed nor replaced); reading and saving refuse pipes, folders and devices, so nothing blocks,
and a file over ``MAX_ENV_FILE_BYTES`` (1 MiB), so nothing fills the memory.

In the browser edition (JupyterLite, see :mod:`helpers.runtime`) the file is ``/drive/.env``:
``/drive`` is the site's files, kept in this browser's storage (IndexedDB) for the site. That
file system may lack what a disk has (locks, permission bits, an atomic rename, fsync); there,
and only there, saving goes on without what is missing (see ``_tolerated``).
"""

from __future__ import annotations

import contextlib
import io
import os
import stat
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from dotenv import dotenv_values
from dotenv.parser import parse_stream

from . import runtime
from .credentials import inspect_key, mask, validate_app_name
from .errors import CredentialsFileError
from .i18n import t

try:  # POSIX; elsewhere saving works without the cross-process lock
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

APP_NAME_VAR = "KEAP_APP_NAME"
API_KEY_VAR = "KEAP_API_KEY"
ENV_FILE_VAR = "KEAP_ENV_FILE"
_OURS = (APP_NAME_VAR, API_KEY_VAR)
_BOM = "\ufeff"
LOCK_WAIT_SECONDS = 10.0
# A credentials file is a few short lines; anything larger is refused before it is read whole.
MAX_ENV_FILE_BYTES = 1 << 20
_MAX_ENV_FILE_SHOWN = "1 MiB"


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
    in_browser_storage: bool = False  # kept by this browser for the site, not a file on disk


def default_env_file(start: str | Path | None = None) -> Path:
    """The tutorial's one credentials file, found from any folder as python-dotenv's ``find_dotenv``.

    ``$KEAP_ENV_FILE`` if set. Otherwise walk up from ``start`` (the current folder) and take
    the first ``.env`` file; inside the tutorial the walk ends at its root folder (``tasks.py``
    beside ``helpers/``), whose ``.env`` is the answer even before it exists. So the lessons of every edition, the wizard,
    ``python -m helpers.check`` (from the root or a lesson folder) and ``load_dotenv()`` in a
    learner's own script in the tutorial all read and write the same file. Outside the
    tutorial, with no ``.env`` above, it is ``.env`` in ``start``. In the browser edition it
    is ``/drive/.env`` (see the module docstring), whatever ``start`` is.
    """
    chosen = os.environ.get(ENV_FILE_VAR)
    if chosen:
        return Path(chosen).expanduser()
    if runtime.in_browser():
        # The browser edition: the top of the site's files (the lessons are in
        # /drive/notebooks/<lang>/), which the browser keeps in its storage for the site.
        return Path(runtime.BROWSER_DRIVE) / ".env"
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / ".env"
        if candidate.is_file() or _is_tutorial_root(folder):
            return candidate
    return here / ".env"


def in_browser_storage(path: str | Path) -> bool:
    """True when ``path`` is one of the site's files in the browser edition (under ``/drive``):
    the browser keeps it in its storage for this site, not as a file on the computer's disk.
    A temporary folder there (``/tmp``) is only in memory and is gone when the page reloads."""
    if not runtime.in_browser():
        return False
    drive = Path(os.path.abspath(runtime.BROWSER_DRIVE))
    here = Path(os.path.abspath(path))
    return here == drive or drive in here.parents


def _is_tutorial_root(folder: Path) -> bool:
    """True for the tutorial's root folder: ``tasks.py`` beside the ``helpers`` package."""
    return (folder / "tasks.py").is_file() and (folder / "helpers").is_dir()


def save_credentials(
    app_name: str,
    key: str,
    path: str | Path | None = None,
    *,
    replace: bool = False,
    lang: str | None = None,
) -> SaveReport:
    """Check, then save the app name and key; refuse to overwrite different values unless ``replace``."""
    target = Path(path) if path else default_env_file()
    values = {
        APP_NAME_VAR: validate_app_name(app_name, lang),
        API_KEY_VAR: inspect_key(key, lang).key,
    }
    with _locked(target, lang):
        _remove_stale_temp_files(target)
        original = _read_text(target, lang)
        bom, text = (_BOM, original[1:]) if original.startswith(_BOM) else ("", original)
        lines, current = _blocks(text)
        changed = [name for name in _OURS if current.get(name) not in (None, values[name])]
        if changed and not replace:
            raise CredentialsFileError("storage.exists", lang=lang, path=target.name)
        newline = _newline_of(text)
        kept = [line for name, line in lines if name not in _OURS]
        if kept and not kept[-1].endswith(("\n", "\r")):
            kept[-1] += newline
        ours = "".join(f"{n}={values[n]}{newline}" for n in _OURS)
        _write_atomic(target, bom + "".join(kept) + ours, lang)
    if in_browser_storage(target):
        # No git in a browser page; what matters there is who else uses this browser.
        return SaveReport(target, bool(changed), (t("storage.browser_shared", lang),), True)
    return SaveReport(target, bool(changed), tuple(_git_warnings(target, lang)))


def load_credentials(path: str | Path | None = None) -> Credentials:
    """Read the credentials: environment variables first, then the ``.env`` file.

    Raises ``CredentialsFileError`` when the file exists but cannot be read as text.
    """
    target = Path(path) if path else default_env_file()
    env = {n: os.environ.get(n, "").strip() or None for n in _OURS}
    with contextlib.suppress(CredentialsFileError), _locked(target, None, wait=0.0):
        _remove_stale_temp_files(target)
    text = _read_text(target, None, follow_links=True).removeprefix(_BOM)
    filed = {n: (v or "").strip() or None for n, v in _blocks(text)[1].items()}
    app, key = (env[n] or filed.get(n) for n in _OURS)
    sources = [
        label
        for label, d in (("environment", env), (str(target.name), filed))
        if any(d.get(n) for n in _OURS)
    ]
    return Credentials(app, key, " + ".join(sources))


def delete_credentials(path: str | Path | None = None, lang: str | None = None) -> bool:
    """Remove the two credential lines, keep every other line; True if something was removed."""
    target = Path(path) if path else default_env_file()
    if not os.path.lexists(target):
        return False
    with _locked(target, lang):
        _remove_stale_temp_files(target)
        original = _read_text(target, lang)
        bom, text = (_BOM, original[1:]) if original.startswith(_BOM) else ("", original)
        lines, current = _blocks(text)
        if not any(n in current for n in _OURS):
            return False
        kept = "".join(line for name, line in lines if name not in _OURS)
        if kept.strip():
            _write_atomic(target, bom + kept, lang)
        else:
            target.unlink()
    return True


def _blocks(text: str) -> tuple[list[tuple[str | None, str]], dict[str, str | None]]:
    """Each original line block (line endings kept) with the variable it defines, and the values."""
    blocks = [(b.key, b.original.string) for b in parse_stream(io.StringIO(text, newline=""))]
    return blocks, dotenv_values(stream=io.StringIO(text, newline=""))


def _newline_of(text: str) -> str:
    """The file's own line ending: CRLF, lone CR or LF."""
    if "\r\n" in text:
        return "\r\n"
    return "\r" if "\r" in text else "\n"


def _refuse_special(target: Path, lang: str | None, follow_links: bool) -> bool:
    """True if ``target`` exists; raise for a symlink (unless following) or a non-regular file."""
    try:
        info = os.lstat(target)
    except FileNotFoundError:
        return False
    except OSError as error:
        raise _file_error(error, target, lang, "storage.unreadable") from None
    if stat.S_ISLNK(info.st_mode):
        if not follow_links:
            raise CredentialsFileError("storage.symlink", lang=lang, path=target.name)
        try:
            info = os.stat(target)
        except OSError:
            return False  # a dangling link holds no credentials
    if not stat.S_ISREG(info.st_mode):
        raise CredentialsFileError("storage.not_regular", lang=lang, path=target.name)
    return True


def _read_text(target: Path, lang: str | None, *, follow_links: bool = False) -> str:
    """The file's text exactly as stored ('' if absent); never blocks on a pipe or device."""
    if not _refuse_special(target, lang, follow_links):
        return ""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)
    if not follow_links:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(target, flags)
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):  # swapped since lstat
                raise CredentialsFileError("storage.not_regular", lang=lang, path=target.name)
            # The size is asked first and the read is capped too: a file growing meanwhile
            # still costs at most the cap, never the memory of a 2 GB (or sparse) file.
            data = b"" if info.st_size > MAX_ENV_FILE_BYTES else handle.read(MAX_ENV_FILE_BYTES + 1)
    except OSError as error:
        raise _file_error(error, target, lang, "storage.unreadable") from None
    if info.st_size > MAX_ENV_FILE_BYTES or len(data) > MAX_ENV_FILE_BYTES:
        raise CredentialsFileError(
            "storage.too_large", lang=lang, path=target.name, limit=_MAX_ENV_FILE_SHOWN
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise CredentialsFileError("storage.not_utf8", lang=lang, path=target.name) from None


def _file_error(error: OSError, target: Path, lang: str | None, code: str) -> CredentialsFileError:
    if isinstance(error, PermissionError):
        return CredentialsFileError("storage.no_permission", lang=lang, path=target.name)
    return CredentialsFileError(code, lang=lang, path=target.name, reason=type(error).__name__)


def _temp_prefix(target: Path) -> str:
    return f".{target.name.lstrip('.')}-save-"


@contextlib.contextmanager
def _locked(target: Path, lang: str | None, wait: float = LOCK_WAIT_SECONDS) -> Iterator[None]:
    """Hold an advisory lock on ``target``'s folder for a check-then-write.

    The folder, not a lock file: the file itself is replaced by a rename (a lock on it would
    lock the old copy), and a lock file would be one more file left beside the credentials.

    In a browser page the lock is skipped when its file system cannot give one (opening a
    folder or ``flock`` fails): there no other process shares the file, only this page's
    kernel, which runs one save at a time.
    """
    if fcntl is None or not hasattr(fcntl, "flock"):  # Windows; Pyodide's fcntl has no flock
        yield
        return
    try:
        fd = os.open(target.absolute().parent, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError as error:
        if runtime.in_browser() and not isinstance(error, FileNotFoundError):
            yield
            return
        raise _file_error(error, target, lang, "storage.unwritable") from None
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise CredentialsFileError(
                        "storage.busy", lang=lang, path=target.name
                    ) from None
                time.sleep(0.01)
            except (OSError, NotImplementedError):
                if not runtime.in_browser():
                    raise
                break  # no locks on this file system: see above
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _remove_stale_temp_files(target: Path) -> None:
    """Remove temporary files a killed save left (only ever called while holding the lock)."""
    prefix = _temp_prefix(target)
    try:
        names = os.listdir(target.parent if str(target.parent) else ".")
    except OSError:
        return
    for name in names:
        if name.startswith(prefix) and name.endswith(".tmp"):
            with contextlib.suppress(OSError):
                os.unlink(target.parent / name)


def _write_atomic(target: Path, text: str, lang: str | None) -> None:
    """Write to a 0600 temporary file beside ``target``, then rename it over ``target``.

    In a browser page, a step its file system does not support is done without (see
    ``_tolerated``), and when the rename fails the file is written in place instead.
    """
    folder = target.absolute().parent
    data = text.encode("utf-8")
    try:
        fd, tmp = tempfile.mkstemp(prefix=_temp_prefix(target), suffix=".tmp", dir=folder)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                _tolerated(os.fsync, handle.fileno())
            _tolerated(os.chmod, tmp, 0o600)
            try:
                os.replace(tmp, target)
            except (OSError, NotImplementedError):
                if not runtime.in_browser():
                    raise
                _write_in_place(target, data)
        finally:
            if os.path.exists(tmp):
                _tolerated(os.unlink, tmp)
    except OSError as error:
        raise _file_error(error, target, lang, "storage.unwritable") from None


def _tolerated(action: object, *args: object) -> None:
    """Run one step of a save; in a browser page, go on without it if it is unsupported.

    The browser's storage for a site (JupyterLite's ``/drive``) is not a disk: permission bits
    mean nothing there (the browser keeps the site's files apart from other sites, not from
    other people using the browser), and flushing to disk is the browser's job. On a computer
    every step stays required: a failure is reported as before.
    """
    try:
        action(*args)  # type: ignore[operator]
    except (OSError, NotImplementedError):
        if not runtime.in_browser():
            raise


def _write_in_place(target: Path, data: bytes) -> None:
    """The browser's fallback when renaming fails: overwrite ``target`` itself (never through
    a symbolic link). Not atomic, but one page's kernel is the only writer there."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(target, flags, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
        handle.flush()
        _tolerated(os.fsync, handle.fileno())


def _git_warnings(target: Path, lang: str | None) -> list[str]:
    """Warn when git tracks the file or would not ignore it (best effort: no git, no warning)."""
    folder = target.resolve().parent

    def git(*args: str) -> int:
        try:
            return subprocess.run(
                ["git", *args], cwd=folder, capture_output=True, timeout=5
            ).returncode
        except (OSError, subprocess.SubprocessError):
            return -1

    if git("rev-parse", "--is-inside-work-tree") != 0:
        return []
    if git("ls-files", "--error-unmatch", target.name) == 0:
        return [t("storage.tracked", lang, path=target.name)]
    if git("check-ignore", "-q", target.name) != 0:
        return [t("storage.not_ignored", lang, path=target.name)]
    return []
