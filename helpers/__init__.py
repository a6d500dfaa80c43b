"""Helpers for the Keap API key tutorial: check what you type, test the key, keep it safe.

Importing ``helpers`` is light: it loads the input rules, the catalogue and the credentials
file helpers, not the HTTP stack, Babel, widgets or the sandbox server; ``check_connection``
loads the HTTP client the first time it runs.

>>> import helpers
>>> helpers.mask("KeapAK-" + "0" * 46 + "abcd")
'KeapAK-...abcd'
"""

from __future__ import annotations

import os
import sys
import warnings
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

# These files are one package with two names: ``helpers`` inside the repository (the lessons'
# name) and ``keap_api_tutorial`` when installed. A process that imported both would hold two
# copies of every module: two shared sandboxes, two language settings, classes that fail each
# other's isinstance. Nothing in the tutorial does that; say so loudly if something does.
_OTHER_NAME = {"helpers": "keap_api_tutorial", "keap_api_tutorial": "helpers"}.get(__name__)
_other = sys.modules.get(_OTHER_NAME or "")
if getattr(_other, "__path__", None) and [os.path.realpath(p) for p in _other.__path__] == [
    os.path.realpath(p) for p in __path__
]:
    warnings.warn(
        f"the Keap tutorial's package is imported as both {_OTHER_NAME!r} and {__name__!r} "
        "in one process: its modules now exist twice. Import it under one name.",
        RuntimeWarning,
        stacklevel=2,
    )
del _other

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
