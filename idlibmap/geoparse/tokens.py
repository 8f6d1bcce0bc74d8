"""Finding the names in a text: capitalised runs, their words' roles, and the hits they make.

:class:`Scanner` reads each capitalised run ("Maarat al-Numan", "IDLIB",
"Turkey's"), splits it at possessives, gives each word a role (part of a
place name, a demonym, a common word, part of a person's or organisation's
name) and turns the place names into :class:`Hit` records, reading the words
around them: "Idlib province", "northwest Syria", "Syria's northwest",
"the Greek-Turkish border", "Turkey's southern border", "Moscow said".
It also counts the countries the text points to (names and demonyms), which
the resolver uses as context.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass

from ..gazetteer import Candidate
from .borders import border_of_country, compound_countries
from .lookups import Lookups, name_key
from .patterns import (
    ADMIN_AFTER,
    AND_NAME_BEFORE_VERB,
    BORDER_AFTER,
    DATELINE_AFTER,
    DIRECTION_ADJ_BEFORE_BORDER,
    DIRECTION_AFTER,
    DIRECTION_BEFORE,
    HYPHENATED_ADJECTIVE,
    LOWER_WORD,
    METONYMY_AFTER,
    OWNER_BEFORE,
    POSSESSIVE,
    RUN,
    TITLE_BEFORE,
    TOKEN,
)
from .wordlists import ADMIN_WORDS, COMMON_WORDS, DIRECTION_WORDS, ORGANISATION_WORDS, SENTENCE_OPENERS, TITLES

log = logging.getLogger(__name__)

MAX_WORDS = 5  # the longest name looked up
MIN_KEY_LENGTH = 3  # a single word folding to fewer letters is no name
DATELINE_MAX_LETTERS = 4  # "IDLIB" is a name only in a dateline; "NATO", "UN" never
PROGRESS_MIN_CHARS = 2_000_000
PROGRESS_STEP_CHARS = 2_000_000

Token = tuple[int, int, str]  # start, end, word


@dataclass
class Hit:
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


class Scanner:
    """One pass over one text: its hits and the countries it points to."""

    def __init__(self, lookups: Lookups, text: str):
        self.lookups = lookups
        self.text = text
        self.hits: list[Hit] = []
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
            self._lower_words = set(LOWER_WORD.findall(self.text))
        return word.lower() in self._lower_words

    def is_common(self, word: str, start: int) -> bool:
        """A word that is no name here: a function word, month or title, or a sentence-opening common word."""
        lower = name_key(word)
        if lower in COMMON_WORDS or lower in TITLES:
            return True
        return self.sentence_initial(start) and self.seen_lowercase(word)

    def dateline(self, end: int) -> bool:
        """An all-capitals place opening a wire story: 'KYIV, Ukraine (Reuters) -'."""
        return DATELINE_AFTER.match(self.text, end, end + 4) is not None

    def metonymic(self, end: int, possessive: bool) -> bool:
        """Whether the name ending at ``end`` is the subject of a verb of saying ("Moscow and Ankara said")."""
        if possessive:
            return False
        if METONYMY_AFTER.match(self.text, end):
            return True
        coordinated = AND_NAME_BEFORE_VERB.match(self.text, end)
        return bool(coordinated and METONYMY_AFTER.match(self.text, coordinated.end()))

    # ---- the whole text
    def run(self) -> None:
        """Scan every capitalised run; a long text logs its progress."""
        report = len(self.text) >= PROGRESS_MIN_CHARS
        next_report = PROGRESS_STEP_CHARS
        total_mb = len(self.text) / 1e6
        for match in RUN.finditer(self.text):
            if report and match.start() >= next_report:
                log.info("reading places ... %.0f of %.0f MB", match.start() / 1e6, total_mb)
                next_report += PROGRESS_STEP_CHARS
            self.scan_run(match.start(), match.group())
        if report:
            log.info("reading places ... %.0f of %.0f MB, done", total_mb, total_mb)

    def add_spelling_hits(self, context: tuple[str, ...]) -> None:
        """Unknown names that spell a place inside the text's countries differently ("Saraqeb")."""
        for start, end, key in self.unknown_runs:
            if key in self.name_tokens and " " not in key:
                continue
            if self.lookups.spelled(key, context):
                self.hits.append(Hit(start, end, key, "place", spelling=True, metonymy=self.metonymic(end, False),
                                     initial=self.sentence_initial(start)))

    # ---- one run
    def scan_run(self, offset: int, run: str) -> None:
        """Split a run into tokens at possessives ("Turkey's southern border": the possessive ends the name)."""
        tokens: list[Token] = []
        for token in TOKEN.finditer(run):
            start, word = offset + token.start(), token.group()
            possessive = POSSESSIVE.search(word)
            if possessive and not self.possessive_in_name(start + len(word), offset + len(run)):
                word = word[: possessive.start()]
            else:
                possessive = None
            tokens.append((start, start + len(word), word))
            if possessive:
                self.scan_tokens(tokens, possessive=True)
                tokens = []
        if tokens:
            self.scan_tokens(tokens, possessive=False)

    def possessive_in_name(self, end: int, run_end: int) -> bool:
        """"Cox's Bazar": an 's that belongs to a listed name with the next word."""
        following = TOKEN.match(self.text, end + 1) if end < run_end else None
        if following is None:
            return False
        return bool(self.lookups.exact(name_key(self.text[self.word_start(end):following.end()])))

    def word_start(self, end: int) -> int:
        start = end
        while start > 0 and not self.text[start - 1].isspace():
            start -= 1
        return start

    def scan_tokens(self, tokens: list[Token], possessive: bool) -> None:
        """Find the place names among some tokens, keep those that are no part of a longer name."""
        roles, found = self.token_roles(tokens)
        for first, last, key in found:
            if self.kept(tokens, roles, first, last):
                self.add_place(tokens[first][0], tokens[last - 1][1], key, possessive and last == len(tokens))
        names = [k for k, role in enumerate(roles) if role == "name"]
        if names and not found:
            self.note_unknown_name(tokens, names)

    # ---- word roles
    def token_roles(self, tokens: list[Token]) -> tuple[list[str], list[tuple[int, int, str]]]:
        """Each token's role (place | demonym | common | name | connector), and the place names as
        (first token, end token, key), each the longest listed name starting at its first token."""
        roles: list[str] = []
        found: list[tuple[int, int, str]] = []
        i = 0
        while i < len(tokens):
            word = tokens[i][2]
            if not word[0].isupper() and "-" not in word[:4]:
                roles.append("connector")
                i += 1
                continue
            role, stop, key = self.role_at(tokens, i)
            if role == "place":
                found.append((i, stop, key))
                roles.extend(["place"] * (stop - i))
                i = stop
            else:
                roles.append(role)
                i += 1
        return roles, found

    def role_at(self, tokens: list[Token], i: int) -> tuple[str, int, str]:
        """The role of token ``i``: (role, end token, key), the longest place name starting there first."""
        start = tokens[i][0]
        for j in range(min(len(tokens), i + MAX_WORDS), i, -1):
            if j - 1 > i and not tokens[j - 1][2][0].isupper():
                continue  # a name does not end with a connector
            key = name_key(self.text[start:tokens[j - 1][1]])
            if j == i + 1:
                role = self.single_word_role(tokens[i], key)
                if role:
                    return role, j, key
            if self.lookups.exact(key):
                return "place", j, key
        return "name", i + 1, ""

    def single_word_role(self, token: Token, key: str) -> str | None:
        """A lone word that is a demonym or a common word, whatever the gazetteer lists under it."""
        start, end, word = token
        if self.compound(token):
            return "demonym"
        if key in self.lookups.demonyms:
            self.context[self.lookups.demonyms[key]] += 1
            return "demonym"
        if self.is_common(word, start) or (word.isupper() and len(word) <= DATELINE_MAX_LETTERS
                                           and not self.dateline(end)):
            return "common"
        if len(key) < MIN_KEY_LENGTH or HYPHENATED_ADJECTIVE.search(word):  # "NATO-member", "Turkey-backed"
            return "common"
        return None

    def compound(self, token: Token) -> bool:
        """'Greek-Turkish', 'Turkey-Greece': two countries; a border if 'border' follows, else context."""
        start, end, word = token
        codes = compound_countries(self.lookups, word)
        if codes is None:
            return False
        border = BORDER_AFTER.match(self.text, end)
        if border:
            self.hits.append(Hit(start, border.end(), "", "border", countries=codes))
        for code in codes:
            self.context[code] += 1
        return True

    def kept(self, tokens: list[Token], roles: list[str], first: int, last: int) -> bool:
        """Whether a place name found in tokens ``first`` to ``last`` stands alone (not 'Vladimir Putin')."""
        before = first - 1 >= 0 and roles[first - 1] == "name"
        after = last < len(roles) and (roles[last] == "name" or name_key(tokens[last][2]) in ORGANISATION_WORDS)
        if before or after:  # "Vladimir Putin", "Hayat Tahrir al-Sham": part of a longer name
            self.name_tokens.update(name_key(t[2]) for t in tokens if t[2][0].isupper())
            return False
        if last - first == 1 and name_key(tokens[first][2]) in self.name_tokens:
            return False  # "Jackson said" after "Michael Jackson"
        # "President Jackson", "Mr. Jackson"
        return not (first > 0 and name_key(tokens[first - 1][2]) in TITLES
                    or TITLE_BEFORE.search(self.text, max(0, tokens[first][0] - 8), tokens[first][0]))

    def note_unknown_name(self, tokens: list[Token], names: list[int]) -> None:
        """Remember a run of unknown names: a spelling variant of a place, or a person's name."""
        words = [tokens[k] for k in names]
        contiguous = names == list(range(names[0], names[-1] + 1))
        if contiguous and len(names) <= 4:
            self.unknown_runs.append((words[0][0], words[-1][1], name_key(self.text[words[0][0]:words[-1][1]])))
        if len(names) >= 2:
            self.name_tokens.update(name_key(w[2]) for w in words)

    # ---- hits
    def add_place(self, start: int, end: int, key: str, possessive: bool) -> None:
        """The hit a listed name makes, read with the words around it."""
        candidates = self.lookups.exact(key)
        country = next((c for c in candidates if c.feature_type == "country"), None)
        if country is not None:
            self.context[country.country_code] += 1
            if self.country_phrase(start, end, key, country.country_code, possessive):
                return
        if candidates[0].feature_type == "admin1":  # "Idaho": a region named outright points to its country
            self.context[candidates[0].country_code] += 1
        if not possessive and self.admin_phrase(start, end, key, candidates):
            return
        owner = OWNER_BEFORE.search(self.text, max(0, start - 40), start)
        within = self.lookups.country_code(name_key(owner.group(1))) if owner else None
        self.hits.append(Hit(start, end, key, "place", metonymy=self.metonymic(end, possessive),
                             initial=self.sentence_initial(start), within=within))

    def country_phrase(self, start: int, end: int, key: str, code: str, possessive: bool) -> bool:
        """A border or a part of a country: "Turkey's southern border", "Syria's northwest", "northwest Syria"."""
        text = self.text
        if possessive:
            border = DIRECTION_ADJ_BEFORE_BORDER.match(text, end + 2)
            if border:
                found = border_of_country(text, border, code, self.lookups, self.context)
                if found:
                    self.hits.append(Hit(start, found[0], "", "border", countries=(code, found[1])))
                return True
            after = DIRECTION_AFTER.match(text, end + 2)
            if after:
                direction = DIRECTION_WORDS[after.group(1).lower().replace("-", "")]
                self.hits.append(Hit(start, after.end(), key, "region", direction=direction))
                return True
        before = DIRECTION_BEFORE.search(text, max(0, start - 16), start)
        if before:
            direction = DIRECTION_WORDS[before.group(1).lower().replace("-", "")]
            self.hits.append(Hit(before.start(1), end, key, "region", direction=direction))
            return True
        return False

    def admin_phrase(self, start: int, end: int, key: str, candidates: list[Candidate]) -> bool:
        """"Idlib province", "Rakhine State": the name means the first-level region."""
        admin = ADMIN_AFTER.match(self.text, end)
        if admin and admin.group(1).lower() in ADMIN_WORDS and any(c.feature_type == "admin1" for c in candidates):
            self.hits.append(Hit(start, admin.end(), key, "place", only_admin1=True))
            return True
        return False
