"""Every operation of Keap's REST v2 description gets a real answer from the sandbox.

The sandbox's table of operations (``helpers/sandbox/operations.py``) is made from Keap's
description by ``tools/sandbox_operations.py``. Where the description is present beside the
clone (``../shared/keap-openapi/``, as in CI), the table must be exactly what the script makes
from it; the answers themselves are checked from the table alone, so they need no file.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from helpers.sandbox.operations import OPERATIONS_TEXT
from helpers.sandbox.resources import AccountData, ApiRequest, answer
from helpers.sandbox.resources.empty import operations

ROOT = Path(__file__).resolve().parents[1]
DESCRIPTION = ROOT.parent / "shared" / "keap-openapi" / "keap-v2-openapi.yml"
GENERIC_404 = "Not Found"


def _concrete(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "999999", path)


def test_the_table_lists_every_kind_of_operation():
    kinds = {row[2] for row in operations()}
    assert kinds == {"list", "item", "write", "read"} and len(operations()) > 300


def test_every_operation_answers_more_than_a_generic_404():
    data = AccountData("en")
    for method, path, kind, fields in operations():
        status, body = answer(ApiRequest.parse(method, _concrete(path), "", b"{}"), data)
        where = f"{method} {path}"
        if status >= 400:
            assert set(body) == {"code", "message", "status", "details"}, where
            assert body["message"] != GENERIC_404 and body["code"] == status, where
        if kind == "list" and path != "/rest/v2/businessProfile":
            assert status == 200 and set(body) >= set(fields), where
        if kind == "write":
            assert status in (201, 400, 501), where
        assert status != 500, where


def test_an_unknown_path_is_a_generic_404_and_a_wrong_method_a_405():
    data = AccountData("en")
    assert answer(ApiRequest.parse("GET", "/rest/v2/nothing/here"), data)[0] == 404
    assert answer(ApiRequest.parse("PUT", "/rest/v2/tags"), data)[0] == 405


@pytest.mark.skipif(not DESCRIPTION.is_file(), reason="Keap's description is not beside the clone")
def test_the_table_is_what_keaps_description_makes():
    import yaml

    from tools.sandbox_operations import operation_lines

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml, when PyYAML has it

    spec = yaml.load(DESCRIPTION.read_text(encoding="utf-8"), Loader=loader)
    assert OPERATIONS_TEXT.strip().splitlines() == operation_lines(spec)
