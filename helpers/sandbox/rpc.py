"""The XML-RPC API: Keap's gateway endpoint and the old per-app endpoint.

Requests are parsed with ``xmlrpc.client.loads`` and answered with ``xmlrpc.client.dumps``
(never hand-built XML). Shapes: fact sheet §4 (fault envelope and fault strings) and §5
(methods).

- Gateway, ``/crm/xmlrpc/v1`` and ``/crm/xmlrpc``: the key travels in a header and was checked
  before this module runs; a first parameter is only a placeholder ("backwards
  compatibility", infusionsoft-php), and ``DataService.getUserInfo`` takes none at all.
- ``ContactService`` and ``DataService.query/findByField`` work on the sandbox's records
  (``rpc_data``), the same ones REST v2 answers with.
- Per-app, ``/api/xmlrpc`` (``https://<app>.infusionsoft.com/api/xmlrpc`` on the real Keap):
  the key is the first parameter, except for ``DataService.echo``, which takes no key.
"""

from __future__ import annotations

import xmlrpc.client
from collections.abc import Callable
from typing import Any

from . import bodies, rpc_data
from .demo import DEFAULT_ACCOUNT, DemoAccount, DemoUser
from .store import AccountData

# Shape: fact sheet §4, faultCode 0 and this string for an empty or malformed body.
PARSE_FAULT = xmlrpc.client.Fault(0, "Failed to parse XML-RPC request: Premature end of file.")
# Shape: fact sheet §4, faultCode 2 in a plugin's test fixture; plugins compare the string.
INVALID_KEY_FAULT = xmlrpc.client.Fault(2, "[InvalidKey]Invalid Key")
# UNCONFIRMED: whether the per-app endpoint takes a KeapAK- key as its first parameter.
# Keap says PATs and SAKs work for XML-RPC, about the gateway endpoint (fact sheet §4); the
# sandbox accepts only the legacy key here, so lessons keep learners on the gateway.
PER_APP_ACCEPTS_KEAPAK = False
# UNCONFIRMED: the values of application settings; only "enabled" is used by the old iSDK.
_APP_SETTINGS = {("application", "enabled"): "yes"}


class _BadRequest(Exception):
    """The body is not an XML-RPC method call."""


def _parse(body: bytes) -> tuple[str, tuple[Any, ...]]:
    try:
        params, method = xmlrpc.client.loads(body)
    except Exception as exc:  # expat, ResponseError, ValueError... all mean "not parseable"
        raise _BadRequest from exc
    if not method:  # e.g. a methodResponse sent as a request
        raise _BadRequest
    return method, params


def _response(value: Any) -> bytes:
    return xmlrpc.client.dumps((value,), methodresponse=True, allow_none=True).encode("utf-8")


def _fault(fault: xmlrpc.client.Fault) -> bytes:
    return xmlrpc.client.dumps(fault, methodresponse=True).encode("utf-8")


def _no_such_handler(method: str) -> xmlrpc.client.Fault:
    # Shape: fact sheet §4 ("No such handler: APIEmailService.sendTemplate"); code UNCONFIRMED.
    return xmlrpc.client.Fault(0, f"No such handler: {method[:100]}")


def _echo(params: tuple[Any, ...]) -> Any:
    return params[-1] if params else ""


def _app_setting(method: str, params: tuple[Any, ...]) -> Any:
    if len(params) < 2:
        # UNCONFIRMED: the fault for missing arguments (Apache XML-RPC's wording).
        return xmlrpc.client.Fault(0, f"No method matching arguments: {method}")
    module, setting = (str(p).strip().lower() for p in params[-2:])
    return _APP_SETTINGS.get((module, setting), "")


_METHODS: dict[str, Callable[[DemoUser, str, tuple[Any, ...]], Any]] = {
    "DataService.getUserInfo": lambda user, method, params: bodies.xmlrpc_user_info(user),
    "DataService.echo": lambda user, method, params: _echo(params),
    "DataService.getAppSetting": lambda user, method, params: _app_setting(method, params),
}


def _call(
    user: DemoUser, method: str, params: tuple[Any, ...], data: AccountData | None, gateway: bool
) -> bytes:
    if method in rpc_data.METHODS:
        if data is None:
            return _fault(_no_such_handler(method))
        result = rpc_data.call(data, method, params, key_first=gateway)
    else:
        result = _METHODS[method](user, method, params)
    return _fault(result) if isinstance(result, xmlrpc.client.Fault) else _response(result)


def _parse_known(body: bytes) -> tuple[str, tuple[Any, ...]] | bytes:
    """The call's method and parameters, or the fault's XML for a broken body or unknown method."""
    try:
        method, params = _parse(body)
    except _BadRequest:
        return _fault(PARSE_FAULT)
    if method not in _METHODS and method not in rpc_data.METHODS:
        return _fault(_no_such_handler(method))
    return method, params


def gateway_answer(body: bytes, user: DemoUser, data: AccountData | None = None) -> bytes:
    """The XML of a gateway call by an authenticated ``user``, on the records ``data``."""
    parsed = _parse_known(body)
    if isinstance(parsed, bytes):
        return parsed
    return _call(user, *parsed, data, gateway=True)


def per_app_answer(
    body: bytes,
    legacy_retired: bool,
    account: DemoAccount = DEFAULT_ACCOUNT,
    data: AccountData | None = None,
) -> bytes:
    """The XML of a per-app call, where the key is the first parameter.

    ``legacy_retired``: legacy keys are refused too, with the same ``[InvalidKey]`` fault
    (UNCONFIRMED: how the per-app endpoint refuses after the shutdown, fact sheet §2).
    """
    parsed = _parse_known(body)
    if isinstance(parsed, bytes):
        return parsed
    method, params = parsed
    if method == "DataService.echo":  # needs no key (fact sheet §5)
        return _response(_echo(params))
    key = params[0] if params and isinstance(params[0], str) else ""
    user = account.owner_of(key)
    if user is None or not _per_app_accepts(user, legacy_retired):
        return _fault(INVALID_KEY_FAULT)
    return _call(user, method, params[1:], data, gateway=False)


def _per_app_accepts(user: DemoUser, legacy_retired: bool) -> bool:
    if user.kind == "legacy_app":
        return not legacy_retired
    return PER_APP_ACCEPTS_KEAPAK
