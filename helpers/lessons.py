"""The lessons' file names in each edition, so a message can point to the right notebook.

Pages outside the sequence (the wizard, the glossary) have a name per edition too.
Messages and errors name a lesson by its Spanish slug (the first edition); ``lesson_slug``
gives the same lesson's name in another edition.

>>> lesson_slug("06-prueba-en-vivo", "en")
'06-live-test'
>>> lesson_slug("06-prueba-en-vivo", "pt")
'06-teste-ao-vivo'
"""

from __future__ import annotations

import os
import re
from pathlib import Path

LESSONS: dict[str, dict[str, str]] = {
    "00": {"es": "00-empieza-aqui", "en": "00-start-here", "pt": "00-comece-aqui"},
    "01": {
        "es": "01-nombre-de-la-aplicacion",
        "en": "01-application-name",
        "pt": "01-nome-do-aplicativo",
    },
    "02": {"es": "02-ajustes-de-la-api", "en": "02-api-settings", "pt": "02-configuracoes-da-api"},
    "03": {
        "es": "03-frase-y-clave-cifrada",
        "en": "03-passphrase-and-encrypted-key",
        "pt": "03-frase-e-chave-criptografada",
    },
    "04": {
        "es": "04-lista-de-ip-permitidas",
        "en": "04-allowed-ip-list",
        "pt": "04-lista-de-ips-permitidos",
    },
    "05": {"es": "05-claves-actuales", "en": "05-current-keys", "pt": "05-chaves-atuais"},
    "06": {"es": "06-prueba-en-vivo", "en": "06-live-test", "pt": "06-teste-ao-vivo"},
    "07": {
        "es": "07-guardar-credenciales",
        "en": "07-saving-credentials",
        "pt": "07-salvar-credenciais",
    },
    "08": {
        "es": "08-usar-las-credenciales",
        "en": "08-using-the-credentials",
        "pt": "08-usar-as-credenciais",
    },
    "09": {
        "es": "09-laboratorio-de-errores",
        "en": "09-troubleshooting-lab",
        "pt": "09-laboratorio-de-erros",
    },
    "10": {
        "es": "10-la-clave-en-tu-programa",
        "en": "10-the-key-in-your-program",
        "pt": "10-a-chave-no-seu-programa",
    },
}
# The two routes through the lessons, in reading order, and the appendix read after both.
# Admins: from the app name to a tested key pasted into their integration.
# Developers: saving the credentials and using them from code, then the troubleshooting lab.
ROUTES: dict[str, tuple[str, ...]] = {
    "admin": ("00", "01", "02", "05", "06", "08"),
    "developer": ("07", "10", "09"),
    "appendix": ("03", "04"),
}
READING_ORDER: tuple[str, ...] = tuple(number for route in ROUTES.values() for number in route)
WIZARD: dict[str, str] = {"es": "asistente", "en": "wizard", "pt": "assistente"}
GLOSSARY: dict[str, str] = {"es": "glosario", "en": "glossary", "pt": "glossario"}


def lesson_slug(slug: str, lang: str) -> str:
    """The name of lesson ``slug`` (any edition's name, or just its number) in ``lang``."""
    entry = LESSONS.get(slug[:2])
    return entry[lang] if entry else slug


_ROOT = Path(__file__).resolve().parents[1]
_H1 = re.compile(r"^#\s+(?:\d+\.\s*)?(.+?)\s*$", re.MULTILINE)


def lesson_title(slug: str, lang: str) -> str | None:
    """The lesson's title in ``lang``, read from its source's first heading (None if unknown).

    >>> lesson_title("06-prueba-en-vivo", "en")
    'The live test'
    """
    source = _ROOT / "lessons" / lang / f"{lesson_slug(slug, lang)}.md"
    try:
        found = _H1.search(source.read_text(encoding="utf-8"))
    except OSError:
        return None
    return found.group(1) if found else None


def lesson_label(slug: str | None, lang: str) -> str:
    """How a message names a lesson: its number and title, not its file name.

    >>> lesson_label("01-nombre-de-la-aplicacion", "es")
    '1, «El nombre de la aplicación»'
    """
    # Imported here, so tasks.py can read this file before the package's dependencies exist.
    from .i18n import t

    if not slug or slug[:2] not in LESSONS:
        return slug or ""
    number, title = str(int(slug[:2])), lesson_title(slug, lang)
    return t("lessons.label", lang, number=number, title=title) if title else number


SERVER_ROOT_VAR = "KEAP_TUTORIAL_SERVER_ROOT"  # the Jupyter server's root folder, when not this one


def lesson_href(slug: str, lang: str) -> str:
    """A link to a lesson (named by any edition's slug), opened in JupyterLab, in ``lang``'s edition.

    A page that shows it sits at ``<base>/lab/tree/<folder>notebooks/es/NN.ipynb`` in JupyterLab
    and at ``<base>/voila/render/<folder>notebooks/es/NN.ipynb`` in Voila, so one relative link
    reaches ``<base>/lab/tree/<folder>notebooks/<lang>/<name>.ipynb`` from either. ``<folder>``
    is where the tutorial sits below the server's root: nothing when the server serves this
    folder (``tasks.py``, Binder); on a hub, where each learner's clone sits in their home, the
    hub sets ``$KEAP_TUTORIAL_SERVER_ROOT`` to that home. A lesson missing from ``lang``'s
    edition falls back to the Spanish one.

    >>> lesson_href("06-prueba-en-vivo", "en")
    '../../../../lab/tree/notebooks/en/06-live-test.ipynb'
    """
    name = lesson_slug(slug, lang)
    if _in_browser():
        # The wizard's links are in a widget, which the browser follows itself from the page's
        # address (.../lab/index.html?path=...): the same page, asked for another notebook.
        return f"?path=notebooks/{lang}/{name}.ipynb"
    if not (_ROOT / "notebooks" / lang / f"{name}.ipynb").is_file():
        lang, name = "es", lesson_slug(slug, "es")
    folder = _folder_below_server_root()
    up = "../" * (4 + folder.count("/"))
    return f"{up}lab/tree/{folder}notebooks/{lang}/{name}.ipynb"


def wizard_href(lang: str) -> str:
    """The wizard of ``lang``'s edition in Voila (no code visible), as a link from any page.

    The link is a path from the server's root, so neither JupyterLab (which opens a relative
    link in a notebook as a file, with its code) nor the page's own address can change where it
    goes: ``<prefix>voila/render/<folder>notebooks/<lang>/<wizard>.ipynb``. ``<prefix>`` is the
    server's base URL: ``$JUPYTERHUB_SERVICE_PREFIX`` on a hub or Binder, ``/`` for
    ``tasks.py``. ``<folder>`` is where the tutorial sits below the server's root: from the
    notebook's own path when the server gives it to the kernel (``$JPY_SESSION_NAME``), else as
    in ``lesson_href``.

    >>> wizard_href("pt")
    '/voila/render/notebooks/pt/assistente.ipynb'
    """
    name = WIZARD.get(lang, WIZARD["es"])
    lang = lang if lang in WIZARD else "es"
    if _in_browser():
        return _beside(lang, name)
    prefix = os.environ.get("JUPYTERHUB_SERVICE_PREFIX", "").strip() or "/"
    prefix = "/" + prefix.strip("/") + "/" if prefix.strip("/") else "/"
    return f"{prefix}voila/render/{_folder_of_this_notebook()}notebooks/{lang}/{name}.ipynb"


def _in_browser() -> bool:
    """``runtime.in_browser()``; False when ``tasks.py`` reads this file on its own (no package)."""
    try:
        from . import runtime
    except ImportError:
        return False
    return runtime.in_browser()


def _beside(lang: str, name: str) -> str:
    """The browser edition's link, in a cell's output, to a notebook of ``lang``'s edition:
    JupyterLite has JupyterLab only (no Voila), every edition's folder side by side, and
    JupyterLab opens a relative link in an output as that notebook.

    >>> _beside("pt", "assistente")
    '../pt/assistente.ipynb'
    """
    return f"../{lang}/{name}.ipynb"


def _folder_of_this_notebook() -> str:
    """The tutorial's folder below the server's root, read from the running notebook's path.

    Jupyter Server tells the kernel the notebook's path from its root in ``$JPY_SESSION_NAME``
    (``clone/notebooks/es/00-empieza-aqui.ipynb`` on a hub): everything before ``notebooks/``.
    """
    session = os.environ.get("JPY_SESSION_NAME", "").strip().replace("\\", "/")
    parts = session.split("/")
    if len(parts) >= 3 and parts[-3] == "notebooks" and not os.path.isabs(session):
        return "".join(f"{part}/" for part in parts[:-3] if part)
    return _folder_below_server_root()


def _folder_below_server_root() -> str:
    """This tutorial's folder relative to the Jupyter server's root, as ``a/b/`` ('' if it is it)."""
    root = os.environ.get(SERVER_ROOT_VAR, "").strip()
    if not root:
        return ""
    try:
        inside = _ROOT.resolve().relative_to(Path(root).expanduser().resolve())
    except (OSError, ValueError):
        return ""  # the tutorial is not below that folder: keep the plain link
    return "".join(f"{part}/" for part in inside.parts)
