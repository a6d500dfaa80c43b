"""The fixed list of read-only requests the comparison sends, the same to Keap and the sandbox.

Each request is one the tutorial relies on (fact sheet: REST v2 and v1 userinfo, the v2
business profile, the XML-RPC gateway and the old per-app endpoint; lesson 10's first real
call: a page of one contact, the tags and the contact model, all reads), plus one question for the
browser edition: the CORS preflight a browser page would send before calling userinfo with the
``X-Keap-API-Key`` header (``OPTIONS``, no key). The list never changes at run time and never
holds more than ``MAX_REQUESTS`` entries (a test fixes both).

>>> len(PROBES) <= MAX_REQUESTS
True
>>> [p.id for p in PROBES][:2]
['v2_userinfo_keap_header', 'v2_userinfo_bearer']
"""

from __future__ import annotations

import xmlrpc.client
from dataclasses import dataclass
from typing import Any

MAX_REQUESTS = 14
USER_AGENT = "keap-api-key-tutorial-fidelity/1.0"
APP_PLACEHOLDER = "<app>"

# How the key travels in a request (catalogue key suffixes: ``fidelity.auth.<name>``).
KEAP_HEADER, BEARER, WRONG_KEAP_HEADER, WRONG_BEARER, NO_KEY, XML_PARAM, PREFLIGHT = (
    "keap_header",
    "bearer",
    "wrong_keap_header",
    "wrong_bearer",
    "no_key",
    "xml_param",
    "preflight",
)
# The page origin the preflight names. example.org is reserved for examples (RFC 2606): it
# belongs to no one, so Keap cannot have allowed it on purpose. A "yes" for it means Keap lets
# any site's page call it (as a JupyterLite site on any host would need); a "no" means Keap
# allows at most some sites of its own choosing.
PREFLIGHT_ORIGIN = "https://example.org"
PREFLIGHT_HEADER = "x-keap-api-key"  # the header the check sends, as a browser lists it
PREFLIGHT_ID = "v2_userinfo_cors_preflight"
_GATEWAY, _PER_APP = "gateway", "per_app"


@dataclass(frozen=True)
class Probe:
    """One read-only request: where it goes, how it carries the key, what it asks."""

    id: str
    method: str
    path: str
    auth: str
    host: str = _GATEWAY  # "gateway": Keap's API host; "per_app": https://<app>.infusionsoft.com
    xmlrpc_method: str = ""

    def shown_url(self, gateway_origin: str) -> str:
        """The URL as listed on screen and in the report: the app name is a placeholder."""
        origin = (
            f"https://{APP_PLACEHOLDER}.infusionsoft.com"
            if self.host == _PER_APP
            else gateway_origin
        )
        return origin + self.path


PROBES: tuple[Probe, ...] = (
    Probe("v2_userinfo_keap_header", "GET", "/crm/rest/v2/oauth/connect/userinfo", KEAP_HEADER),
    Probe("v2_userinfo_bearer", "GET", "/crm/rest/v2/oauth/connect/userinfo", BEARER),
    Probe("v2_business_keap_header", "GET", "/crm/rest/v2/businessProfile", KEAP_HEADER),
    Probe("v2_business_bearer", "GET", "/crm/rest/v2/businessProfile", BEARER),
    Probe(
        "v2_userinfo_wrong_keap_header",
        "GET",
        "/crm/rest/v2/oauth/connect/userinfo",
        WRONG_KEAP_HEADER,
    ),
    Probe("v2_userinfo_wrong_bearer", "GET", "/crm/rest/v2/oauth/connect/userinfo", WRONG_BEARER),
    Probe("v2_userinfo_no_key", "GET", "/crm/rest/v2/oauth/connect/userinfo", NO_KEY),
    Probe("v1_userinfo_keap_header", "GET", "/crm/rest/v1/oauth/connect/userinfo", KEAP_HEADER),
    Probe(
        "xmlrpc_gateway_getuserinfo",
        "POST",
        "/crm/xmlrpc/v1",
        KEAP_HEADER,
        xmlrpc_method="DataService.getUserInfo",
    ),
    Probe(
        "xmlrpc_per_app_getuserinfo",
        "POST",
        "/api/xmlrpc",
        XML_PARAM,
        host=_PER_APP,
        xmlrpc_method="DataService.getUserInfo",
    ),
    Probe(PREFLIGHT_ID, "OPTIONS", "/crm/rest/v2/oauth/connect/userinfo", PREFLIGHT),
    Probe("v2_contacts_page", "GET", "/crm/rest/v2/contacts?page_size=1", KEAP_HEADER),
    Probe("v2_tags_page", "GET", "/crm/rest/v2/tags?page_size=1", KEAP_HEADER),
    Probe("v2_contact_model", "GET", "/crm/rest/v2/contacts/model", KEAP_HEADER),
)
PROBES_BY_ID = {probe.id: probe for probe in PROBES}


@dataclass(frozen=True)
class Target:
    """One side of the comparison: where its requests go and which keys they carry.

    The repr never shows a key.
    """

    gateway_origin: str
    per_app_origin: str
    app_name: str
    key: str
    wrong_key: str

    def __repr__(self) -> str:
        return f"Target(gateway_origin={self.gateway_origin!r}, per_app_origin={self.per_app_origin!r})"


def build_request(probe: Probe, target: Target) -> dict[str, Any]:
    """The keyword arguments of ``requests.Session.request`` for ``probe`` on ``target``."""
    origin = target.per_app_origin if probe.host == _PER_APP else target.gateway_origin
    headers = {"User-Agent": USER_AGENT}
    key = {
        KEAP_HEADER: target.key,
        BEARER: target.key,
        XML_PARAM: target.key,
        WRONG_KEAP_HEADER: target.wrong_key,
        WRONG_BEARER: target.wrong_key,
    }.get(probe.auth, "")
    if probe.auth in (KEAP_HEADER, WRONG_KEAP_HEADER):
        headers["X-Keap-API-Key"] = key
    elif probe.auth in (BEARER, WRONG_BEARER):
        headers["Authorization"] = f"Bearer {key}"
    request: dict[str, Any] = {
        "method": probe.method,
        "url": origin + probe.path,
        "headers": headers,
    }
    if probe.auth == PREFLIGHT:
        # Exactly what a browser sends before a cross-origin GET with the key header: no key.
        headers["Origin"] = PREFLIGHT_ORIGIN
        headers["Access-Control-Request-Method"] = "GET"
        headers["Access-Control-Request-Headers"] = PREFLIGHT_HEADER
        return {"method": probe.method, "url": origin + probe.path, "headers": headers}
    if probe.xmlrpc_method:
        # Through the gateway getUserInfo takes no parameter; the per-app endpoint takes the
        # key as its first parameter (fact sheet §4).
        params = (key,) if probe.auth == XML_PARAM else ()
        headers["Content-Type"] = "text/xml"
        request["data"] = xmlrpc.client.dumps(params, probe.xmlrpc_method).encode("utf-8")
    else:
        headers["Accept"] = "application/json"
    return request
