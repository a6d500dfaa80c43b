"""The REST endpoints the sandbox knows, at Keap's exact paths, for an authenticated caller.

The caller's own description (userinfo, business profile, application status) comes from
``ROUTES``; everything else under ``/rest/v2`` from ``resources`` (records with state, and
Keap's other operations answered as an empty account).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from . import bodies, resources
from .demo import DemoUser
from .store import AccountData

_Builder = Callable[[DemoUser], dict[str, Any]]

# Paths: Keap REST v2 OpenAPI (server https://api.keap.com/crm) and fact sheet §5 for v1.
ROUTES: dict[str, _Builder] = {
    "/crm/rest/v2/oauth/connect/userinfo": bodies.userinfo_v2,
    "/crm/rest/v2/businessProfile": bodies.business_profile_v2,
    "/crm/rest/v2/settings/applications:isEnabled": lambda user: bodies.application_enabled(),
    "/crm/rest/v1/oauth/connect/userinfo": bodies.userinfo_v1,
    "/crm/rest/v1/account/profile": bodies.account_profile_v1,
}


def answer(
    method: str,
    path: str,
    user: DemoUser,
    *,
    query: str = "",
    body: bytes = b"",
    data: AccountData | None = None,
) -> tuple[int, dict[str, Any] | None]:
    """Status and JSON body (None for 204) for a REST request by ``user`` (authenticated)."""
    builder = ROUTES.get(path)
    resource = path.rsplit("/", 1)[-1]
    if builder is None:
        inner = path[len("/crm") :]
        if data is not None and resources.is_resource_path(inner):
            request = resources.ApiRequest.parse(method, inner, query, body)
            return resources.answer(request, data)
        return 404, bodies.api_error(404, "Not Found", "NOT_FOUND", resource)
    if method != "GET":
        return 405, bodies.api_error(405, "Method Not Allowed", "METHOD_NOT_ALLOWED", resource)
    return 200, builder(user)
