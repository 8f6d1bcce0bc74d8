"""Find place names in an article's text and resolve them with the offline gazetteer.

:func:`places_from_text` reads capitalised runs of words ("Maarat al-Numan",
"IDLIB", "Turkey's"), looks each distinct run or part of it up once
(memoised), and turns the matches into :class:`ArticlePlace` records:

- persons, titles, months and common words are not places ("Vladimir Putin",
  "March", "Nice day"); demonyms ("Turkish troops") count as country context;
- "Idlib province", "Rakhine state" resolve to the admin-1 region; "northwest
  Syria" and "Syria's northwest" to a point in that part of the country;
- "the Greek-Turkish border", "Turkey-Greece border", "Turkey's southern
  border" become a border between two countries;
- ambiguous names are ranked by population and feature type, the countries
  the article names, and closeness to the other places it names;
- "Moscow said" marks Moscow as standing for its government (metonymy).
"""

from __future__ import annotations

import bisect
import math
import re
import sys
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import TYPE_CHECKING, Any, TextIO

from .errors import ArticleError
from .gazetteer import Candidate, Gazetteer, normalize_name

if TYPE_CHECKING:
    from shapely.geometry.base import BaseGeometry

    from .article import Article

# --------------------------------------------------------------------------- word lists (general English)

MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"}
WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
# Capitalised words that start sentences or name institutions and happen to be place names somewhere.
COMMON_WORDS = MONTHS | WEEKDAYS | {
    "a", "an", "the", "in", "on", "at", "by", "for", "from", "with", "and", "but", "or", "as", "it", "he", "she",
    "they", "we", "i", "you", "this", "that", "these", "those", "his", "her", "its", "their", "our", "after",
    "before", "while", "when", "where", "since", "until", "during", "under", "over", "about", "also", "however",
    "meanwhile", "some", "many", "most", "both", "all", "one", "two", "three", "four", "five", "ten", "no", "not",
    "if", "so", "then", "there", "here", "what", "who", "why", "how", "today", "yesterday", "tomorrow", "last",
    "next", "new", "old", "early", "late", "later", "more", "less", "only", "even", "still", "yet", "already",
    "nice", "reading", "mobile", "split", "hope", "bath", "deal", "sale", "wells", "marks", "union", "liberty",
    "independence", "progress", "victory", "unity", "paradise", "eagle", "orange", "royal", "national", "central",
    "said", "says", "asked", "told", "added", "according", "despite", "amid", "against", "across", "near",
    "people", "police", "army", "forces", "government", "ministry", "council", "agency", "security", "office",
    "party", "front", "state", "republic", "news", "press", "media", "reuters", "associated", "agence",
    "christmas", "easter", "ramadan", "eid", "god", "allah", "internet", "covid", "much",
    "several", "each", "every", "other", "another", "such", "own", "same", "way", "would", "could",
    "should", "will", "can", "may", "might", "must", "was", "were", "is", "are", "be", "been", "has", "have",
}
TITLES = {"president", "prime", "minister", "foreign", "defence", "defense", "interior", "secretary", "general",
          "gen", "colonel", "col", "major", "maj", "captain", "capt", "lieutenant", "lt", "commander", "admiral",
          "sergeant", "mr", "mrs", "ms", "dr", "sir", "lord", "lady", "king", "queen", "prince", "princess",
          "sheikh", "emir", "imam", "ayatollah", "pope", "bishop", "father", "saint", "governor", "mayor",
          "senator", "sen", "rep", "representative", "ambassador", "envoy", "chancellor", "spokesman",
          "spokeswoman", "spokesperson", "chief", "deputy", "vice", "premier", "marshal", "judge", "justice",
          "professor", "prof", "rev", "reverend", "brother", "sister", "uncle", "aunt", "st", "mount"}
# Words after a place name that make the whole an organisation: "Arakan Army", "Damascus University".
ORGANISATION_WORDS = {"army", "party", "front", "council", "forces", "police", "ministry", "government", "agency",
                      "university", "bank", "airlines", "airways", "club", "committee", "movement", "brigade",
                      "brigades", "corps", "league", "times", "post", "news", "radio", "television", "tv",
                      "observatory", "group", "company", "corporation", "institute", "foundation", "guard",
                      "fc", "united", "city", "stadium", "airport", "herald", "tribune", "journal", "telegraph"}
# Words after a name that make it the admin-1 region: "Idlib province", "Donetsk region".
ADMIN_WORDS = {"province", "governorate", "region", "state", "oblast", "district", "department", "prefecture",
               "county", "division", "territory", "canton", "emirate", "krai", "kray", "wilayah", "wilaya",
               "municipality", "voivodeship", "raion"}
DIRECTION_WORDS = {
    "north": "north", "northern": "north", "south": "south", "southern": "south", "east": "east",
    "eastern": "east", "west": "west", "western": "west", "central": "centre", "centre": "centre",
    "center": "centre", "northeast": "northeast", "northeastern": "northeast", "northwest": "northwest",
    "northwestern": "northwest", "southeast": "southeast", "southeastern": "southeast",
    "southwest": "southwest", "southwestern": "southwest",
}
DIRECTION_ANGLES = {"north": 0, "northeast": 45, "east": 90, "southeast": 135, "south": 180, "southwest": 225,
                    "west": 270, "northwest": 315}
# "Moscow said", "Ankara has warned": a place standing for its government.
_GOVERNMENT_VERBS = (
    "said|says|say|announced|announces|accused|accuses|denied|denies|warned|warns|demanded|demands|insisted|"
    "insists|rejected|rejects|condemned|condemns|urged|urges|told|tells|claimed|claims|threatened|threatens|"
    "responded|responds|retaliated|agreed|agrees|signed|signs|refused|refuses|vowed|vows|pledged|pledges|"
    "called|calls|blamed|blames|wants|hopes|recalled|summoned|summons|expelled|expels|imposed|imposes|"
    "sanctioned|recognised|recognized|backs|backed|supports|supported|opposes|opposed|protested|protests|"
    "announced|declared|declares|confirmed|confirms|insisted|sought|seeks|asked|asks|offered|offers|"
    "negotiated|negotiates|brokered|mediated|hosted|hosts"
)
_GOVERNMENT_INTENTS = "say|keep|continue|back|support|respond|retaliate|oppose|reject|accept|send|insist|refuse|not"
_METONYMY_AFTER = re.compile(
    rf"\s+(?:(?:has|have|had|also|would|will|could|may|might|is|was|has\s+also|on\s+\w+day)\s+)?"
    rf"(?:(?:not|repeatedly|again|swiftly|quickly|firmly|formally|publicly|officially)\s+)?(?:{_GOVERNMENT_VERBS})\b"
    rf"|\s+(?:would|will|could|must|cannot|can)\s+(?:{_GOVERNMENT_INTENTS})\b"
)
_AND_NAME_BEFORE_VERB = re.compile(r"\s+and\s+[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*")
_BORDER_AFTER = re.compile(r"\s*(?:[-‐–]\s*)?\b(border|borders|frontier|boundary)\b", re.IGNORECASE)

# --------------------------------------------------------------------------- tokens and runs

_UPPER = "".join(re.escape(chr(c)) for c in range(0x41, 0x530) if chr(c).isupper() and chr(c).isalpha())
_PARTICLES = "al|el|an|ad|ar|as|ash|at|az|ath|adh|ed|en|er|es|et|ez|ul|ur|d"
_CONNECTORS = "al|el|de|del|da|do|dos|das|la|le|of|the|an|ad|ash|as|ar|az|at|bin|ibn|di|du|des|van|von|y|ul"
_CAP_WORD = rf"(?:(?:{_PARTICLES})[-‐’'])?[{_UPPER}](?:[\w'’ʼ`‐-]*\w)?"
_RUN = re.compile(rf"{_CAP_WORD}(?:[ \u00a0](?:(?:{_CONNECTORS})[ \u00a0])*{_CAP_WORD})*")
_TOKEN = re.compile(rf"{_CAP_WORD}|\S+")
_POSSESSIVE = re.compile(r"['’]s$")
_DIRECTION_BEFORE = re.compile(
    r"\b(north|south|east|west|northern|southern|eastern|western|central|north-?east|north-?west|south-?east|"
    r"south-?west|north-?eastern|north-?western|south-?eastern|south-?western)\s+$", re.IGNORECASE)
_DIRECTION_AFTER = re.compile(
    r"\s+((?i:north|south|east|west|north-?east|north-?west|south-?east|south-?west))\b(?!\s*[-‐]?\s*(?:of|[A-Z]))")
_DIRECTION_ADJ_BEFORE_BORDER = re.compile(
    r"\s+(?:(northern|southern|eastern|western|north-?eastern|north-?western|south-?eastern|south-?western)\s+)?"
    r"(border|frontier)\b(?P<with>\s+with\s+)?", re.IGNORECASE)
_TITLE_BEFORE = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|Gen|Col|Lt|Sgt|Capt|Maj|Prof|Rev|St)\.\s+$")
_LOWER_WORD = re.compile(r"(?<![\w'’-])[a-z][a-z'’-]*[a-z]")
_OWNER_BEFORE = re.compile(r"([A-Z][\w-]*(?: [A-Z][\w-]*){0,2})['’]s\s+$")
_ADMIN_AFTER = re.compile(r"[ \u00a0]+([A-Za-z]+)\b")
SENTENCE_OPENERS = set(".!?:;\"“‘(—–-\n")

MAX_WORDS = 5
FOREIGN_MIN_POPULATION = 50_000
NEAR_KM = 400.0
CONTEXT_BONUS = 3.0
NEAR_BONUS = 3.0
PROGRESS_MIN_CHARS = 2_000_000
PROGRESS_STEP_CHARS = 2_000_000


@dataclass(frozen=True)
class Mention:
    """Where a place is named: the exact text and its character offsets."""

    text: str
    start: int
    end: int


@dataclass
class ArticlePlace:
    """One distinct place the article names, located, with every mention."""

    name: str
    lat: float
    lon: float
    country_code: str | None
    feature_type: str  # city | capital | admin1 | country | region | border
    geonames_id: int | None
    mentions: list[Mention]
    metonymy: bool
    confidence: float
    alternatives: list[dict[str, Any]]
    sentence: str = ""
    countries: tuple[str, ...] = ()  # the two sides of a border
    approximate: bool = False

    def to_json(self) -> dict[str, Any]:
        """The record ``places --format json`` prints."""
        data = {
            "name": self.name, "lat": round(self.lat, 5), "lon": round(self.lon, 5),
            "country_code": self.country_code, "feature_type": self.feature_type, "geonames_id": self.geonames_id,
            "mentions": [{"text": m.text, "start": m.start, "end": m.end} for m in self.mentions],
            "metonymy": self.metonymy, "confidence": self.confidence, "alternatives": self.alternatives,
            "sentence": self.sentence,
        }
        if self.countries:
            data["countries"] = list(self.countries)
        return data


@dataclass
class ParseResult:
    """The places of a text, and the countries it points to without naming a place (demonyms)."""

    places: list[ArticlePlace]
    context_countries: list[str]
    warnings: list[str] = field(default_factory=list)


@dataclass
class _Hit:
    """A candidate mention before resolution."""

    start: int
    end: int
    key: str
    kind: str  # place | region | border
    only_admin1: bool = False
    direction: str = ""
    countries: tuple[str, ...] = ()
    spelling: bool = False
    metonymy: bool = False
    initial: bool = False  # opens a sentence, where any word is capitalised
    within: str | None = None  # "Panama's Darien": the country a possessive puts it in


_key = lru_cache(maxsize=1 << 16)(normalize_name)


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance between two (lat, lon) points."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def _bearing(a: tuple[float, float], b: tuple[float, float]) -> float:
    dx = (b[1] - a[1]) * math.cos(math.radians((a[0] + b[0]) / 2))
    return (math.degrees(math.atan2(dx, b[0] - a[0])) + 360) % 360


class Geoparser:
    """Finds and resolves place names; one per gazetteer, reusable across texts (lookups are memoised)."""

    def __init__(self, gazetteer: Gazetteer):
        self.gazetteer = gazetteer
        self.demonyms = gazetteer.demonyms()
        self._exact: dict[str, list[Candidate]] = {}
        self._spelled: dict[tuple[str, tuple[str, ...]], list[Candidate]] = {}

    # ---- lookups, each distinct key once
    def exact(self, key: str) -> list[Candidate]:
        found = self._exact.get(key)
        if found is None:
            found = self._exact[key] = self.gazetteer.candidates(key, limit=12, spelling=False)
        return found

    def spelled(self, key: str, context: tuple[str, ...]) -> list[Candidate]:
        index = (key, context)
        if index not in self._spelled:
            self._spelled[index] = self.gazetteer.candidates(key, limit=12, only=context) if context else []
        return self._spelled[index]

    def country_code(self, key: str) -> str | None:
        """The country a name or demonym names ('greek', 'turkey' -> 'GR', 'TR')."""
        if key in self.demonyms:
            return self.demonyms[key]
        for candidate in self.exact(key):
            if candidate.feature_type == "country":
                return candidate.country_code
        return None

    # ---- the whole text
    def parse(self, text: str, progress: TextIO | None = None) -> ParseResult:
        """Every place ``text`` names, resolved; progress lines on ``progress`` for long texts."""
        scan = _Scan(self, text, progress)
        scan.run()
        return scan.resolve()


class _Scan:
    """One pass over one text: hits, context, then resolution."""

    def __init__(self, parser: Geoparser, text: str, progress: TextIO | None):
        self.parser = parser
        self.text = text
        self.progress = progress if len(text) >= PROGRESS_MIN_CHARS else None
        self.hits: list[_Hit] = []
        self.context: Counter[str] = Counter()
        self.name_tokens: set[str] = set()  # words of person and organisation names seen so far
        self.unknown_runs: list[tuple[int, int, str]] = []
        self._lower_words: set[str] | None = None

    # ---- helpers on the raw text
    def sentence_initial(self, start: int) -> bool:
        position = start - 1
        while position >= 0 and self.text[position] in " \t\u00a0":
            position -= 1
        return position < 0 or self.text[position] in SENTENCE_OPENERS

    def seen_lowercase(self, word: str) -> bool:
        """Whether the text also uses ``word`` in lower case (then it is a common word here)."""
        if self._lower_words is None:  # one pass over the text, the first time it is needed
            self._lower_words = set(_LOWER_WORD.findall(self.text))
        return word.lower() in self._lower_words

    def is_common(self, word: str, start: int) -> bool:
        """A word that is no name here: a function word, month or title, or a sentence-opening common word."""
        lower = _key(word)
        if lower in COMMON_WORDS or lower in TITLES:
            return True
        return self.sentence_initial(start) and self.seen_lowercase(word)

    # ---- scanning
    def run(self) -> None:
        next_report = PROGRESS_STEP_CHARS
        total_mb = len(self.text) / 1e6
        for match in _RUN.finditer(self.text):
            if self.progress and match.start() >= next_report:
                print(f"idlibmap: reading places ... {match.start() / 1e6:.0f} of {total_mb:.0f} MB",
                      file=self.progress, flush=True)
                next_report += PROGRESS_STEP_CHARS
            self.scan_run(match.start(), match.group())
        if self.progress:
            print(f"idlibmap: reading places ... {total_mb:.0f} of {total_mb:.0f} MB, done", file=self.progress,
                  flush=True)

    def scan_run(self, offset: int, run: str) -> None:
        tokens: list[tuple[int, int, str]] = []
        for token in _TOKEN.finditer(run):
            start, word = offset + token.start(), token.group()
            possessive = _POSSESSIVE.search(word)
            if possessive and not self.possessive_in_name(start + len(word), offset + len(run)):
                word = word[: possessive.start()]
            else:
                possessive = None
            tokens.append((start, start + len(word), word))
            if possessive:  # "Turkey's southern border": the possessive ends the name
                self.scan_tokens(tokens, possessive=True)
                tokens = []
        if tokens:
            self.scan_tokens(tokens, possessive=False)

    def possessive_in_name(self, end: int, run_end: int) -> bool:
        """"Cox's Bazar": an 's that belongs to a listed name with the next word."""
        following = _TOKEN.match(self.text, end + 1) if end < run_end else None
        if following is None:
            return False
        return bool(self.parser.exact(_key(self.text[self.run_start(end):following.end()])))

    def run_start(self, end: int) -> int:
        start = end
        while start > 0 and not self.text[start - 1].isspace():
            start -= 1
        return start

    def scan_tokens(self, tokens: list[tuple[int, int, str]], possessive: bool) -> None:
        text, parser = self.text, self.parser
        roles: list[str] = []  # per token: place | demonym | common | name | connector
        found: list[tuple[int, int, str]] = []  # (first token, end token, key) of place matches
        i = 0
        while i < len(tokens):
            start, end, word = tokens[i]
            if not word[0].isupper() and "-" not in word[:4]:
                roles.append("connector")
                i += 1
                continue
            for j in range(min(len(tokens), i + MAX_WORDS), i, -1):
                if j - 1 > i and not tokens[j - 1][2][0].isupper():
                    continue  # a name does not end with a connector
                phrase = text[start:tokens[j - 1][1]]
                key = _key(phrase)
                if j == i + 1:
                    if self.compound(tokens[i]):
                        roles.append("demonym")
                        break
                    if key in parser.demonyms:
                        self.context[parser.demonyms[key]] += 1
                        roles.append("demonym")
                        break
                    if self.is_common(word, start) or (word.isupper() and len(word) <= 4 and not self.dateline(end)):
                        roles.append("common")
                        break
                    if len(key) < 3 or re.search(r"[-‐][a-z]+$", word):  # "NATO-member", "Turkey-backed"
                        roles.append("common")
                        break
                if parser.exact(key):
                    found.append((i, j, key))
                    roles.extend(["place"] * (j - i))
                    i = j - 1
                    break
            else:
                roles.append("name")
            i += 1
        names = [k for k, role in enumerate(roles) if role == "name"]
        for first, last, key in found:
            before = first - 1 >= 0 and roles[first - 1] == "name"
            after = last < len(roles) and (roles[last] == "name" or
                                           _key(tokens[last][2]) in ORGANISATION_WORDS)
            if before or after:  # "Vladimir Putin", "Hayat Tahrir al-Sham": part of a longer name
                self.name_tokens.update(_key(t[2]) for t in tokens if t[2][0].isupper())
                continue
            if last - first == 1 and _key(tokens[first][2]) in self.name_tokens:
                continue  # "Jackson said" after "Michael Jackson"
            if first > 0 and _key(tokens[first - 1][2]) in TITLES or _TITLE_BEFORE.search(
                    self.text, max(0, tokens[first][0] - 8), tokens[first][0]):
                continue  # "President Jackson", "Mr. Jackson"
            self.add_place(tokens[first][0], tokens[last - 1][1], key, possessive and last == len(tokens))
        if names and not found:
            words = [tokens[k] for k in names]
            contiguous = names == list(range(names[0], names[-1] + 1))
            if contiguous and len(names) <= 4:
                self.unknown_runs.append((words[0][0], words[-1][1], _key(text[words[0][0]:words[-1][1]])))
            if len(names) >= 2:
                self.name_tokens.update(_key(w[2]) for w in words)

    def dateline(self, end: int) -> bool:
        """An all-capitals place opening a wire story: 'KYIV, Ukraine (Reuters) -'."""
        return re.match(r",\s+[A-Z]", self.text[end:end + 4]) is not None

    def compound(self, token: tuple[int, int, str]) -> bool:
        """'Greek-Turkish', 'Turkey-Greece': two countries; a border if 'border' follows, else context."""
        start, end, word = token
        parts = re.split(r"[-‐–]", word)
        if len(parts) != 2 or not all(parts):
            return False
        codes = [self.parser.country_code(_key(p)) for p in parts]
        if None in codes or codes[0] == codes[1]:
            return False
        border = _BORDER_AFTER.match(self.text, end)
        if border:
            self.hits.append(_Hit(start, border.end(), "", "border", countries=tuple(codes)))
        for code in codes:
            self.context[code] += 1
        return True

    def add_place(self, start: int, end: int, key: str, possessive: bool) -> None:
        text = self.text
        candidates = self.parser.exact(key)
        country = next((c for c in candidates if c.feature_type == "country"), None)
        if country is not None:
            self.context[country.country_code] += 1
            if possessive:
                border = _DIRECTION_ADJ_BEFORE_BORDER.match(text, end + 2)
                if border:
                    self.country_border(start, end, border, country.country_code)
                    return
                after = _DIRECTION_AFTER.match(text, end + 2)
                if after:
                    direction = DIRECTION_WORDS[after.group(1).lower().replace("-", "")]
                    self.hits.append(_Hit(start, after.end(), key, "region", direction=direction))
                    return
            before = _DIRECTION_BEFORE.search(text, max(0, start - 16), start)
            if before:
                direction = DIRECTION_WORDS[before.group(1).lower().replace("-", "")]
                self.hits.append(_Hit(before.start(1), end, key, "region", direction=direction))
                return
        if candidates[0].feature_type == "admin1":  # "Idaho": a region named outright points to its country
            self.context[candidates[0].country_code] += 1
        admin = _ADMIN_AFTER.match(text, end + (2 if possessive else 0))
        if admin and admin.group(1).lower() in ADMIN_WORDS and not possessive \
                and any(c.feature_type == "admin1" for c in candidates):
            self.hits.append(_Hit(start, admin.end(), key, "place", only_admin1=True))
            return
        owner = _OWNER_BEFORE.search(text, max(0, start - 40), start)
        within = self.parser.country_code(_key(owner.group(1))) if owner else None
        self.hits.append(_Hit(start, end, key, "place", metonymy=self.metonymic(end, possessive),
                              initial=self.sentence_initial(start), within=within))

    def country_border(self, start: int, end: int, border: re.Match[str], code: str) -> None:
        """"Turkey's southern border" (the neighbour that way) or "Turkey's border with Syria"."""
        stop, other = border.end(2), None
        if border.group("with"):
            name = _RUN.match(self.text, border.end())
            if name:
                other = self.parser.country_code(_key(_POSSESSIVE.sub("", name.group())))
                stop = name.end() if other else stop
        if other is None:
            other = self.neighbour_towards(code, border.group(1))
        if other:
            self.hits.append(_Hit(start, stop, "", "border", countries=(code, other)))

    def neighbour_towards(self, code: str, adjective: str | None) -> str | None:
        """The land neighbour of ``code`` lying in the direction an adjective names, the article's first."""
        gazetteer = self.parser.gazetteer
        neighbours = gazetteer.neighbours(code)
        if not neighbours:
            return None
        if not adjective:
            named = [n for n in neighbours if self.context[n]]
            return max(named, key=lambda n: self.context[n]) if named else None
        direction = DIRECTION_WORDS[adjective.lower().replace("-", "")]
        centre = gazetteer.country_part(code, "centre")
        if centre is None or direction not in DIRECTION_ANGLES:
            return None
        angles = {}
        for other in neighbours:
            spot = gazetteer.country_part(other, "centre")
            if spot:
                difference = abs((_bearing(centre, spot) - DIRECTION_ANGLES[direction] + 180) % 360 - 180)
                angles[other] = difference
        fitting = [n for n, a in angles.items() if a <= 75]
        if not fitting:
            return None
        return min(fitting, key=lambda n: (not self.context[n], angles[n]))

    def metonymic(self, end: int, possessive: bool) -> bool:
        if possessive:
            return False
        if _METONYMY_AFTER.match(self.text, end):
            return True
        coordinated = _AND_NAME_BEFORE_VERB.match(self.text, end)
        return bool(coordinated and _METONYMY_AFTER.match(self.text, coordinated.end()))

    # ---- resolution
    def resolve(self) -> ParseResult:
        context = tuple(sorted(self.context))
        for start, end, key in self.unknown_runs:  # transliteration variants, only inside the article's countries
            if key in self.name_tokens and " " not in key:
                continue
            if self.parser.spelled(key, context):
                self.hits.append(_Hit(start, end, key, "place", spelling=True, metonymy=self.metonymic(end, False),
                                      initial=self.sentence_initial(start)))
        resolver = _Resolver(self, context)
        return ParseResult(resolver.places(), [c for c, _ in self.context.most_common()])


class _Resolver:
    """Chooses one candidate per key, then groups mentions into places."""

    def __init__(self, scan: _Scan, context: tuple[str, ...]):
        self.scan = scan
        self.parser = scan.parser
        self.context = set(context)
        self.named_inside: set[str] = set()  # keys named at least once away from a sentence start
        self._chosen: dict[tuple, ArticlePlace | None] = {}

    def options(self, hit: _Hit) -> list[Candidate]:
        if hit.spelling:
            return self.parser.spelled(hit.key, tuple(sorted(self.context)))
        found = self.parser.exact(hit.key)
        if hit.only_admin1:
            found = [c for c in found if c.feature_type == "admin1"] or found
        if hit.within:
            found = [c for c in found if c.country_code == hit.within] or found
        return found

    def score(self, candidate: Candidate, anchors: list[tuple[float, float, str]], key: str) -> float:
        score = candidate.score + (CONTEXT_BONUS if candidate.country_code in self.context else 0.0)
        if candidate.feature_type != "country" and self.near(candidate, anchors, key):
            score += NEAR_BONUS
        return score

    @staticmethod
    def near(candidate: Candidate, anchors: list[tuple[float, float, str]], key: str) -> bool:
        """Within NEAR_KM of a place the article names under another name."""
        return any(other != key and distance_km((lat, lon), (candidate.lat, candidate.lon)) <= NEAR_KM
                   for lat, lon, other in anchors)

    def ranked(self, hit: _Hit, anchors: list[tuple[float, float, str]]) -> list[tuple[float, Candidate]]:
        return sorted(((self.score(c, anchors, hit.key), c) for c in self.options(hit)), key=lambda p: (-p[0], p[1].geonameid))

    def acceptable(self, best: Candidate, anchors: list[tuple[float, float, str]], hit: _Hit) -> bool:
        """A small place abroad, far from everything else the article names, is more likely a false match."""
        if best.feature_type in ("country", "capital") or hit.only_admin1:
            return True
        if hit.initial and best.matched != "name" and len(hit.key.split()) == 1 and hit.key not in self.named_inside:
            return False  # "Earlier" is an alternate name of a Turkish village; at a sentence start, no
        if best.country_code in self.context:
            return True
        if self.near(best, anchors, hit.key):
            return True
        # An alternate name (GeoNames lists codes and old names among them) needs support from the text.
        if best.feature_type == "admin1" and " " in hit.key:  # "Rakhine State", "Idlib Governorate"
            return best.population >= FOREIGN_MIN_POPULATION
        return best.matched == "name" and best.feature_type in ("city", "admin1") \
            and best.population >= FOREIGN_MIN_POPULATION

    def places(self) -> list[ArticlePlace]:
        hits = sorted(self.scan.hits, key=lambda h: h.start)
        # "Turkey's border with Syria" is one mention of the border, not also one of Syria.
        kept, border_end = [], -1
        for hit in hits:
            if hit.kind == "border":
                border_end = max(border_end, hit.end)
            elif hit.start < border_end:
                continue
            kept.append(hit)
        hits = kept
        self.named_inside = {h.key for h in hits if not h.initial}
        place_hits = [h for h in hits if h.kind == "place"]
        # Anchors: places that are clear without help from other places (one option, or a wide margin).
        anchors, seen = [], set()
        for hit in place_hits:
            if (hit.key, hit.only_admin1, hit.within) in seen:
                continue
            seen.add((hit.key, hit.only_admin1, hit.within))
            ranked = self.ranked(hit, [])
            if ranked and ranked[0][1].feature_type != "country" and \
                    (len(ranked) == 1 or ranked[0][0] - ranked[1][0] >= 2.0) and ranked[0][1].country_code in self.context:
                best = ranked[0][1]
                anchors.append((best.lat, best.lon, hit.key))
        grouped: dict[Any, ArticlePlace] = {}
        for hit in hits:
            place = self.place_for(hit, anchors)
            if place is None:
                continue
            key = (place.feature_type, place.geonames_id, place.countries, place.name)
            mention = Mention(self.scan.text[hit.start:hit.end], hit.start, hit.end)
            # Only a country or a capital stands for a government ("Moscow said", not "in Saraqeb said").
            metonymy = hit.metonymy and place.feature_type in ("country", "capital")
            if key in grouped:
                grouped[key].mentions.append(mention)
                grouped[key].metonymy = grouped[key].metonymy or metonymy
            else:  # the chosen record is shared by every hit of its kind: each place gets its own copy
                grouped[key] = replace(place, mentions=[mention], metonymy=metonymy)
        return list(grouped.values())

    def place_for(self, hit: _Hit, anchors: list[tuple[float, float, str]]) -> ArticlePlace | None:
        """The place a hit names (a fresh record each time; the choice is made once per kind of hit)."""
        signature = (hit.kind, hit.key, hit.only_admin1, hit.within, hit.spelling, hit.direction, hit.countries,
                     hit.initial and hit.key not in self.named_inside)
        if signature not in self._chosen:
            self._chosen[signature] = self.choose(hit, anchors)
        return self._chosen[signature]

    def choose(self, hit: _Hit, anchors: list[tuple[float, float, str]]) -> ArticlePlace | None:
        if hit.kind == "border":
            return self.border(hit)
        ranked = self.ranked(hit, anchors)
        if not ranked:
            return None
        best_score, best = ranked[0]
        if hit.kind == "region":
            spot = self.parser.gazetteer.country_part(best.country_code, hit.direction)
            if spot is None:
                return None
            label = "central" if hit.direction == "centre" else hit.direction
            return ArticlePlace(
                name=f"{label.capitalize()} {best.name}", lat=spot[0], lon=spot[1], country_code=best.country_code,
                feature_type="region", geonames_id=None, mentions=[], metonymy=False, confidence=0.7,
                alternatives=[], approximate=True)
        if not self.acceptable(best, anchors, hit):
            return None
        runner_up = ranked[1][0] if len(ranked) > 1 else best_score - 6.0
        confidence = 1.0 / (1.0 + math.exp(-(best_score - runner_up)))
        if hit.spelling:
            confidence *= 0.8
        alternatives = [
            {"name": c.name, "country_code": c.country_code, "feature_type": c.feature_type,
             "geonames_id": c.geonameid, "lat": c.lat, "lon": c.lon, "population": c.population}
            for _, c in ranked[1:4]
        ]
        return ArticlePlace(
            name=best.name, lat=best.lat, lon=best.lon, country_code=best.country_code,
            feature_type=best.feature_type, geonames_id=best.geonameid, mentions=[], metonymy=False,
            confidence=round(confidence, 3), alternatives=alternatives)

    def border(self, hit: _Hit) -> ArticlePlace | None:
        first, second = sorted(hit.countries)
        names = [self.parser.gazetteer.country_name(code) or code for code in (first, second)]
        midpoint = border_midpoint(first, second)
        if midpoint is None:
            return None
        return ArticlePlace(
            name=f"{names[0]}–{names[1]} border", lat=midpoint[0], lon=midpoint[1], country_code=None,
            feature_type="border", geonames_id=None, mentions=[], metonymy=False, confidence=0.9,
            alternatives=[], countries=(first, second))


def border_line(first: str, second: str) -> BaseGeometry | None:
    """The shared edge of two countries' Natural Earth polygons, or None when they do not touch."""
    from . import boundaries
    from .errors import BoundaryError

    shapes = boundaries.countries_by_code([first, second])
    import shapely

    polygons = [shapely.union_all(shapes[shapes["iso_a2"] == code].geometry.values) for code in (first, second)]
    if any(p.is_empty for p in polygons):
        return None
    try:
        return boundaries.shared_border(polygons[0], polygons[1], (first, second))
    except BoundaryError:
        return None


_BORDER_MIDPOINTS: dict[tuple[str, str], tuple[float, float] | None] = {}


def border_midpoint(first: str, second: str) -> tuple[float, float] | None:
    """A point halfway along the border of two countries (lat, lon), memoised."""
    key = (first, second)
    if key not in _BORDER_MIDPOINTS:
        line = border_line(first, second)
        if line is None or line.is_empty:
            _BORDER_MIDPOINTS[key] = None
        else:
            import shapely

            parts = sorted(shapely.get_parts(line), key=lambda g: -g.length)
            spot = parts[0].interpolate(0.5, normalized=True)
            _BORDER_MIDPOINTS[key] = (round(spot.y, 5), round(spot.x, 5))
    return _BORDER_MIDPOINTS[key]


def places_from_text(text: str, gazetteer: Gazetteer, progress: TextIO | None = sys.stderr) -> ParseResult:
    """Geoparse ``text``: every place it names, each with its mentions and its first mention's sentence."""
    from .article import sentence_spans

    result = Geoparser(gazetteer).parse(text, progress)
    starts = [start for start, _ in sentence_spans(text)] if result.places else []
    spans = sentence_spans(text) if result.places else []
    for place in result.places:
        index = bisect.bisect_right(starts, place.mentions[0].start) - 1
        if index >= 0:
            start, end = spans[index]
            place.sentence = " ".join(text[start:end].split())
    return result


def places_from_article(article: Article, gazetteer: Gazetteer, progress: TextIO | None = sys.stderr) -> ParseResult:
    """Geoparse an article; a long article reports progress, and an article naming no place is an error."""
    result = places_from_text(article.text, gazetteer, progress)
    result.warnings[:0] = article.warnings
    if not result.places:
        raise ArticleError("names no place the offline gazetteer knows; nothing to map", article.path)
    return result


def format_table(result: ParseResult) -> str:
    """The places as a table for people: one line each, most mentioned first."""
    rows = [("place", "type", "country", "lat", "lon", "mentions", "conf.", "note")]
    for place in sorted(result.places, key=lambda p: (-len(p.mentions), p.mentions[0].start)):
        notes = []
        if place.metonymy:
            notes.append("stands for its government")
        if place.countries:
            notes.append("between " + " and ".join(place.countries))
        if place.alternatives:
            notes.append("not: " + ", ".join(f"{a['name']} ({a['country_code']})" for a in place.alternatives[:2]))
        rows.append((place.name, place.feature_type, place.country_code or "", f"{place.lat:.4f}", f"{place.lon:.4f}",
                     str(len(place.mentions)), f"{place.confidence:.2f}", "; ".join(notes)))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False)) + "  " + row[-1]
             for row in rows]
    lines.insert(1, "-" * min(len(lines[0]) + 20, 120))
    countries = ", ".join(result.context_countries) or "none"
    lines.append(f"\n{len(result.places)} places; countries the article points to (names and demonyms): {countries}")
    return "\n".join(line.rstrip() for line in lines)
