"""The demo account's first records, in the tutorial's language: a few contacts, tags, a tag
category, a company, a note and two contact custom fields.

Invented people and businesses (``example.com`` addresses), the same ids and shapes in every
edition; only the human-readable words change with the language.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .store import AccountData

SEED_TIME = "2026-01-05T09:00:00.000Z"

_PEOPLE: dict[str, list[tuple[str, str, str, str]]] = {
    "es": [
        ("Ana", "García", "ana.garcia@example.com", "+52 55 1234 5678"),
        ("Carlos", "Pérez", "carlos.perez@example.com", "+52 33 2345 6789"),
        ("Sofía", "Ramírez", "sofia.ramirez@example.com", "+52 81 3456 7890"),
    ],
    "en": [
        ("Emma", "Johnson", "emma.johnson@example.com", "+1 555 010 1234"),
        ("Liam", "Smith", "liam.smith@example.com", "+1 555 010 2345"),
        ("Olivia", "Brown", "olivia.brown@example.com", "+1 555 010 3456"),
    ],
    "pt": [
        ("Ana", "Souza", "ana.souza@example.com", "+55 11 91234 5678"),
        ("Pedro", "Oliveira", "pedro.oliveira@example.com", "+55 21 92345 6789"),
        ("Mariana", "Costa", "mariana.costa@example.com", "+55 31 93456 7890"),
    ],
}
_WORDS: dict[str, dict[str, Any]] = {
    "es": {
        "tags": ("Cliente", "Boletín", "Taller de pan"),
        "category": "Intereses",
        "company": "Cafetería La Esquina",
        "note": ("Llamada", "Pidió precios del taller."),
        "fields": (
            "Pan favorito",
            "Cómo nos conoció",
            ("Redes sociales", "Recomendación", "Feria"),
        ),
    },
    "en": {
        "tags": ("Customer", "Newsletter", "Bread workshop"),
        "category": "Interests",
        "company": "Corner Café",
        "note": ("Call", "Asked about workshop prices."),
        "fields": ("Favourite bread", "How they found us", ("Social media", "Referral", "Fair")),
    },
    "pt": {
        "tags": ("Cliente", "Boletim", "Oficina de pão"),
        "category": "Interesses",
        "company": "Café da Esquina",
        "note": ("Ligação", "Pediu os preços da oficina."),
        "fields": ("Pão favorito", "Como nos conheceu", ("Redes sociais", "Indicação", "Feira")),
    },
}
_COUNTRY = {"es": "MEX", "en": "USA", "pt": "BRA"}


def _words(lang: str) -> dict[str, Any]:
    return _WORDS.get(lang, _WORDS["es"])


def custom_fields(lang: str) -> list[dict[str, Any]]:
    """The contact custom fields (``CustomFieldMetaData``) of the demo account."""
    text_label, choice_label, options = _words(lang)["fields"]
    return [
        {
            "id": "1",
            "label": text_label,
            "field_type": "TEXT",
            "record_type": "CONTACT",
            "field_name": "favoriteBread",
            "group_id": "1",
            "options": [],
        },
        {
            "id": "2",
            "label": choice_label,
            "field_type": "DROPDOWN",
            "record_type": "CONTACT",
            "field_name": "foundUs",
            "group_id": "1",
            "options": [{"id": str(n), "label": label} for n, label in enumerate(options, 1)],
        },
    ]


def fill(data: AccountData) -> None:
    """Put the demo records of ``data.lang`` into an empty ``data`` (its lock held)."""
    words, lang = _words(data.lang), data.lang
    category_id = data.next_id("other")
    data.categories[category_id] = {
        "id": str(category_id),
        "name": words["category"],
        "create_time": SEED_TIME,
        "update_time": SEED_TIME,
    }
    for index, name in enumerate(words["tags"]):
        tag_id = data.next_id("tag")
        tag = {"id": str(tag_id), "name": name, "create_time": SEED_TIME, "update_time": SEED_TIME}
        if index == 2:
            tag["category"] = {"id": str(category_id)}
        data.tags[tag_id] = tag
    company_id = data.next_id("other")
    data.companies[company_id] = {
        "id": str(company_id),
        "company_name": words["company"],
        "email_address": {"email": "hola@example.com", "field": "EMAIL1"},
        "create_time": SEED_TIME,
        "update_time": SEED_TIME,
    }
    for index, (given, family, email, phone) in enumerate(_PEOPLE.get(lang, _PEOPLE["es"])):
        number = data.next_id("contact")
        record = {
            "id": str(number),
            "given_name": given,
            "family_name": family,
            "email_addresses": [{"email": email, "field": "EMAIL1"}],
            "phone_numbers": [{"number": phone, "field": "PHONE1"}],
            "addresses": [{"country_code": _COUNTRY.get(lang, "MEX"), "field": "BILLING"}],
            "create_time": SEED_TIME,
            "update_time": SEED_TIME,
        }
        if index == 0:
            record["company"] = {"id": str(company_id), "company_name": words["company"]}
            record["custom_fields"] = [
                {
                    "id": "1",
                    "content": "Concha"
                    if lang == "es"
                    else "Sourdough"
                    if lang == "en"
                    else "Pão de queijo",
                }
            ]
        data.put_contact(record)
    data.applied = {1: {1: SEED_TIME, 2: SEED_TIME}, 2: {2: SEED_TIME}}
    note_id = data.next_id("other")
    title, text = words["note"]
    data.notes[note_id] = {
        "id": str(note_id),
        "contact_id": "1",
        "title": title,
        "text": text,
        "type": "Call",
        "created_by_user_id": "2",
        "last_updated_by_user_id": "2",
        "assigned_to_user": {"id": "2"},
        "create_time": SEED_TIME,
        "update_time": SEED_TIME,
    }
