"""Choosing where each name is: candidate ranking, confidence and acceptance, then grouping mentions.

Ambiguous names are ranked by the gazetteer's score (population, feature
type, how the name matched), plus a bonus for lying in a country the text
names and one for lying near a place the text names unambiguously (an
*anchor*). A small place abroad that nothing in the text supports is more
likely a false match and is dropped.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ..gazetteer import Candidate, match_confidence
from ..projection import distance_km
from .borders import border_place
from .lookups import Lookups
from .places import ArticlePlace, Mention
from .tokens import Hit

FOREIGN_MIN_POPULATION = 50_000
NEAR_KM = 400.0
CONTEXT_BONUS = 3.0
NEAR_BONUS = 3.0
ANCHOR_MARGIN = 2.0  # how far an anchor's best candidate must lead its runner-up
REGION_CONFIDENCE = 0.7
ALTERNATIVES_SHOWN = 3

Anchor = tuple[float, float, str]  # lat, lon, key of a place the text names unambiguously


class Resolver:
    """Chooses one candidate per kind of hit, then groups mentions into places."""

    def __init__(self, lookups: Lookups, text: str, hits: list[Hit], context: tuple[str, ...]):
        self.lookups = lookups
        self.text = text
        self.hits = hits
        self.context = set(context)
        self.named_inside: set[str] = set()  # keys named at least once away from a sentence start
        self._chosen: dict[tuple[Any, ...], ArticlePlace | None] = {}

    # ---- candidates
    def options(self, hit: Hit) -> list[Candidate]:
        if hit.spelling:
            return self.lookups.spelled(hit.key, tuple(sorted(self.context)))
        found = self.lookups.exact(hit.key)
        if hit.only_admin1:
            found = [c for c in found if c.feature_type == "admin1"] or found
        if hit.within:
            found = [c for c in found if c.country_code == hit.within] or found
        return found

    def score(self, candidate: Candidate, anchors: list[Anchor], key: str) -> float:
        score = candidate.score + (CONTEXT_BONUS if candidate.country_code in self.context else 0.0)
        if candidate.feature_type != "country" and self.near(candidate, anchors, key):
            score += NEAR_BONUS
        return score

    @staticmethod
    def near(candidate: Candidate, anchors: list[Anchor], key: str) -> bool:
        """Within NEAR_KM of a place the article names under another name."""
        return any(other != key and distance_km((lat, lon), (candidate.lat, candidate.lon)) <= NEAR_KM
                   for lat, lon, other in anchors)

    def ranked(self, hit: Hit, anchors: list[Anchor]) -> list[tuple[float, Candidate]]:
        scored = ((self.score(c, anchors, hit.key), c) for c in self.options(hit))
        return sorted(scored, key=lambda p: (-p[0], p[1].geonameid))

    def acceptable(self, best: Candidate, anchors: list[Anchor], hit: Hit) -> bool:
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

    # ---- the whole text
    def places(self) -> list[ArticlePlace]:
        """Every place the hits name, each with all its mentions, in order of first mention."""
        hits = self.without_names_inside_borders(sorted(self.hits, key=lambda h: h.start))
        self.named_inside = {h.key for h in hits if not h.initial}
        anchors = self.anchors([h for h in hits if h.kind == "place"])
        grouped: dict[tuple[Any, ...], ArticlePlace] = {}
        for hit in hits:
            place = self.place_for(hit, anchors)
            if place is None:
                continue
            key = (place.feature_type, place.geonames_id, place.countries, place.name)
            mention = Mention(self.text[hit.start:hit.end], hit.start, hit.end)
            # Only a country or a capital stands for a government ("Moscow said", not "in Saraqeb said").
            metonymy = hit.metonymy and place.feature_type in ("country", "capital")
            if key in grouped:
                grouped[key].mentions.append(mention)
                grouped[key].metonymy = grouped[key].metonymy or metonymy
            else:  # the chosen record is shared by every hit of its kind: each place gets its own copy
                grouped[key] = replace(place, mentions=[mention], metonymy=metonymy)
        return list(grouped.values())

    @staticmethod
    def without_names_inside_borders(hits: list[Hit]) -> list[Hit]:
        """"Turkey's border with Syria" is one mention of the border, not also one of Syria."""
        kept, border_end = [], -1
        for hit in hits:
            if hit.kind == "border":
                border_end = max(border_end, hit.end)
            elif hit.start < border_end:
                continue
            kept.append(hit)
        return kept

    def anchors(self, place_hits: list[Hit]) -> list[Anchor]:
        """Places that are clear without help from other places (one option, or a wide margin)."""
        anchors, seen = [], set()
        for hit in place_hits:
            if (hit.key, hit.only_admin1, hit.within) in seen:
                continue
            seen.add((hit.key, hit.only_admin1, hit.within))
            ranked = self.ranked(hit, [])
            if ranked and ranked[0][1].feature_type != "country" and \
                    (len(ranked) == 1 or ranked[0][0] - ranked[1][0] >= ANCHOR_MARGIN) and \
                    ranked[0][1].country_code in self.context:
                best = ranked[0][1]
                anchors.append((best.lat, best.lon, hit.key))
        return anchors

    def place_for(self, hit: Hit, anchors: list[Anchor]) -> ArticlePlace | None:
        """The place a hit names (a fresh record each time; the choice is made once per kind of hit)."""
        signature = (hit.kind, hit.key, hit.only_admin1, hit.within, hit.spelling, hit.direction, hit.countries,
                     hit.initial and hit.key not in self.named_inside)
        if signature not in self._chosen:
            self._chosen[signature] = self.choose(hit, anchors)
        return self._chosen[signature]

    # ---- one kind of hit
    def choose(self, hit: Hit, anchors: list[Anchor]) -> ArticlePlace | None:
        if hit.kind == "border":
            return border_place(self.lookups.gazetteer, hit.countries)
        ranked = self.ranked(hit, anchors)
        if not ranked:
            return None
        if hit.kind == "region":
            return self.region(ranked[0][1], hit.direction)
        if not self.acceptable(ranked[0][1], anchors, hit):
            return None
        return self.located(ranked, hit.spelling)

    def region(self, country: Candidate, direction: str) -> ArticlePlace | None:
        """A part of a country: "northwest Syria", "Syria's northwest"."""
        spot = self.lookups.gazetteer.country_part(country.country_code, direction)
        if spot is None:
            return None
        label = "central" if direction == "centre" else direction
        return ArticlePlace(
            name=f"{label.capitalize()} {country.name}", lat=spot[0], lon=spot[1], country_code=country.country_code,
            feature_type="region", geonames_id=None, mentions=[], metonymy=False, confidence=REGION_CONFIDENCE,
            alternatives=[], approximate=True)

    @staticmethod
    def located(ranked: list[tuple[float, Candidate]], spelling: bool) -> ArticlePlace:
        """The best candidate as a place, with how clearly it won and the runners-up."""
        best_score, best = ranked[0]
        margin = best_score - ranked[1][0] if len(ranked) > 1 else None
        alternatives = [
            {"name": c.name, "country_code": c.country_code, "feature_type": c.feature_type,
             "geonames_id": c.geonameid, "lat": c.lat, "lon": c.lon, "population": c.population}
            for _, c in ranked[1:1 + ALTERNATIVES_SHOWN]
        ]
        return ArticlePlace(
            name=best.name, lat=best.lat, lon=best.lon, country_code=best.country_code,
            feature_type=best.feature_type, geonames_id=best.geonameid, mentions=[], metonymy=False,
            confidence=match_confidence(margin, spelling), alternatives=alternatives)
