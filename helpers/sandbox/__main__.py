"""``python -m helpers.sandbox``: serve the sandbox in the foreground until Ctrl+C.

It prints its URL first, then the demo app name and the demo keys in full: they are public
demo values a class needs to type, and they grant nothing on the real Keap. It never prints
any other key.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from collections.abc import Sequence

from ..credentials import mask
from ..i18n import LANGUAGES, language_from_argv, set_language, t, tutorial_language
from .demo import (
    DEMO_APP_NAME,
    DEMO_LEGACY_KEY,
    DEMO_PERSONAL_ACCESS_TOKEN,
    DEMO_SERVICE_ACCOUNT_KEY,
    REVOKED_KEY,
    is_demo_key,
)
from .scenarios import SCENARIOS
from .server import Sandbox
from .state import DEFAULT_SLOW_SECONDS

_KEY_LABELS = (
    ("sandbox.key.service_account", DEMO_SERVICE_ACCOUNT_KEY),
    ("sandbox.key.personal", DEMO_PERSONAL_ACCESS_TOKEN),
    ("sandbox.key.legacy", DEMO_LEGACY_KEY),
    ("sandbox.key.revoked", REVOKED_KEY),
)


def _port_type(lang: str):
    """argparse type for --port: 0..65535, with a clear message in ``lang`` otherwise."""

    def port(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = -1
        if not 0 <= value <= 65535:
            raise argparse.ArgumentTypeError(t("sandbox.cli.bad_port", lang, port=text[:20]))
        return value

    return port


def _parser(lang: str) -> argparse.ArgumentParser:
    scenarios = "\n".join(t(f"sandbox.scenario.{name}", lang) for name in SCENARIOS)
    parser = argparse.ArgumentParser(
        prog=f"python -m {__package__}",  # helpers.sandbox, or keap_api_tutorial.sandbox
        description=t("sandbox.cli.description", lang),
        epilog=scenarios,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--port", type=_port_type(lang), default=0, help=t("sandbox.cli.help_port", lang)
    )
    parser.add_argument(
        "--scenario", choices=SCENARIOS, default="normal", help=t("sandbox.cli.help_scenario", lang)
    )
    parser.add_argument(
        "--lang", choices=LANGUAGES, default=lang, help=t("sandbox.cli.help_lang", lang)
    )
    parser.add_argument(
        "--slow-seconds",
        type=float,
        default=DEFAULT_SLOW_SECONDS,
        help=t("sandbox.cli.help_slow", lang),
    )
    parser.add_argument("--verbose", action="store_true", help=t("sandbox.cli.help_verbose", lang))
    return parser


def _print_banner(sandbox: Sandbox, lang: str) -> None:
    url = sandbox.url
    pat_user = sandbox.account.owner_of(DEMO_PERSONAL_ACCESS_TOKEN)
    pat_name = f"{pat_user.given_name} {pat_user.family_name}" if pat_user else ""
    _say(t("sandbox.cli.running", lang, url=url))
    _say(t("sandbox.cli.app_name", lang, app_name=DEMO_APP_NAME))
    _say(t("sandbox.cli.keys_title", lang))
    for label, key in _KEY_LABELS:
        if is_demo_key(key):  # only public demo keys are ever printed in full
            _say(
                t(
                    "sandbox.cli.key_line",
                    lang,
                    label=t(label, lang, name=pat_name),
                    demo_key=key,
                    masked=mask(key),
                )
            )
    _say(t("sandbox.cli.point_check", lang, url=url))
    _say(t("sandbox.cli.scenario", lang, scenario=sandbox.scenario, url=url))
    _say(t("sandbox.cli.stop_hint", lang))


def _say(text: str) -> None:
    """Print one line at once, so a pipe (a test, a terminal tool) sees it right away."""
    print(text, flush=True)


def _language(argv: Sequence[str]) -> str:
    """The ``--lang`` given, else the tutorial's language (see ``i18n.tutorial_language``)."""
    given = any(arg == "--lang" or arg.startswith("--lang=") for arg in argv)
    return language_from_argv(argv) if given else tutorial_language()


def main(argv: Sequence[str] | None = None) -> int:
    """Run the sandbox until Ctrl+C (or SIGTERM); return the exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    # Without --lang: $KEAP_TUTORIAL_LANG, else the system's locale (an English or Portuguese
    # learner's sandbox speaks their language), else Spanish.
    args = _parser(_language(argv)).parse_args(argv)
    lang = args.lang
    set_language(lang)  # also the language of the sandbox's login page
    sandbox = Sandbox(
        port=args.port,
        scenario=args.scenario,
        slow_seconds=args.slow_seconds,
        verbose=args.verbose,
        lang=lang,  # the demo people and business speak the banner's language
    )
    try:
        sandbox.start()
    except (OSError, OverflowError) as exc:
        print(
            t(
                "sandbox.cli.cannot_start",
                lang,
                port=args.port,
                reason=getattr(exc, "strerror", None) or exc,
            ),
            file=sys.stderr,
        )
        return 2
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda signum, frame: done.set())
    # Ctrl+C must work even when started with SIGINT ignored (e.g. from a background job).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        _print_banner(sandbox, lang)
        while not done.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        sandbox.stop()
    _say(t("sandbox.cli.stopped", lang))
    return 0


if __name__ == "__main__":
    sys.exit(main())
