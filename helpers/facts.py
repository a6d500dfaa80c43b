"""Every Keap fact the tutorial relies on, stated once: what it says, where it comes from, how sure.

The lessons (three editions), the glossary, the error explanations (``diagnose`` and the
catalogue), the sandbox and the fidelity report follow this registry; code that needs a value
(a limit, an errorcode, a path) reads it from here. ``tests/test_facts.py`` holds every edition
and every catalogue message to it: a fact that is not sure may not be stated as sure. Each fact
lists, per language, the phrasings that would overstate it (``overstated``) and/or, for a fact
that may be named only with a hedge, what names it (``mentions``) and the hedge that sentence
must carry (``hedges``).

How sure a fact is (``Certainty``): ``documented`` (Keap's own page or repository says so),
``reported`` (a Keap engineer on the forum, a third party's code or a recorded request),
``unconfirmed`` (sources conflict or none is solid) and ``confirmed`` (a fidelity report from
a real account measured it).

Promoting a fact: ``python -m helpers.fidelity`` with a real key writes
``keap-fidelity-report.json``; its ``facts`` list gives, for each fact that a question of the
report can settle, its id, its certainty here and the ``status`` the account's answers give
(``confirmed``, ``contradicted`` or ``unanswered``). For a ``confirmed`` one, set the fact's
``certainty`` to ``Certainty.CONFIRMED`` and add the report's date to ``confirmed_by`` below;
the overstated phrasings then become allowed. A ``contradicted`` one means the fact is wrong:
fix it here, then the sandbox and the lessons.

>>> FACTS["quota_limits"].value["day"]
30000
>>> FACTS["header_bearer_accepted"].sure, FACTS["quota_limits"].sure
(False, True)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any


class Certainty(str, Enum):
    """How sure a fact is, from its sources (see the module docstring)."""

    CONFIRMED = "confirmed"
    DOCUMENTED = "documented"
    REPORTED = "reported"
    UNCONFIRMED = "unconfirmed"


SURE = frozenset({Certainty.CONFIRMED, Certainty.DOCUMENTED})
Phrasings = Mapping[str, tuple[str, ...]]  # language -> regular expressions


@dataclass(frozen=True)
class Fact:
    """One fact about Keap, in the project's words, with its sources and certainty."""

    id: str
    statement: str
    certainty: Certainty
    sources: tuple[str, ...]
    value: Any = None
    relation: str | None = None  # the fidelity report's yes/no question that settles it
    expected: bool = True  # the answer to ``relation`` that confirms the statement
    confirmed_by: tuple[str, ...] = ()  # dates of the fidelity reports that confirmed it
    overstated: Phrasings = field(default_factory=dict)
    mentions: Phrasings = field(default_factory=dict)
    hedges: Phrasings = field(default_factory=dict)

    @property
    def sure(self) -> bool:
        """True when the tutorial may state the fact without a hedge."""
        return self.certainty in SURE


_PAT_SAK = "https://developer.infusionsoft.com/pat-and-sak/"
_QUOTA_PAGE = "https://developer.infusionsoft.com/api-token-quota-and-usage-measurements"
_W6W_PROBE = "w6w-io/w6w-apps: apps/keap/auth/probe.ts (recorded requests, Aug 2026)"
_HEDGE_ES = r"sin confirmar|no (lo )?hemos podido confirmar|no está confirmad[ao]|no se sabe"
_HEDGE_EN = r"unconfirmed|not (been )?confirmed|not known|we have not been able to confirm"
_HEDGE_PT = r"não confirmad[ao]|não conseguimos confirmar|não está confirmad[ao]|não se sabe"

_FACTS: tuple[Fact, ...] = (
    Fact(
        "key_types",
        "Keap has two kinds of account key: any user can create a Personal Access Token, which "
        "acts as that user; only an admin can create a Service Account Key, which has admin "
        "access to all of the application's data.",
        Certainty.DOCUMENTED,
        (_PAT_SAK, "infusionsoft/infusionsoft-php: README.md (API Keys)"),
    ),
    Fact(
        "key_shown_once",
        "Keap shows a new key in full only once; afterwards API Settings lists only part of it, "
        "with who created it, when, and when it was last used.",
        Certainty.DOCUMENTED,
        (_PAT_SAK, "https://help.keap.com/help/api-key"),
    ),
    Fact(
        "key_format",
        "A PAT or SAK starts with KeapAK-; public samples show 50 lowercase hex characters after "
        "it (57 in all). Keap documents no format, and its PHP SDK checks only the prefix.",
        Certainty.REPORTED,
        ("infusionsoft/infusionsoft-php: src/Infusionsoft/Infusionsoft.php", "3 public samples"),
        value={"prefix": "KeapAK-", "length": 57},
        overstated={
            "es": (r"siempre tienen? 57 caracteres", r"Keap documenta (el|su) formato"),
            "en": (r"always (has|have) 57 characters", r"Keap documents (the|its) format"),
            "pt": (r"sempre t[eê]m 57 caracteres", r"o Keap documenta o formato"),
        },
    ),
    Fact(
        "key_expiry",
        "Keap publishes no expiry for PATs or SAKs; whether they ever expire is unconfirmed.",
        Certainty.UNCONFIRMED,
        ("api-evangelist/infusionsoft: authentication (expiry: none published)",),
        overstated={
            "es": (r"\b(las claves|estas claves) (nunca|no) caducan\b",),
            "en": (r"\b(keys|they) (never|do not) expire\b",),
            "pt": (r"\b(as chaves|essas chaves) (nunca|não) expiram\b",),
        },
    ),
    Fact(
        "revocation_delay",
        "Deleting a key in API Settings can take several minutes to reach Keap's gateway.",
        Certainty.DOCUMENTED,
        ("https://help.keap.com/help/api-key",),
    ),
    Fact(
        "one_sak_per_integration",
        "Keap's advice: one SAK per integration, named so you can recognise it, so that revoking "
        "one breaks no other.",
        Certainty.REPORTED,
        ("https://integration.keap.com/t/92929 (Keap API engineer)",),
    ),
    Fact(
        "api_hosts",
        "Keap's REST and XML-RPC APIs answer at https://api.infusionsoft.com (the v2 OpenAPI "
        "also names https://api.keap.com).",
        Certainty.DOCUMENTED,
        ("infusionsoft/keap-sdk: sdks/v2/swagger.yml (servers)", _PAT_SAK),
        value=("api.infusionsoft.com", "api.keap.com"),
    ),
    Fact(
        "header_x_keap_api_key",
        "A PAT or SAK can travel in the X-Keap-API-Key header: Keap's PHP SDK, WP Fusion and a "
        "Keap engineer on the forum use it. No live request in the sources records it.",
        Certainty.REPORTED,
        (
            "infusionsoft/infusionsoft-php: Infusionsoft.php setOptionsForRequest",
            "verygoodplugins/wp-fusion-lite: class-infusionsoft.php",
            "https://integration.keap.com/t/api-authentication/91017",
        ),
        value="X-Keap-API-Key",
        relation="keap_header_accepted",
        overstated={
            "es": (r"`X-Keap-API-Key`[^|\n]*\|[^\n]*\|\s*Alta\s*\|",),
            "en": (r"`X-Keap-API-Key`[^|\n]*\|[^\n]*\|\s*High\s*\|",),
            "pt": (r"`X-Keap-API-Key`[^|\n]*\|[^\n]*\|\s*Alta\s*\|",),
        },
    ),
    Fact(
        "header_bearer_accepted",
        "Keap also accepts the key as Authorization: Bearer: its v2 SDK samples send it so, but "
        "no live request confirms that both headers work.",
        Certainty.UNCONFIRMED,
        ("infusionsoft/keap-sdk: samples/v2/python/contacts_test.py", _W6W_PROBE),
        relation="bearer_userinfo_same",
        overstated={
            "es": (
                r"(?<!parece que )Keap (también )?acepta (la clave en )?(el encabezado )?"
                r"`Authorization: Bearer`",
                r"(?<!parece que )Keap acepta (los|las) dos",
            ),
            "en": (
                r"(?<!seems to )Keap (also )?accepts (the key in )?(the )?`Authorization: Bearer`",
                r"(?<!that )Keap accepts both\b",
            ),
            "pt": (
                r"(?<!parece que )o Keap (também )?aceita (a chave n?o )?(cabeçalho )?"
                r"`Authorization: Bearer`",
                r"(?<!parece que )o Keap aceita os dois",
            ),
        },
    ),
    Fact(
        "missing_key_errorcode",
        "A request with no key gets a 401 from Keap's gateway with errorcode "
        "oauth.v2.InvalidAccessToken, even on a path that does not exist.",
        Certainty.REPORTED,
        (_W6W_PROBE,),
        value="oauth.v2.InvalidAccessToken",
    ),
    Fact(
        "invalid_key_errorcode",
        "A deleted, miscopied or unknown key gets a 401 with errorcode "
        "keymanagement.service.invalid_access_token; this was recorded with Authorization: "
        "Bearer only, so with X-Keap-API-Key it is unconfirmed.",
        Certainty.UNCONFIRMED,
        (_W6W_PROBE,),
        value="keymanagement.service.invalid_access_token",
        relation="wrong_key_same_both_headers",
        mentions={
            lang: (
                r"keymanagement\.service\.invalid_access_token",
                r"`invalid_key`\)?[^.\n]*`errorcode`",
            )
            for lang in ("es", "en", "pt")
        },
        hedges={
            "es": (r"Bearer", _HEDGE_ES),
            "en": (r"Bearer", _HEDGE_EN),
            "pt": (r"Bearer", _HEDGE_PT),
        },
    ),
    Fact(
        "spike_arrest_errorcode",
        "Too many requests in a moment get a 429 with errorcode "
        "policies.ratelimit.SpikeArrestViolation.",
        Certainty.REPORTED,
        ("https://community.keap.com/t/88137",),
        value="policies.ratelimit.SpikeArrestViolation",
    ),
    Fact(
        "quota_errorcode",
        "An exhausted daily quota gets a 429 with errorcode policies.ratelimit.QuotaViolation.",
        Certainty.DOCUMENTED,
        ("https://integration.keap.com/t/apigee-migration-update/74173 (Keap)",),
        value="policies.ratelimit.QuotaViolation",
    ),
    Fact(
        "quota_limits",
        "Keap documents, per PAT or SAK: 10 requests a second, 240 a minute, 30,000 a day.",
        Certainty.DOCUMENTED,
        (_QUOTA_PAGE,),
        value={"second": 10, "minute": 240, "day": 30000},
        relation="quota_limit_documented",
    ),
    Fact(
        "quota_reset_utc_midnight",
        "The daily quota starts again at 00:00 UTC.",
        Certainty.DOCUMENTED,
        (_QUOTA_PAGE,),
        relation="quota_expiry_next_utc_midnight",
    ),
    Fact(
        "quota_not_raisable",
        "Quotas cannot be raised for PATs or SAKs.",
        Certainty.DOCUMENTED,
        ("https://help.infusionsoft.com/hc/en-us/articles/44637898916493",),
    ),
    Fact(
        "quota_per_account",
        "A Keap engineer said the daily quota is counted per account (tenant), not per key; "
        "Keap's page says per key. Unconfirmed.",
        Certainty.UNCONFIRMED,
        ("https://integration.keap.com/t/another-api-throttling-question/92313", _QUOTA_PAGE),
        mentions={
            "es": (r"de toda la cuenta y no de cada clave", r"por cuenta y no por clave"),
            "en": (r"per account,? not per key",),
            "pt": (r"conta inteira,? e não para cada chave", r"por conta,? e não por chave"),
        },
        hedges={
            "es": (r"ingeniero", _HEDGE_ES),
            "en": (r"engineer", _HEDGE_EN),
            "pt": (r"engenheiro", _HEDGE_PT),
        },
    ),
    Fact(
        "quota_headers",
        "Answers to a key Keap accepts carry x-keap-product-quota-* and x-keap-product-throttle-* "
        "headers with the counts; a recorded 401 carried them empty.",
        Certainty.REPORTED,
        (_QUOTA_PAGE, "w6w-io/w6w-apps: apps/keap/tests/_helpers.ts (emptyQuotaHeaders)"),
        overstated={
            "es": (r"cada respuesta de Keap dice", r"(números|encabezados) en cada respuesta"),
            "en": (r"every answer from Keap says", r"with every answer"),
            "pt": (r"cada resposta do Keap diz", r"(números|cabeçalhos) em cada resposta"),
        },
    ),
    Fact(
        "legacy_keys_switched_off",
        "Keap announced 2024-10-31 as the cut-off for legacy keys (the Encrypted Key) and a Keap "
        "staff reply says legacy-key authentication was switched off right after; whether any "
        "still works in late 2026 is unconfirmed (sources conflict). Treating them as gone is the "
        "tutorial's advice.",
        Certainty.UNCONFIRMED,
        (
            "https://help.keap.com/help/sunsetting-legacy-api-keys",
            "https://integration.keap.com/t/93315 (Keap staff)",
            "w6w-io/w6w-apps: apps/keap/README.md (says they still work, untested)",
        ),
        overstated={
            "es": (
                r"Keap (las |los )?retiró",
                r"retirad[ao]s? por Keap",
                r"\b(clave|claves|key|keys)\*?,? (ya )?(está|están) retirad",
            ),
            "en": (r"Keap retired", r"retired by Keap", r"\bkeys?\*?,? (is|are) retired\b"),
            "pt": (
                r"o Keap (as |os )?aposentou",
                r"aposentad[ao]s? pelo Keap",
                r"\b(chave|chaves|key|keys)\*?,? (já )?(está|estão|foi|foram) aposentad",
            ),
        },
    ),
    Fact(
        "xmlrpc_gateway_path",
        "With a PAT or SAK, XML-RPC goes through Keap's gateway on the API host: Keap's help page "
        "gives /crm/xmlrpc/v1 and its migration page /crm/xmlrpc, so both are possible.",
        Certainty.UNCONFIRMED,
        (
            "https://help.keap.com/help/sunsetting-legacy-api-keys",
            "https://developer.infusionsoft.com/legacy-key-migration",
        ),
        value=("/crm/xmlrpc/v1", "/crm/xmlrpc"),
        relation="xmlrpc_gateway_accepts_key",
        overstated={
            "es": (r"\bsiempre\b[^.\n]*`/crm/xmlrpc/v1`",),
            "en": (r"\balways\b[^.\n]*`/crm/xmlrpc/v1`",),
            "pt": (r"\bsempre\b[^.\n]*`/crm/xmlrpc/v1`",),
        },
    ),
    Fact(
        "server_errors",
        "A 500, 502 or 503 usually comes from Keap's side, not from the key; WP Fusion treats a "
        "503 as throttling, so it is not always Keap's fault.",
        Certainty.UNCONFIRMED,
        ("verygoodplugins/wp-fusion-lite: class-infusionsoft.php (429 and 503 as throttling)",),
        overstated={
            "es": (r"La falla es de Keap", r"un error propio"),
            "en": (r"(?<!likely )the fault is Keap's", r"an error of its own"),
            "pt": (r"A falha é do Keap", r"um erro próprio"),
        },
    ),
    Fact(
        "forbidden_403",
        "Keap's spec declares a 403 with the v2 Error body on every operation, for a key that "
        "may not do it (such as a limited PAT); no real 403 answer has been seen.",
        Certainty.UNCONFIRMED,
        ("infusionsoft/keap-sdk: sdks/v2/swagger.yml", _W6W_PROBE),
        overstated={
            "es": (r"aparece al leer",),
            "en": (r"shows up when reading", r"appears when reading"),
            "pt": (r"aparece ao ler",),
        },
    ),
    Fact(
        "userinfo_needs_no_permission",
        "GET /crm/rest/v2/oauth/connect/userinfo describes the caller, so no permission should "
        "block it: a safe first check.",
        Certainty.REPORTED,
        (_W6W_PROBE,),
        value="/crm/rest/v2/oauth/connect/userinfo",
    ),
    Fact(
        "tenant_id_is_app_name",
        "Whether userinfo's tenant_id is the application name is undocumented.",
        Certainty.UNCONFIRMED,
        ("Keap REST v2 OpenAPI (tenant_id is not described)",),
        relation="tenant_id_is_app_name",
        overstated={
            "es": (r"^[^(]*`tenant_id`\)? es el nombre de (la|tu) aplicación",),
            "en": (r"^[^(]*`tenant_id`\)? is (the|your) application name",),
            "pt": (r"^[^(]*`tenant_id`\)? é o nome do (seu )?aplicativo",),
        },
    ),
    Fact(
        "app_name_subdomain",
        "The application name is the subdomain of https://<name>.infusionsoft.com; Keap support "
        "also calls it application Id or app Id.",
        Certainty.DOCUMENTED,
        ("https://classic-infusionsoft.knowledgeowl.com/help/glossary",),
    ),
    Fact(
        "keap_app_links_hold_app_name",
        "Public Keap links carry the app name: keap.app/checkout/<name>/..., forms.keap.app/... "
        "?appId=<name> and <name>.files.keap.app; seen in public code, not official instructions.",
        Certainty.REPORTED,
        ("public form embeds and checkout links in public code",),
    ),
)

FACTS: dict[str, Fact] = {fact.id: fact for fact in _FACTS}


def value(fact_id: str) -> Any:
    """The value a fact carries (a limit, an errorcode, a path): code reads it from here.

    >>> value("missing_key_errorcode")
    'oauth.v2.InvalidAccessToken'
    """
    return FACTS[fact_id].value


def verdicts(relations: Mapping[str, bool | None]) -> list[dict[str, Any]]:
    """What a fidelity report's answers say of each fact they can settle.

    ``status`` is ``confirmed`` when the relation has the expected answer, ``contradicted``
    when it has the other one and ``unanswered`` when the answers did not allow it.

    >>> found = {v["fact"]: v["status"] for v in verdicts({"bearer_userinfo_same": True})}
    >>> found["header_bearer_accepted"], found["quota_limits"]
    ('confirmed', 'unanswered')
    """
    found = []
    for fact in _FACTS:
        if fact.relation is None:
            continue
        answer = relations.get(fact.relation)
        status = (
            "unanswered"
            if answer is None
            else "confirmed"
            if answer is fact.expected
            else "contradicted"
        )
        found.append(
            {
                "fact": fact.id,
                "certainty": fact.certainty.value,
                "relation": fact.relation,
                "status": status,
            }
        )
    return found
