"""Gazetteer lookups for one geoparser: each distinct name looked up once; and what the scanner reads
from words alone, kept across texts."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ..gazetteer import Candidate, Gazetteer, Row, normalize_name
from .patterns import EXACT_FORM_EDGE

if TYPE_CHECKING:
    from .tokens import PieceRoles, Token

# Texts repeat their names: fold each distinct spelling once.
name_key = lru_cache(maxsize=1 << 16)(normalize_name)

CANDIDATES_PER_NAME = 12
MINOR_TYPES = ("city", "admin2")  # places that may share a person's name
MINOR_MAX_POPULATION = 1_000_000


@dataclass(frozen=True, slots=True)
class NameFacts:
    """What the scanner asks of a listed name, worked out once: its country (if it names one), its best
    candidate's type, country and population, whether it may be a capital or a region, and whether it
    is a minor place (a town or district that may share a person's name)."""

    country: str | None
    best_type: str
    best_country: str
    population: int
    capital: bool
    region: bool
    minor: bool
    countries: frozenset[str]  # the countries of all its candidates


class Lookups:
    """Memoised name lookups over one gazetteer, reusable across texts."""

    def __init__(self, gazetteer: Gazetteer):
        self.gazetteer = gazetteer
        self.demonyms = gazetteer.demonyms()
        self.exact_forms = gazetteer.exact_forms()
        forms = "|".join(re.escape(form) for form in sorted(self.exact_forms, key=len, reverse=True))
        # The lookahead on the forms' first letters lets the engine pass over other characters at once.
        firsts = "".join(sorted({re.escape(form[0]) for form in self.exact_forms}))
        self.exact_forms_pattern = re.compile(f"(?=[{firsts}])" + EXACT_FORM_EDGE.format(forms=forms)) \
            if forms else None
        self._country_keys: dict[str, str | None] = {}
        self._facts: dict[str, NameFacts] = {}
        self._starts: dict[str, bool] = {}
        self._exact: dict[str, list[Candidate]] = {}
        self._spelled_context: tuple[str, ...] = ()
        self._spelled: dict[str, list[Candidate]] = {}
        self._spelled_in: dict[tuple[str, str], list[Candidate]] = {}
        self._named_rows: dict[str, list[Row]] = {}  # the index's rows of a name's listed places ...
        self._variant_rows: dict[str, list[Row]] = {}  # ... and of its spelling variants
        # The scanner's readings that depend on the words alone: a word's role away from a sentence start,
        # the roles in a piece of several such words, and the tokens of a run with no possessive.
        self.word_roles: dict[str, tuple[str, str]] = {}
        self.piece_roles: dict[tuple[str, ...], PieceRoles] = {}
        self.run_pieces: dict[str, list[tuple[list[Token], bool]]] = {}

    def _memos(self) -> tuple[dict[Any, Any], ...]:
        return (self._country_keys, self._facts, self._starts, self._exact, self._spelled, self._spelled_in,
                self._named_rows, self._variant_rows, self.word_roles, self.piece_roles, self.run_pieces)

    def size(self) -> int:
        """How many answers are memoised (a batch halves them when they grow past a bound)."""
        return sum(len(memo) for memo in self._memos())

    def forget_older_half(self) -> None:
        """Drop the older half of every memo (the answers kept first). A batch keeps its memory bounded so,
        and stays quick: the names a feed keeps naming are back in the memo within a few articles, where
        starting afresh would look every name up again (about five times an article's usual time)."""
        for memo in self._memos():
            newer = list(memo.items())[len(memo) // 2:]
            memo.clear()
            memo.update(newer)

    def exact(self, key: str) -> list[Candidate]:
        """Places listed under the normalized name ``key`` (no spelling variants), best first."""
        found = self._exact.get(key)
        if found is None:
            found = self._exact[key] = self.gazetteer.candidates(key, limit=CANDIDATES_PER_NAME, spelling=False)
        return found

    def starts_names(self, word: str) -> bool:
        """Whether some listed name of several words starts with the folded ``word`` ("gaza" of "gaza city")."""
        found = self._starts.get(word)
        if found is None:
            keys = self.gazetteer.keys_from(word)  # one probe answers both questions for a new word
            found = self._starts[word] = any(key != word for key in keys)
            if word not in keys:
                self._exact.setdefault(word, [])
        return found

    def spelled(self, key: str, context: tuple[str, ...]) -> list[Candidate]:
        """Places inside the ``context`` countries that ``key`` names or spells differently; none without context.

        The same as ``gazetteer.candidates(key, only=context)``, put together from answers kept per country:
        a feed's articles name the same few countries in ever different combinations.
        """
        if context != self._spelled_context:  # kept for one set of countries (one text's): sets seldom recur
            self._spelled_context, self._spelled = context, {}
        found = self._spelled.get(key)
        if found is None:
            parts = [self.spelled_in(key, country) for country in context]
            found = [c for part in parts for c in part if c.matched != "spelling"]  # listed names win anywhere
            if not found:
                found = [c for part in parts for c in part]
            found.sort(key=lambda c: (-c.score, c.geonameid))
            found = self._spelled[key] = found[:CANDIDATES_PER_NAME]
        return found

    def spelled_in(self, key: str, country: str) -> list[Candidate]:
        """Places in one country that ``key`` names or spells differently."""
        index = (key, country)
        found = self._spelled_in.get(index)
        if found is None:
            named = self._named_rows.get(key)
            if named is None:
                named = self._named_rows[key] = self.gazetteer.name_rows(key)
            found = self._spelled_in[index] = self.gazetteer.candidates_from(
                key, named, lambda: self._variant_rows_of(key), set(), {country}, CANDIDATES_PER_NAME)
        return found

    def _variant_rows_of(self, key: str) -> list[Row]:
        found = self._variant_rows.get(key)
        if found is None:
            found = self._variant_rows[key] = self.gazetteer.skeleton_rows(key)
        return found

    def facts(self, key: str) -> NameFacts:
        """:class:`NameFacts` of a name listed in the gazetteer (``key`` must be listed)."""
        found = self._facts.get(key)
        if found is None:
            candidates = self.exact(key)
            best = candidates[0]
            found = self._facts[key] = NameFacts(
                country=next((c.country_code for c in candidates if c.feature_type == "country"), None),
                best_type=best.feature_type, best_country=best.country_code, population=best.population,
                capital=any(c.feature_type == "capital" for c in candidates),
                region=any(c.feature_type in ("admin1", "admin2") for c in candidates),
                minor=best.feature_type in MINOR_TYPES and best.population < MINOR_MAX_POPULATION,
                countries=frozenset(c.country_code for c in candidates))
        return found

    def country_code(self, key: str) -> str | None:
        """The country a name or demonym names ('greek', 'turkey' -> 'GR', 'TR')."""
        if key in self.demonyms:
            return self.demonyms[key]
        for candidate in self.exact(key):
            if candidate.feature_type == "country":
                return candidate.country_code
        return None

    def country_key(self, code: str) -> str | None:
        """The folded name under which the country with ISO code ``code`` is listed ('US' -> 'united states')."""
        if code not in self._country_keys:
            name = self.gazetteer.country_name(code)
            self._country_keys[code] = name_key(name) if name else None
        return self._country_keys[code]
