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
from typing import Any

from ..gazetteer import without_articles
from .borders import border_of_country, compound_countries
from .lookups import Lookups, name_key
from .patterns import (
    ADMIN_AFTER,
    AND_NAME_BEFORE_VERB,
    BORDER_AFTER,
    COMPOUND_PART,
    COMPOUND_SPLIT,
    DATELINE_AFTER,
    DIRECTION_ADJ_BEFORE_BORDER,
    DIRECTION_AFTER,
    DIRECTION_BEFORE,
    DIRECTION_OF_BEFORE,
    FEATURE_SUFFIX,
    FOLLOWED_BY_NAME,
    GOVERNOR_OF_BEFORE,
    GROUP_AFTER,
    HYPHENATED_ADJECTIVE,
    METONYMY_AFTER,
    NICKNAME_AFTER,
    NICKNAME_AROUND,
    OF_BEFORE,
    OWNER_BEFORE,
    PARTICLE_PART,
    PLACE_PREPOSITION_BEFORE,
    POSSESSIVE,
    RUN,
    SPEECH_AFTER,
    THE_BEFORE,
    TITLE_BEFORE,
    TOKEN,
)
from .wordlists import (
    ADMIN2_WORDS,
    ADMIN_WORDS,
    COMMON_WORDS,
    DIRECTION_WORDS,
    GENERIC_WORDS,
    OF_NAME_HEADS_ALLOWED,
    ORGANISATION_BEFORE,
    ORGANISATION_WORDS,
    SENTENCE_OPENERS,
    TITLES,
)

log = logging.getLogger(__name__)

MAX_WORDS = 5  # the longest name looked up
ORGANISATION_REACH = 3  # "United Kingdom Maritime Trade Operations": an organisation word this close after
# Runs of one capitalised function word, title or generic word are no name, wherever they stand.
SKIPPED_WORDS = frozenset(w.capitalize() for w in COMMON_WORDS | TITLES | GENERIC_WORDS if w.isalpha())
QUOTES = "\"“‘'"
SPEAKER_MAX_POPULATION = 200_000  # a town this small that "said" something is a person; a city may be metonymy
GROUP_MAX_POPULATION = 50_000  # "Idlib rebels" name Idlib; "Houthi rebels" do not name the village of Huth
COMPOUND_MIN_POPULATION = 100_000  # "Delhi-Guwahati-Imphal Airbus" names cities; "Jean-Pierre Lacroix" a man
MIN_KEY_LENGTH = 3  # a single word folding to fewer letters is no name
DATELINE_MAX_LETTERS = 4  # "IDLIB" is a name only in a dateline; "NATO", "UN" never
TITLE_MIN_WORDS = 4
TITLE_MAX_CHARS = 200  # a headline is shorter than this
TITLE_SMALL_WORDS = frozenset({"a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "near", "of", "on",
                               "or", "over", "the", "to", "with", "after", "amid", "vs", "v"})
AFRESH = "afresh"  # the role of a word read anew each time: hyphenated, or a short all-capitals word
LOWER_WORDS_CHUNK = 1_000_000
WORD_EDGES = ".,;:!?\"()[]{}“”‘’'«»"  # punctuation stripped from a word's ends
PROGRESS_MIN_CHARS = 2_000_000
PROGRESS_STEP_CHARS = 2_000_000

Token = tuple[int, int, str]  # start, end, word
PieceRoles = tuple[list[str], list[tuple[int, int, str]]]  # each token's role; the place names (first, end, key)


@dataclass(slots=True)
class Hit:
    """A candidate mention before resolution."""

    start: int
    end: int
    key: str
    kind: str  # place | region (a part of a country) | border | country (a short form: 'U.S.')
    only_admin1: bool = False  # "Idlib province", "Swat district": a region, not a town
    direction: str = ""
    countries: tuple[str, ...] = ()
    spelling: bool = False
    metonymy: bool = False
    initial: bool = False  # opens a sentence, where any word is capitalised
    within: str | None = None  # "Panama's Darien": the country a possessive puts it in
    the: bool = False  # "the Dnipro": a river or a region rather than a town
    admin2: bool = False  # "Swat district", "Maungdaw township": a second-level region


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
        self._pieces: dict[str, list[tuple[list[Token], bool]]] = {}
        self._roles: dict[tuple[tuple[str, ...], tuple[bool, ...]], PieceRoles] = {}
        self._words: dict[str, tuple[str, str]] = {}  # a word opening a sentence -> (role, key), in this text
        self._title_lines: dict[int, bool] = {}  # start of a line -> whether it is a headline in title case
        self._initial: dict[int, bool] = {}  # start of a word -> whether its capital proves nothing

    # ---- helpers on the raw text
    def sentence_initial(self, start: int) -> bool:
        """Whether a capital at ``start`` proves nothing: the word opens a sentence, or stands in a
        headline written in title case ("Floods Hit Swat Valley, Killing Dozens")."""
        found = self._initial.get(start)
        if found is None:
            found = self._initial[start] = self._sentence_initial(start)
        return found

    def _sentence_initial(self, start: int) -> bool:
        position = start - 1
        while position >= 0 and self.text[position] in " \t\u00a0":
            position -= 1
        if position < 0 or self.text[position] in SENTENCE_OPENERS:
            return True
        line_start = self.text.rfind("\n", max(0, start - TITLE_MAX_CHARS), start) + 1
        if line_start == 0 and start > TITLE_MAX_CHARS:
            return False  # a long line is prose, not a headline
        found = self._title_lines.get(line_start)
        return self.title_case_line(start) if found is None else found

    def title_case_line(self, start: int) -> bool:
        """Whether the line holding ``start`` is a headline in title case: at least four words, none in
        lower case but the short words titles leave so ("of", "the", "and", "in"...)."""
        line_start = self.text.rfind("\n", 0, start) + 1
        found = self._title_lines.get(line_start)
        if found is None:
            line_end = self.text.find("\n", start, line_start + TITLE_MAX_CHARS + 1)
            words = [w for w in self.text[line_start:line_end].split()
                     if w[0].isalpha() and w.lower() not in TITLE_SMALL_WORDS] if line_end >= 0 else []
            found = self._title_lines[line_start] = len(words) >= TITLE_MIN_WORDS and all(
                w[0].isupper() for w in words)
        return found

    def seen_lowercase(self, word: str) -> bool:
        """Whether the text also uses ``word`` in lower case (then it is a common word here)."""
        if self._lower_words is None:  # one pass over the text's distinct words, the first time it is needed
            self._lower_words = set()
            for chunk in range(0, len(self.text), LOWER_WORDS_CHUNK):  # a word cut in two adds two parts
                words = set(self.text[chunk:chunk + LOWER_WORDS_CHUNK].split())
                self._lower_words |= {w.strip(WORD_EDGES) for w in words if w.islower()}
        return word.lower() in self._lower_words

    def is_common(self, word: str, start: int) -> bool:
        """A word that is no name here: a function word, month or title, or a sentence-opening common word."""
        lower = name_key(word)
        if lower in COMMON_WORDS or lower in TITLES:
            return True
        return self.sentence_initial(start) and self.seen_lowercase(word)

    def dateline(self, start: int, end: int) -> bool:
        """An all-capitals place opening a line of a wire story: 'KYIV, Ukraine (Reuters) -', 'GAZA —'."""
        line_start = self.text.rfind("\n", 0, start) + 1
        before = self.text[line_start:start]
        return before == before.upper() and DATELINE_AFTER.match(self.text, end, end + 4) is not None

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
        self.scan_exact_forms()
        self.drop_person_names()
        if report:
            log.info("reading places ... %.0f of %.0f MB, done", total_mb, total_mb)

    def scan_exact_forms(self) -> None:
        """Short country forms written with capitals and dots: 'U.S.', 'US', 'DRC', 'UK' (case-sensitive)."""
        pattern = self.lookups.exact_forms_pattern
        if pattern is None:
            return
        for match in pattern.finditer(self.text):
            start, end = match.span()
            following = RUN.match(self.text, end + 1) if self.text[end:end + 1] == " " else None
            if following and any(name_key(word) in ORGANISATION_WORDS
                                 for word in following.group().split()[:ORGANISATION_REACH]):
                continue  # "U.S. Navy", "U.S. Central Command": an organisation's name
            code = self.lookups.exact_forms[match.group()]
            key = self.lookups.country_key(code)
            if key is None:
                continue
            self.context[code] += 1
            possessive = POSSESSIVE.match(self.text, end) is not None
            if self.country_phrase(start, end, key, code, possessive):
                continue
            self.hits.append(Hit(start, end, key, "country", countries=(code,),
                                 metonymy=self.metonymic(end, possessive), initial=self.sentence_initial(start)))

    def add_spelling_hits(self, context: tuple[str, ...]) -> None:
        """Unknown names that spell a place inside the text's countries differently ("Saraqeb")."""
        for start, end, key in self.unknown_runs:
            if key in self.name_tokens and " " not in key or without_articles(key) in COMMON_WORDS:
                continue  # a person's name, or "an-Arab": a common word behind an article
            if self.lookups.spelled(key, context):
                self.hits.append(Hit(start, end, key, "place", spelling=True, metonymy=self.metonymic(end, False),
                                     initial=self.sentence_initial(start)))

    # ---- one run
    def scan_run(self, offset: int, run: str) -> None:
        """Split a run into tokens at possessives ("Turkey's southern border": the possessive ends the name).

        A text repeats its runs: each distinct run is split once (its pieces are kept relative to it).
        """
        if run in SKIPPED_WORDS:  # "The", "In", "President" opening a sentence: nothing to read
            return
        pieces = self._pieces.get(run) or self.lookups.run_pieces.get(run)
        if pieces is None:
            pieces = self._pieces[run] = self.split_run(offset, run)
            if "'s" not in run and "’s" not in run:  # no possessive: the pieces depend on the run alone
                self.lookups.run_pieces[run] = pieces
        for relative, possessive in pieces:
            if len(relative) == 1:  # one word, the most common piece
                a, b, word = relative[0]
                token = (offset + a, offset + b, word)
                if not self.scan_word(token, possessive):
                    self.scan_tokens([token], possessive)
            else:
                self.scan_tokens([(offset + a, offset + b, word) for a, b, word in relative], possessive)

    def split_run(self, offset: int, run: str) -> list[tuple[list[Token], bool]]:
        """The pieces of a run: tokens relative to its start, and whether the piece ends in a possessive."""
        pieces: list[tuple[list[Token], bool]] = []
        tokens: list[Token] = []
        for token in TOKEN.finditer(run):
            start, word = token.start(), token.group()
            possessive = POSSESSIVE.search(word)
            if possessive and not self.possessive_in_name(offset + start + len(word), offset + len(run)):
                word = word[: possessive.start()]
            else:
                possessive = None
            tokens.append((start, start + len(word), word))
            if possessive:
                pieces.append((tokens, True))
                tokens = []
        if tokens:
            pieces.append((tokens, False))
        return pieces

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
        """Find the place names among some tokens, keep those that are no part of a longer name (a piece of
        one word goes to :meth:`scan_word` first)."""
        roles, found = self.token_roles(tokens)
        found = self.without_name_pairs(tokens, roles, found)
        for first, last, key in found:
            if self.kept(tokens, roles, first, last):
                self.add_place(tokens[first][0], tokens[last - 1][1], key, possessive and last == len(tokens))
        names = [k for k, role in enumerate(roles) if role == "name"]
        if names and not found:
            self.note_unknown_name(tokens, names)

    def scan_word(self, token: Token, possessive: bool) -> bool:
        """A piece of one word, the most common case, read with its role worked out once per text;
        False for the words :meth:`token_roles` reads afresh each time (hyphenated, short all-capitals)."""
        start, end, word = token
        # Away from a sentence start, a word's role depends on the word alone: it is kept across texts.
        known_roles = self._words if self.sentence_initial(start) else self.lookups.word_roles
        known = known_roles.get(word)
        if known is None:
            if COMPOUND_SPLIT.search(word) or (word.isupper() and len(word) <= DATELINE_MAX_LETTERS):
                known = known_roles[word] = (AFRESH, "")
            else:
                role, _, key = self.role_at([token], 0)
                known = known_roles[word] = (role, key or name_key(word))
        elif known[0] == "demonym":
            self.note_demonym(token, known[1])
        role, key = known
        if role == AFRESH:
            return False
        if role == "place":
            if not self.person_word(key) and not self.inside_of_name(start) and not self.titled(start):
                self.add_place(start, end, key, possessive)
        elif role == "name":
            self.unknown_runs.append((start, end, key))
        return True

    def titled(self, start: int) -> bool:
        """After an abbreviated title: "Mr. Jackson", "Gen. Smith"."""
        return self.text.find(".", max(0, start - 8), start) >= 0 \
            and TITLE_BEFORE.search(self.text, max(0, start - 8), start) is not None

    def without_name_pairs(self, tokens: list[Token], roles: list[str],
                           found: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
        """Two small places side by side in one run are a person's name ("Luis Almagro": a town in the
        Philippines and one in Spain), unless together they are a listed name or one of them may lie in
        the country the text is about; their words become name words."""
        if len(found) < 2:
            return found
        paired: set[int] = set()
        for number in range(1, len(found)):
            previous, current = found[number - 1], found[number]
            if previous[1] == current[0] and self.minor(previous[2]) and self.minor(current[2]) \
                    and not self.in_main_country(previous[2]) and not self.in_main_country(current[2]):
                paired.update((number - 1, number))
        for number in paired:
            first, last, _ = found[number]
            roles[first:last] = ["name"] * (last - first)
            self.name_tokens.update(name_key(t[2]) for t in tokens[first:last])
        return [item for number, item in enumerate(found) if number not in paired]

    def in_main_country(self, key: str) -> bool:
        """Whether a name may be a place in the country the text has named most so far ("Wadi Derna" of a
        Libyan story is a valley and a town, not a man)."""
        top = self.context.most_common(1)
        return bool(top) and top[0][0] in self.lookups.facts(key).countries

    def minor(self, key: str) -> bool:
        """A name whose best place is a town or district, not a country, capital, region or feature."""
        return bool(self.lookups.exact(key)) and self.lookups.facts(key).minor

    def minor_town(self, key: str) -> bool:
        """A name whose best place is a town of fewer than COMPOUND_MIN_POPULATION people."""
        return self.minor(key) and self.lookups.exact(key)[0].population < COMPOUND_MIN_POPULATION

    def person_word(self, key: str) -> bool:
        """A small place's name the text also uses in a person's name ("Jackson" after "Michael Jackson");
        a country, a capital or a big city keeps its name ("Israel" after "Israel Katz")."""
        return key in self.name_tokens and self.minor(key)

    def drop_person_names(self) -> None:
        """Drop one-word hits of small places whose word the text also uses in a person's name ("Taylor"
        after "Breonna Taylor", or before it in a headline)."""
        self.hits = [hit for hit in self.hits if hit.kind != "place" or " " in hit.key
                     or hit.key not in self.name_tokens or not self.minor(hit.key)]

    # ---- word roles
    def token_roles(self, tokens: list[Token]) -> tuple[list[str], list[tuple[int, int, str]]]:
        """Each token's role (place | demonym | compound | common | name | connector), and the place names
        as (first token, end token, key), each the longest listed name starting at its first token.

        Roles depend on the words alone, save for words whose capital proves nothing (a sentence's first,
        a title-case headline's), hyphenated words (their parts are mentions) and short all-capital words (a
        dateline's). Hyphenated and short all-capital words are read afresh each time; pieces with words
        whose capital proves nothing are worked out once per text; the others once for all texts. Only their
        demonyms are counted again.
        """
        words = tuple(token[2] for token in tokens)
        if any(COMPOUND_SPLIT.search(w) or (w.isupper() and len(w) <= DATELINE_MAX_LETTERS) for w in words):
            return self.find_roles(tokens)
        initial = tuple(self.sentence_initial(token[0]) for token in tokens)
        memo: dict[Any, PieceRoles]
        index: Any
        if any(initial):
            memo, index = self._roles, (words, initial)
        else:
            memo, index = self.lookups.piece_roles, words
        known = memo.get(index)
        if known is None:
            known = memo[index] = self.find_roles(tokens)
        else:
            for k, role in enumerate(known[0]):
                if role == "demonym":
                    self.note_demonym(tokens[k], name_key(tokens[k][2]))
        return list(known[0]), known[1]

    def find_roles(self, tokens: list[Token]) -> tuple[list[str], list[tuple[int, int, str]]]:
        """:meth:`token_roles` worked out."""
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
        longest = min(len(tokens), i + MAX_WORDS)
        if longest > i + 1 and not self.lookups.starts_names(name_key(tokens[i][2])):
            longest = i + 1  # no listed name of several words starts with this word
        for j in range(longest, i, -1):
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
        if COMPOUND_SPLIT.search(word) and not PARTICLE_PART.search(word) and not self.lookups.exact(key) \
                and self.compound(token):
            return "compound"
        if key in self.lookups.demonyms:
            self.note_demonym(token, key)
            return "demonym"
        if self.is_common(word, start) or key in GENERIC_WORDS or (
                word.isupper() and len(word) <= DATELINE_MAX_LETTERS and not self.dateline(start, end)):
            return "common"
        if len(key) < MIN_KEY_LENGTH or HYPHENATED_ADJECTIVE.search(word):
            return "common"
        return None

    def note_demonym(self, token: Token, key: str) -> None:
        """A demonym counts as context; "the Turkish border" is Turkey's border with the article's country."""
        start, end, _ = token
        code = self.lookups.demonyms[key]
        self.context[code] += 1
        border = BORDER_AFTER.match(self.text, end)
        if border:
            self.hits.append(Hit(start, border.end(), "", "border", countries=(code,)))

    def compound(self, token: Token) -> bool:
        """A hyphenated word that is no listed name: its parts.

        'Greek-Turkish border', 'Turkey-Greece border': a border between two
        countries. Otherwise each part that names a place is a mention
        ('Russia-backed', 'Delhi-Guwahati flights', 'the India-Canada row') and
        each demonym counts as context ('Greek-Turkish talks'). Hyphenated
        given names before a surname ('Jean-Pierre Lacroix') are no places.
        Returns whether any part named a place or a country.
        """
        start, end, word = token
        codes = compound_countries(self.lookups, word)
        border = BORDER_AFTER.match(self.text, end) if codes else None
        if codes and border:
            self.hits.append(Hit(start, border.end(), "", "border", countries=codes))
            for code in codes:
                self.context[code] += 1
            return True
        parts = [(start + m.start(), start + m.end(), m.group()) for m in COMPOUND_PART.finditer(word)]
        capitalised = [p for p in parts if p[2][0].isupper()]
        # Before a capitalised word, small towns are more likely given names ("Jean-Pierre Lacroix").
        before_name = len(capitalised) == len(parts) and FOLLOWED_BY_NAME.match(self.text, end) is not None
        named = False
        for part_start, part_end, part in capitalised:
            key = name_key(part)
            if key in self.lookups.demonyms:
                self.context[self.lookups.demonyms[key]] += 1
                named = True
            elif (len(key) >= MIN_KEY_LENGTH and key not in COMMON_WORDS and key not in GENERIC_WORDS
                  and key not in TITLES and self.lookups.exact(key) and not (before_name and self.minor_town(key))):
                self.add_place(part_start, part_end, key, possessive=False)
                named = True
        return named

    def kept(self, tokens: list[Token], roles: list[str], first: int, last: int) -> bool:
        """Whether a place name found in tokens ``first`` to ``last`` stands alone (not 'Vladimir Putin')."""
        if self.inside_of_name(tokens[first][0]):
            return False  # "University of Kyiv", "Armed Forces of Ukraine", "Operation Kursk"
        if first > 0 and name_key(tokens[first - 1][2]) in ORGANISATION_BEFORE:
            return False  # "Air India": the airline, though India is still India elsewhere
        if any(name_key(t[2]) in ORGANISATION_WORDS for t in tokens[last:last + ORGANISATION_REACH]):
            return False  # "Gaza Health Ministry", "Arakan Army": an organisation's name, Gaza is still Gaza
        if self.title_case_line(tokens[first][0]):
            return not self.person_word(name_key(tokens[first][2]))  # a headline's capitals prove nothing
        if first - 1 >= 0 and roles[first - 1] == "name":  # "Michael Jackson": later "Jackson" alone too
            self.name_tokens.update(name_key(t[2]) for t in tokens if t[2][0].isupper())
            return False
        if last < len(roles) and roles[last] == "name":
            return False  # "Vladimir Putin", "Gaza Envelope": part of a longer name, this time
        if last - first == 1 and self.person_word(name_key(tokens[first][2])):
            return False  # "Jackson said" after "Michael Jackson"
        # "President Jackson", "Mr. Jackson"
        return not (first > 0 and name_key(tokens[first - 1][2]) in TITLES or self.titled(tokens[first][0]))

    def inside_of_name(self, start: int) -> bool:
        """Whether the name at ``start`` ends a longer proper name: "<Head> of X" with a head that is
        neither a title nor a geographic word ("Bank of Sudan", not "Gulf of Aden" or "Governor of Kherson")."""
        found = OF_BEFORE.search(self.text, max(0, start - 40), start) \
            if self.text.find("of ", max(0, start - 8), start) >= 0 else None
        if found is None:
            return False
        head = name_key(found.group(1))
        return head not in OF_NAME_HEADS_ALLOWED and head not in TITLES

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
        text = self.text
        suffix = None if possessive else FEATURE_SUFFIX.match(text, end)
        if suffix:  # "the Rafah crossing": the listed crossing, not the town
            longer = f"{key} {name_key(suffix.group(1))}"
            if self.lookups.exact(longer):
                key, end = longer, suffix.end()
        facts = self.lookups.facts(key)
        country = facts.country
        if country is not None:
            self.context[country] += 1
            if self.country_phrase(start, end, key, country, possessive):
                return
            border = None if possessive or facts.best_type != "country" else BORDER_AFTER.match(text, end)
            if border:  # "the Panama border": with the country the article is about
                self.hits.append(Hit(start, border.end(), "", "border", countries=(country,)))
                return
        if facts.best_type == "admin1":  # "Idaho": a region named outright points to its country
            self.context[facts.best_country] += 1
        if facts.region and not possessive and self.admin_phrase(start, end, key):
            return
        owner = OWNER_BEFORE.search(text, max(0, start - 40), start) \
            if text[max(0, start - 4):start].rstrip().endswith(("'s", "’s")) else None
        within = self.lookups.country_code(name_key(owner.group(1))) if owner else None
        if facts.minor and facts.population < GROUP_MAX_POPULATION and GROUP_AFTER.match(text, end):
            return  # "Houthi rebels": a group named after a village, or a clan
        if facts.minor and (NICKNAME_AFTER.match(text, end) or (
                text[start - 1:start] in QUOTES and NICKNAME_AROUND.match(text, end))):
            self.name_tokens.add(key)  # "Joaquín 'El Chapo' Guzmán": a given name, or a nickname
            return
        if facts.minor and facts.population < SPEAKER_MAX_POPULATION and SPEECH_AFTER.match(text, end) \
                and not PLACE_PREPOSITION_BEFORE.search(text, max(0, start - 12), start):
            self.name_tokens.add(key)  # "Pino said": a person, here and wherever the text names him alone
            return
        the = text[max(0, start - 4):start].lower() == "the " and THE_BEFORE.search(
            text, max(0, start - 5), start) is not None
        # Only a country or a capital stands for its government ("Moscow said").
        speaks = (country is not None or facts.capital) and self.metonymic(end, possessive)
        self.hits.append(Hit(start, end, key, "place", metonymy=speaks, initial=self.sentence_initial(start),
                             within=within, the=the))

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
        words_before = text[max(0, start - 16):start]
        last_word = words_before.rsplit(None, 1)[-1].lower().replace("-", "") if words_before.endswith(" ") \
            and words_before.strip() else ""
        before = DIRECTION_BEFORE.search(text, max(0, start - 16), start) if last_word in DIRECTION_WORDS else None
        if before:
            direction = DIRECTION_WORDS[before.group(1).lower().replace("-", "")]
            self.hits.append(Hit(before.start(1), end, key, "region", direction=direction))
            return True
        of_part = DIRECTION_OF_BEFORE.search(text, max(0, start - 24), start) if last_word == "of" else None
        if of_part:  # "the north of Colombia"
            direction = DIRECTION_WORDS[of_part.group(1).lower().replace("-", "")]
            self.hits.append(Hit(of_part.start(), end, key, "region", direction=direction))
            return True
        return False

    def admin_phrase(self, start: int, end: int, key: str) -> bool:
        """"Idlib province", "Swat district", "the Luhansk governor": the name means the region."""
        if self.text[max(0, start - 13):start].lower().find("governor") >= 0 and GOVERNOR_OF_BEFORE.search(
                self.text, max(0, start - 20), start):
            self.hits.append(Hit(start, end, key, "place", only_admin1=True))  # "the Governor of Kherson"
            return True
        admin = ADMIN_AFTER.match(self.text, end)
        word = admin.group(1).lower() if admin else ""
        if admin is None or word not in ADMIN_WORDS:
            return False
        stop = end if word.startswith("governor") or word == "regional" else admin.end()  # the governor is no place
        self.hits.append(Hit(start, stop, key, "place", only_admin1=True, admin2=word in ADMIN2_WORDS))
        return True
