"""Choosing where each name is: candidate ranking, confidence and acceptance, then grouping mentions.

Ambiguous names are ranked by the gazetteer's score (population, feature
type, how the name matched), plus a bonus for lying in a country the text
names and one for lying near a place the text names unambiguously (an
*anchor*). A small place abroad that nothing in the text supports is more
likely a false match and is dropped.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import replace
from typing import Any

from ..gazetteer import FEATURE_ID_BASE, FEATURE_KINDS, Candidate, match_confidence, without_articles
from ..projection import MEAN_EARTH_RADIUS_KM, cosine_of_km, distance_km, unit_vector
from .borders import border_place, neighbour_towards
from .lookups import Lookups, name_key
from .places import ArticlePlace, Mention
from .tokens import Hit

FOREIGN_MIN_POPULATION = 50_000
FAR_FOREIGN_KM = 2_500.0  # a town this far from every country the article is about ...
FAR_FOREIGN_MIN_POPULATION = 1_000_000  # ... must be a big city to be taken (a coastal village's namesake is not)
FAR_FOREIGN_MIN_FAME = 20  # ... or one known abroad: GeoNames lists it under many names (Geneva: 60, Moju: 1)
MAIN_COUNTRY_SHARE = 3  # a country named at least a third as often as the most named one is a main country
ANCHOR_CITY_POPULATION = 100_000  # a city this big, named by its own name, anchors its neighbours
NEAR_KM = 400.0
REGION_NEAR_KM = 700.0
CONTEXT_BONUS = 3.0  # for a place in a country the article is about
MINOR_CONTEXT_BONUS = 1.0  # for a place in a country the article names in passing
NEAR_BONUS = 3.0
RIVER_BONUS = 4.0  # "the Dnipro" is the river, "Dnipro" the city
REGION_WORD_BONUS = 2.0
THE_REGION_BONUS = 2.0  # "Swat district" is the district
ANCHOR_MARGIN = 2.0  # how far an anchor's best candidate must lead its runner-up
ALTERNATIVES_SHOWN = 3

# A place the text names unambiguously: lat, lon, the key it is named by, and its unit vector x, y, z
Anchor = tuple[float, float, str, float, float, float]
COS_FAR_FOREIGN = cosine_of_km(FAR_FOREIGN_KM)
ROUNDING = 1e-9  # a quick "too far" must be sure: the exact test decides anything this close to the line


class Anchors:
    """A text's anchors, and the cap of the sphere that holds them all (its centre and angular radius): a
    candidate far outside the cap is near none of them, found with one dot product instead of one per anchor."""

    def __init__(self, points: list[Anchor]):
        self.points = points
        sx, sy, sz = sum(p[3] for p in points), sum(p[4] for p in points), sum(p[5] for p in points)
        norm = math.sqrt(sx * sx + sy * sy + sz * sz)
        self.centre = (sx / norm, sy / norm, sz / norm) if norm > ROUNDING else (0.0, 0.0, 0.0)
        spread = max((self._angle(self.centre, p[3:]) for p in points), default=0.0) if norm > ROUNDING else math.pi
        # reach in km -> (least dot product with an anchor to be near it, least with the centre to be worth a look)
        self._least: dict[float, tuple[float, float]] = {}
        for reach in (NEAR_KM, REGION_NEAR_KM):
            self._least[reach] = (cosine_of_km(reach), cosine_of_km(reach + spread * MEAN_EARTH_RADIUS_KM) - ROUNDING)

    @staticmethod
    def _angle(a: tuple[float, ...], b: tuple[float, ...]) -> float:
        return math.acos(max(-1.0, min(1.0, sum(x * y for x, y in zip(a, b, strict=True)))))

    def near(self, vector: tuple[float, float, float], reach: float, key: str) -> bool:
        """Whether the point ``vector`` lies within ``reach`` km of an anchor named by another key than ``key``."""
        if not self.points:
            return False
        x, y, z = vector
        cx, cy, cz = self.centre
        least, worth_a_look = self._least[reach]
        if cx * x + cy * y + cz * z < worth_a_look:
            return False
        for _, _, other, ax, ay, az in self.points:  # noqa: SIM110 (a loop: any() over a generator is slower)
            if ax * x + ay * y + az * z >= least and other != key:
                return True
        return False


NO_ANCHORS = Anchors([])


def _best_first(scored: tuple[float, Candidate]) -> tuple[float, int]:
    """The order of ranked candidates: the highest score first, then the lower GeoNames id."""
    return -scored[0], scored[1].geonameid


class Resolver:
    """Chooses one candidate per kind of hit, then groups mentions into places."""

    def __init__(self, lookups: Lookups, text: str, hits: list[Hit], context: Counter[str],
                 alternatives: int = ALTERNATIVES_SHOWN):
        self.lookups = lookups
        self.alternatives = alternatives
        self.text = text
        self.hits = hits
        self.counts = context
        self.context = set(self.counts)
        top = max(self.counts.values(), default=0)
        # Named at least a third as often as the most named country, and twice unless none is named more.
        self.main = {code for code, count in self.counts.items()
                     if count * MAIN_COUNTRY_SHARE >= top and (count >= 2 or top == 1)}
        # centres of the main countries, the most named first
        self._main_points = [spot for code, _ in self.counts.most_common() if code in self.main
                             and (spot := lookups.gazetteer.country_part(code, "centre")) is not None]
        self._main_vectors = [unit_vector(*spot) for spot in self._main_points]
        self.named_inside: set[str] = set()  # keys named at least once away from a sentence start
        self._chosen: dict[tuple[Any, ...], ArticlePlace | None] = {}
        self._scored: dict[tuple[Any, ...], list[tuple[float, Candidate]]] = {}  # without the near bonus

    # ---- candidates
    def options(self, hit: Hit) -> list[Candidate]:
        if hit.kind == "country":  # a short form: 'U.S.', 'DRC'
            return [c for c in self.lookups.exact(hit.key) if c.feature_type == "country" and c.country_code in
                    hit.countries]
        if hit.spelling:
            return self.lookups.spelled(hit.key, tuple(sorted(self.context)))
        found = self.lookups.exact(hit.key)
        if hit.only_admin1:
            found = [c for c in found if c.feature_type in ("admin1", "admin2")] or found
        if hit.within:
            found = [c for c in found if c.country_code == hit.within] or found
        return found

    def score(self, candidate: Candidate, hit: Hit) -> float:
        """A candidate's score for a hit, all but the bonus for lying near an anchor (see :meth:`ranked`)."""
        score = candidate.score
        if candidate.country_code in self.main:
            score += CONTEXT_BONUS
        elif candidate.country_code in self.context:
            score += MINOR_CONTEXT_BONUS
        if candidate.feature_type == "river" and "river" not in hit.key.split():
            score += RIVER_BONUS if hit.the else -RIVER_BONUS  # "the Tigris"; "Dnipro" alone is the city
        elif hit.the and (candidate.feature_type == "admin1" or candidate.feature_type in FEATURE_KINDS):
            score += THE_REGION_BONUS  # "the crossing of the Darien": the province, not a town of that name
        if hit.only_admin1 and candidate.feature_type == ("admin2" if hit.admin2 else "admin1"):
            score += REGION_WORD_BONUS
        return score

    @staticmethod
    def near(candidate: Candidate, anchors: Anchors, key: str) -> bool:
        """Within NEAR_KM of a place the article names under another name (REGION_NEAR_KM of a province's
        centre: a province reaches far from it)."""
        return anchors.near(candidate.vector, REGION_NEAR_KM if candidate.feature_type == "admin1" else NEAR_KM, key)

    def ranked(self, hit: Hit, anchors: Anchors) -> list[tuple[float, Candidate]]:
        """The hit's candidates with their scores, best first (ties: the lower GeoNames id). A lone
        candidate's score leaves out the near bonus, which changes no order."""
        signature = (hit.kind, hit.key, hit.only_admin1, hit.admin2, hit.within, hit.spelling, hit.the, hit.countries)
        scored = self._scored.get(signature)
        if scored is None:  # the same for every hit of this kind in the text, with or without anchors
            scored = self._scored[signature] = sorted([(self.score(c, hit), c) for c in self.options(hit)],
                                                      key=_best_first)
        if len(scored) < 2 or not anchors.points:
            return list(scored)
        ranked, boosted = [], False
        for score, candidate in scored:
            if candidate.feature_type != "country" and self.near(candidate, anchors, hit.key):
                ranked.append((score + NEAR_BONUS, candidate))
                boosted = True
            else:
                ranked.append((score, candidate))
        return sorted(ranked, key=_best_first) if boosted else ranked

    def acceptable(self, best: Candidate, anchors: Anchors, hit: Hit) -> bool:
        """A small place abroad, far from everything else the article names, is more likely a false match."""
        if best.feature_type in ("country", "capital") or best.feature_type in FEATURE_KINDS or hit.only_admin1:
            return True
        if hit.within and best.country_code == hit.within:
            return True  # "Panama's Darien": the text says which country it is in
        if hit.initial and best.matched != "name" and len(hit.key.split()) == 1 and hit.key not in self.named_inside:
            return False  # "Earlier" is an alternate name of a Turkish village; at a sentence start, no
        if best.feature_type == "admin2":  # a district is named in its own country's news
            return best.country_code in self.main
        if self.near(best, anchors, hit.key):
            return True
        if best.country_code in self.context:
            return best.country_code in self.main or best.population >= FOREIGN_MIN_POPULATION
        if self.far_from_main(best) and best.population < FAR_FOREIGN_MIN_POPULATION \
                and best.fame < FAR_FOREIGN_MIN_FAME:
            return False  # a village of the article's country missing from GeoNames, not a namesake abroad
        # An alternate name (GeoNames lists codes and old names among them) needs support from the text.
        if best.feature_type == "admin1" and " " in hit.key:  # "Rakhine State", "Idlib Governorate"
            return best.population >= FOREIGN_MIN_POPULATION
        return best.matched == "name" and best.feature_type in ("city", "admin1") \
            and best.population >= FOREIGN_MIN_POPULATION

    def far_from_main(self, candidate: Candidate) -> bool:
        """Further than FAR_FOREIGN_KM from the centre of every country the article is mainly about."""
        x, y, z = candidate.vector
        return bool(self._main_vectors) and all(
            mx * x + my * y + mz * z < COS_FAR_FOREIGN for mx, my, mz in self._main_vectors)

    # ---- the whole text
    def places(self) -> list[ArticlePlace]:
        """Every place the hits name, each with all its mentions, in order of first mention."""
        hits = self.without_names_inside_borders(sorted(self.hits, key=lambda h: (h.start, -h.end)))
        self.named_inside = {h.key for h in hits if not h.initial}
        anchors = self.anchors([h for h in hits if h.kind == "place"])
        grouped: dict[int, ArticlePlace] = {}
        texts: dict[str, str] = {}
        for hit in hits:
            place = self.place_for(hit, anchors)
            if place is None:
                continue
            key = id(place)  # one record per kind of hit; records of one place are merged below
            words = self.text[hit.start:hit.end]
            mention = Mention(texts.setdefault(words, words), hit.start, hit.end)  # one string per spelling
            # Only a country or a capital stands for a government ("Moscow said", not "in Saraqeb said").
            metonymy = hit.metonymy and place.feature_type in ("country", "capital")
            found = grouped.get(key)
            if found is not None:
                found.mentions.append(mention)
                found.metonymy = found.metonymy or metonymy
            else:  # the chosen record is shared by every hit of its kind: each place gets its own copy
                own = grouped[key] = place.twin()
                own.mentions, own.metonymy, own.parts = [mention], metonymy, list(place.parts)
        return self.merged(list(grouped.values()))

    @staticmethod
    def merged(records: list[ArticlePlace]) -> list[ArticlePlace]:
        """One record per place: hits of different kinds ("Syria", "northern Syria") may name the same one."""
        places: dict[tuple[Any, ...], ArticlePlace] = {}
        for record in sorted(records, key=lambda r: r.mentions[0].start):
            key = (record.feature_type, record.geonames_id, record.countries, record.name)
            found = places.get(key)
            if found is None:
                places[key] = record
                continue
            found.mentions = sorted(found.mentions + record.mentions, key=lambda m: m.start)
            found.metonymy = found.metonymy or record.metonymy
            found.parts.extend(part for part in record.parts if part not in found.parts)
        return list(places.values())

    @staticmethod
    def without_names_inside_borders(hits: list[Hit]) -> list[Hit]:
        """"Turkey's border with Syria" is one mention of the border, not also one of Syria; of two
        hits on the same words ("USA" as a listed name and as a short form), the first is kept."""
        kept: list[Hit] = []
        border_end = -1
        for hit in hits:
            if hit.kind == "border":
                border_end = max(border_end, hit.end)
            elif hit.start < border_end or (kept and hit.start < kept[-1].end):
                continue
            kept.append(hit)
        return kept

    def anchors(self, place_hits: list[Hit]) -> Anchors:
        """Places that are clear without help from other places (one option, or a wide margin), in a
        country the article is mainly about or big cities near it; not countries, long features or
        spelling variants."""
        anchors: list[Anchor] = []
        seen = set()
        for hit in place_hits:
            if (hit.key, hit.only_admin1, hit.within) in seen or hit.spelling:
                continue
            seen.add((hit.key, hit.only_admin1, hit.within))
            ranked = self.ranked(hit, NO_ANCHORS)
            if not ranked:
                continue
            best = ranked[0][1]
            clear = len(ranked) == 1 or ranked[0][0] - ranked[1][0] >= ANCHOR_MARGIN
            if clear and best.feature_type != "country" and best.feature_type not in FEATURE_KINDS \
                    and (best.country_code in self.main or self.big_city_nearby(best)):
                anchors.append((best.lat, best.lon, hit.key, *best.vector))
        return Anchors(anchors)

    def big_city_nearby(self, candidate: Candidate) -> bool:
        """A big city named by its own name, not far from the countries the article is about (Gaza in a
        story that names only Israel): it anchors the towns around it."""
        return candidate.feature_type in ("city", "capital") and candidate.matched == "name" \
            and candidate.population >= ANCHOR_CITY_POPULATION and not self.far_from_main(candidate)

    def place_for(self, hit: Hit, anchors: Anchors) -> ArticlePlace | None:
        """The place a hit names (a fresh record each time; the choice is made once per kind of hit)."""
        signature = (hit.kind, hit.key, hit.only_admin1, hit.admin2, hit.within, hit.spelling, hit.direction,
                     hit.countries, hit.the, hit.initial and hit.key not in self.named_inside)
        if signature not in self._chosen:
            self._chosen[signature] = self.choose(hit, anchors)
        return self._chosen[signature]

    # ---- one kind of hit
    def choose(self, hit: Hit, anchors: Anchors) -> ArticlePlace | None:
        if hit.kind == "border":
            return self.border(hit.countries)
        ranked = self.ranked(hit, anchors)
        if not ranked:
            return None
        if hit.kind == "region":
            return self.region(ranked, hit.direction)
        if not self.acceptable(ranked[0][1], anchors, hit):
            if hit.spelling or hit.within or not self.context:
                return None
            # "Marj" of a Libyan story: a name listed abroad only, written with an article at home ("Al Marj").
            hit = replace(hit, spelling=True)
            bare = without_articles(hit.key)
            ranked = [(score, c) for score, c in self.ranked(hit, anchors)
                      if without_articles(name_key(c.name)) == bare]
            if not ranked or not self.acceptable(ranked[0][1], anchors, hit):
                return None
        place = self.located(ranked, hit.spelling, self.alternatives)
        stretch = self.lookups.gazetteer.stretch(ranked[0][1].geonameid)
        if stretch:
            place.lat, place.lon = self.nearest_stretch(stretch, anchors)
        return place

    def nearest_stretch(self, stretch: list[tuple[float, float]], anchors: Anchors) -> tuple[float, float]:
        """The point of a long feature nearest (in total) to the places the article is about, or to the
        country it names most; its first point when the article gives no bearing."""
        focus = [(anchor[0], anchor[1]) for anchor in anchors.points] or self._main_points[:1]
        if not focus:
            return stretch[0]
        return min(stretch, key=lambda spot: sum(distance_km(spot, other) for other in focus))

    def border(self, countries: tuple[str, ...]) -> ArticlePlace | None:
        """A border between two countries; "the Turkish border" names one: the other is the neighbour
        the article names most."""
        if len(countries) == 1:
            other = neighbour_towards(self.lookups.gazetteer, countries[0], None, self.counts)
            if other is None:
                return None
            countries = (countries[0], other)
        return border_place(self.lookups.gazetteer, countries)

    def region(self, ranked: list[tuple[float, Candidate]], direction: str) -> ArticlePlace | None:
        """A part of a country ("northwest Syria", "Syria's northwest"): the country itself, with the part
        as one of its ``parts`` (a point in that part)."""
        country = next((c for _, c in ranked if c.feature_type == "country"), None)
        if country is None:
            return None
        place = self.located([(0.0, country)], spelling=False, shown=0)
        spot = self.lookups.gazetteer.country_part(country.country_code, direction)
        if spot is not None:
            label = "central" if direction == "centre" else direction
            place.parts = [{"name": f"{label.capitalize()} {country.name}", "direction": direction,
                            "lat": spot[0], "lon": spot[1]}]
        return place

    @staticmethod
    def located(ranked: list[tuple[float, Candidate]], spelling: bool, shown: int) -> ArticlePlace:
        """The best candidate as a place, with how clearly it won and (``shown`` of) the runners-up."""
        best_score, best = ranked[0]
        margin = best_score - ranked[1][0] if len(ranked) > 1 else None
        alternatives = [
            {"name": c.name, "country_code": c.country_code, "feature_type": c.feature_type,
             "geonames_id": c.geonameid, "lat": c.lat, "lon": c.lon, "population": c.population}
            for _, c in ranked[1:1 + shown]
        ]
        return ArticlePlace(
            name=best.name, lat=best.lat, lon=best.lon, country_code=best.country_code or None,
            feature_type=best.feature_type, geonames_id=best.geonameid if best.geonameid < FEATURE_ID_BASE else None,
            mentions=[], metonymy=False, confidence=match_confidence(margin, spelling), alternatives=alternatives)
