"""A map of many articles as its page receives it: small enough to open on a phone.

Each article a popup lists is written once, in one table (its day, title, address and publisher, the
publisher's name itself once), and so is each sentence; a place's popup entries refer to them by
number, and its counts by day refer to the time control's days. The page's script builds the popups
from that table as DOM text (never markup). Shaded countries are simplified to the detail of the land
under them (:func:`idlibmap.basemap.detail_tolerance`) and every coordinate is rounded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import shapely

from ..basemap import detail_tolerance, rounded
from ..model import Layer, MapModel, MentionProperties
from .geojson import geometries_json, packed_geometry, packing_decimals

MENTIONS_DATA_ID = "idlibmap-mentions-data"
CIRCLE_PRECISION = 4  # decimals of a degree for a circle's centre: about 11 m
UNDATED = -1  # the day number of an article that gives no date


@dataclass
class ArticleTable:
    """The articles, sentences and publishers the popups list, each once, numbered in order of first use."""

    days: dict[str, int]  # ISO day -> its number in the time control's days
    articles: list[list[Any]] = field(default_factory=list)  # [day number, title, address, publisher number]
    sentences: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    _articles: dict[tuple[str, str, str, str], int] = field(default_factory=dict)
    _sentences: dict[str, int] = field(default_factory=dict)
    _sources: dict[str, int] = field(default_factory=dict)

    def day(self, date: str) -> int:
        return self.days.get(date, UNDATED) if date else UNDATED

    def _number(self, index: dict[str, int], items: list[str], text: str) -> int:
        if text not in index:
            index[text] = len(items)
            items.append(text)
        return index[text]

    def entry(self, date: str, title: str, url: str, source: str, sentence: str) -> tuple[int, int]:
        """The numbers of an article (added when new) and of a sentence naming the place."""
        key = (date, title, url, source)
        number = self._articles.get(key)
        if number is None:
            number = self._articles[key] = len(self.articles)
            self.articles.append([self.day(date), title, url, self._number(self._sources, self.sources, source)])
        return number, self._number(self._sentences, self.sentences, sentence)

    def to_json(self) -> dict[str, Any]:
        return {"articles": self.articles, "sentences": self.sentences, "sources": self.sources}


def page_properties(properties: MentionProperties, table: ArticleTable) -> dict[str, Any]:
    """A place's properties as the page needs them: its popup entries as flat pairs [article, sentence, …]
    of table numbers, its counts as flat pairs [day number, articles, …] (day -1: undated)."""
    data = properties.to_json()
    entries: list[int] = []
    for e in properties.entries:
        entries.extend(table.entry(e.date, e.title, e.url, e.source, e.sentence))
    data["entries"] = entries
    data["days"] = [n for d in properties.days for n in (table.day(d.date), d.articles)]
    return data


def page_collection(layer: Layer, table: ArticleTable, tolerance: float) -> dict[str, Any]:
    """One mentions layer as a GeoJSON FeatureCollection for the page (see the module docstring)."""
    shapes = []
    for feature in layer.features:
        if isinstance(feature.geometry, shapely.Point):
            shapes.append(feature.geometry)
        else:  # a country's land: no finer than the basemap's, and without the specks that vanish at that size
            shape = shapely.simplify(feature.geometry, tolerance, preserve_topology=True)
            parts = [p for p in shapely.get_parts(shape) if p.area >= tolerance * tolerance]
            shapes.append(rounded(shapely.multipolygons(parts) if parts else shape, tolerance))
    geometries = geometries_json(shapes, CIRCLE_PRECISION)
    decimals = packing_decimals(shapely.transform(shapes, lambda xy: xy.round(CIRCLE_PRECISION)), CIRCLE_PRECISION)
    features = []
    for feature, geometry in zip(layer.features, geometries, strict=True):
        if not isinstance(feature.properties, MentionProperties):
            raise TypeError(f"a mentions layer holds {type(feature.properties).__name__}")
        features.append({"type": "Feature", "properties": page_properties(feature.properties, table),
                         "geometry": packed_geometry(geometry, decimals)})
    return {"type": "FeatureCollection", "decimals": decimals, "features": features}


def page_mentions(model: MapModel) -> tuple[dict[str, dict[str, Any]], dict[str, Any]]:
    """Every mentions layer of ``model`` for the page (by layer name), and the one table they refer to."""
    table = ArticleTable({day: i for i, day in enumerate(model.mentions.days if model.mentions else ())})
    west, south, east, north = model.view_bounds
    tolerance = detail_tolerance((west, south, east, north))
    layers = {layer.name: page_collection(layer, table, tolerance)
              for layer in model.layers if layer.section == "mentions"}
    return layers, table.to_json()
