"""Helpers for the Keap API key tutorial: check what you type, test the key, keep it safe.

Importing ``helpers`` is light: it loads the input rules, the catalogue and the credentials
file helpers, not the HTTP stack, Babel, widgets or the sandbox server; ``check_connection``
loads the HTTP client the first time it runs.

>>> import helpers
>>> helpers.mask("KeapAK-" + "0" * 46 + "abcd")
'KeapAK-...abcd'
"""

from __future__ import annotations

from typing import Any

from .config import reset_mode, use_real_keap, use_sandbox
from .credentials import KeyKind, inspect_app_name, inspect_key, mask, validate_app_name
from .errors import (
    CredentialsFileError,
    InvalidAppName,
    InvalidKey,
    SandboxError,
    TutorialError,
    UnsafeDestination,
)
from .i18n import get_language, set_language, t
from .result import CheckResult
from .storage import delete_credentials, load_credentials, save_credentials

__all__ = [
    "CheckResult",
    "CredentialsFileError",
    "InvalidAppName",
    "InvalidKey",
    "KeyKind",
    "SandboxError",
    "TutorialError",
    "UnsafeDestination",
    "check_connection",
    "delete_credentials",
    "get_language",
    "inspect_app_name",
    "inspect_key",
    "load_credentials",
    "mask",
    "reset_mode",
    "save_credentials",
    "set_language",
    "t",
    "use_real_keap",
    "use_sandbox",
    "validate_app_name",
]


def check_connection(app_name: str | None, key: str | None, **options: Any) -> CheckResult:
    """Test ``key`` with one read-only request: ``helpers.client.check_connection``.

    The options (``lang``, ``base_url``, ``timeout``, ...) are that function's.
    """
    from .client import check_connection as check

    return check(app_name, key, **options)
