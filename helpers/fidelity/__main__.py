"""``python -m helpers.fidelity``: compare the real Keap's answers with the sandbox's, by shape.

The key is read only from ``KEAP_API_KEY`` or the ``.env`` file (as ``helpers.check`` does),
never from the command line. Before anything is sent, the full request list is printed and,
unless ``--yes``, the person must agree. ``--self-test`` compares the sandbox with itself.

Exit codes: 0 no differences; 1 differences found (the report says which); 2 Keap did not
answer at all, or something unexpected went wrong; 3 nothing was sent (no credentials, a demo
key, a refused destination, or no consent); 4 a key was typed on the command line (refused
without being shown, as ``helpers.check`` does).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import requests

from .. import check, config
from ..credentials import inspect_app_name, inspect_key
from ..errors import TutorialError
from ..i18n import LANGUAGES, language_from_argv, t
from ..sandbox import is_demo_key
from ..storage import load_credentials
from . import report, runner
from .probes import PROBES

EXIT_SAME, EXIT_DIFFERENT, EXIT_UNREACHABLE, EXIT_NOT_SENT = 0, 1, 2, 3
EXIT_USAGE = check.EXIT_USAGE
DEFAULT_OUTPUT = "keap-fidelity-report.json"
_YES = frozenset({"y", "yes", "s", "si", "sí", "sim"})


def _parser(lang: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=f"python -m {__package__}", description=t("fidelity.cli.description", lang)
    )
    parser.add_argument("--yes", action="store_true", help=t("fidelity.cli.help_yes", lang))
    parser.add_argument(
        "--self-test", action="store_true", help=t("fidelity.cli.help_self_test", lang)
    )
    parser.add_argument("--output", metavar="FILE", help=t("fidelity.cli.help_output", lang))
    parser.add_argument(
        "--lang", choices=LANGUAGES, default=lang, help=t("fidelity.cli.help_lang", lang)
    )
    parser.add_argument("--env-file", metavar="FILE", help=t("fidelity.cli.help_env_file", lang))
    return parser


def _error(code: str, lang: str, **fmt: object) -> None:
    print(f"{t(code + '.message', lang, **fmt)} {t(code + '.fix', lang, **fmt)}", file=sys.stderr)


def _list_requests(intro: str, gateway_origin: str, lang: str) -> None:
    print(t(intro, lang, count=len(PROBES)))
    for line in report.request_lines(gateway_origin, lang):
        print(line)
    print(flush=True)


def _agreed(lang: str, ask: Callable[[str], str]) -> bool:
    print(t("fidelity.consent.explain", lang, count=len(PROBES)))
    try:
        answer = ask(t("fidelity.consent.question", lang))
    except (EOFError, KeyboardInterrupt):
        print()
        return False
    return answer.strip().casefold() in _YES


def _save(comparison: runner.Comparison, path: str, lang: str) -> bool:
    text = (
        report.dumps(comparison, lang)
        if path.lower().endswith(".json")
        else report.to_text(comparison, lang)
    )
    try:
        Path(path).write_text(text, encoding="utf-8")
    except OSError as error:
        _error(
            "fidelity.output_unwritable", lang, path=Path(path).name, reason=type(error).__name__
        )
        return False
    print(t("fidelity.saved", lang, path=path))
    return True


def _finish(comparison: runner.Comparison, output: str | None, lang: str) -> int:
    print(report.to_text(comparison, lang), end="")
    if output:
        _save(comparison, output, lang)
    return EXIT_DIFFERENT if comparison.differences else EXIT_SAME


def _self_test(output: str | None, lang: str) -> int:
    _list_requests("fidelity.list.intro_self_test", config.KEAP_BASE_URL, lang)
    return _finish(runner.self_test(), output, lang)


def _real(
    args: argparse.Namespace,
    lang: str,
    ask: Callable[[str], str],
    session: requests.Session | None,
    gateway_origin: str,
) -> int:
    try:
        creds = load_credentials(args.env_file)
    except TutorialError as error:  # unreadable, not UTF-8, too large: nothing was sent
        print(error.in_language(lang), file=sys.stderr)
        return EXIT_NOT_SENT
    if not creds.app_name or not creds.key:
        _error("fidelity.missing", lang)
        return EXIT_NOT_SENT
    try:
        app = inspect_app_name(creds.app_name, lang)
        info = inspect_key(creds.key, lang)
        if is_demo_key(info.key):
            _error("fidelity.demo_key", lang)
            return EXIT_NOT_SENT
        target = runner.keap_target(app.name, info.key, gateway_origin)
        runner.check_targets(target, keap_only=True)
    except TutorialError as error:
        error.lang = lang
        print(f"{error.message} {error.fix}", file=sys.stderr)
        return EXIT_NOT_SENT
    _list_requests("fidelity.list.intro_keap", target.gateway_origin, lang)
    if not args.yes and not _agreed(lang, ask):
        print(t("fidelity.consent.declined", lang))
        return EXIT_NOT_SENT
    print(t("fidelity.sending", lang), flush=True)
    try:
        comparison = runner.run(target, info.kind, keap_session=session)
    except KeyboardInterrupt:
        print(t("fidelity.interrupted", lang), file=sys.stderr)
        return EXIT_NOT_SENT
    if not comparison.keap.answered:
        _error("fidelity.unreachable", lang)
        return EXIT_UNREACHABLE
    return _finish(comparison, args.output or DEFAULT_OUTPUT, lang)


def main(
    argv: Sequence[str] | None = None,
    *,
    ask: Callable[[str], str] = input,
    session: requests.Session | None = None,
    gateway_origin: str = config.KEAP_BASE_URL,
) -> int:
    """Run the comparison; ``session`` and ``gateway_origin`` exist for the tests."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if check.refuse_key_argument(argv, language_from_argv(argv)):
        return EXIT_USAGE  # before argparse, whose error would echo the argument
    args = _parser(language_from_argv(argv)).parse_args(argv)
    lang = args.lang
    try:
        if args.self_test:
            return _self_test(args.output, lang)
        return _real(args, lang, ask, session, gateway_origin)
    except Exception as error:  # a learner sees one sentence, not a traceback
        _error("fidelity.failed", lang, reason=type(error).__name__)
        return EXIT_UNREACHABLE


if __name__ == "__main__":
    sys.exit(main())
