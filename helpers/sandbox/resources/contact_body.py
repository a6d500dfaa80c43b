"""A contact's request body (Keap's ``CreateUpdateContactRequest``), checked field by field.

Limits and choices: Keap REST v2 OpenAPI (schemas CreateUpdateContactRequest,
EmailAddressRequest, PhoneNumber, Address, CustomFieldValue). A field the schema lacks, a
wrong type, a string over its ``maxLength``, a malformed email or an unknown slot is a 400
naming the field, before anything is stored.
"""

from __future__ import annotations

from typing import Any

from .common import Refusal, choice, email, known_fields, objects, text

# maxLength from the description; None: a string with no documented limit.
STRINGS: dict[str, int | None] = {
    "given_name": 40,
    "family_name": 40,
    "middle_name": 100,
    "preferred_name": 100,
    "job_title": 255,
    "website": 100,
    "spouse_name": 100,
    "assistant_name": 20,
    "assistant_phone": 15,
    "billing_information": 100,
    "prefix": None,
    "suffix": None,
    "anniversary_date": None,
    "birth_date": None,
    "contact_type": None,
    "leadsource_id": None,
    "owner_id": None,
    "preferred_locale": None,
    "referral_code": None,
    "time_zone": None,
}
LISTS = (
    "email_addresses",
    "phone_numbers",
    "addresses",
    "fax_numbers",
    "custom_fields",
    "social_accounts",
)
OTHERS = ("company", "origin", "source_type", "utm_parameters")
FIELDS = frozenset(STRINGS) | frozenset(LISTS) | frozenset(OTHERS)
SOURCE_TYPES = (
    "SOURCE_TYPE_UNSPECIFIED",
    "API",
    "APPOINTMENT",
    "FORM_API_HOSTED",
    "FORM_API_INTERNAL",
    "IMPORT",
    "INTERNAL_FORM",
    "LANDING_PAGE",
    "MANUAL",
    "OTHER",
    "UNKNOWN",
    "WEBFORM",
)
_EMAIL_SLOTS = {"EMAIL1": 75, "EMAIL2": 100, "EMAIL3": 100}
_PHONE_SLOTS = {"PHONE1": 40, "PHONE2": 40, "PHONE3": 40, "PHONE4": 20, "PHONE5": 20}
_ADDRESS_FIELDS = frozenset(
    {
        "country",
        "line1",
        "line2",
        "locality",
        "region",
        "field",
        "country_code",
        "postal_code",
        "region_code",
        "zip_code",
        "zip_four",
    }
)
_ADDRESS_SLOTS = ("BILLING", "SHIPPING", "OTHER")
_SOCIAL = ("FACEBOOK", "LINKED_IN", "TWITTER", "INSTAGRAM", "SNAPCHAT", "YOUTUBE", "PINTEREST")


def contact_changes(body: dict[str, Any], data: Any, creating: bool) -> dict[str, Any]:
    """The checked fields of ``body``, in the shape the sandbox stores (``data``: the account)."""
    known_fields(body, FIELDS)
    changes: dict[str, Any] = {}
    for name, value in body.items():
        if name in STRINGS:
            changes[name] = text(value, name, STRINGS[name])
        elif value is not None:
            changes[name] = FIELD_CHECKS[name](value, data)
    if creating and not any(
        changes.get(n) for n in ("email_addresses", "phone_numbers", "addresses")
    ):
        raise Refusal.bad(
            "email_addresses", "a contact needs an email address, a phone number or an address"
        )
    return changes


def _emails(value: Any, data: Any) -> list[dict[str, Any]]:
    entries = []
    for index, item in enumerate(objects(value, "email_addresses", 3)):
        where = f"email_addresses[{index}]."
        known_fields(item, frozenset({"email", "field", "opt_in_reason"}), where)
        slot = choice(item.get("field", "EMAIL1"), where + "field", tuple(_EMAIL_SLOTS))
        entry = {
            "email": email(item.get("email"), where + "email", _EMAIL_SLOTS[slot]),
            "field": slot,
        }
        if "opt_in_reason" in item:
            entry["opt_in_reason"] = text(item["opt_in_reason"], where + "opt_in_reason", 255)
        entries.append(entry)
    _unique_slots(entries, "email_addresses")
    return entries


def _phones(value: Any, data: Any) -> list[dict[str, Any]]:
    entries = []
    for index, item in enumerate(objects(value, "phone_numbers", 5)):
        where = f"phone_numbers[{index}]."
        known_fields(
            item, frozenset({"number", "extension", "type", "field", "number_e164"}), where
        )
        slot = choice(item.get("field", "PHONE1"), where + "field", tuple(_PHONE_SLOTS))
        entry = {
            "number": text(item.get("number"), where + "number", _PHONE_SLOTS[slot]),
            "field": slot,
        }
        for extra in ("extension", "type"):
            if extra in item:
                entry[extra] = text(item[extra], where + extra, 40)
        entries.append(entry)
    _unique_slots(entries, "phone_numbers")
    return entries


def _addresses(value: Any, data: Any) -> list[dict[str, Any]]:
    entries = []
    for index, item in enumerate(objects(value, "addresses", 3)):
        where = f"addresses[{index}]."
        known_fields(item, _ADDRESS_FIELDS, where)
        entry = {name: text(item[name], where + name, 100) for name in item if name != "field"}
        entry["field"] = choice(item.get("field", "BILLING"), where + "field", _ADDRESS_SLOTS)
        if (entry.get("region") or entry.get("region_code")) and not entry.get("country_code"):
            raise Refusal.bad(where + "country_code", "required when a region is given")
        entries.append(entry)
    _unique_slots(entries, "addresses")
    return entries


def _faxes(value: Any, data: Any) -> list[dict[str, Any]]:
    entries = []
    for index, item in enumerate(objects(value, "fax_numbers", 2)):
        where = f"fax_numbers[{index}]."
        known_fields(item, frozenset({"number", "type", "field"}), where)
        entry = {"number": text(item.get("number"), where + "number", 40)}
        entry["field"] = choice(item.get("field", "FAX1"), where + "field", ("FAX1", "FAX2"))
        if "type" in item:
            entry["type"] = text(item["type"], where + "type", 40)
        entries.append(entry)
    _unique_slots(entries, "fax_numbers")
    return entries


def _socials(value: Any, data: Any) -> list[dict[str, Any]]:
    entries = []
    for index, item in enumerate(objects(value, "social_accounts", 10)):
        where = f"social_accounts[{index}]."
        known_fields(item, frozenset({"name", "type"}), where)
        entries.append(
            {
                "name": text(item.get("name", ""), where + "name", 255),
                "type": choice(item.get("type"), where + "type", _SOCIAL),
            }
        )
    return entries


def _custom_fields(value: Any, data: Any) -> list[dict[str, Any]]:
    known = {field["id"] for field in data.custom_fields}
    entries = []
    for index, item in enumerate(objects(value, "custom_fields", 100)):
        where = f"custom_fields[{index}]."
        known_fields(item, frozenset({"id", "content"}), where)
        field_id = str(item.get("id", ""))
        if field_id not in known:
            raise Refusal.bad(where + "id", f"no contact custom field has id {field_id[:20]!r}")
        content = item.get("content")
        if not isinstance(content, (str, int, float, bool, type(None))):
            raise Refusal.bad(where + "content", "expected a string, number or boolean")
        if isinstance(content, str):
            text(content, where + "content", 65535)
        entries.append({"id": field_id, "content": content})
    return entries


def _company(value: Any, data: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise Refusal.bad("company", "expected an object with an id")
    known_fields(value, frozenset({"id", "company_name"}), "company.")
    number = str(value.get("id", "")).strip()
    company = (
        data.companies.get(int(number))
        if number.isascii() and number.isdigit() and len(number) < 18
        else None
    )
    if company is None:
        raise Refusal.bad("company.id", f"no company has id {number[:20]!r}")
    return {"id": company["id"], "company_name": company["company_name"]}


def _origin(value: Any, data: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise Refusal.bad("origin", "expected an object")
    known_fields(value, frozenset({"ip_address"}), "origin.")
    return {"ip_address": text(value.get("ip_address", ""), "origin.ip_address", 45)}


def _utm(value: Any, data: Any) -> dict[str, Any]:
    names = frozenset(
        {"keap_source_id", "utm_source", "utm_medium", "utm_term", "utm_campaign", "utm_content"}
    )
    if not isinstance(value, dict) or "keap_source_id" not in value:
        raise Refusal.bad("utm_parameters", "expected an object with keap_source_id")
    known_fields(value, names, "utm_parameters.")
    return {name: text(value[name], "utm_parameters." + name, 255) for name in value}


def _unique_slots(entries: list[dict[str, Any]], name: str) -> None:
    slots = [entry["field"] for entry in entries]
    if len(slots) != len(set(slots)):
        raise Refusal.bad(name, "each field (slot) may appear once")


FIELD_CHECKS = {
    "email_addresses": _emails,
    "phone_numbers": _phones,
    "addresses": _addresses,
    "fax_numbers": _faxes,
    "social_accounts": _socials,
    "custom_fields": _custom_fields,
    "company": _company,
    "origin": _origin,
    "source_type": lambda value, data: choice(value, "source_type", SOURCE_TYPES),
    "utm_parameters": _utm,
}
