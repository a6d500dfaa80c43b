"""Run the notebooks under nbval the way ``tools/build_notebooks.py`` runs them: sandbox mode.

nbval starts one kernel per notebook, and the kernel inherits this process's environment at
that moment. So, while a notebook's kernel starts, the environment is swapped for the
builder's ``sandbox_environment``: no key, no app name, no base URL, no language override,
a private ``.env`` in a fresh temporary folder, and this checkout importable. Nothing changes
for the other tests. This file lives at the root because nbval collects ``notebooks/``, which
``tests/conftest.py`` does not reach (and a conftest inside ``notebooks/`` would sit in the
learner's folder).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Generator
from pathlib import Path
from unittest import mock

import pytest

ROOT = Path(__file__).resolve().parent

# The keap_sandbox fixture under the repository's own name: the package is ``helpers`` here, as
# the lessons import it. pyproject's addopts block the installed entry point (``-p
# no:keap_sandbox``), which would import the same files a second time as keap_api_tutorial.
pytest_plugins = ["helpers.sandbox.pytest_plugin"]

# Every process the tests start (``python -m helpers.check`` from a lesson folder, a kernel, a
# JupyterLab server) finds ``helpers`` as the learner's do: the repository's root on PYTHONPATH.
os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))

_ENV_DIRS = pytest.StashKey[dict]()  # notebook path -> its private .env folder


def pytest_configure(config: pytest.Config) -> None:
    """Find the sanitize file from the project root even when pytest runs from a subfolder."""
    config.stash[_ENV_DIRS] = {}
    sanitize = getattr(config.option, "nbval_sanitize_with", None)
    if sanitize and not Path(sanitize).is_file() and (config.rootpath / sanitize).is_file():
        config.option.nbval_sanitize_with = str(config.rootpath / sanitize)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item: pytest.Item) -> Generator[None, None, None]:
    """Start each notebook's kernel (nbval does it in the first cell's setup) in sandbox mode."""
    if item.path.suffix != ".ipynb":
        return (yield)
    from tools.build_notebooks import sandbox_environment

    env_dirs = item.config.stash[_ENV_DIRS]
    if item.path not in env_dirs:
        env_dirs[item.path] = Path(tempfile.mkdtemp(prefix="keap-lesson-"))
    with mock.patch.dict(os.environ, sandbox_environment(env_dirs[item.path]), clear=True):
        return (yield)


def pytest_unconfigure(config: pytest.Config) -> None:
    """Remove the private ``.env`` folders made for the notebooks."""
    for folder in config.stash.get(_ENV_DIRS, {}).values():
        shutil.rmtree(folder, ignore_errors=True)
