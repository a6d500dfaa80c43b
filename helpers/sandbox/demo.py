"""The sandbox's fictional Keap account: an app name, demo keys and who each key belongs to.

The demo keys are public values that only this sandbox accepts; they grant nothing on the
real Keap. They have Keap's real formats (observed in public samples, not documented):
``KeapAK-`` + 50 lowercase hex for a PAT or SAK, 32 lowercase hex for a legacy key.

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


# A SAK acts as an admin service account (fact sheet §1). What Keap's userinfo really
# says for a SAK is not published: these values are invented and clearly fake.
SERVICE_ACCOUNT_USER = DemoUser(
    kind="service_account",
    local_id=3,
    global_id=900000003,
    email="cuenta.servicio@example.com",
    given_name="Cuenta de servicio",
    family_name="Panadería Demo",
    middle_name="",
    preferred_name="Integración demo",
    is_admin=True,
)

# A PAT acts as the user who created it (fact sheet §1): a named, non-admin user.
PAT_USER = DemoUser(
    kind="personal",
    local_id=2,
    global_id=900000002,
    email="lucia.martinez@example.com",
    given_name="Lucía",
    family_name="Martínez",
    middle_name="Isabel",
    preferred_name="Lucía",
    is_admin=False,
)

# A legacy key belonged to the app, not to a user; the sandbox answers as the app owner.
APP_OWNER_USER = DemoUser(
    kind="legacy_app",
    local_id=1,
    global_id=900000001,
    email="propietaria@example.com",
    given_name="Carmen",
    family_name="Ruiz",
    middle_name="",
    preferred_name="Carmen",
    is_admin=True,
)

# Who a key acts as, by kind: the values ``Sandbox(keys={key: kind})`` accepts.
USERS_BY_KIND: dict[str, DemoUser] = {
    user.kind: user for user in (SERVICE_ACCOUNT_USER, PAT_USER, APP_OWNER_USER)
}

Keys = Mapping[str, "str | DemoUser"] | Iterable[str]


@dataclass(frozen=True)
class DemoAccount:
    """The keys a sandbox accepts, the user each acts as, and the app name it reports."""

    app_name: str = DEMO_APP_NAME
    owners: Mapping[str, DemoUser] = field(default_factory=dict)

    def owner_of(self, key: str | None) -> DemoUser | None:
        """The user ``key`` acts as, or None (unknown or revoked key: the sandbox says 401)."""
        return self.owners.get((key or "").strip())


def demo_account(keys: Keys | None = None, app_name: str = DEMO_APP_NAME) -> DemoAccount:
    """The account a sandbox serves: the demo keys by default, or your own ``keys``.

    ``keys`` maps each key to a kind (``"service_account"``, ``"personal"``,
    ``"legacy_app"``) or to a ``DemoUser``; a plain list of keys makes ``KeapAK-`` keys
    service accounts and any other key a legacy key. Keys not given are refused (401); an
    unknown kind raises ``SandboxSettingError``.

    >>> account = demo_account({"KeapAK-" + "1" * 50: "personal"}, app_name="ab123")
    >>> account.owner_of("KeapAK-" + "1" * 50).email, account.owner_of(DEMO_LEGACY_KEY)
    ('lucia.martinez@example.com', None)
    >>> demo_account(["0" * 32]).owner_of("0" * 32).kind
    'legacy_app'
    """
    if keys is None:
        keys = {
            DEMO_SERVICE_ACCOUNT_KEY: SERVICE_ACCOUNT_USER,
            DEMO_PERSONAL_ACCESS_TOKEN: PAT_USER,
            DEMO_LEGACY_KEY: APP_OWNER_USER,
        }
    elif not isinstance(keys, Mapping):
        keys = {
            key: "service_account" if key.startswith("KeapAK-") else "legacy_app" for key in keys
        }
    owners = {key.strip(): replace(_user(kind), app_name=app_name) for key, kind in keys.items()}
    return DemoAccount(app_name=app_name, owners=owners)


def _user(kind: str | DemoUser) -> DemoUser:
    if isinstance(kind, DemoUser):
        return kind
    if kind not in USERS_BY_KIND:
        raise SandboxSettingError(
            "sandbox.unknown_key_kind", kind=str(kind)[:40], kinds=", ".join(USERS_BY_KIND)
        )
    return USERS_BY_KIND[kind]


DEFAULT_ACCOUNT = demo_account()


def owner_of(key: str | None) -> DemoUser | None:
    """The demo user a key acts as in the default account, or None (revoked or unknown key)."""
    return DEFAULT_ACCOUNT.owner_of(key)


# Shape: Keap REST v2 OpenAPI, schema GetBusinessProfileResponse (address:
# BusinessProfileAddressResponse). Keap publishes the fields, not values: all invented.
DEMO_BUSINESS: dict[str, Any] = {
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
    "business_type": "Bakery",
    # The OpenAPI describes the goals as e.g. "Grow Business, Convert more leads".
    "business_goals": ["Grow Business", "Convert more leads"],
    "business_primary_color": "#8B4513",
    "business_secondary_color": "#F5DEB3",
}
DEMO_PHONE_EXT = "101"  # v1 account profile only (fact sheet §5); invented
