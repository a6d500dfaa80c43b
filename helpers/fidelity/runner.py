"""Send the fixed requests to both sides, keep only the shapes and relations, compare them.

The raw answers live only inside ``observe_side``'s caller and are dropped once their shapes
and relations are taken; nothing that identifies anyone leaves this module.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, field
from typing import Any

import requests

from .. import config
from ..credentials import KeyKind
from ..errors import RequestFailed
from ..sandbox import DEMO_APP_NAME, DEMO_LEGACY_KEY, DEMO_SERVICE_ACCOUNT_KEY, REVOKED_KEY
from . import transport
from .compare import Difference, compare
from .probes import PREFLIGHT_ID, PROBES, Target, build_request
from .relations import app_name_fields, preflight_details, relations
from .shape import Answer, Redactor, identifying_values, safe_path, shape_of

KEAP_PAUSE_SECONDS = 0.5  # at most 2 requests a second: far below Keap's 10/second per key
WRONG_KEY = REVOKED_KEY  # a public sandbox value: no Keap account has it


@dataclass
class Side:
    """One side's redacted result: a shape per request and the relations."""

    shapes: dict[str, dict[str, Any]]
    relations: dict[str, Any]
    # The CORS preflight's status and its two headers, as they may be shown (browser edition).
    preflight: dict[str, Any] = field(default_factory=dict)

    @property
    def answered(self) -> bool:
        """True if at least one request got an answer."""
        return any(shape["status"] is not None for shape in self.shapes.values())


@dataclass
class Comparison:
    """Both sides and their differences, with what the report needs to say about the run."""

    keap: Side
    sandbox: Side
    differences: list[Difference]
    key_kind: str
    self_test: bool
    gateway_origin: str
    date: str = field(default_factory=lambda: dt.datetime.now(dt.timezone.utc).date().isoformat())


def check_targets(target: Target, *, keap_only: bool) -> None:
    """Refuse, before the first request, if any request of the list would go somewhere unsafe."""
    for probe in PROBES:
        transport.check_destination(build_request(probe, target)["url"], keap_only=keap_only)


def observe_side(
    target: Target,
    session: requests.Session,
    *,
    keap_only: bool,
    pause: float = 0.0,
    sleep: Callable[[float], None] | None = None,
) -> Side:
    """Send every request of the list to ``target`` and keep only shapes and relations."""
    check_targets(target, keap_only=keap_only)
    answers: dict[str, Answer] = {}
    for index, probe in enumerate(PROBES):
        if index and pause:
            (sleep or time.sleep)(pause)
        answers[probe.id] = _ask(session, build_request(probe, target), keap_only)
    secrets = identifying_values(answers.values()) | {target.app_name}
    redactor = Redactor(secrets, keys=(target.key, target.wrong_key))
    shapes = {probe_id: shape_of(answer, redactor) for probe_id, answer in answers.items()}
    found = relations(answers, shapes, target.app_name)
    found["app_name_fields"] = [
        _safe_field(f, redactor) for f in app_name_fields(answers, target.app_name)
    ]
    # The preflight's header values are judged against everything the other answers hold (its
    # own values would hide themselves): an allowed header name naming the account is hidden.
    others = identifying_values(a for probe_id, a in answers.items() if probe_id != PREFLIGHT_ID)
    names = Redactor(others | {target.app_name}, keys=(target.key, target.wrong_key))
    return Side(shapes, found, preflight_details(answers.get(PREFLIGHT_ID), names))


def _ask(session: requests.Session, request: dict[str, Any], keap_only: bool) -> Answer:
    try:
        response = transport.send(session, request, keap_only=keap_only)
    except RequestFailed as error:
        return Answer(None, error=error.cause)
    return Answer(response.status_code, dict(response.headers), response.body)


def _safe_field(found: str, redactor: Redactor) -> str:
    probe, _, path = found.partition(":")
    return f"{probe}:{safe_path(path, redactor)}"


def sandbox_target(origin: str, kind: KeyKind) -> Target:
    """The sandbox side: its demo app and the demo key of the same kind as the learner's."""
    key = DEMO_LEGACY_KEY if kind is KeyKind.LEGACY else DEMO_SERVICE_ACCOUNT_KEY
    return Target(origin, origin, DEMO_APP_NAME, key, WRONG_KEY)


def keap_target(app_name: str, key: str, gateway_origin: str = config.KEAP_BASE_URL) -> Target:
    """The real Keap: its API host, and the account's own host for the per-app endpoint."""
    return Target(
        gateway_origin.rstrip("/"), f"https://{app_name}.infusionsoft.com", app_name, key, WRONG_KEY
    )


def run(
    keap: Target,
    kind: KeyKind,
    *,
    keap_session: requests.Session | None = None,
    self_test: bool = False,
    sleep: Callable[[float], None] | None = None,
) -> Comparison:
    """Ask Keap (or, in the self-test, a second sandbox) and a fresh sandbox; compare."""
    from ..sandbox import Sandbox

    with ExitStack() as stack:
        keap_http = keap_session or stack.enter_context(requests.Session())
        keap_side = observe_side(
            keap,
            keap_http,
            keap_only=not self_test,
            pause=0.0 if self_test else KEAP_PAUSE_SECONDS,
            sleep=sleep,
        )
        local = stack.enter_context(Sandbox())
        sandbox_http = stack.enter_context(requests.Session())
        sandbox_side = observe_side(sandbox_target(local.url, kind), sandbox_http, keap_only=False)
    differences = compare(
        keap_side.shapes, sandbox_side.shapes, keap_side.relations, sandbox_side.relations
    )
    return Comparison(
        keap_side,
        sandbox_side,
        differences,
        kind.value,
        self_test,
        keap.gateway_origin if not self_test else config.KEAP_BASE_URL,
    )


def self_test(kind: KeyKind = KeyKind.KEAP) -> Comparison:
    """The sandbox compared with another sandbox over the same list: no network at all."""
    from ..sandbox import Sandbox

    with Sandbox() as mirror:
        return run(sandbox_target(mirror.url, kind), kind, self_test=True)
