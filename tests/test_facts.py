"""Every Keap fact is as sure as its source, in every edition: helpers/facts.py is the one place.

Each fact in the registry lists, per language, the phrasings that would state it as surer than
its certainty allows (``overstated``), and/or what names it (``mentions``) and the hedge such a
sentence must carry (``hedges``). They are checked against what a learner reads: every lesson,
the glossary and the wizard page in each edition (prose outside code, inline code kept), the
trainer notes and hub README, and every message of the catalogue (the error explanations, the
sandbox's scenarios, the fidelity report). A fact promoted to ``confirmed`` (after a fidelity
report from a real account) may be stated plainly.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from helpers import facts
from helpers.facts import FACTS, Certainty, Fact

ROOT = Path(__file__).resolve().parents[1]
LANGS = ("es", "en", "pt")
_CATALOGUE = {"es": "es", "en": "en", "pt": "pt_BR"}
_NOTES = {  # what trainers and hub admins read in each language (the README is in English)
    "es": ("docs/para-formadores.md", "deploy/jupyterhub/README.es.md"),
    "en": ("docs/for-trainers.md", "deploy/jupyterhub/README.md", "README.md"),
    "pt": ("docs/para-instrutores.md", "deploy/jupyterhub/README.pt.md"),
}
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_OWN_UNIT = re.compile(r"^\s*(?:[-*+]|\d+\.|\|)\s")  # a list item or a table row


def units(markdown: str) -> list[tuple[int, str]]:
    """(first line, text) of each paragraph, list item or table row outside code blocks.

    >>> units("Uno\\ndos.\\n\\n- tres\\n- cuatro\\n```\\ncinco\\n```\\n| seis |")
    [(1, 'Uno dos.'), (4, '- tres'), (5, '- cuatro'), (9, '| seis |')]
    """
    found: list[tuple[int, str]] = []
    paragraph: list[str] = []
    start, fence = 0, False

    def close() -> None:
        if paragraph:
            found.append((start, " ".join(paragraph)))
            paragraph.clear()

    for number, line in enumerate(markdown.splitlines(), 1):
        if _FENCE.match(line):
            close()
            fence = not fence
            continue
        if fence:
            continue
        if not line.strip() or line.lstrip().startswith("#"):
            close()
            if line.strip():
                found.append((number, line.strip()))
            continue
        if _OWN_UNIT.match(line):
            close()
            found.append((number, line.strip()))
            continue
        if not paragraph:
            start = number
        paragraph.append(line.strip())
    close()
    return found


def texts(lang: str) -> list[tuple[str, str]]:
    """(where, text) of everything in ``lang`` that can state a Keap fact: lessons, glossary,
    wizard page, trainer notes, hub README and the catalogue."""
    from babel.messages.pofile import read_po

    paths = sorted((ROOT / "lessons" / lang).glob("*.md")) + [ROOT / n for n in _NOTES[lang]]
    found = [
        (f"{path.relative_to(ROOT)}:{number}", text)
        for path in paths
        if path.exists()
        for number, text in units(path.read_text(encoding="utf-8"))
    ]
    po = ROOT / "helpers" / "locale" / _CATALOGUE[lang] / "LC_MESSAGES" / "tutorial.po"
    with po.open("rb") as handle:
        for message in read_po(handle):
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            found += [(f"{po.name} [{message.id}]", s) for s in strings if s]
    return found


def overstatements(fact: Fact, lang: str, pieces: list[tuple[str, str]]) -> list[str]:
    """Where ``pieces`` state ``fact`` as surer than it is, as 'where: «words»'."""
    found = []
    if fact.certainty is not Certainty.CONFIRMED:
        for pattern in fact.overstated.get(lang, ()):
            found += [
                f"{where}: «{match.group(0)}»"
                for where, text in pieces
                for match in [re.search(pattern, text, re.IGNORECASE)]
                if match
            ]
    if not fact.sure:
        hedges = [re.compile(h, re.IGNORECASE) for h in fact.hedges.get(lang, ())]
        for pattern in fact.mentions.get(lang, ()):
            found += [
                f"{where}: «{match.group(0)}» without a hedge"
                for where, text in pieces
                for match in [re.search(pattern, text)]
                if match and not any(h.search(text) for h in hedges)
            ]
    return found


EDITIONS = {lang: texts(lang) for lang in LANGS}
UNSURE = sorted(fact.id for fact in FACTS.values() if not fact.sure)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("fact_id", sorted(FACTS))
def test_no_edition_states_a_fact_as_surer_than_its_source(fact_id, lang):
    assert overstatements(FACTS[fact_id], lang, EDITIONS[lang]) == []


@pytest.mark.parametrize("fact_id", UNSURE)
def test_every_unsure_fact_says_how_each_edition_would_overstate_it(fact_id):
    fact = FACTS[fact_id]
    if fact.certainty is Certainty.REPORTED and not (fact.overstated or fact.mentions):
        return  # a reported fact may be stated with its source; no phrasing claims more
    for lang in LANGS:
        assert fact.overstated.get(lang) or (fact.mentions.get(lang) and fact.hedges.get(lang))


# The sentences the review found, each as it stood: the registry must catch every one.
FOUND_IN_REVIEW = [
    (
        "header_x_keap_api_key",
        "es",
        "| Tu propio programa | SAK (o PAT) en el encabezado "
        "`X-Keap-API-Key` | Variable de entorno `KEAP_API_KEY` | Alta | [Keap](https://x) |",
    ),
    (
        "header_x_keap_api_key",
        "en",
        "| Your own program | SAK (or PAT) in the `X-Keap-API-Key` "
        "header | Environment variable `KEAP_API_KEY` | High | [Keap](https://x) |",
    ),
    (
        "header_bearer_accepted",
        "es",
        "Según los ejemplos, Keap también acepta la clave en el "
        "encabezado `Authorization: Bearer`; ninguna prueba en vivo lo ha confirmado.",
    ),
    (
        "header_bearer_accepted",
        "en",
        "According to Keap's SDK samples, Keap also accepts the key "
        "in the `Authorization: Bearer` header.",
    ),
    (
        "invalid_key_errorcode",
        "es",
        "Keap da dos 401 distintos: `oauth.v2.InvalidAccessToken` "
        "y `keymanagement.service.invalid_access_token` cuando la clave no vale.",
    ),
    (
        "invalid_key_errorcode",
        "pt",
        "- O código HTTP não basta: dois 401 (`missing_key` e "
        "`invalid_key`) e dois 429 se distinguem pelo `errorcode`.",
    ),
    (
        "quota_headers",
        "en",
        "An extra look: every answer from Keap says how much of the daily quota you have used.",
    ),
    ("quota_headers", "es", "Keap envía estos números en cada respuesta, en unos encabezados."),
    (
        "legacy_keys_switched_off",
        "es",
        "Esa API Key es la Encrypted Key antigua, y Keap retiró esas claves.",
    ),
    (
        "legacy_keys_switched_off",
        "pt",
        "Essa API Key é a Encrypted Key antiga, e o Keap aposentou essas chaves.",
    ),
    ("legacy_keys_switched_off", "en", "old Encrypted Key (retired by Keap)"),
    (
        "xmlrpc_gateway_path",
        "en",
        "The fix is always the same: a Service Account Key, sent to the `/crm/xmlrpc/v1` gateway.",
    ),
    (
        "server_errors",
        "pt",
        "| 500, 502, 503 | `server_error` | A falha é do Keap, não da sua chave. |",
    ),
    ("forbidden_403", "es", "Con `userinfo` no debería pasar; aparece al leer contactos."),
    ("quota_per_account", "es", "la cuota diaria es de toda la cuenta y no de cada clave."),
]


@pytest.mark.parametrize(("fact_id", "lang", "sentence"), FOUND_IN_REVIEW)
def test_the_registry_catches_each_overstatement_the_review_found(fact_id, lang, sentence):
    assert overstatements(FACTS[fact_id], lang, [("review", sentence)]) != []


def test_the_hedged_rewordings_pass():
    hedged = [
        (
            "header_bearer_accepted",
            "es",
            "Los ejemplos del SDK envían la clave en otro encabezado, "
            "`Authorization: Bearer`; que Keap acepte los dos no lo ha confirmado ninguna prueba.",
        ),
        (
            "invalid_key_errorcode",
            "en",
            "`keymanagement.service.invalid_access_token` when the key "
            "is not valid (seen with `Authorization: Bearer`, unconfirmed with `X-Keap-API-Key`).",
        ),
        (
            "quota_per_account",
            "pt",
            "um engenheiro disse que a cota diária vale para a conta "
            "inteira, e não para cada chave.",
        ),
        (
            "legacy_keys_switched_off",
            "en",
            "legacy_retired: old keys are refused (the tutorial treats them as retired).",
        ),
    ]
    for fact_id, lang, sentence in hedged:
        assert overstatements(FACTS[fact_id], lang, [("hedged", sentence)]) == [], fact_id


def test_a_fact_promoted_to_confirmed_may_be_stated_plainly():
    sentence = [
        ("lesson", "Keap también acepta la clave en el encabezado `Authorization: Bearer`.")
    ]
    fact = FACTS["header_bearer_accepted"]
    assert overstatements(fact, "es", sentence) != []
    promoted = dataclasses.replace(
        fact, certainty=Certainty.CONFIRMED, confirmed_by=("2026-12-01",)
    )
    assert promoted.sure and overstatements(promoted, "es", sentence) == []


def test_every_fact_has_a_statement_and_a_source():
    for fact in FACTS.values():
        assert fact.statement.endswith(".") and fact.sources, fact.id
        assert re.fullmatch(r"[a-z0-9_]+", fact.id)
        assert not fact.confirmed_by or fact.certainty is Certainty.CONFIRMED, fact.id


def test_every_relation_a_fact_names_is_a_question_of_the_fidelity_report():
    from helpers.fidelity.relations import relations

    asked = set(relations({}, {}, "ab123", now=0.0))
    named = {fact.relation for fact in FACTS.values() if fact.relation}
    assert named and named <= asked


def test_verdicts_promote_only_what_the_answers_settle():
    answers = {
        "bearer_userinfo_same": True,
        "wrong_key_same_both_headers": False,
        "quota_limit_documented": None,
    }
    status = {v["fact"]: v["status"] for v in facts.verdicts(answers)}
    assert status["header_bearer_accepted"] == "confirmed"
    assert status["invalid_key_errorcode"] == "contradicted"
    assert status["quota_limits"] == "unanswered"
    assert status["tenant_id_is_app_name"] == "unanswered"  # not asked at all


def test_code_reads_its_keap_values_from_the_registry():
    from helpers.fidelity import relations
    from helpers.sandbox import bodies, headers

    limits = facts.value("quota_limits")
    assert (limits["day"], limits["minute"]) == (headers.QUOTA_LIMIT, headers.THROTTLE_LIMIT)
    assert limits["day"] == relations.DOCUMENTED_QUOTA_LIMIT
    assert limits["minute"] == relations.DOCUMENTED_THROTTLE_LIMIT
    shown = str(bodies.__dict__)
    for fact_id in ("missing_key_errorcode", "invalid_key_errorcode", "quota_errorcode"):
        assert facts.value(fact_id) in shown
