"""Response bodies the sandbox sends, each with the source of its shape.

Two error shapes exist (fact sheet §3): the gateway's Apigee fault for auth, spike and
quota failures, and the v2 ``Error`` schema for errors from the application itself.
"""

from __future__ import annotations

import html
from typing import Any

from ..facts import value
from ..i18n import normalize_language, t
from .demo import DEMO_PHONE_EXT, DemoUser, demo_business

LOGIN_PATH = "/_sandbox/login"

# Shape: fact ``missing_key_errorcode`` (helpers.facts): Apigee fault, seen in a
# third-party probe (w6w-io/w6w-apps auth/probe.ts) when no key is sent.
MISSING_KEY_FAULT = {
    "fault": {
        "faultstring": "Invalid access token",
        "detail": {"errorcode": value("missing_key_errorcode")},
    }
}
# Shape: fact ``invalid_key_errorcode`` (helpers.facts, unconfirmed): Apigee fault,
# seen in a third-party probe with a garbage Bearer key (the X-Keap-API-Key case and the
# rejected legacy key are UNCONFIRMED: the sandbox uses the same answer for both).
INVALID_KEY_FAULT = {
    "fault": {
        "faultstring": "Invalid access token",
        "detail": {"errorcode": value("invalid_key_errorcode")},
    }
}
# Shape: fact ``spike_arrest_errorcode``: spike arrest fault quoted on Keap's community forum (/88137);
# the rate in the message is invented to match Keap's documented 10 requests/second.
SPIKE_FAULT = {
    "fault": {
        "faultstring": "Spike arrest violation. Allowed rate : MessageRate{messagesPerPeriod=10, "
        "periodInMicroseconds=1000000, maxBurstMessageCount=1.0}",
        "detail": {"errorcode": value("spike_arrest_errorcode")},
    }
}
# Shape: fact ``quota_errorcode``: errorcode and faultstring from Keap's "Apigee migration update"
# forum post (/74173); the text after "exceeded." is not quoted there, so it is left out.
QUOTA_FAULT = {
    "fault": {
        "faultstring": "Rate limit quota violation. Quota limit exceeded.",
        "detail": {"errorcode": value("quota_errorcode")},
    }
}


def api_error(code: int, message: str, status: str, resource: str = "") -> dict[str, Any]:
    """A body in the v2 ``Error`` shape.

    Shape: Keap REST v2 OpenAPI, schemas Error and ErrorDetails. The ``status`` words
    (NOT_FOUND, PERMISSION_DENIED, INTERNAL) and the detail values are UNCONFIRMED: no real
    Keap 403/404/500 body was found.
    """
    details = [{"domain": "crm", "resource": resource}] if resource else []
    return {"code": code, "message": message, "status": status, "details": details}


def userinfo_v2(user: DemoUser) -> dict[str, Any]:
    """Shape: Keap REST v2 OpenAPI, schema GetUserInfoResponse (ids are strings there).

    UNCONFIRMED: that ``tenant_id`` is the app name; what a SAK's userinfo says.
    """
    return {
        "email": user.email,
        "sub": str(user.local_id),
        "id": str(user.global_id),
        "keap_id": user.email,
        "family_name": user.family_name,
        "given_name": user.given_name,
        "middle_name": user.middle_name,
        "preferred_name": user.preferred_name,
        "is_admin": user.is_admin,
        "tenant_id": user.app_name,
    }


def userinfo_v1(user: DemoUser) -> dict[str, Any]:
    """Shape: fact sheet §5 (REST v1 userinfo, from Keap's community and infusionsoft-php).

    ``sub`` is the local id and ``infusionsoft_id`` the login name; the JSON types (string
    ``sub``, integer ``global_user_id``) are UNCONFIRMED.
    """
    return {
        "sub": str(user.local_id),
        "email": user.email,
        "given_name": user.given_name,
        "family_name": user.family_name,
        "middle_name": user.middle_name,
        "global_user_id": user.global_id,
        "infusionsoft_id": user.email,
        "preferred_name": user.preferred_name,
    }


def business_profile_v2(user: DemoUser) -> dict[str, Any]:
    """Shape: Keap REST v2 OpenAPI, schema GetBusinessProfileResponse.

    The business of the account ``user`` belongs to, in that account's edition.
    """
    return demo_business(user.lang)


def account_profile_v1(user: DemoUser) -> dict[str, Any]:
    """Shape: fact sheet §5: the v2 business fields plus ``phone_ext`` (Keap REST v1 docs)."""
    return {**business_profile_v2(user), "phone_ext": DEMO_PHONE_EXT}


def application_enabled() -> dict[str, Any]:
    """Shape: Keap REST v2 OpenAPI, schema GetApplicationEnabledStatusResponse."""
    return {"isEnabled": True}


def xmlrpc_user_info(user: DemoUser) -> dict[str, Any]:
    """The struct of ``DataService.getUserInfo``.

    Shape: UNCONFIRMED. No public source shows this method's answer (fact sheet §5); the
    field names are invented to look like Infusionsoft's camelCase XML-RPC structs.
    """
    return {
        "globalUserId": user.global_id,
        "localUserId": user.local_id,
        "appAlias": user.app_name,
        "appUrl": f"https://{user.app_name}.infusionsoft.com",
        "displayName": f"{user.given_name} {user.family_name}".strip(),
        "email": user.email,
        "casUsername": user.email,
    }


def login_page(lang: str | None = None) -> str:
    """A sign-in page, the kind a proxy, captive portal or wrong address returns.

    Not a copy of Keap's page: it only has to be HTML where JSON was expected. Its text
    comes from the catalogue so a learner who opens it sees what it stands for.
    """
    title = html.escape(t("sandbox.login_page.title", lang))
    text = html.escape(t("sandbox.login_page.text", lang))
    email = html.escape(t("sandbox.login_page.email", lang))
    password = html.escape(t("sandbox.login_page.password", lang))
    button = html.escape(t("sandbox.login_page.button", lang))
    return (
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8">'
        f"<title>{title}</title></head>\n<body><h1>{title}</h1><p>{text}</p>\n"
        f'<form method="post" action="{LOGIN_PATH}">'
        f'<label>{email} <input name="username" type="email"></label>'
        f'<label>{password} <input name="password" type="password"></label>'
        f'<button type="submit">{button}</button></form>\n</body></html>\n'
    )


def home_page(url: str, lang: str | None = None) -> str:
    """The sandbox's own address (``GET /``): what it is and how to stop it, in ``lang``."""
    e = html.escape
    title = e(t("sandbox.home_page.title", lang))
    code = html_lang(lang)
    return (
        f'<!DOCTYPE html>\n<html lang="{code}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{title}</title></head>\n<body><main><h1>{title}</h1>"
        f"<p>{e(t('sandbox.home_page.text', lang, url=url))}</p>"
        f"<p>{e(t('sandbox.home_page.stop', lang))}</p></main>\n</body></html>\n"
    )


def html_lang(lang: str | None) -> str:
    """The page's ``lang`` attribute for an edition.

    >>> html_lang("pt"), html_lang("es"), html_lang("en")
    ('pt-BR', 'es-419', 'en')
    """
    return {"es": "es-419", "pt": "pt-BR"}.get(normalize_language(lang or "es"), "en")
