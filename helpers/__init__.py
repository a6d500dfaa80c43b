"""Helpers for the Keap API key tutorial: check what you type, test the key, keep it safe.

Importing ``helpers`` is cheap: each name is loaded the first time it is used.

>>> import helpers
>>> helpers.mask("KeapAK-" + "0" * 46 + "abcd")
'KeapAK-...abcd'
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "validate_app_name": "credentials", "inspect_app_name": "credentials",
    "inspect_key": "credentials", "mask": "credentials", "KeyKind": "credentials",
    "check_connection": "client", "CheckResult": "result",
    "save_credentials": "storage", "load_credentials": "storage", "delete_credentials": "storage",
    "use_sandbox": "config", "use_real_keap": "config", "reset_mode": "config",
    "set_language": "i18n", "get_language": "i18n", "t": "i18n",
    "TutorialError": "errors", "InvalidAppName": "errors", "InvalidKey": "errors",
    "UnsafeDestination": "errors", "CredentialsFileError": "errors", "SandboxError": "errors",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'helpers' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
