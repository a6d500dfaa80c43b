"""``python -m helpers.check``: test the key from the environment or ``.env`` and exit 0 if it works.

The key is read only from ``KEAP_API_KEY`` or the ``.env`` file, never from the command line,
where other users of the machine could see it.

Exit codes: 0 the key works; 1 Keap (or the sandbox) rejected it; 2 Keap could not be
reached or answered something unusable; 3 the app name or key is missing or mistyped.
"""

from __future__ import annotations

import argparse
import sys

from .client import check_connection
from .i18n import LANGUAGES, get_language, t
from .storage import load_credentials

EXIT_OK, EXIT_REJECTED, EXIT_UNREACHABLE, EXIT_INPUT = 0, 1, 2, 3
REJECTED = frozenset({"invalid_key", "missing_key", "legacy_retired", "forbidden",
                      "xmlrpc_invalid_key", "xmlrpc_fault"})
UNREACHABLE = frozenset({"dns", "offline", "refused", "tls", "connect_timeout", "read_timeout",
                         "dropped", "redirect", "spike_arrest", "quota_exceeded", "rate_limited",
                         "server_error", "html_response", "malformed_response",
                         "unexpected_status", "unexpected"})


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


def main(argv: list[str] | None = None) -> int:
    """Run the check once and print its result in the chosen language."""
    parser = argparse.ArgumentParser(prog="python -m helpers.check",
                                     description=t("cli.check.description", "en"))
    parser.add_argument("--lang", choices=LANGUAGES, default=None)
    parser.add_argument("--env-file", default=None, help="path of the .env file (default: the nearest .env above this folder; in the tutorial, the one at its root)")
    parser.add_argument("--timeout", type=float, default=5.0, help="seconds to wait for an answer")
    parser.add_argument("--legacy-route", choices=("gateway", "app"), default="gateway")
    args = parser.parse_args(argv)
    lang = args.lang or get_language()
    creds = load_credentials(args.env_file)
    if not creds.app_name or not creds.key:
        print(t("cli.check.missing", lang), file=sys.stderr)
        return EXIT_INPUT
    result = check_connection(creds.app_name, creds.key, lang=lang,
                              timeout=(min(3.05, args.timeout), args.timeout),
                              legacy_route=args.legacy_route)
    print(result)
    return exit_code(result.cause)


if __name__ == "__main__":  # pragma: no cover - exercised through a subprocess in tests
    sys.exit(main())
