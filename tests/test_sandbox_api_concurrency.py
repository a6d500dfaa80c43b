"""50 clients at once creating, tagging, updating and deleting contacts over real HTTP.

No timing is asserted: every id must be unique, no change lost, and paging (also while the
clients write) must return each contact exactly once.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import requests

from helpers.sandbox import DEMO_SERVICE_ACCOUNT_KEY

CLIENTS, EACH = 50, 4


def _session() -> requests.Session:
    session = requests.Session()
    session.headers["X-Keap-API-Key"] = DEMO_SERVICE_ACCOUNT_KEY
    return session


def _all_ids(base: str, session: requests.Session, size: int = 7) -> list[str]:
    seen, token = [], ""
    while True:
        page = session.get(
            base + "/contacts", params={"page_size": size, "page_token": token}, timeout=30
        ).json()
        seen += [c["id"] for c in page["contacts"]]
        token = page["next_page_token"]
        if not token:
            return seen


def test_fifty_clients_lose_nothing_and_paging_sees_each_contact_once(keap_sandbox):
    base = keap_sandbox.url + "/crm/rest/v2"
    done = threading.Event()
    pages_while_writing: list[list[str]] = []

    def client(number: int) -> list[tuple[str, bool]]:
        session, made = _session(), []
        for step in range(EACH):
            body = {
                "given_name": f"C{number}",
                "email_addresses": [{"email": f"c{number}.{step}@example.com"}],
            }
            contact = session.post(base + "/contacts", json=body, timeout=30).json()["id"]
            applied = session.post(
                base + "/tags/2/contacts:applyTags", json={"contact_ids": [contact]}, timeout=30
            )
            assert applied.json()["results"] == {contact: "SUCCESS"}
            session.patch(
                base + f"/contacts/{contact}", json={"job_title": f"t{number}"}, timeout=30
            )
            deleted = step % 2 == 1
            if deleted:
                assert session.delete(base + f"/contacts/{contact}", timeout=30).status_code == 204
            made.append((contact, deleted))
        return made

    def reader() -> None:
        session = _session()
        while not done.is_set():
            pages_while_writing.append(_all_ids(base, session))

    watcher = threading.Thread(target=reader)
    watcher.start()
    try:
        with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
            results = [item for made in pool.map(client, range(CLIENTS)) for item in made]
    finally:
        done.set()
        watcher.join(timeout=60)

    ids = [contact for contact, _ in results]
    assert len(ids) == len(set(ids)) == CLIENTS * EACH  # every id unique
    kept = {contact for contact, deleted in results if not deleted}
    final = _all_ids(base, _session())
    assert len(final) == len(set(final)) and set(final) == kept | {"1", "2", "3"}
    tagged = (
        _session().get(base + "/tags/2/contacts", params={"page_size": 1000}, timeout=30).json()
    )
    assert {c["id"] for c in tagged["contacts"]} == kept | {"1", "2"}  # no lost tag
    for contact in kept:
        assert keap_sandbox.state.data.contacts[int(contact)]["job_title"].startswith("t")
    assert pages_while_writing and all(len(p) == len(set(p)) for p in pages_while_writing)
