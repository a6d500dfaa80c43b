"""``python -m helpers.check``: test the key from the environment or ``.env`` and exit 0 if it works.

The key is read only from ``KEAP_API_KEY`` or the ``.env`` file, never from the command line,
where other users of the machine could see it: an argument shaped like a key is refused
without being shown.

Exit codes: 0 the key works; 1 Keap (or the sandbox) rejected it; 2 Keap could not be
reached or answered something unusable; 3 the app name, key, address or credentials file is
missing or mistyped; 4 the command line itself is wrong (unknown option, bad --timeout, a key
on the command line); 5 the result could not be written (closed pipe, full disk).
"""

from __future__ import annotations

import argparse
import contextlib
import math
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

EXIT_OK, EXIT_REJECTED, EXIT_UNREACHABLE, EXIT_INPUT, EXIT_USAGE, EXIT_OUTPUT = 0, 1, 2, 3, 4, 5
# Every code the command can return (the README and lesson 06 list exactly these).
EXIT_CODES = (EXIT_OK, EXIT_REJECTED, EXIT_UNREACHABLE, EXIT_INPUT, EXIT_USAGE, EXIT_OUTPUT)
REJECTED = frozenset(
    {
        "invalid_key",
        "missing_key",
        "legacy_retired",
        "forbidden",
        "xmlrpc_invalid_key",
        "xmlrpc_fault",
    }
)
UNREACHABLE = frozenset(
    {
        "dns",
        "offline",
        "refused",
        "tls",
        "connect_timeout",
        "read_timeout",
        "dropped",
        "redirect",
        "spike_arrest",
        "quota_exceeded",
        "rate_limited",
        "server_error",
        "html_response",
        "malformed_response",
        "unexpected_status",
        "unexpected",
        "response_too_large",
        "browser_blocked",  # the browser edition: the page may not call Keap (CORS)
    }
)
MAX_TIMEOUT = 600.0


def exit_code(cause: str) -> int:
    """The process exit code for a result's cause.

    >>> exit_code("ok"), exit_code("invalid_key"), exit_code("dns"), exit_code("key.empty")
    (0, 1, 2, 3)
    """
    if cause == "ok":
        return EXIT_OK
    if cause in REJECTED:
        return EXIT_REJECTED
    if cause in UNREACHABLE:
        return EXIT_UNREACHABLE
    return EXIT_INPUT


class _UsageError(Exception):
    """The command line is wrong; the text is safe to show."""


class _Parser(argparse.ArgumentParser):
    """argparse that reports problems through ``_UsageError`` instead of exiting with code 2."""

    def error(self, message: str) -> NoReturn:
        raise _UsageError(message)


def holds_a_key(argv: Sequence[str]) -> bool:
    """True when any argument holds something shaped like a key (or the ``KeapAK-`` prefix)."""
    from .credentials import hide_keys

    return any(hide_keys(arg) != arg or "keapak-" in arg.lower() for arg in argv)


def refuse_key_argument(argv: Sequence[str], lang: str) -> bool:
    """Say why a key must not be typed on the command line, without showing it; True if one was.

    Shared by every command of the package that reads a key (``helpers.check``,
    ``helpers.fidelity``): the caller then exits with ``EXIT_USAGE``.
    """
    if not holds_a_key(argv):
        return False
    from .i18n import t

    _say(t("cli.check.key_argument", lang), sys.stderr)
    return True


def _timeout(text: str) -> float:
    value = float(text)  # ValueError -> argparse reports an invalid value
    if not math.isfinite(value) or not 0 < value <= MAX_TIMEOUT:
        raise ValueError(text)
    return value


def _parser(lang: str) -> _Parser:
    from .i18n import LANGUAGES, t

    parser = _Parser(
        prog=f"python -m {__package__}.check", description=t("cli.check.description", lang)
    )
    parser.add_argument("--lang", choices=LANGUAGES, default=None)
    parser.add_argument(
        "--env-file",
        default=None,
        help="path of the .env file (default: the nearest .env above this folder;"
        " in the tutorial, the one at its root)",
    )
    parser.add_argument(
        "--timeout",
        type=_timeout,
        default=5.0,
        help=f"seconds to wait for an answer (above 0, at most {MAX_TIMEOUT:g})",
    )
    parser.add_argument("--legacy-route", choices=("gateway", "app"), default="gateway")
    return parser


def _safe_streams() -> None:
    """Never fail on a character the terminal cannot show (PYTHONIOENCODING=ascii, C locale)."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(AttributeError, ValueError, OSError):
            stream.reconfigure(errors="replace")  # type: ignore[union-attr]


def _say(text: str, stream: object) -> bool:
    """Print ``text`` and flush; False when it could not be written (closed pipe, full disk)."""
    try:
        print(text, file=stream, flush=True)  # type: ignore[arg-type]
        return True
    except (OSError, ValueError):
        _silence(stream)
        return False


def _silence(stream: object) -> None:
    """Point a broken stream at /dev/null so the interpreter's final flush cannot fail too."""
    try:
        fd = stream.fileno()  # type: ignore[attr-defined]
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, fd)
        os.close(null)
    except (OSError, ValueError, AttributeError):
        pass


def main(argv: Sequence[str] | None = None) -> int:
    """Run the check once and print its result in the chosen language; return the exit code."""
    _safe_streams()
    argv = list(sys.argv[1:] if argv is None else argv)
    from .i18n import language_from_argv, t

    lang = language_from_argv(argv)

    if refuse_key_argument(argv, lang):
        return EXIT_USAGE
    try:
        args = _parser(lang).parse_args(argv)
    except _UsageError as problem:
        from .credentials import shown

        text = (
            t("cli.check.bad_timeout", lang, limit=f"{MAX_TIMEOUT:g}")
            if "--timeout" in str(problem)
            else t("cli.check.usage", lang, problem=shown(str(problem), 200))
        )
        _say(text, sys.stderr)
        return EXIT_USAGE
    except SystemExit as done:  # --help
        return int(done.code or 0)
    return _run(args, args.lang or lang)


def _run(args: argparse.Namespace, lang: str) -> int:
    from .client import check_connection
    from .errors import TutorialError
    from .i18n import t
    from .storage import load_credentials

    try:
        creds = load_credentials(args.env_file)
    except TutorialError as error:
        _say(error.in_language(lang), sys.stderr)
        return EXIT_INPUT
    if not creds.app_name or not creds.key:
        _say(t("cli.check.missing", lang), sys.stderr)
        return EXIT_INPUT
    result = check_connection(
        creds.app_name,
        creds.key,
        lang=lang,
        timeout=(min(3.05, args.timeout), args.timeout),
        legacy_route=args.legacy_route,
    )
    if not _say(str(result), sys.stdout):
        _say(t("cli.check.output_failed", lang), sys.stderr)
        return EXIT_OUTPUT
    return exit_code(result.cause)


if __name__ == "__main__":  # pragma: no cover - exercised through a subprocess in tests
    sys.exit(main())
