"""Properties of the sandbox's records under any sequence of changes, and under hostile input.

One sandbox for the module, reset before each example (``Sandbox.reset``), real HTTP.
"""

from __future__ import annotations

import xmlrpc.client

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers.sandbox import DEMO_SERVICE_ACCOUNT_KEY, Sandbox

SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def sandbox():
    with Sandbox() as running:
        yield running


@pytest.fixture(scope="module")
def api(sandbox):
    session = requests.Session()
    session.headers["X-Keap-API-Key"] = DEMO_SERVICE_ACCOUNT_KEY
    base = sandbox.url + "/crm/rest/v2"
    return lambda method, path, **kw: session.request(method, base + path, timeout=10, **kw)


class _KeyHeader(xmlrpc.client.Transport):
    def send_headers(self, connection, headers):
        super().send_headers(connection, [*headers, ("X-Keap-API-Key", DEMO_SERVICE_ACCOUNT_KEY)])


OPERATIONS = st.lists(
    st.one_of(
        st.tuples(st.just("create"), st.integers(0, 5)),
        st.tuples(st.just("update"), st.integers(0, 9)),
        st.tuples(st.just("tag"), st.integers(0, 9), st.integers(1, 3)),
        st.tuples(st.just("untag"), st.integers(0, 9), st.integers(1, 3)),
        st.tuples(st.just("delete"), st.integers(0, 9)),
    ),
    max_size=14,
)


def _run(api, operation, live):
    kind, *args = operation
    if kind == "create":
        email = f"c{args[0]}@example.com"
        made = api(
            "POST", "/contacts", json={"given_name": "P", "email_addresses": [{"email": email}]}
        )
        assert made.status_code == 201
        live.append(made.json()["id"])
        return
    target = live[args[0] % len(live)] if live else "999"
    if kind == "update":
        answer = api("PATCH", f"/contacts/{target}", json={"job_title": f"j{args[0]}"})
    elif kind in ("tag", "untag"):
        verb = "applyTags" if kind == "tag" else "removeTags"
        answer = api("POST", f"/tags/{args[1]}/contacts:{verb}", json={"contact_ids": [target]})
    else:
        answer = api("DELETE", f"/contacts/{target}")
        if target in live:
            live.remove(target)
    assert (
        answer.status_code in (200, 204)
        if target != "999"
        else answer.status_code in (200, 204, 404)
    )


@SETTINGS
@given(
    OPERATIONS,
    st.integers(1, 7),
    st.sampled_from(["id", "id desc", "email", "create_time desc", "update_time"]),
)
def test_paging_after_any_changes_returns_each_live_contact_once(
    sandbox, api, operations, size, order
):
    sandbox.reset()
    live = ["1", "2", "3"]
    for operation in operations:
        _run(api, operation, live)
    seen, token = [], ""
    while True:
        page = api(
            "GET", "/contacts", params={"page_size": size, "page_token": token, "order_by": order}
        ).json()
        seen += [c["id"] for c in page["contacts"]]
        token = page["next_page_token"]
        if not token:
            break
    assert sorted(seen, key=int) == sorted(live, key=int) and len(seen) == len(set(seen))
    with xmlrpc.client.ServerProxy(sandbox.url + "/crm/xmlrpc/v1", transport=_KeyHeader()) as rpc:
        rows = rpc.DataService.query("k", "Contact", 1000, 0, {}, ["Id", "Groups", "JobTitle"])
    rest = {
        c["id"]: c for c in api("GET", "/contacts", params={"page_size": 1000}).json()["contacts"]
    }
    assert {str(r["Id"]) for r in rows} == set(rest)
    for row in rows:
        contact = rest[str(row["Id"])]
        assert row.get("Groups", "") == ",".join(contact["tag_ids"])
        assert row.get("JobTitle") == contact.get("job_title")


HOSTILE_TEXT = st.text(st.characters(codec="utf-8"), max_size=60) | st.sampled_from(
    [
        "email==%00",
        "given_name==" + "*" * 50,
        "contact_id>99999999999999999999",
        "ids==1,,2",
        ";;;",
        "==",
        "e" * 2500,
    ]
)


@SETTINGS
@given(
    st.binary(max_size=200) | st.builds(str.encode, HOSTILE_TEXT),
    HOSTILE_TEXT,
    HOSTILE_TEXT,
    st.sampled_from(
        [
            "POST /contacts",
            "PATCH /contacts/1",
            "POST /tags",
            "POST /tags/1/contacts:applyTags",
            "POST /contacts/1/notes",
            "POST /companies",
        ]
    ),
)
def test_hostile_input_gets_keap_shaped_answers_and_changes_nothing_refused(
    sandbox, api, body, flt, token, target
):
    sandbox.reset()
    before = sandbox.state.data.snapshot()
    method, path = target.split()
    written = api(method, path, data=body, headers={"Content-Type": "application/json"})
    assert written.status_code in (200, 201, 400), written.text
    assert set(written.json()) >= (
        {"code", "message", "status", "details"} if written.status_code == 400 else set()
    )
    if written.status_code == 400:
        assert sandbox.state.data.snapshot() == before
    listed = api("GET", "/contacts", params={"filter": flt, "page_token": token})
    assert listed.status_code in (200, 400) and isinstance(listed.json(), dict)
