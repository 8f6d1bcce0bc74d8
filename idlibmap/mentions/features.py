"""Aggregated mentions as map features: circles for places, shaded land for countries, and the story
that carries them through the usual pipeline (basemap, first view, sources)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np
import shapely
from shapely.geometry import Point as ShapelyPoint

from .. import boundaries, styles
from ..model import ArticleEntry, DayCount, Feature, LegendEntry, MentionProperties, MentionScale, format_date
from ..projection import cosine_of_km
from ..story import MapSettings, Origin, Source, Story, Where
from .aggregate import MentionedPlace, Mentions

PLACES_LAYER = "Places in the news"
COUNTRIES_LAYER = "Countries in the news"
FEED_SOURCE = "feed"
COUNTRY_TOLERANCE = 0.02  # degrees: country shapes simplified for the shading (about 2 km)
REGION_KM = 1000.0  # circles this near one another, in a chain, make one region of the news
REGION_SHARE = 0.1  # a region holding at most this share of the circles' articles may stay out of the first view ...
AWAY_SHARE = 0.25  # ... as long as the regions left out hold at most this share together


def date_range_text(first: dt.date | None, last: dt.date | None) -> str:
    """'2 March 2020 – 9 March 2020', one date when they are equal, '' when there is none."""
    if first is None or last is None:
        return ""
    return format_date(first) if first == last else f"{format_date(first)} – {format_date(last)}"


def default_title(mentions: Mentions) -> str:
    """'Places in the news, <first date> – <last date>'."""
    span = date_range_text(mentions.first, mentions.last)
    return f"Places in the news, {span}" if span else "Places in the news"


def is_country(place: MentionedPlace) -> bool:
    return place.feature_type == "country" and bool(place.country_code)


def mention_scale(mentions: Mentions, countries: Sequence[MentionedPlace]) -> MentionScale:
    """Every day the articles span, the largest circle's count, and the countries' shading classes."""
    dates: list[dt.date] = []
    if mentions.first and mentions.last:
        count = (mentions.last - mentions.first).days + 1
        dates = [mentions.first + dt.timedelta(days=i) for i in range(count)]
    circles = [p.count for p in mentions.places if p not in countries]
    return MentionScale(days=tuple(d.isoformat() for d in dates),
                        per_day=tuple(mentions.per_day.get(d, 0) for d in dates),
                        undated=mentions.per_day.get(None, 0), largest=max(circles, default=0),
                        breaks=styles.mention_country_breaks(max((p.count for p in countries), default=0)))


def mention_features(mentions: Mentions) -> tuple[dict[str, list[Feature]], MentionScale]:
    """The circles layer and the countries layer (countries Natural Earth has a shape for), and the scale."""
    coded = sorted({p.country_code for p in mentions.places if is_country(p) and p.country_code})
    shapes = {}
    if coded:
        frame = boundaries.countries_by_code(coded)
        for code in coded:
            match = frame[frame["iso_a2"] == code]
            if not match.empty:
                shape = shapely.union_all(match.geometry.values).simplify(COUNTRY_TOLERANCE, preserve_topology=True)
                shapes[code] = shape
    countries = [p for p in mentions.places if is_country(p) and p.country_code in shapes]
    scale = mention_scale(mentions, countries)
    layers: dict[str, list[Feature]] = {}
    for place in mentions.places:
        shaded = place in countries
        properties = _properties(place, COUNTRIES_LAYER if shaded else PLACES_LAYER, mentions,
                                 0.0 if shaded else styles.mention_radius(place.count, scale.largest), shaded)
        geometry = shapes[place.country_code or ""] if shaded else ShapelyPoint(place.lon, place.lat)
        layers.setdefault(properties.layer, []).append(Feature(geometry, properties))
    return {name: layers[name] for name in (PLACES_LAYER, COUNTRIES_LAYER) if name in layers}, scale


def _properties(place: MentionedPlace, layer: str, mentions: Mentions, radius: float,
                shaded: bool) -> MentionProperties:
    dated = [day for day in place.days if day is not None]
    span = date_range_text(min(dated), max(dated)) if dated else ""
    count = f"{place.count} article{'s' if place.count != 1 else ''}"
    located = f"GeoNames {place.geonames_id}" if place.geonames_id else "idlibmap's gazetteer"
    return MentionProperties(
        layer=layer, name=place.name, symbol="country-mentions" if shaded else "mention",
        note=f"Named in {count}" + (f", {span}" if span else "") + ".",
        date=max(dated).isoformat() if dated else "", date_label=span, source=_feed_name(mentions),
        source_ids=(FEED_SOURCE,), geonames_id=place.geonames_id, country_code=place.country_code,
        located_by=f"{located}, as the mention rows give it", feature_type=place.feature_type,
        place_id=place.place_id, articles=place.count, radius=radius,
        days=tuple(DayCount(day.isoformat() if day else "", count)
                   for day, count in sorted(place.days.items(), key=lambda item: item[0] or dt.date.max)),
        entries=tuple(ArticleEntry(date=e.date.isoformat() if e.date else "", title=e.article.title or "",
                                   url=e.article.url or "", source=e.article.source or "", sentence=e.sentence)
                      for e in place.articles))


def _feed_name(mentions: Mentions) -> str:
    return f"News articles ({mentions.path.name})"


def mention_legend(features: Sequence[Feature]) -> list[LegendEntry]:
    """Reference circles (two or three round numbers of articles) or the countries' shading classes."""
    largest = max((f.properties.articles for f in features if isinstance(f.properties, MentionProperties)),
                  default=0)
    if any(f.properties.symbol == "mention" for f in features):
        counts = styles.mention_reference_counts(largest)
        # A lone row has no heading above it (the page and the images show one only over two rows or more).
        words = "Place named in {} article{}" if len(counts) == 1 else "{} article{}"
        return [LegendEntry(words.format(f"{count:,}", "s" if count != 1 else ""),
                            {"type": "mention-circle", "radius": styles.mention_radius(count, largest)})
                for count in counts]
    breaks = styles.mention_country_breaks(largest)
    entries = []
    for i, low in enumerate(breaks):
        high = breaks[i + 1] - 1 if i + 1 < len(breaks) else largest
        words = f"{low:,}" if high == low else f"{low:,}–{high:,}"
        if len(breaks) == 1:
            words = f"Country named in {words}"
        entries.append(LegendEntry(f"{words} article{'s' if high != 1 else ''}",
                                   {"type": "mention-country", "color": styles.mention_country_color(low, breaks)}))
    return entries


def regions(places: Sequence[MentionedPlace], km: float = REGION_KM) -> list[list[MentionedPlace]]:
    """The places grouped into regions: two places within ``km`` of each other are in one region, and so
    are chains of them (single linkage); in order of first place."""
    if not places:
        return []
    lat = np.radians([p.lat for p in places])
    lon = np.radians([p.lon for p in places])
    vectors = np.column_stack([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)])
    near, region = cosine_of_km(km), np.full(len(places), -1)
    for seed in range(len(places)):
        if region[seed] >= 0:
            continue
        region[seed] = seed
        front = np.array([seed])
        while front.size:
            left = np.flatnonzero(region < 0)
            reached = np.zeros(left.size, dtype=bool)
            for chunk in range(0, front.size, 256):  # a bounded matrix however large the region
                reached |= (vectors[left] @ vectors[front[chunk:chunk + 256]].T >= near).any(axis=1)
            front = left[reached]
            region[front] = seed
    groups: dict[int, list[MentionedPlace]] = {}
    for place, label in zip(places, region.tolist(), strict=True):
        groups.setdefault(label, []).append(place)
    return list(groups.values())


def focus(places: Sequence[MentionedPlace]) -> list[MentionedPlace]:
    """The circles the first view fits: where the articles are, not every far corner a few of them name.

    The circles are grouped into :func:`regions`. A region holding at most :data:`REGION_SHARE` of the
    circles' articles (each circle counting its own), and not the most-named place, stays out of the first
    view, the smallest first, as long as the regions left out hold at most :data:`AWAY_SHARE` together. News
    spread over the world keeps every region that matters in view; news about one region opens on it.
    """
    groups = regions(places)
    if len(groups) < 2:
        return list(places)
    total = sum(p.count for p in places)
    top = max(places, key=lambda p: p.count)
    weights = [sum(p.count for p in group) for group in groups]
    away: set[int] = set()
    left_out = 0
    for i in sorted(range(len(groups)), key=lambda i: weights[i]):
        if weights[i] > REGION_SHARE * total or left_out + weights[i] > AWAY_SHARE * total:
            break
        if not any(p is top for p in groups[i]):
            away.add(i)
            left_out += weights[i]
    return [p for i, group in enumerate(groups) if i not in away for p in group]


def mention_story(mentions: Mentions, title: str | None, as_of: dt.date | None,
                  date_from: dt.date | None, date_to: dt.date | None) -> Story:
    """A story with no features of its own, to carry the mentions onto a map (as an article's places are)."""
    circles = [p for p in mentions.places if not is_country(p)]
    by_country: dict[str, int] = {}
    for place in circles:
        if place.country_code:
            by_country[place.country_code] = by_country.get(place.country_code, 0) + place.count
    asked = f" Only articles dated {date_from or 'any day'} to {date_to or 'any day'} are counted." \
        if date_from or date_to else ""
    source = Source(id=FEED_SOURCE, name=_feed_name(mentions), date=mentions.last,
                    note=f"{mentions.articles:,} articles naming {len(mentions.places):,} places, from "
                         f"{mentions.rows:,} mention rows found offline by idlibmap's geoparser.{asked}")
    origin = Origin(mentions.path, None, "mentions")
    return Story(
        path=mentions.path,
        title=title or default_title(mentions),
        summary=f"{len(mentions.places):,} places named in {mentions.articles:,} articles. A circle's area grows "
                "with the number of articles naming the place; countries named as context are shaded. "
                "Each popup lists the articles, newest first.",
        as_of=as_of or mentions.last,
        countries=tuple(sorted(by_country, key=lambda c: -by_country[c])[:4]),
        sources={FEED_SOURCE: source},
        map=MapSettings(origin=origin, focus=tuple(Where(coords=(p.lat, p.lon)) for p in focus(circles))),
    )


def mention_method() -> list[str]:
    """How a map of many articles was made, for the "Sources and method" panel."""
    return [
        "Places found in each article and located offline by idlibmap's geoparser (GeoNames, CC BY 4.0); "
        "the rows are those `python -m idlibmap places --out` writes.",
        "A circle's area grows with the number of distinct articles naming the place (its radius with the "
        "square root); an article naming a place several times counts once, its first sentence quoted.",
        "Countries named as places are shaded by the number of articles naming them (classes in the legend), on "
        "Natural Earth 1:10m country shapes (public domain).",
        "Basemap: Natural Earth 1:10m provinces and lakes, 1:50m rivers and seas (public domain), further rivers "
        "from GSHHG (LGPL-3.0); reference towns from GeoNames, by population.",
        f"The first view fits where the articles are: circles within {REGION_KM:,.0f} km of one another make "
        f"a region, and small regions (each at most {REGION_SHARE:.0%} of the circles' articles, not the "
        f"most-named place's, together at most {AWAY_SHARE:.0%}) are left out of it (the overview map and "
        f"\"Show every place\" still reach them).",
    ]
