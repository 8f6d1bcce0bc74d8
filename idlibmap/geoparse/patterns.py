"""The regular expressions of the geoparser: capitalised runs and tokens, and the phrases around a name.

A *run* is a stretch of capitalised words, joined by short connectors
("Maarat al-Numan", "Bosnia and Herzegovina"); a *token* is one word of it.
The other patterns read what stands right before or after a name: a compass
word ("northwest Syria"), an admin word ("Idlib province"), a border
("Turkey's southern border with Syria"), a possessive owner ("Panama's
Darien"), a title ("Mr. Jackson") or a verb of saying ("Moscow said").
"""

from __future__ import annotations

import re

from .wordlists import GOVERNMENT_INTENTS, GOVERNMENT_VERBS, GROUP_WORDS

# --------------------------------------------------------------------------- runs and tokens

_UPPER = "".join(re.escape(chr(c)) for c in range(0x41, 0x530) if chr(c).isupper() and chr(c).isalpha())
_PARTICLES = "al|el|an|ad|ar|as|ash|at|az|ath|adh|ed|en|er|es|et|ez|ul|ur|d"
_CONNECTORS = "al|el|de|del|da|do|dos|das|la|le|of|the|an|ad|ash|as|ar|az|at|bin|ibn|di|du|des|van|von|y|ul"
_CAP_WORD = rf"(?:(?:{_PARTICLES})[-‐’'])?[{_UPPER}](?:[\w'’ʼ`‐-]*\w)?"
# A run starts with a capital, or a particle (at most three small letters) and its hyphen or apostrophe: the
# lookahead lets the engine pass over other characters at once (half the pattern's time on a news text).
_RUN_FIRST = "".join(sorted({p[0] for p in _PARTICLES.split("|")}))
_PARTICLE_MAX = max(len(p) for p in _PARTICLES.split("|"))
RUN = re.compile(rf"(?=[{_UPPER}]|[{_RUN_FIRST}][a-z]{{0,{_PARTICLE_MAX - 1}}}[-‐’'])"
                 rf"{_CAP_WORD}(?:[ \u00a0](?:(?:{_CONNECTORS})[ \u00a0])*{_CAP_WORD})*")
TOKEN = re.compile(rf"{_CAP_WORD}|\S+")
POSSESSIVE = re.compile(r"['’]s$")
COMPOUND_SPLIT = re.compile(r"[-‐–]")  # "Greek-Turkish", "Turkey–Greece"
COMPOUND_PART = re.compile(r"[^-‐–]+")  # the parts of "Russia-backed", "Delhi-Guwahati-Imphal"
HYPHENATED_ADJECTIVE = re.compile(r"[-‐][a-z]+$")  # "Meitei-dominated", "NATO-member": an adjective, no name
PARTICLE_PART = re.compile(rf"(?:^|[-‐–])(?i:{_PARTICLES})(?:[-‐–]|$)")  # "al-Numan", "Port-au-Prince": one name
FOLLOWED_BY_NAME = re.compile(r"[ \u00a0]+[A-Z][a-z]")  # "Jean-Pierre Lacroix": a capitalised word follows
DATELINE_AFTER = re.compile(r",\s+[A-Z]|\s*\(|\s*[—–:]|\s+-\s|/[A-Z]")  # "KYIV, Ukraine (Reuters) -", "GAZA —"

# --------------------------------------------------------------------------- phrases around a name

DIRECTION_BEFORE = re.compile(
    r"\b(north|south|east|west|northern|southern|eastern|western|central|north-?east|north-?west|south-?east|"
    r"south-?west|north-?eastern|north-?western|south-?eastern|south-?western)\s+$", re.IGNORECASE)
# "the north of Colombia", "the south-east of Ukraine": a part of the country, named before "of".
DIRECTION_OF_BEFORE = re.compile(
    r"\b(?:the\s+)?(north|south|east|west|centre|center|north-?east|north-?west|south-?east|south-?west)"
    r"\s+of\s+$", re.IGNORECASE)
# A verb of speaking after a name: a small town that "said" something is a person ("Pino said").
SPEECH_AFTER = re.compile(r"[ \u00a0]+(?:said|says|told|added|explained|recalled|wrote|asked|insisted|warned)\b")
# A word before a name that makes it a place, even before "said": "officials in Goma said".
PLACE_PREPOSITION_BEFORE = re.compile(
    r"\b(?:in|at|from|of|near|to|into|across|around|outside|inside|toward|towards|by|for|on|through|via)\s+$",
    re.IGNORECASE)
# A quoted nickname between a given name and a surname: "Joaquín 'El Chapo' Guzmán", "Ismael “El Mayo” Zambada".
NICKNAME_AFTER = re.compile(r"[ \u00a0]+[\"“‘'][A-Z][^\"“”‘’'\n]{0,30}[\"”’'][ \u00a0]+[A-Z]")
NICKNAME_AROUND = re.compile(r"[\"”’'][ \u00a0]+[A-Z]")  # after a quoted name: 'El Chapo' Guzmán
DIRECTION_AFTER = re.compile(
    r"\s+((?i:north|south|east|west|north-?east|north-?west|south-?east|south-?west))\b(?!\s*[-‐]?\s*(?:of|[A-Z]))")
DIRECTION_ADJ_BEFORE_BORDER = re.compile(
    r"\s+(?:(northern|southern|eastern|western|north-?eastern|north-?western|south-?eastern|south-?western)\s+)?"
    r"(border|frontier)\b(?P<with>\s+with\s+)?", re.IGNORECASE)
BORDER_AFTER = re.compile(r"\s*(?:[-‐–]\s*)?\b(border|borders|frontier|boundary)\b", re.IGNORECASE)
TITLE_BEFORE = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|Gen|Col|Lt|Sgt|Capt|Maj|Prof|Rev|St)\.\s+$")
THE_BEFORE = re.compile(r"\bthe\s+$")  # "the Dnipro": lower-case "the" right before a name
OF_BEFORE = re.compile(r"([A-Z][\w'’-]*)\s+of\s+(?:the\s+)?$")  # "University of ", "Forces of the "
EXACT_FORM_EDGE = r"(?<![\w.])(?:{forms})(?![\w]|\.\w)"  # "U.S." but not inside "U.S.S.R." or "BUS"
OWNER_BEFORE = re.compile(r"([A-Z][\w-]*(?: [A-Z][\w-]*){0,2})['’]s\s+$")
GROUP_AFTER = re.compile(rf"[ \u00a0]+(?:{'|'.join(GROUP_WORDS)})\b")  # "Houthi rebels"
# A generic word after a name that makes a listed feature of it: "the Rafah crossing", "Zaatari refugee camp".
FEATURE_SUFFIX = re.compile(r"[ \u00a0]+((?:refugee[ \u00a0]+|displacement[ \u00a0]+|border[ \u00a0]+)?"
                            r"(?:camp|crossing|corridor|river|valley|settlement))\b")
GOVERNOR_OF_BEFORE = re.compile(r"\b[Gg]overnor\s+of\s+(?:the\s+)?$")  # "the Governor of Kherson": the region
ADMIN_AFTER = re.compile(r"[ \u00a0]+([A-Za-z]+)\b")
METONYMY_AFTER = re.compile(
    rf"\s+(?:(?:has|have|had|also|would|will|could|may|might|is|was|has\s+also|on\s+\w+day)\s+)?"
    rf"(?:(?:not|repeatedly|again|swiftly|quickly|firmly|formally|publicly|officially)\s+)?"
    rf"(?:{'|'.join(GOVERNMENT_VERBS)})\b"
    rf"|\s+(?:would|will|could|must|cannot|can)\s+(?:{'|'.join(GOVERNMENT_INTENTS)})\b"
)
AND_NAME_BEFORE_VERB = re.compile(r"\s+and\s+[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*")
