"""XML-RPC ContactService and DataService answer from the same records as REST v2."""

from __future__ import annotations

import xmlrpc.client

import pytest
import requests

from helpers.sandbox import DEMO_LEGACY_KEY, DEMO_SERVICE_ACCOUNT_KEY


class _KeyHeader(xmlrpc.client.Transport):
    """xmlrpc.client's transport sending the key as ``X-Keap-API-Key``, as the gateway wants."""

    def send_headers(self, connection, headers):
        super().send_headers(connection, [*headers, ("X-Keap-API-Key", DEMO_SERVICE_ACCOUNT_KEY)])


@pytest.fixture
def rpc(keap_sandbox):
    proxy = xmlrpc.client.ServerProxy(keap_sandbox.url + "/crm/xmlrpc/v1", transport=_KeyHeader())
    with proxy:
        yield proxy


@pytest.fixture
def rest(keap_sandbox):
    session = requests.Session()
    session.headers["X-Keap-API-Key"] = DEMO_SERVICE_ACCOUNT_KEY
    base = keap_sandbox.url + "/crm/rest/v2"
    return lambda method, path, **kw: session.request(method, base + path, timeout=10, **kw)


KEY = "placeholder"  # the gateway ignores the first parameter (infusionsoft-php sends the key)


def test_contact_added_over_xmlrpc_is_found_over_rest(rpc, rest):
    number = rpc.ContactService.add(
        KEY,
        {
            "FirstName": "Rosa",
            "LastName": "Luna",
            "Email": "rosa@example.com",
            "Phone1": "555-0101",
        },
    )
    assert number == 4
    body = rest("GET", f"/contacts/{number}").json()
    assert (body["given_name"], body["email_addresses"][0]["email"]) == ("Rosa", "rosa@example.com")
    assert body["phone_numbers"] == [{"number": "555-0101", "field": "PHONE1"}]


def test_contact_made_over_rest_is_found_over_xmlrpc(rpc, rest):
    rest(
        "POST",
        "/contacts",
        json={"given_name": "Tomás", "email_addresses": [{"email": "tomas@example.com"}]},
    )
    found = rpc.ContactService.findByEmail(
        KEY, "tomas@example.com", ["Id", "FirstName", "Email", "Groups"]
    )
    assert found == [{"Id": 4, "FirstName": "Tomás", "Email": "tomas@example.com"}]


def test_load_update_and_groups(rpc, rest):
    assert rpc.ContactService.load(KEY, 1, ["FirstName", "Groups", "Company"]) == {
        "FirstName": "Ana",
        "Groups": "1,2",
        "Company": "Cafetería La Esquina",
    }
    assert (
        rpc.ContactService.update(
            KEY, 1, {"LastName": "Gómez", "EmailAddress2": "ana2@example.com"}
        )
        == 1
    )
    assert rpc.ContactService.addToGroup(KEY, 1, 3) is True
    assert rpc.ContactService.removeFromGroup(KEY, 1, 1) is True
    body = rest("GET", "/contacts/1").json()
    assert body["family_name"] == "Gómez" and body["tag_ids"] == ["2", "3"]
    assert [e["field"] for e in body["email_addresses"]] == ["EMAIL1", "EMAIL2"]


def test_data_service_queries_the_three_tables(rpc):
    assert rpc.DataService.query(
        KEY, "Contact", 10, 0, {"FirstName": "Ca%"}, ["Id", "LastName"]
    ) == [{"Id": 2, "LastName": "Pérez"}]
    groups = rpc.DataService.query(KEY, "ContactGroup", 10, 0, {}, ["Id", "GroupName"])
    assert [g["GroupName"] for g in groups] == ["Cliente", "Boletín", "Taller de pan"]
    assigned = rpc.DataService.findByField(
        KEY, "ContactGroupAssign", 10, 0, "GroupId", 2, ["ContactId"]
    )
    assert assigned == [{"ContactId": 1}, {"ContactId": 2}]
    page = rpc.DataService.query(KEY, "Contact", 2, 1, {}, ["Id"], "Id", False)
    assert page == [{"Id": 1}]


@pytest.mark.parametrize(
    ("call", "fault"),
    [
        (lambda rpc: rpc.ContactService.load(KEY, 999, ["Id"]), "[RecordNotFound]"),
        (
            lambda rpc: rpc.ContactService.load(KEY, 1, ["Password"]),
            "[NoFieldFound]No field found: Contact.Password",
        ),
        (lambda rpc: rpc.ContactService.add(KEY, {"Email": "no-at-sign"}), "[InvalidParameter]"),
        (
            lambda rpc: rpc.ContactService.add(
                KEY, {"FirstName": "x" * 41, "Email": "a@example.com"}
            ),
            "given_name",
        ),
        (lambda rpc: rpc.ContactService.add(KEY, {"Shoe": "42"}), "[NoFieldFound]"),
        (lambda rpc: rpc.ContactService.update(KEY, 1, {"Groups": "1"}), "[InvalidParameter]"),
        (
            lambda rpc: rpc.DataService.query(KEY, "Invoice", 10, 0, {}, ["Id"]),
            "Invalid table name",
        ),
        (lambda rpc: rpc.DataService.query(KEY, "Contact", 5000, 0, {}, ["Id"]), "limit"),
        (lambda rpc: rpc.ContactService.addToGroup(KEY, 1, 99), "[RecordNotFound]"),
        (lambda rpc: rpc.ContactService.load(KEY), "No method matching arguments"),
    ],
)
def test_bad_calls_get_keap_style_faults_and_change_nothing(rpc, keap_sandbox, call, fault):
    before = keap_sandbox.state.data.snapshot()
    with pytest.raises(xmlrpc.client.Fault) as error:
        call(rpc)
    assert fault in error.value.faultString
    assert keap_sandbox.state.data.snapshot() == before


@pytest.mark.keap_sandbox(scenario="legacy_accepted")
def test_per_app_endpoint_takes_the_key_as_first_parameter(keap_sandbox):
    with xmlrpc.client.ServerProxy(keap_sandbox.url + "/api/xmlrpc") as proxy:
        number = proxy.ContactService.add(
            DEMO_LEGACY_KEY, {"FirstName": "Old", "Email": "old@example.com"}
        )
        assert proxy.ContactService.load(DEMO_LEGACY_KEY, number, ["Email"]) == {
            "Email": "old@example.com"
        }
        with pytest.raises(xmlrpc.client.Fault, match=r"\[InvalidKey\]"):
            proxy.ContactService.load("wrong", number, ["Email"])


def test_the_in_page_sandbox_keeps_the_same_records_over_rest_and_xmlrpc():
    """The browser edition's sandbox answers in memory from the same kind of state."""
    from helpers.sandbox import Sandbox

    with Sandbox(in_page=True) as sandbox:
        headers = {"X-Keap-API-Key": DEMO_SERVICE_ACCOUNT_KEY}
        url = sandbox.url + "/crm/rest/v2/contacts"
        made = requests.post(
            url,
            json={"email_addresses": [{"email": "web@example.com"}]},
            headers=headers,
            timeout=5,
        )
        assert made.status_code == 201
        proxy = xmlrpc.client.ServerProxy(sandbox.url + "/crm/xmlrpc/v1", transport=_KeyHeader())
        with proxy:
            assert proxy.ContactService.findByEmail(KEY, "web@example.com", ["Id"]) == [
                {"Id": int(made.json()["id"])}
            ]
        sandbox.reset()
        assert (
            requests.get(url + "/" + made.json()["id"], headers=headers, timeout=5).status_code
            == 404
        )
