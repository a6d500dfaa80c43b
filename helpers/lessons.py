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

LESSONS: dict[str, dict[str, str]] = {
    "00": {"es": "00-empieza-aqui", "en": "00-start-here", "pt": "00-comece-aqui"},
    "01": {"es": "01-nombre-de-la-aplicacion", "en": "01-application-name",
           "pt": "01-nome-do-aplicativo"},
    "02": {"es": "02-ajustes-de-la-api", "en": "02-api-settings", "pt": "02-configuracoes-da-api"},
    "03": {"es": "03-frase-y-clave-cifrada", "en": "03-passphrase-and-encrypted-key",
           "pt": "03-frase-e-chave-criptografada"},
    "04": {"es": "04-lista-de-ip-permitidas", "en": "04-allowed-ip-list",
           "pt": "04-lista-de-ips-permitidos"},
    "05": {"es": "05-claves-actuales", "en": "05-current-keys", "pt": "05-chaves-atuais"},
    "06": {"es": "06-prueba-en-vivo", "en": "06-live-test", "pt": "06-teste-ao-vivo"},
    "07": {"es": "07-guardar-credenciales", "en": "07-saving-credentials",
           "pt": "07-salvar-credenciais"},
    "08": {"es": "08-usar-las-credenciales", "en": "08-using-the-credentials",
           "pt": "08-usar-as-credenciais"},
    "09": {"es": "09-laboratorio-de-errores", "en": "09-troubleshooting-lab",
           "pt": "09-laboratorio-de-erros"},
}
WIZARD: dict[str, str] = {"es": "asistente", "en": "wizard", "pt": "assistente"}
GLOSSARY: dict[str, str] = {"es": "glosario", "en": "glossary", "pt": "glossario"}


def lesson_slug(slug: str, lang: str) -> str:
    """The name of lesson ``slug`` (any edition's name, or just its number) in ``lang``."""
    entry = LESSONS.get(slug[:2])
    return entry[lang] if entry else slug
