"""The sandbox keeps contacts and tags the way Keap's REST v2 does: real HTTP on 127.0.0.1."""

from __future__ import annotations

import pytest
import requests

from helpers.sandbox import DEMO_PERSONAL_ACCESS_TOKEN, DEMO_SERVICE_ACCOUNT_KEY
from helpers.sandbox.resources.seeding import SeedError

ADA = {
    "given_name": "Ada",
    "family_name": "Lovelace",
    "email_addresses": [{"email": "ada@example.com", "field": "EMAIL1"}],
}


class Api:
    """A requests session to the sandbox's REST v2 with the demo service account key."""

    def __init__(self, sandbox, key: str = DEMO_SERVICE_ACCOUNT_KEY) -> None:
        self.base = sandbox.url + "/crm/rest/v2"
        self.session = requests.Session()
        self.session.headers["X-Keap-API-Key"] = key

    def __getattr__(self, method: str):
        return lambda path, **kw: self.session.request(
            method.upper(), self.base + path, timeout=10, **kw
        )


@pytest.fixture
def api(keap_sandbox):
    return Api(keap_sandbox)


def test_create_answers_201_with_keap_ids_and_times(api):
    made = api.post("/contacts", json=ADA)
    body = made.json()
    assert made.status_code == 201 and body["id"] == "4" and body["tag_ids"] == []
    assert body["create_time"].endswith("Z") and len(body["create_time"]) == 24
    assert api.get("/contacts/4").json()["email_addresses"] == ADA["email_addresses"]


@pytest.mark.parametrize(
    ("option", "second", "status", "count"),
    [
        ("Email", {**ADA, "given_name": "Augusta"}, 200, 4),
        ("EmailAndName", {**ADA, "given_name": "Augusta"}, 201, 5),
        ("EmailAndName", {**ADA, "job_title": "Analyst"}, 200, 4),
        ("", ADA, 201, 5),
    ],
)
def test_duplicate_option_updates_the_match_or_creates(api, option, second, status, count):
    api.post("/contacts", json=ADA)
    params = {"duplicate_option": option} if option else {}
    again = api.post("/contacts", json=second, params=params)
    assert again.status_code == status
    assert len(api.get("/contacts").json()["contacts"]) == count


def test_get_with_fields_returns_only_those_fields(api):
    body = api.get("/contacts/1", params={"fields": "given_name,tag_ids"}).json()
    assert body == {"id": "1", "given_name": "Ana", "tag_ids": ["1", "2"]}


def test_patch_with_update_mask_changes_only_the_masked_fields(api):
    changed = api.patch(
        "/contacts/1",
        params={"update_mask": "family_name"},
        json={"family_name": "Gómez", "given_name": "Nope"},
    )
    assert changed.status_code == 200
    body = api.get("/contacts/1").json()
    assert (body["given_name"], body["family_name"]) == ("Ana", "Gómez")
    assert body["update_time"] > body["create_time"]


def test_delete_then_get_is_a_keap_404(api):
    assert api.delete("/contacts/2").status_code == 204
    gone = api.get("/contacts/2")
    assert gone.status_code == 404 and gone.json()["status"] == "NOT_FOUND"
    assert api.delete("/contacts/2").status_code == 404


@pytest.mark.parametrize(
    ("flt", "ids"),
    [
        ("email==ana.garcia@example.com", ["1"]),
        ("email==ANA.GARCIA@example.com", ["1"]),
        ("given_name==Ca*", ["2"]),
        ("family_name==R*;given_name==Sof*", ["3"]),
        ("ids==1,3", ["1", "3"]),
        ("contact_id>1", ["2", "3"]),
        ("company_id==2", ["1"]),
        ("favoriteBread==Con*", ["1"]),
        ("start_update_time==2026-01-05T09:00:00.000Z", ["1", "2", "3"]),
        ("end_update_time==2025-01-01T00:00:00.000Z", []),
    ],
)
def test_list_filters_like_keap(api, flt, ids):
    listed = api.get("/contacts", params={"filter": flt})
    assert listed.status_code == 200, listed.text
    assert [c["id"] for c in listed.json()["contacts"]] == ids


@pytest.mark.parametrize(
    ("order", "ids"),
    [("id desc", ["3", "2", "1"]), ("email", ["1", "2", "3"]), ("email desc", ["3", "2", "1"])],
)
def test_list_orders_by_keap_fields(api, order, ids):
    assert [
        c["id"] for c in api.get("/contacts", params={"order_by": order}).json()["contacts"]
    ] == ids


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"order_by": "given_name"}, "order_by"),
        ({"page_size": "1001"}, "page_size"),
        ({"page_size": "-1"}, "page_size"),
        ({"page_size": "ten"}, "page_size"),
        ({"page_token": "not-a-token"}, "page_token"),
        ({"page_token": "eyJvIjpbImlkIiwiYXNjIl0sImsiOlsiYSIsMl0sImYiOiJ4In0"}, "page_token"),
        # a forged token for this very list whose key is text where an id belongs
        (
            {
                "page_token": "eyJvIjpbImlkIiwiYXNjIl0sImsiOlsiYSIsMl0sImYiOiJlM2IwYzQ0Mjk4ZmMxYzE0In0"
            },
            "page_token",
        ),
        ({"filter": "email=ana"}, "filter"),
        ({"filter": "nickname==x"}, "filter"),
        ({"filter": "given_name==*a"}, "filter"),
        ({"filter": "start_update_time==yesterday"}, "filter"),
        ({"filter": "city==Chan*"}, "filter"),
        ({"fields": "password"}, "fields"),
        ({"filter": "x" * 3000}, "filter"),
    ],
)
def test_bad_list_parameters_get_a_keap_400_naming_the_parameter(api, params, named):
    refused = api.get("/contacts", params=params)
    assert refused.status_code == 400 and refused.json()["details"] == [
        {"domain": "crm", "resource": named}
    ]
    assert named in refused.json()["message"] or "sandbox" in refused.json()["message"]


@pytest.mark.parametrize(
    ("body", "named"),
    [
        ({**ADA, "given_name": "x" * 41}, "given_name"),
        ({**ADA, "family_name": 7}, "family_name"),
        ({"email_addresses": [{"email": "not-an-email"}]}, "email_addresses[0].email"),
        (
            {"email_addresses": [{"email": "a@example.com", "field": "EMAIL9"}]},
            "email_addresses[0].field",
        ),
        ({"given_name": "Solo"}, "email_addresses"),
        ({**ADA, "favourite_colour": "red"}, "favourite_colour"),
        ({**ADA, "custom_fields": [{"id": "99", "content": "x"}]}, "custom_fields[0].id"),
        ({**ADA, "company": {"id": "777"}}, "company.id"),
        ({"addresses": [{"region": "Jalisco", "field": "BILLING"}]}, "addresses[0].country_code"),
        ({**ADA, "source_type": "TELEPATHY"}, "source_type"),
    ],
)
def test_bad_contact_bodies_get_a_keap_400_and_change_nothing(api, keap_sandbox, body, named):
    before = keap_sandbox.state.data.snapshot()
    refused = api.post("/contacts", json=body)
    assert refused.status_code == 400, refused.text
    assert refused.json()["details"][0]["resource"] == named
    assert keap_sandbox.state.data.snapshot() == before


@pytest.mark.parametrize("raw", [b"{", b"[1, 2]", b"null", b"\xff\xfe", b"[" * 5000, b""])
def test_malformed_bodies_get_a_400_never_a_500(api, keap_sandbox, raw):
    for method, path in (
        ("post", "/contacts"),
        ("patch", "/contacts/1"),
        ("post", "/tags"),
        ("post", "/tags/1/contacts:applyTags"),
    ):
        answer = getattr(api, method)(path, data=raw, headers={"Content-Type": "application/json"})
        assert answer.status_code == 400 and answer.json()["code"] == 400
    assert len(keap_sandbox.state.data.contacts) == 3


def test_paging_returns_each_contact_once_with_opaque_tokens(api, keap_sandbox):
    keap_sandbox.seed(
        contacts=[{"email_addresses": [{"email": f"c{n}@example.com"}]} for n in range(12)]
    )
    seen, token = [], ""
    while True:
        page = api.get("/contacts", params={"page_size": 5, "page_token": token}).json()
        seen += [c["id"] for c in page["contacts"]]
        api.post("/contacts", json={"email_addresses": [{"email": f"late{len(seen)}@example.com"}]})
        api.delete(f"/contacts/{seen[0]}")  # changes between pages neither repeat nor skip
        token = page["next_page_token"]
        if not token:
            break
    assert len(seen) == len(set(seen)) and seen == sorted(seen, key=int)
    assert set(map(str, range(1, 16))) <= set(seen)


def test_a_token_from_another_filter_is_refused(api):
    token = api.get("/contacts", params={"page_size": 1}).json()["next_page_token"]
    refused = api.get(
        "/contacts", params={"page_size": 1, "page_token": token, "filter": "given_name==A*"}
    )
    assert refused.status_code == 400


def test_tags_apply_list_and_remove(api):
    tag = api.post(
        "/tags", json={"name": "VIP", "description": "Buen cliente", "category": {"id": "1"}}
    ).json()
    applied = api.post(
        f"/tags/{tag['id']}/contacts:applyTags", json={"contact_ids": ["2", "3", "404"]}
    )
    assert applied.json() == {"results": {"2": "SUCCESS", "3": "SUCCESS", "404": "NOT_FOUND"}}
    again = api.post(f"/tags/{tag['id']}/contacts:applyTags", json={"contact_ids": ["2"]})
    assert again.json() == {"results": {"2": "DUPLICATE"}}
    tagged = api.get(f"/tags/{tag['id']}/contacts", params={"order_by": "email"}).json()
    assert [c["email"] for c in tagged["contacts"]] == [
        "carlos.perez@example.com",
        "sofia.ramirez@example.com",
    ]
    assert (
        api.post(f"/tags/{tag['id']}/contacts:removeTags", json={"contact_ids": ["3"]}).status_code
        == 204
    )
    assert api.get("/contacts/3").json()["tag_ids"] == []
    names = [t["tag"]["name"] for t in api.get("/contacts/2/tags").json()["tags"]]
    assert names == ["Boletín", "VIP"]


def test_tag_crud_and_categories(api):
    made = api.post("/tags", json={"name": "Mayorista"}).json()
    assert (
        api.patch(f"/tags/{made['id']}", json={"description": "Compra por caja"}).json()[
            "description"
        ]
        == "Compra por caja"
    )
    assert [
        t["name"] for t in api.get("/tags", params={"filter": "name==May*"}).json()["tags"]
    ] == ["Mayorista"]
    assert api.delete(f"/tags/{made['id']}").status_code == 204
    assert api.get(f"/tags/{made['id']}").status_code == 404
    category = api.post("/tags/categories", json={"name": "Canal"}).json()
    assert api.get(f"/tags/categories/{category['id']}").json()["name"] == "Canal"
    assert api.delete("/tags/categories/1").status_code == 204
    assert "category" not in api.get("/tags/3").json()
    assert (
        api.post("/tags", json={"name": "x", "category": {"id": "999"}}).json()["details"][0][
            "resource"
        ]
        == "category.id"
    )


def test_deleting_a_tag_takes_it_off_contacts(api):
    assert api.delete("/tags/2").status_code == 204
    assert api.get("/contacts/1").json()["tag_ids"] == ["1"]


def test_other_operations_answer_as_an_empty_account(api):
    assert api.get("/opportunities").json() == {"opportunities": [], "next_page_token": ""}
    assert api.get("/orders/12").status_code == 404
    refused = api.post("/orders", json={"contact_id": "1"})
    assert refused.status_code == 501 and "does not imitate" in refused.json()["message"]
    assert api.put("/contacts/1", json={}).status_code == 405
    assert api.get("/no/such/thing").status_code == 404


def test_quota_scenario_answers_429_with_throttle_headers_on_contacts(api, keap_sandbox):
    keap_sandbox.scenario = "quota"
    refused = api.post("/contacts", json=ADA)
    assert refused.status_code == 429 and refused.headers["Retry-After"].isdigit()
    assert refused.headers["x-keap-product-quota-available"] == "0"
    assert "x-keap-product-throttle-limit" in refused.headers
    assert len(keap_sandbox.state.data.contacts) == 3


def test_every_key_sees_the_same_account(api, keap_sandbox):
    api.post("/contacts", json=ADA)
    other = Api(keap_sandbox, DEMO_PERSONAL_ACCESS_TOKEN)
    assert other.get("/contacts", params={"filter": "email==ada@example.com"}).json()["contacts"]


def test_reset_control_path_brings_the_seed_back(api, keap_sandbox):
    api.delete("/contacts/1")
    reset = requests.post(keap_sandbox.url + "/_sandbox/reset", json={}, timeout=10)
    assert reset.status_code == 200 and api.get("/contacts/1").status_code == 200
    assert (
        requests.post(keap_sandbox.url + "/_sandbox/reset", data="{}", timeout=10).status_code
        == 415
    )


@pytest.mark.keap_sandbox(tags=["VIP"], contacts=[{**ADA, "tags": ["VIP"]}], replace=True)
def test_the_marker_seeds_your_own_records(api):
    contacts = api.get("/contacts").json()["contacts"]
    assert [c["given_name"] for c in contacts] == ["Ada"]
    assert api.get(f"/tags/{contacts[0]['tag_ids'][0]}").json()["name"] == "VIP"


def test_each_test_starts_from_the_seed_again(api):
    assert len(api.get("/contacts").json()["contacts"]) == 3


def test_seeding_a_bad_contact_raises_and_adds_nothing(keap_sandbox):
    with pytest.raises(SeedError, match="given_name"):
        keap_sandbox.seed(contacts=[ADA, {**ADA, "given_name": "x" * 50}])
    assert len(keap_sandbox.state.data.contacts) == 3


def test_notes_and_companies_keep_state(api):
    note = api.post(
        "/contacts/2/notes", json={"user_id": "2", "title": "Visita", "text": "Quiere pan"}
    )
    assert note.status_code == 201 and note.json()["contact_id"] == "2"
    assert [n["title"] for n in api.get("/contacts/2/notes").json()["notes"]] == ["Visita"]
    assert (
        api.post("/contacts/2/notes", json={"title": "sin usuario"}).json()["details"][0][
            "resource"
        ]
        == "user_id"
    )
    company = api.post("/companies", json={"company_name": "Molino Azul"}).json()
    linked = api.patch("/contacts/3", json={"company": {"id": company["id"]}}).json()
    assert linked["company"] == {"id": company["id"], "company_name": "Molino Azul"}
    assert (
        api.get("/contacts", params={"filter": f"company_id=={company['id']}"}).json()["contacts"][
            0
        ]["id"]
        == "3"
    )
    assert api.delete(f"/companies/{company['id']}").status_code == 204
    assert "company" not in api.get("/contacts/3").json()


def test_tag_category_update_with_a_mask(api):
    changed = api.patch(
        "/tags/categories/1",
        params={"update_mask": "name"},
        json={"name": "Gustos", "description": "no"},
    )
    assert changed.status_code == 200 and changed.json()["name"] == "Gustos"
    assert "description" not in api.get("/tags/categories/1").json()
    assert api.get("/companies/model").json() == {"custom_fields": [], "optional_properties": []}
