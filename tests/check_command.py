"""Run ``python -m helpers.check`` as a learner does, with no KEAP_* variable inherited."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any


def clean_env(**extra: str) -> dict[str, str]:
    """This process's environment without any KEAP_* variable, plus ``extra``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("KEAP_")}
    env.update(extra)
    return env


def run_check(
    env: dict[str, str], *args: str, cwd=None, **kwargs: Any
) -> subprocess.CompletedProcess:
    """The command with ``args``, its output captured as text (60 s at most)."""
    options: dict[str, Any] = {"capture_output": True, "text": True, "timeout": 60, **kwargs}
    if "stdout" in kwargs or "stderr" in kwargs:
        options.pop("capture_output")
    return subprocess.run(
        [sys.executable, "-m", "helpers.check", *args], env=env, cwd=cwd, **options
    )
