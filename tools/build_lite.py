"""Build the browser edition: ``python3 tasks.py lite`` makes a static JupyterLite site in
``build/lite/`` from the same notebooks, which any static server can serve
(``python3 -m http.server -d build/lite 8000``) and which asks no other host at run time.

What goes in, all pinned:
- JupyterLab and the Pyodide kernel, built by jupyterlite-core and jupyterlite-pyodide-kernel
  (``lite/build.lock``, installed into their own environment under ``build/``);
- Pyodide's runtime (WebAssembly Python 3.14 and its standard library), the npm package
  ``pyodide`` of ``package-lock.json``;
- every wheel the lessons and the kernel import (``lite/kernel.lock``, hashes checked), the
  kernel's own stand-in wheels, and the lessons' ``helpers`` package built from this checkout.

Pyodide normally fetches its packages from a CDN and the kernel falls back to PyPI. Here the
site carries its own ``pyodide-lock.json`` naming only the wheels it ships, the kernel loads all
of them when it starts (``loadPyodideOptions.packages``), and the PyPI fallback is off.
Only the standard library runs this file (it is started by ``tasks.py`` before any environment
exists).
"""

from __future__ import annotations

import hashlib
import html
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUILD = ROOT / "build"
SITE = BUILD / "lite"
TOOLS = BUILD / "lite-tools"  # the build tools' environment
WORK = BUILD / "lite-work"  # wheels, the lessons' package source and the site's configuration
BUILD_LOCK = ROOT / "lite" / "build.lock"
KERNEL_LOCK = ROOT / "lite" / "kernel.lock"
PYODIDE_NPM = ROOT / "node_modules" / "pyodide"
# The runtime files pyodide.mjs loads; the lock is written here, not copied.
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip")
PYODIDE_DIR = "pyodide"  # under the site's root
KERNEL_EXTENSION = "@jupyterlite/pyodide-kernel-extension"
# The kernel extension's stand-ins: its kernel, the ipykernel API it needs, its pip, and an empty
# widgetsnbextension (the classic notebook's widget files are not needed in JupyterLab).
STAND_INS = ("ipykernel", "piplite", "pyodide_kernel", "widgetsnbextension-4")
# Wheels that carry a JupyterLab extension the pages need: the widgets' manager and anywidget's.
FRONT_ENDS = ("jupyterlab_widgets", "anywidget")
# Each edition's link on the site's front page: its name and one line on what it is.
EDITIONS = {
    "es": ("Español", "Consigue tu clave de API de Keap y pruébala, sin instalar nada."),
    "en": ("English", "Get your Keap API key and prove that it works, with nothing to install."),
    "pt": ("Português", "Obtenha sua chave de API da Keap e teste, sem instalar nada."),
}
STORAGE_NAME = "keap-api-key-tutorial"  # the browser's store for this site's files


def _run(command: list[str], **kwargs) -> None:
    subprocess.run(command, check=True, **kwargs)


def tools_python() -> Path:
    """The build tools' Python, installed from ``lite/build.lock`` when the lock changed."""
    python = TOOLS / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    stamp = TOOLS / ".installed-lock"
    digest = hashlib.sha256(BUILD_LOCK.read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text() == digest:
        return python
    print("Installing the browser edition's build tools (lite/build.lock) ...", flush=True)
    shutil.rmtree(TOOLS, ignore_errors=True)
    venv.EnvBuilder(with_pip=True).create(TOOLS)
    pip = [str(python), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    _run([*pip, "--require-hashes", "--no-deps", "-r", str(BUILD_LOCK)])
    stamp.write_text(digest)
    return python


def kernel_wheels(python: Path, dest: Path) -> None:
    """Download the wheels of ``lite/kernel.lock`` for Pyodide's Python, hashes checked."""
    _run(
        [
            *(str(python), "-m", "pip", "download", "--disable-pip-version-check", "-q"),
            *("--require-hashes", "--no-deps", "--only-binary", ":all:"),
            *("--platform", "any", "--python-version", "3.14", "--implementation", "py"),
            *("-r", str(KERNEL_LOCK), "-d", str(dest)),
        ]
    )


def _version() -> str:
    found = re.search(r'^version = "([^"]+)"', (ROOT / "pyproject.toml").read_text(), re.M)
    if not found:
        raise SystemExit("pyproject.toml has no version")
    return found.group(1)


def lessons_wheel(python: Path, dest: Path) -> None:
    """The lessons' package as the notebooks import it (``helpers``), built from this checkout.

    Installed, the package is ``keap_api_tutorial`` so that it never shadows a project's own
    ``helpers``; in the browser edition nothing else lives in the page's Python, and the
    notebooks' code stays the same as in every other edition."""
    source = WORK / "src"
    shutil.rmtree(source, ignore_errors=True)
    shutil.copytree(
        ROOT / "helpers", source / "helpers", ignore=shutil.ignore_patterns("__pycache__")
    )
    # Every folder of the package with an __init__.py (helpers, helpers.sandbox.resources, ...).
    modules = sorted(
        ".".join(path.parent.relative_to(source).parts)
        for path in (source / "helpers").rglob("__init__.py")
    )
    catalogues = sorted(
        "helpers." + ".".join(path.parent.relative_to(source / "helpers").parts)
        for path in (source / "helpers" / "locale").glob("*/LC_MESSAGES/*.mo")
    )
    (source / "pyproject.toml").write_text(
        "\n".join(
            [
                "[build-system]",
                'requires = ["setuptools>=77"]',
                'build-backend = "setuptools.build_meta"',
                "[project]",
                'name = "keap-api-key-tutorial-lessons"',
                f'version = "{_version()}"',
                'requires-python = ">=3.10"',
                "[tool.setuptools]",
                # The catalogues' folders as data-only packages, as in pyproject.toml: a folder
                # Python could import but packages leaves out is a build warning.
                f"packages = {json.dumps([*modules, *catalogues])}",
                "[tool.setuptools.package-data]",
                *(f'"{name}" = ["*.mo"]' for name in catalogues),
                "",
            ]
        )
    )
    _run(
        [
            *(str(python), "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation"),
            *("--disable-pip-version-check", "-w", str(dest), str(source)),
        ],
        cwd=WORK,
    )


def stand_ins(python: Path, dest: Path) -> None:
    """Copy the kernel extension's own wheels (they are not on PyPI in this form)."""
    prefix = Path(
        subprocess.run(
            [str(python), "-c", "import sys; print(sys.prefix)"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    pypi = prefix / "share" / "jupyter" / "labextensions" / KERNEL_EXTENSION / "static" / "pypi"
    for wheel in sorted(pypi.glob("*.whl")):
        if wheel.name.startswith(STAND_INS):
            shutil.copy2(wheel, dest / wheel.name)


# Babel carries the data of some 1,100 locales (33 MB unpacked), which every kernel would unpack
# at start; the lessons format numbers and durations in three languages only.
BABEL_LOCALES = re.compile(r"babel/locale-data/(?!(root|en|es|pt)(_[A-Za-z0-9]+)*\.dat$)[^/]+$")


def slim_babel(folder: Path) -> None:
    """Rewrite Babel's wheel without the locale data the lessons never use (same file name,
    entries and dates otherwise, so the result is the same on every build)."""
    for wheel in folder.glob("babel-*.whl"):
        slim = wheel.with_suffix(".slim")
        with zipfile.ZipFile(wheel) as source, zipfile.ZipFile(slim, "w") as target:
            dropped = {i.filename for i in source.infolist() if BABEL_LOCALES.match(i.filename)}
            for info in source.infolist():
                if info.filename in dropped:
                    continue
                data = source.read(info)
                if info.filename.endswith(".dist-info/RECORD"):
                    lines = data.decode().splitlines(keepends=True)
                    data = "".join(x for x in lines if x.split(",", 1)[0] not in dropped).encode()
                target.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
        slim.replace(wheel)


def _wheel_entry(wheel: Path) -> dict:
    """A pyodide-lock.json package entry for a pure-Python wheel."""
    name, version = wheel.name.split("-")[:2]
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        top_level = next((n for n in names if n.endswith(".dist-info/top_level.txt")), None)
        if top_level:
            imports = archive.read(top_level).decode().split()
        else:
            modules = {n for n in names if ".dist-info/" not in n and ".data/" not in n}
            imports = sorted(
                {n.split("/")[0] for n in modules if "/" in n}
                | {n.removesuffix(".py") for n in modules if "/" not in n and n.endswith(".py")}
            )
    canonical = re.sub(r"[-_.]+", "-", name).lower()
    return {
        "name": canonical,
        "version": version,
        "file_name": wheel.name,
        "install_dir": "site",
        "sha256": hashlib.sha256(wheel.read_bytes()).hexdigest(),
        "package_type": "package",
        "imports": [i for i in imports if i and not i.startswith("_")] or [canonical],
        "depends": [],
        "unvendored_tests": False,
    }


def pyodide_lock(wheels: list[Path]) -> dict:
    """Pyodide's lock with every package it names replaced by the wheels the site ships."""
    lock = json.loads((PYODIDE_NPM / "pyodide-lock.json").read_text())
    lock["packages"] = {entry["name"]: entry for entry in map(_wheel_entry, wheels)}
    return lock


def site_config(packages: list[str]) -> dict:
    """jupyter-lite.json: Pyodide from the site itself, every wheel loaded at start, no PyPI."""
    return {
        "jupyter-lite-schema-version": 0,
        "jupyter-config-data": {
            "appName": "Keap API key tutorial",
            "contentsStorageName": STORAGE_NAME,
            "settingsStorageName": f"{STORAGE_NAME}-settings",
            # window.jupyterapp, as JupyterLab's --expose-app-in-browser: the browser tests drive
            # the page through it (Run All, the kernel's state).
            "exposeAppInBrowser": True,
            "litePluginSettings": {
                f"{KERNEL_EXTENSION}:kernel": {
                    # Relative to each app's page (lab/, notebooks/, tree/ ...), one level down.
                    "pyodideUrl": f"../{PYODIDE_DIR}/pyodide.mjs",
                    "disablePyPIFallback": True,
                    "loadPyodideOptions": {"packages": packages},
                }
            },
        },
    }


def contents(stage: Path) -> Path:
    """The files learners see: the notebooks of every edition, with their images."""
    shutil.rmtree(stage, ignore_errors=True)
    shutil.copytree(
        ROOT / "notebooks",
        stage / "notebooks",
        ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"),
    )
    return stage


def landing_page(lessons: dict[str, str]) -> str:
    """The site's front page: one link per edition to its first lesson."""
    links = "\n".join(
        f'    <li lang="{lang}"><a href="lab/index.html?path=notebooks/{lang}/'
        f'{html.escape(name)}.ipynb">{html.escape(EDITIONS[lang][0])}</a>: '
        f"{html.escape(EDITIONS[lang][1])}</li>"
        for lang, name in lessons.items()
    )
    return f"""<!doctype html>
<html lang="es">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Keap API key tutorial · Tutorial de la clave de API de Keap</title>
  <!-- JupyterLite's pages read each parent folder's configuration from this element. -->
  <script id="jupyter-config-data" type="application/json" data-jupyter-lite-root=".">{{}}</script>
  <style>body{{font:1.1rem/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem}}</style>
</head>
<body>
<main>
  <h1>Keap: API key · clave de API · chave de API</h1>
  <ul>
{links}
  </ul>
</main>
</body>
</html>
"""


def first_lessons() -> dict[str, str]:
    """Each edition's lesson 00 (file name without .ipynb), from the lessons' own table
    (``helpers/lessons.py``, read from its file: it needs only the standard library)."""
    spec = importlib.util.spec_from_file_location("_lessons", ROOT / "helpers" / "lessons.py")
    lessons = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(lessons)
    return {lang: lessons.LESSONS["00"][lang] for lang in EDITIONS}


def build(output: Path = SITE) -> Path:
    """Build the site into ``output`` and return it."""
    missing = [name for name in PYODIDE_FILES if not (PYODIDE_NPM / name).exists()]
    if missing:
        raise SystemExit(f"node_modules/pyodide lacks {', '.join(missing)}: run npm ci")
    python = tools_python()
    wheels_dir = WORK / "wheels"
    shutil.rmtree(wheels_dir, ignore_errors=True)
    wheels_dir.mkdir(parents=True)
    print("Gathering the wheels the pages run (lite/kernel.lock) ...", flush=True)
    kernel_wheels(python, wheels_dir)
    slim_babel(wheels_dir)
    stand_ins(python, wheels_dir)
    lessons_wheel(python, wheels_dir)
    wheels = sorted(wheels_dir.glob("*.whl"))
    lock = pyodide_lock(wheels)

    lite_dir = WORK / "config"
    shutil.rmtree(lite_dir, ignore_errors=True)
    lite_dir.mkdir(parents=True)
    config = site_config(sorted(lock["packages"]))
    (lite_dir / "jupyter-lite.json").write_text(json.dumps(config, indent=2))
    shutil.copy2(ROOT / "binder" / "overrides.json", lite_dir / "overrides.json")
    stage = contents(WORK / "contents")

    print(f"Building the site into {output.relative_to(ROOT)} ...", flush=True)
    shutil.rmtree(output, ignore_errors=True)
    jupyter = python.parent / ("jupyter-lite.exe" if os.name == "nt" else "jupyter-lite")
    build_config = {
        "LiteBuildConfig": {
            "contents": [str(stage)],
            "federated_extensions": [str(w) for w in wheels if w.name.startswith(FRONT_ENDS)],
            "no_sourcemaps": True,
        }
    }
    (lite_dir / "jupyter_lite_config.json").write_text(json.dumps(build_config, indent=2))
    _run(
        [str(jupyter), "build", "--lite-dir", str(lite_dir), "--output-dir", str(output)],
        cwd=lite_dir,
    )
    runtime = output / PYODIDE_DIR
    runtime.mkdir()
    for name in PYODIDE_FILES:
        shutil.copy2(PYODIDE_NPM / name, runtime / name)
    for wheel in wheels:
        shutil.copy2(wheel, runtime / wheel.name)
    (runtime / "pyodide-lock.json").write_text(json.dumps(lock, indent=1))
    (output / "index.html").write_text(landing_page(first_lessons()), encoding="utf-8")
    return output


def main(argv: list[str]) -> int:
    site = build(Path(argv[0]).resolve() if argv else SITE)
    size = sum(f.stat().st_size for f in site.rglob("*") if f.is_file())
    print(f"Built {site} ({size / 1e6:.1f} MB). Serve it with any static server, e.g.:")
    print(f"    python3 -m http.server -d {os.path.relpath(site)} 8000")
    print("then open http://localhost:8000/")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
