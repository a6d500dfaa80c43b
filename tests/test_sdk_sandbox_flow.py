"""Keap's official SDK (keap-core-v2-sdk) drives an integration's first flow against the sandbox.

Create a contact, find it by email, update it, tag it, list the tagged contacts, page through
the contacts, delete it (then 404), and a revoked key gets 401. Every answer is parsed into the
SDK's models (generated from Keap's REST v2 description) with no field those models lack.
"""

from __future__ import annotations

import pytest

from helpers.sandbox import DEMO_SERVICE_ACCOUNT_KEY, REVOKED_KEY
from tests.sdk_models import extra_fields

keap = pytest.importorskip(
    "keap_core_v2_client", reason="Keap's SDK (pip install keap-core-v2-sdk) is not installed"
)
from keap_core_v2_client.exceptions import (  # noqa: E402
    BadRequestException,
    NotFoundException,
    UnauthorizedException,
)


def _client(sandbox, key: str = DEMO_SERVICE_ACCOUNT_KEY):
    return keap.ApiClient(keap.Configuration(host=sandbox.url + "/crm", access_token=key))


def _new_contact(email: str = "nuevo@example.com", given: str = "Nuevo"):
    return keap.CreateUpdateContactRequest(
        given_name=given,
        family_name="Cliente",
        email_addresses=[keap.EmailAddressRequest(email=email, field="EMAIL1")],
    )


def test_sdk_runs_the_whole_contact_flow(keap_sandbox):
    with _client(keap_sandbox) as client:
        contacts, tags = keap.ContactApi(client), keap.TagsApi(client)
        created = contacts.create_contact(_new_contact())
        assert isinstance(created, keap.Contact) and created.id and not extra_fields(created)
        found = contacts.list_contacts(filter="email==nuevo@example.com")
        assert [c.id for c in found.contacts] == [created.id] and not extra_fields(found)
        updated = contacts.update_contact(
            created.id, keap.CreateUpdateContactRequest(job_title="Chef"), update_mask=["job_title"]
        )
        assert (updated.job_title, updated.given_name) == ("Chef", "Nuevo")
        tag = tags.create_tag(keap.CreateUpdateTagRequest(name="Cliente nuevo"))
        applied = tags.apply_tags(tag.id, keap.ApplyRemoveTagRequest(contact_ids=[created.id]))
        assert applied.results == {created.id: "SUCCESS"}
        tagged = tags.list_contacts_with_tag_id(tag.id)
        assert [c.email for c in tagged.contacts] == ["nuevo@example.com"]
        assert not extra_fields(tagged) and contacts.get_contact(created.id).tag_ids == [tag.id]
        contacts.delete_contact(created.id)
        with pytest.raises(NotFoundException) as missing:
            contacts.get_contact(created.id)
    assert isinstance(missing.value.data, keap.Error) and missing.value.data.code == 404


def test_sdk_pages_through_every_contact_once(keap_sandbox):
    keap_sandbox.seed(
        contacts=[
            {"given_name": f"P{n}", "email_addresses": [{"email": f"p{n}@example.com"}]}
            for n in range(7)
        ]
    )
    seen, token = [], None
    with _client(keap_sandbox) as client:
        api = keap.ContactApi(client)
        while True:
            page = api.list_contacts(page_size=3, page_token=token, order_by="email desc")
            assert isinstance(page, keap.ListContactsResponse) and not extra_fields(page)
            seen += [c.id for c in page.contacts]
            token = page.next_page_token
            if not token:
                break
    assert len(seen) == len(set(seen)) == 10  # 3 demo contacts and the 7 seeded


def test_sdk_reads_tags_categories_notes_companies_and_the_contact_model(keap_sandbox):
    with _client(keap_sandbox) as client:
        answers = [
            keap.TagsApi(client).list_tags(),
            keap.TagsApi(client).list_tag_categories(),
            keap.TagsApi(client).get_tag("1"),
            keap.ContactApi(client).list_tags_for_contact("1"),
            keap.NoteApi(client).list_notes("1"),
            keap.CompanyApi(client).list_companies(),
            keap.ContactApi(client).retrieve_contact_model(),
        ]
    for answer in answers:
        assert not extra_fields(answer), type(answer).__name__
    tag_list, categories, tag, contact_tags, notes, companies, model = answers
    assert len(tag_list.tags) == 3 and categories.tag_categories[0].name == "Intereses"
    assert tag.name == tag_list.tags[0].name or tag.id == "1"
    assert {t.tag.id for t in contact_tags.tags} == {"1", "2"}
    assert notes.notes[0].contact_id == "1" and companies.companies[0].company_name
    assert [f.field_name for f in model.custom_fields] == ["favoriteBread", "foundUs"]


def test_sdk_sees_a_400_naming_the_field(keap_sandbox):
    request = _new_contact(email="nuevo.example.com")  # the SDK checks lengths, not formats
    with _client(keap_sandbox) as client, pytest.raises(BadRequestException) as error:
        keap.ContactApi(client).create_contact(request)
    assert error.value.data.status == "INVALID_ARGUMENT"
    assert "email_addresses[0].email" in error.value.data.message
    assert len(keap_sandbox.state.data.contacts) == 3  # nothing stored


def test_sdk_gets_401_for_a_revoked_key_on_contacts(keap_sandbox):
    with _client(keap_sandbox, REVOKED_KEY) as client, pytest.raises(UnauthorizedException):
        keap.ContactApi(client).list_contacts()


def test_sdk_reads_an_empty_account_for_resources_the_sandbox_does_not_keep(keap_sandbox):
    with _client(keap_sandbox) as client:
        orders = keap.OrdersApi(client).list_orders()
        products = keap.ProductsApi(client).list_products()
        with pytest.raises(NotFoundException):
            keap.OrdersApi(client).get_order("1")
    assert orders.orders == [] and products.products == [] and not extra_fields(orders)
