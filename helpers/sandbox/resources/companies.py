"""Companies (Keap REST v2 ``/companies``) and the contact model (``/contacts/model``).

Shapes: Keap REST v2 description, schemas Company, CreateCompanyRequest,
UpdateCompanyRequest, ListCompaniesResponse and ObjectModel (CustomFieldMetaData). A contact
points at its company as ``company: {id, company_name}`` (BasicCompany).
"""

from __future__ import annotations

import copy
from typing import Any

from ..store import AccountData, Record, now
from . import paging
from .common import Answer, ApiRequest, Refusal, email, ident, known_fields, text
from .contact_body import FIELD_CHECKS as CONTACT_CHECKS
from .simple_filter import matcher

_STRINGS = frozenset(
    [
        "notes",
        "website",
        "suffix",
        "title",
        "company_name",
        "anniversary_date",
        "assistant_name",
        "assistant_phone",
        "billing_information",
        "birth_date",
        "contact_type",
        "first_name",
        "job_title",
        "last_name",
        "middle_name",
        "preferred_name",
        "owner_id",
        "referral_code",
        "spouse_name",
    ]
)
_FIELDS = _STRINGS | {"address", "custom_fields", "email_address", "fax_number", "phone_number"}


def company_of(data: AccountData, raw_id: str) -> Record:
    record = data.companies.get(ident(raw_id, "company"))
    if record is None:
        raise Refusal.missing("company", raw_id)
    return record


def _changes(body: dict[str, Any], data: AccountData, creating: bool) -> dict[str, Any]:
    known_fields(body, _FIELDS)
    if creating and not str(body.get("company_name") or "").strip():
        raise Refusal.bad("company_name", "a company needs a name")
    changes = {name: text(body[name], name, 255) for name in body if name in _STRINGS}
    if body.get("email_address") is not None:
        entry = body["email_address"]
        if not isinstance(entry, dict):
            raise Refusal.bad("email_address", "expected an object")
        changes["email_address"] = {
            "email": email(entry.get("email"), "email_address.email", 100),
            "field": "EMAIL1",
        }
    for name, check in (
        ("phone_number", "phone_numbers"),
        ("fax_number", "fax_numbers"),
        ("address", "addresses"),
    ):
        if body.get(name) is not None:
            changes[name] = CONTACT_CHECKS[check]([body[name]], data)[0]
    if body.get("custom_fields"):
        raise Refusal.bad("custom_fields[0].id", "this account has no company custom fields")
    return changes


def list_companies(request: ApiRequest, data: AccountData) -> Answer:
    order = paging.order_by(request, ("id", "create_time", "name", "email"), "id")
    fields = {
        "company_name": lambda r: r.get("company_name"),
        "name": lambda r: r.get("company_name"),
        "email": lambda r: (r.get("email_address") or {}).get("email"),
    }
    keep = matcher(request.one("filter"), fields, ("city", "state", "since_time", "until_time"))
    with data.lock:
        rows = [copy.deepcopy(r) for r in data.companies.values() if keep(r)]

    def key(record: Record) -> list[Any]:
        number = int(record["id"])
        value = {
            "id": number,
            "create_time": record["create_time"],
            "name": record.get("company_name", "").casefold(),
            "email": (record.get("email_address") or {}).get("email", ""),
        }[order[0]]
        return [value, number]

    chosen, token = paging.page(rows, request, order, key, request.one("filter"))
    return 200, {"companies": chosen, "next_page_token": token}


def create_company(request: ApiRequest, data: AccountData) -> Answer:
    body = request.json()
    with data.lock:
        changes = _changes(body, data, creating=True)
        when = now()
        record = {
            "id": str(data.next_id("other")),
            **changes,
            "create_time": when,
            "update_time": when,
        }
        data.companies[int(record["id"])] = record
        return 201, copy.deepcopy(record)


def get_company(request: ApiRequest, data: AccountData, company_id: str) -> Answer:
    with data.lock:
        return 200, copy.deepcopy(company_of(data, company_id))


def update_company(request: ApiRequest, data: AccountData, company_id: str) -> Answer:
    body = request.json()
    mask = request.names("update_mask")
    for name in mask:
        if name not in _FIELDS:
            raise Refusal.bad("update_mask", f"unknown company field {name[:40]!r}")
    with data.lock:
        record = company_of(data, company_id)
        changes = _changes(body, data, creating=False)
        if mask:
            changes = {name: changes[name] for name in mask if name in changes}
        record.update(changes, update_time=now())
        for contact in data.contacts.values():
            if (contact.get("company") or {}).get("id") == record["id"]:
                contact["company"] = {
                    "id": record["id"],
                    "company_name": record.get("company_name", ""),
                }
        return 200, copy.deepcopy(record)


def delete_company(request: ApiRequest, data: AccountData, company_id: str) -> Answer:
    with data.lock:
        record = company_of(data, company_id)
        del data.companies[int(record["id"])]
        for contact in data.contacts.values():
            if (contact.get("company") or {}).get("id") == record["id"]:
                del contact["company"]
    return 204, None


def contact_model(request: ApiRequest, data: AccountData) -> Answer:
    """The contact model: the account's contact custom fields (the sandbox sends every
    standard field by default, so it lists no optional properties)."""
    with data.lock:
        return 200, {"custom_fields": copy.deepcopy(data.custom_fields), "optional_properties": []}


ROUTES = [
    ("GET", r"/rest/v2/contacts/model", contact_model),
    ("GET", r"/rest/v2/companies", list_companies),
    ("POST", r"/rest/v2/companies", create_company),
    ("GET", r"/rest/v2/companies/([^/:]+)", get_company),
    ("PATCH", r"/rest/v2/companies/([^/:]+)", update_company),
    ("DELETE", r"/rest/v2/companies/([^/:]+)", delete_company),
]
