"""The sandbox's fictional Keap account: an app name, demo keys and who each key belongs to.

The demo keys are public values that only this sandbox accepts; they grant nothing on the
real Keap. They have Keap's real formats (observed in public samples, not documented):
``KeapAK-`` + 50 lowercase hex for a PAT or SAK, 32 lowercase hex for a legacy key.

The people behind the keys and the business exist once per edition (``users_by_kind(lang)``,
``demo_business(lang)``), so each edition's learners read names in their own language; the
keys, ids, app name and shapes are the same in all of them.

>>> len(DEMO_SERVICE_ACCOUNT_KEY), DEMO_SERVICE_ACCOUNT_KEY[:7]
(57, 'KeapAK-')
>>> len(DEMO_LEGACY_KEY)
32
>>> is_demo_key(DEMO_PERSONAL_ACCESS_TOKEN), is_demo_key("KeapAK-" + "0" * 50)
(True, False)
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from ..i18n import DEFAULT_LANGUAGE, normalize_language
from .scenarios import SandboxSettingError

DEMO_APP_NAME = "zz123"  # 2 letters + 3 digits, the usual shape; "zz" marks it as fake


def _demo_hex(phrase: str, length: int) -> str:
    """Deterministic lowercase hex derived from a fixed, public phrase."""
    return hashlib.sha256(f"keap-tutorial sandbox {phrase}".encode()).hexdigest()[:length]


DEMO_SERVICE_ACCOUNT_KEY = "KeapAK-" + _demo_hex("service account key", 50)
DEMO_PERSONAL_ACCESS_TOKEN = "KeapAK-" + _demo_hex("personal access token", 50)
DEMO_LEGACY_KEY = _demo_hex("legacy encrypted key", 32)
# A key that "was deleted in API Settings": the sandbox answers it with a 401.
REVOKED_KEY = "KeapAK-" + _demo_hex("revoked key", 50)

DEMO_KEYS: tuple[str, ...] = (
    DEMO_SERVICE_ACCOUNT_KEY,
    DEMO_PERSONAL_ACCESS_TOKEN,
    DEMO_LEGACY_KEY,
    REVOKED_KEY,
)


def is_demo_key(key: str | None) -> bool:
    """True for the sandbox's public demo keys (the revoked one included), else False."""
    return (key or "").strip() in DEMO_KEYS


@dataclass(frozen=True)
class DemoUser:
    """A user of the demo app, as the sandbox describes it in userinfo answers."""

    kind: str  # "service_account", "personal" or "legacy_app"
    local_id: int  # the user's id inside the app ("sub")
    global_id: int  # the user's id across Keap ("id" in v2, "global_user_id" in v1)
    email: str
    given_name: str
    family_name: str
    middle_name: str
    preferred_name: str
    is_admin: bool
    app_name: str = DEMO_APP_NAME  # the app the user's key belongs to (tenant id, app alias)
    lang: str = DEFAULT_LANGUAGE  # the edition whose invented business the account shows


# Who each kind of key acts as: ids and rights are the same in every edition.
# A SAK acts as an admin service account and a PAT as the user who created it, a named,
# non-admin user (fact sheet §1); a legacy key belonged to the app, not to a user, so the
# sandbox answers as the app owner. What Keap's userinfo really says for a SAK is not
# published: all these values are invented and clearly fake.
_IDENTITIES: dict[str, dict[str, Any]] = {
    "service_account": {"local_id": 3, "global_id": 900000003, "is_admin": True},
    "personal": {"local_id": 2, "global_id": 900000002, "is_admin": False},
    "legacy_app": {"local_id": 1, "global_id": 900000001, "is_admin": True},
}


def _person(email: str, given: str, family: str, middle: str, preferred: str) -> dict[str, str]:
    return {
        "email": email,
        "given_name": given,
        "family_name": family,
        "middle_name": middle,
        "preferred_name": preferred,
    }


# The human-readable values, per edition: each edition's learners read names from their
# own language. Only these differ; keys, ids, app name and every shape stay the same.
_PEOPLE: dict[str, dict[str, dict[str, str]]] = {
    "es": {
        "service_account": _person(
            "cuenta.servicio@example.com",
            "Cuenta de servicio",
            "Panadería Demo",
            "",
            "Integración demo",
        ),
        "personal": _person("lucia.martinez@example.com", "Lucía", "Martínez", "Isabel", "Lucía"),
        "legacy_app": _person("propietaria@example.com", "Carmen", "Ruiz", "", "Carmen"),
    },
    "en": {
        "service_account": _person(
            "service.account@example.com", "Service account", "Demo Bakery", "", "Demo integration"
        ),
        "personal": _person("emily.carter@example.com", "Emily", "Carter", "Rose", "Emily"),
        "legacy_app": _person("owner@example.com", "Margaret", "Hill", "", "Margaret"),
    },
    "pt": {
        "service_account": _person(
            "conta.servico@example.com", "Conta de serviço", "Padaria Demo", "", "Integração demo"
        ),
        "personal": _person("juliana.costa@example.com", "Juliana", "Costa", "Beatriz", "Juliana"),
        "legacy_app": _person("proprietaria@example.com", "Helena", "Rocha", "", "Helena"),
    },
}


def users_by_kind(lang: str | None = None) -> dict[str, DemoUser]:
    """Who each kind of key acts as in the ``lang`` edition (Spanish by default).

    >>> users_by_kind("en")["personal"].given_name, users_by_kind("pt")["personal"].local_id
    ('Emily', 2)
    """
    code = normalize_language(lang)
    return {
        kind: DemoUser(kind=kind, **identity, **_PEOPLE[code][kind], lang=code)
        for kind, identity in _IDENTITIES.items()
    }


_SPANISH_USERS = users_by_kind(DEFAULT_LANGUAGE)
SERVICE_ACCOUNT_USER = _SPANISH_USERS["service_account"]
PAT_USER = _SPANISH_USERS["personal"]
APP_OWNER_USER = _SPANISH_USERS["legacy_app"]

# Who a key acts as, by kind: the values ``Sandbox(keys={key: kind})`` accepts.
# (The Spanish edition's users; ``users_by_kind(lang)`` gives another edition's.)
USERS_BY_KIND: dict[str, DemoUser] = _SPANISH_USERS

Keys = Mapping[str, "str | DemoUser"] | Iterable[str]


@dataclass(frozen=True)
class DemoAccount:
    """The keys a sandbox accepts, the user each acts as, the app name it reports, and the
    edition (``lang``) whose invented names and business it shows."""

    app_name: str = DEMO_APP_NAME
    owners: Mapping[str, DemoUser] = field(default_factory=dict)
    lang: str = DEFAULT_LANGUAGE

    def owner_of(self, key: str | None) -> DemoUser | None:
        """The user ``key`` acts as, or None (unknown or revoked key: the sandbox says 401)."""
        return self.owners.get((key or "").strip())


def demo_account(
    keys: Keys | None = None, app_name: str = DEMO_APP_NAME, lang: str | None = None
) -> DemoAccount:
    """The account a sandbox serves: the demo keys by default, or your own ``keys``.

    ``keys`` maps each key to a kind (``"service_account"``, ``"personal"``,
    ``"legacy_app"``) or to a ``DemoUser``; a plain list of keys makes ``KeapAK-`` keys
    service accounts and any other key a legacy key. Keys not given are refused (401); an
    unknown kind raises ``SandboxSettingError``. ``lang`` (``es``, ``en`` or ``pt``; Spanish
    by default) chooses the edition of the people and the business a kind stands for.

    >>> account = demo_account({"KeapAK-" + "1" * 50: "personal"}, app_name="ab123")
    >>> account.owner_of("KeapAK-" + "1" * 50).email, account.owner_of(DEMO_LEGACY_KEY)
    ('lucia.martinez@example.com', None)
    >>> demo_account(["0" * 32]).owner_of("0" * 32).kind
    'legacy_app'
    >>> demo_account(lang="pt").owner_of(DEMO_PERSONAL_ACCESS_TOKEN).given_name
    'Juliana'
    """
    code = normalize_language(lang)
    users = users_by_kind(code)
    if keys is None:
        keys = {
            DEMO_SERVICE_ACCOUNT_KEY: "service_account",
            DEMO_PERSONAL_ACCESS_TOKEN: "personal",
            DEMO_LEGACY_KEY: "legacy_app",
        }
    elif not isinstance(keys, Mapping):
        keys = {
            key: "service_account" if key.startswith("KeapAK-") else "legacy_app" for key in keys
        }
    owners = {
        key.strip(): replace(_user(kind, users), app_name=app_name, lang=code)
        for key, kind in keys.items()
    }
    return DemoAccount(app_name=app_name, owners=owners, lang=code)


def _user(kind: str | DemoUser, users: Mapping[str, DemoUser]) -> DemoUser:
    if isinstance(kind, DemoUser):
        return kind
    if kind not in users:
        raise SandboxSettingError(
            "sandbox.unknown_key_kind", kind=str(kind)[:40], kinds=", ".join(users)
        )
    return users[kind]


DEFAULT_ACCOUNT = demo_account()


def owner_of(key: str | None) -> DemoUser | None:
    """The demo user a key acts as in the default account, or None (revoked or unknown key)."""
    return DEFAULT_ACCOUNT.owner_of(key)


# Shape: Keap REST v2 OpenAPI, schema GetBusinessProfileResponse (address:
# BusinessProfileAddressResponse). Keap publishes the fields, not values: all invented.
# The business type, goals and colours are the same in every edition; the rest is local.
_BUSINESS_COMMON: dict[str, Any] = {
    "business_type": "Bakery",
    # The OpenAPI describes the goals as e.g. "Grow Business, Convert more leads".
    "business_goals": ["Grow Business", "Convert more leads"],
    "business_primary_color": "#8B4513",
    "business_secondary_color": "#F5DEB3",
}
_BUSINESSES: dict[str, dict[str, Any]] = {
    "es": {
        "name": "Panadería Demo",
        "email": "hola.panaderia@example.com",
        "website": "https://www.example.com/panaderia-demo",
        "phone": "+52 55 0000 0000",
        "address": {
            "line1": "Calle Ficticia 123",
            "line2": "Local 4",
            "locality": "Ciudad de México",
            "region": "Ciudad de México",
            "country_code": "MEX",
            "postal_code": "01000",
        },
        "time_zone": "America/Mexico_City",
        "logo_url": "https://www.example.com/panaderia-demo/logo.png",
        "currency_code": "MXN",
        "language_tag": "es-MX",
    },
    "en": {
        "name": "Demo Bakery",
        "email": "hello.bakery@example.com",
        "website": "https://www.example.com/demo-bakery",
        "phone": "+1 202 555 0100",  # 555-01xx: reserved for fiction
        "address": {
            "line1": "123 Example Street",
            "line2": "Suite 4",
            "locality": "Springfield",
            "region": "IL",
            "country_code": "USA",
            "postal_code": "62701",
        },
        "time_zone": "America/Chicago",
        "logo_url": "https://www.example.com/demo-bakery/logo.png",
        "currency_code": "USD",
        "language_tag": "en-US",
    },
    "pt": {
        "name": "Padaria Demo",
        "email": "ola.padaria@example.com",
        "website": "https://www.example.com/padaria-demo",
        "phone": "+55 11 0000 0000",
        "address": {
            "line1": "Rua Fictícia, 123",
            "line2": "Loja 4",
            "locality": "São Paulo",
            "region": "SP",
            "country_code": "BRA",
            "postal_code": "01000-000",
        },
        "time_zone": "America/Sao_Paulo",
        "logo_url": "https://www.example.com/padaria-demo/logo.png",
        "currency_code": "BRL",
        "language_tag": "pt-BR",
    },
}


def demo_business(lang: str | None = None) -> dict[str, Any]:
    """The demo business profile of the ``lang`` edition (Spanish by default), a fresh copy.

    >>> demo_business("en")["name"], demo_business("pt")["currency_code"]
    ('Demo Bakery', 'BRL')
    >>> sorted(demo_business("en")) == sorted(demo_business("es"))
    True
    """
    local = _BUSINESSES[normalize_language(lang)]
    return {
        **local,
        **_BUSINESS_COMMON,
        "address": dict(local["address"]),
        "business_goals": list(_BUSINESS_COMMON["business_goals"]),
    }


DEMO_BUSINESS: dict[str, Any] = demo_business(DEFAULT_LANGUAGE)  # the Spanish edition's
DEMO_BUSINESS_NAMES: frozenset[str] = frozenset(b["name"] for b in _BUSINESSES.values())
DEMO_PHONE_EXT = "101"  # v1 account profile only (fact sheet §5); invented
