"""Each edition says things one way, the way its readers say them.

The tables below are the house terminology: a row names a wording an edition must not use (a
regular expression, case-insensitive unless the row says otherwise) and what to write instead.
They are checked against everything a learner or a trainer reads in that language: the lessons
and the wizard page (``lessons/<lang>/*.md``), the catalogue of messages, the trainer notes,
the JupyterHub deployment README and the README (which mixes languages, so rules about grammar
skip it).

To ban a word, add a row with an example sentence it must catch (``bad``) and, when the rule has
an exception, one it must let through (``good``); ``test_each_rule_catches_its_example`` keeps
the row honest. Spanish is Latin American Spanish, Portuguese is Brazilian Portuguese.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LANGS = ("es", "en", "pt")
TRAINER_NOTES = {
    "es": "docs/para-formadores.md",
    "en": "docs/for-trainers.md",
    "pt": "docs/para-instrutores.md",
}
README = "README.md"
DEPLOY_README = {
    "es": "deploy/jupyterhub/README.es.md",
    "en": "deploy/jupyterhub/README.md",
    "pt": "deploy/jupyterhub/README.pt.md",
}


@dataclass(frozen=True)
class Rule:
    """One row of an edition's table: a wording not to use, and what to use instead."""

    forbidden: str  # regular expression
    preferred: str  # shown in the failure: what to write instead
    bad: str  # an example the rule must catch
    good: str = ""  # an example it must let through (the exception, if any)
    unless: str | None = None  # skip a match when this matches earlier in the same clause
    case_sensitive: bool = False
    in_readme: bool = True  # False for grammar rules: the README mixes languages

    def pattern(self) -> re.Pattern[str]:
        return re.compile(self.forbidden, 0 if self.case_sensitive else re.IGNORECASE)


_NEGATION = r"\b(?:no|nunca|nadie|ning[uú]n[oa]?|todav[ií]a|a[uú]n|jam[aá]s|ni|tampoco)\b"
_PARTICIPLE = (
    r"(?:\w+(?:ado|ada|ido|ida)|visto|hecho|dicho|puesto|vuelto|escrito|roto|abierto"
    r"|resuelto|devuelto)"
)

RULES: dict[str, tuple[Rule, ...]] = {
    "es": (
        Rule(r"\bordenador(?:es)?\b", "computadora(s)", bad="Un Keap simulado en este ordenador."),
        Rule(
            r"\bMay[uú]s\b|\bIntro\b",
            "Shift + Enter (as the keyboard and JupyterLab say)",
            bad="pulsa **Mayús + Intro** para ejecutarla",
        ),
        Rule(
            r"\bpuls(?:a|ar|e|es|en|as|ando|ó|aste|ado)(?:lo|la|los|las)?\b",
            "presiona (a key) / haz clic en (a button)",
            bad="Pulsa el botón azul.",
            good="Impulsa tu negocio.",
        ),
        Rule(
            r"\bens[eé]ñ\w*",
            "mostrar (to show) / explicar (to teach)",
            bad="la lección 7 te enseña cómo",
        ),
        Rule(r"\btrozos?\b", "parte / fragmento", bad="la lista solo muestra un trozo"),
        Rule(r"\bestrope\w*", "dañar / romper / arruinar", bad="¿Puede estropear algo?"),
        Rule(r"\bapañ\w*", "solución provisional / parche", bad="Fue un apaño temporal."),
        Rule(
            r"\bpis(?:ar|a|e|en|ando|ó)\b",
            "sin sobrescribir / reemplazar",
            bad="sin pisar las que ya existan",
            good="en el piso de arriba",
        ),
        Rule(
            r"\b(?:una|la|esta|esa|otra|unas|las|estas)\s+[oó]rden(?:es)?\b|\b[oó]rdenes\b",
            "un comando / el comando (a command)",
            bad="el tutorial trae una orden",
            good="Hazlo en este orden.",
        ),
        Rule(
            r"\b(?:he|has|ha|hemos|han)\s+" + _PARTICIPLE + r"\b",
            "the simple past for a finished event (¿Qué pasó?, pegó, se filtró, quedó)",
            bad="¿Qué ha pasado?",
            good="No hemos podido confirmarlo.",
            unless=_NEGATION,
            in_readme=False,
        ),
        Rule(
            r"\bSirve en (?:esta|este)\b",
            "Ejecuta en esta computadora ...",
            bad="Sirve en esta computadora una imitación de la API de Keap.",
        ),
        Rule(
            r"\b(?:prob|prueb|comprob)\w*\s+(?:\S+\s+){0,4}?contra\b"
            r"|\bcontra\s+(?:el\s+)?(?:Keap|sandbox)\b",
            "probar en Keap / en el sandbox",
            bad="Probar contra",
            good="La regla protege contra errores.",
        ),
        Rule(
            r"\bajustes de la API\b",
            "configuración de la API (the gloss of API Settings)",
            bad="**API Settings** (Ajustes de la API)",
        ),
        Rule(
            r"España peninsular|\bMadrid\b|\bCanarias\b",
            "Ciudad de México, Bogotá y Lima, Buenos Aires",
            bad="en España peninsular es la 1:00",
        ),
        Rule(r"\bfichas?\b", "tarjeta (the result card)", bad="La ficha es roja."),
        Rule(r"\brellen\w*", "llenar / completar", bad="rellena el nombre y la clave"),
        Rule(
            r"\bsitios?\b(?!\s+web)",
            "lugar (a place); «sitio web» only for a website",
            bad="guárdala en un sitio seguro",
            good="un sitio web cualquiera",
        ),
        Rule(r"\bapartados?\b", "sección", bad="Relee el apartado anterior."),
        Rule(
            r"\bvosotr\w*|\bvuestr\w*|\b\w{2,}(?:áis|éis)\b",
            "ustedes (usan, tienen, pueden)",
            bad="si usáis un JupyterHub",
        ),
        Rule(r"\bonline\b", "en línea", bad="la tienda online"),
        Rule(
            r"\balumnado\b",
            "los participantes / los estudiantes",
            bad="el alumnado ejecuta cada celda",
        ),
        Rule(
            r"\bfallos?\b",
            "falla(s) («fallo» is Spain's word; in Latin America, a ruling)",
            bad="El fallo es de Keap, no de tu clave.",
        ),
        Rule(r"\baver[ií]as?\b", "falla(s)", bad="Elige una avería."),
        Rule(
            r"\b(?:empiez|empez|comienz|comenz)\w*\s+por\b",
            "empieza con",
            bad="la clave que empieza por KeapAK-",
            good="Empieza, como siempre, por aquí",
        ),
        Rule(r"\bcomo pronto\b", "como mínimo", bad="dentro de 5 s como pronto"),
        Rule(  # the verb, not the noun: "un contacto con ese correo" is a Keap contact
            r"\bcontact(?:a|ar|e|en|as|ad|amos|ó|aron)\s+con\b",
            "comunícate con / contacta a",
            bad="contacta con su soporte",
            good="si ya existe un contacto con ese correo",
        ),
        Rule(
            r"\bwi-?fi\b", "Wi-Fi", bad="Comprueba la wifi.", good="el Wi-Fi", case_sensitive=True
        ),
        Rule(
            r"\b(?:la|una)\s+wi-?fi\b",
            "el Wi-Fi / una red Wi-Fi",
            bad="Revisa la Wi-Fi o el cable.",
            good="Revisa el Wi-Fi o la red Wi-Fi del hotel.",
        ),
        Rule(
            r"\barreglos?\b",
            "la solución / corregirlo (in Latin American programming an arreglo is an array)",
            bad="El arreglo es nombrar cada argumento.",
        ),
        Rule(r"\bno puede nada\b", "no tiene ningún permiso", bad="que tu grupo no puede nada"),
        Rule(
            r"\bse cuenta por cuenta\b",
            "es de toda la cuenta y no de cada clave",
            bad="la cuota diaria se cuenta por cuenta y no por clave",
        ),
    ),
    "en": (
        Rule(
            r"\bwi-?fi\b",
            "Wi-Fi",
            bad="Check the wifi or cable.",
            good="a Wi-Fi portal",
            case_sensitive=True,
        ),
    ),
    "pt": (
        Rule(
            r"\b(?:as|das|nas|às|pelas|essas|estas|duas|suas|todas as)\s+(?:\w+\s+)?"
            r"Encrypted Key\b(?!s)|\bEncrypted Key\s+antigas\b",
            "as Encrypted Keys (plural with -s, as everywhere else)",
            bad="As Encrypted Key antigas não servem mais.",
            good="a Encrypted Key antiga",
            case_sensitive=True,
        ),
        Rule(
            r"\bwi-?fi\b",
            "Wi-Fi",
            bad="Verifique o wi-fi ou o cabo.",
            good="o Wi-Fi do hotel",
            case_sensitive=True,
        ),
        Rule(
            r"\bServe (?:neste|nesse|em)\b",
            "Executa neste computador ...",
            bad="Serve neste computador uma imitação da API do Keap.",
        ),
        Rule(
            r"\b(?:test|verific|confer)\w*\s+(?:\S+\s+){0,4}?contra\b"
            r"|\bcontra\s+o\s+(?:Keap|sandbox)\b",
            "testar no Keap / no sandbox",
            bad="Testar contra",
            good="Proteção contra erros.",
        ),
        Rule(r"\bfichas?\b", "cartão (the result card)", bad="verá a ficha completa do teste"),
        Rule(
            r"\blinks? de checkout\b",
            "link de pagamento (as in lesson 1)",
            bad="Procure-o em um link de checkout.",
        ),
        Rule(
            r"\bLisboa\b|\bPortugal\b",
            "horário de Brasília (and Manaus)",
            bad="em Lisboa, à 0h ou à 1h",
        ),
        Rule(
            r"\butilizador\w*|\becrã\b|\bficheiros?\b|\bregistos?\b|\bpalavra-passe\b"
            r"|\btelemóve\w*",
            "usuário, tela, arquivo, registro, senha, celular",
            bad="o ficheiro do utilizador",
        ),
        Rule(r"\bpanes?\b", "falha(s)", bad="simular as panes mais comuns"),
        Rule(
            r"\bfre(?:ar|ando|ou|ia|ie)\b",
            "limitar (requests), not brake",
            bad="o Keap está freando as requisições",
        ),
        Rule(
            r"\bfazem passar\b",
            "por onde passa o tráfego",
            bad="algumas redes fazem passar o tráfego",
        ),
        Rule(
            r"\bUm \*\*App Key\b", "Uma **App Key** (a chave)", bad="Um **App Key** e um **Secret**"
        ),
        Rule(
            r"\btem definidas\b|\bvalem? mais que\b",
            "as variáveis ... estão definidas; têm prioridade sobre",
            bad="você tem definidas as variáveis: elas valem mais que o arquivo",
        ),
    ),
}

# Keap's English labels keep one gloss per edition (bold label, then the gloss in brackets or
# in the next table column). Labels not listed here must simply be glossed the same way each time.
GLOSSES: dict[str, dict[str, str]] = {
    "es": {"Settings": "Configuración", "API Settings": "Configuración de la API"},
    "pt": {"Settings": "Configurações", "API Settings": "Configurações da API"},
}
# Brackets after a bold label that are not a translation of it (product names, confidence tags).
NOT_A_GLOSS = re.compile(
    r"^(?:Pro/Max|Max Classic|Keap Pro/Max|OAuth|ListBoss|SAK|alta|high"
    r"|patr[oó]n general|padr[aã]o geral|general pattern)$",
    re.IGNORECASE,
)
_GLOSS = r"[^()*`:;,\d\n|]{1,40}"  # a few words: no code, no markup, no list
_LABEL = r"\*\*([A-Z][^*\n]{0,40}?)\*\*"
_GLOSSED = re.compile(
    rf"{_LABEL} \(({_GLOSS})\)"  # **Label** (gloss)
    rf"|^\|\s*{_LABEL}\s*\|\s*({_GLOSS}?)\s*\|"
)  # | **Label** | gloss |

# A time given in UTC is converted for the readers' cities, in this order (first one leads).
CITIES: dict[str, tuple[str, ...]] = {
    "es": ("Ciudad de México", "Bogotá", "Lima", "Buenos Aires"),
    "pt": ("Brasília", "Manaus"),
}


@dataclass(frozen=True)
class Text:
    """One piece of an edition: where it is (for the failure message) and what it says."""

    where: str
    text: str
    monolingual: bool = True
    raw: str = ""  # the line as written (inline code included), for the glosses


def _catalogue(lang: str) -> list[Text]:
    """The learner-facing messages in ``lang``, from the gettext .po catalogues."""
    from babel.messages.pofile import read_po

    texts = []
    folders = [ROOT / name for name in ("helpers", "locale", "locales", "translations")]
    for po in sorted(p for folder in folders if folder.is_dir() for p in folder.rglob("*.po")):
        parts = po.relative_to(ROOT).parts  # e.g. helpers/locale/pt_BR/LC_MESSAGES/tutorial.po
        if not any(part.split("_")[0] == lang for part in parts) and po.stem != lang:
            continue
        with po.open("rb") as handle:
            for message in read_po(handle):
                found = message.string or message.id  # an empty msgstr falls back to the msgid
                strings = found if isinstance(found, (tuple, list)) else (found,)
                texts += [Text(f"{po.relative_to(ROOT)} [{message.id}]", s) for s in strings if s]
    return texts


_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})\s*(\w*)")
_INLINE_CODE = re.compile(r"`[^`\n]*`")


def prose(markdown: str) -> list[tuple[int, str, str]]:
    r"""(line number, words a reader reads, raw line): no code, but Python cells' comments.

    >>> source = "Pulsa `pulsa()`\n```python\nx = 1  # un comentario\n```\n```text\nsalida\n```"
    >>> [(number, text) for number, text, _ in prose(source)]
    [(1, 'Pulsa '), (3, ' un comentario')]
    """
    lines, fence, language = [], "", ""
    for number, line in enumerate(markdown.splitlines(), 1):
        opening = _FENCE.match(line)
        if opening and (not fence or opening.group(1).startswith(fence)):
            fence, language = ("", "") if fence else (opening.group(1), opening.group(2))
            continue
        text = (
            (line.split("#", 1)[1] if "#" in line else "")
            if fence and language == "python"
            else ""
            if fence
            else _INLINE_CODE.sub("", line)
        )
        if text.strip():
            lines.append((number, text, line))
    return lines


def _file_lines(relative: str, monolingual: bool = True) -> list[Text]:
    path = ROOT / relative
    markdown = path.read_text(encoding="utf-8") if path.exists() else ""
    return [
        Text(f"{relative}:{number}", text, monolingual, raw)
        for number, text, raw in prose(markdown)
    ]


def edition(lang: str) -> list[Text]:
    """Everything written in ``lang``: lessons, wizard page, messages, trainer notes, hub
    deployment README, README."""
    texts = [
        t
        for source in sorted((ROOT / "lessons" / lang).glob("*.md"))
        for t in _file_lines(str(source.relative_to(ROOT)))
    ]
    texts += _catalogue(lang) + _file_lines(TRAINER_NOTES[lang]) + _file_lines(DEPLOY_README[lang])
    return texts + _file_lines(README, monolingual=False)


def violations(rule: Rule, texts: list[Text]) -> list[str]:
    """Every place where ``rule``'s forbidden wording appears, as 'where: «match»'."""
    pattern = rule.pattern()
    unless = re.compile(rule.unless, re.IGNORECASE) if rule.unless else None
    found = []
    for piece in texts:
        if not (piece.monolingual or rule.in_readme):
            continue
        for match in pattern.finditer(piece.text):
            clause = re.split(r"[.;:!?¿¡()—\n]", piece.text[: match.start()])[-1]
            if unless and unless.search(clause):
                continue
            found.append(f"{piece.where}: «{match.group(0)}»")
    return found


def _rows():
    for lang, rules in RULES.items():
        for index, rule in enumerate(rules):
            example = re.sub(r"[^A-Za-z0-9]+", "_", rule.bad)[:24]
            yield pytest.param(lang, rule, id=f"{lang}-{index:02d}-{example}")


@pytest.mark.parametrize(("lang", "rule"), list(_rows()))
def test_each_rule_catches_its_example(lang, rule):
    assert violations(rule, [Text("bad", rule.bad)]), f"{rule.forbidden!r} misses {rule.bad!r}"
    if rule.good:
        assert violations(rule, [Text("good", rule.good)]) == []


@pytest.mark.parametrize(("lang", "rule"), list(_rows()))
def test_edition_avoids_the_forbidden_wording(lang, rule):
    found = violations(rule, edition(lang))
    assert found == [], f"write {rule.preferred!r} instead of:\n" + "\n".join(found)


@pytest.mark.parametrize("lang", LANGS)
def test_edition_sources_are_found(lang):
    texts = edition(lang)
    lessons = {t.where.split(":")[0] for t in texts if t.where.startswith(f"lessons/{lang}/")}
    assert len(lessons) >= 10
    assert len(_catalogue(lang)) >= 100


def glosses(lang: str) -> dict[str, dict[str, set[str]]]:
    """Bold English label -> its glosses in ``lang`` (lower-cased) -> where each one is used."""
    found: dict[str, dict[str, set[str]]] = {}
    for piece in edition(lang):
        if not piece.monolingual:
            continue
        for match in _GLOSSED.finditer(piece.raw or piece.text):
            label = (match.group(1) or match.group(3)).strip()
            gloss = (match.group(2) or match.group(4) or "").strip()
            if gloss and not NOT_A_GLOSS.match(gloss) and gloss.lower() != label.lower():
                found.setdefault(label, {}).setdefault(gloss.lower(), set()).add(piece.where)
    return found


@pytest.mark.parametrize("lang", sorted(GLOSSES))
def test_keap_labels_keep_their_house_gloss(lang):
    found = glosses(lang)
    for label, expected in GLOSSES[lang].items():
        assert found.get(label), f"**{label}** is never glossed in {lang}"
        wrong = {g: sorted(w) for g, w in found[label].items() if g != expected.lower()}
        assert wrong == {}, f"**{label}** is glossed «{expected}» in {lang}, not: {wrong}"


@pytest.mark.parametrize("lang", LANGS)
def test_each_label_has_one_gloss(lang):
    found = glosses(lang)
    several = {
        label: {g: sorted(w) for g, w in by_gloss.items()}
        for label, by_gloss in found.items()
        if len(by_gloss) > 1
    }
    assert several == {}


@pytest.mark.parametrize("lang", sorted(CITIES))
def test_utc_times_are_converted_for_the_readers_cities(lang):
    order = CITIES[lang]
    lines = [t for t in edition(lang) if "UTC" in t.text and any(c in t.text for c in order)]
    assert lines, f"no UTC time is converted for {order[0]} in {lang}"
    for piece in lines:
        named = [c for _, c in sorted((piece.text.index(c), c) for c in order if c in piece.text)]
        assert named == list(order), f"{piece.where}: name {', '.join(order)}, in that order"
