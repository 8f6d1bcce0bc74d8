"""The basemap: sea, land, provinces, rivers and lakes, borders, and the names the HTML map shows.

Names follow the page's rules: each is shown between its min and max zoom (the zoom the static
frame would have on a laptop screen), below every story label; a country is named inside the part
of it the frame shows; a reference town is a dot with its name to the right, as one piece of text,
so a town whose name finds no room leaves no dot behind.
"""

from __future__ import annotations

import math
from typing import Any

import shapely
from matplotlib.collections import LineCollection
from matplotlib.patches import PathPatch
from matplotlib.path import Path as MplPath

from ... import boundaries, styles
from ...model import BasemapCountry, BasemapFeature, BasemapLabel, BasemapLine, MapModel
from ...projection import latitude_of_metres
from .frame import Frame, in_metres, projected, units_per_point
from .labels import LabelRequest
from .symbols import PX, line_parts, polygon_path
from .text import TextMeasure

TOWN_DOT = "\u25cf\u2009"  # a small disc and a thin space before a town's name
COUNTRY_SPOTS = 12  # spots tried for a country's name inside the frame


def add_fixed(ax: Any, patch: Any) -> None:
    """Add a patch without growing the axes' limits (set already; recomputing them is slow on big shapes)."""
    patch.set_clip_path(ax.patch)
    ax.add_artist(patch)


def draw_basemap(ax: Any, model: MapModel, linewidth: float) -> None:
    """Sea, land (a hairline of its own colour hides the seams between rings of detail), water, provinces,
    borders."""
    colors, bearings = styles.BASEMAP, styles.BEARINGS
    ax.set_facecolor(colors["sea"])
    box = _axes_degrees(ax)
    countries, shapes = _in_view(model.basemap.countries, box)
    for highlight, fill in ((False, colors["land"]), (True, colors["highlight"])):
        paths = [path for f, g in zip(countries, shapes, strict=True)
                 if _highlighted(f) == highlight and (path := polygon_path(g)) is not None]
        if paths:
            add_fixed(ax, PathPatch(MplPath.make_compound_path(*paths), facecolor=fill, edgecolor=fill,
                                    linewidth=linewidth * 0.5, zorder=1))
    scale = linewidth / 0.6  # the main map draws at 0.6, the inset at half that
    for feature, shape in zip(*_in_view(model.basemap.water, box), strict=True):
        line = feature.properties
        if not isinstance(line, BasemapLine):
            continue
        if line.kind == "lake" and (path := polygon_path(shape)) is not None:
            add_fixed(ax, PathPatch(path, facecolor=bearings["lake"], edgecolor=bearings["river"],
                                    linewidth=0.5 * scale, zorder=1.2))
        elif line.kind == "river":
            width = styles.BEARINGS_WIDTH["river-major" if line.rank <= 5 else "river"]
            _lines(ax, [shape], bearings["river"], width * PX * scale, None, 1.3)
    for feature, shape in zip(*_in_view(model.basemap.provinces, box), strict=True):
        kind = feature.properties.kind if isinstance(feature.properties, BasemapLine) else "province"
        _lines(ax, [shape], bearings[kind], styles.BEARINGS_WIDTH[kind] * PX * scale,
               None if kind == "province-story" else (0, (4.0, 2.5)), 1.4)
    borders = [b for b in shapely.clip_by_rect(model.basemap.borders, *box) if not b.is_empty] \
        if model.basemap.borders else []
    _lines(ax, projected(borders), colors["border"], styles.BEARINGS_WIDTH["border"] * PX * scale, None, 1.5)


def _axes_degrees(ax: Any) -> tuple[float, float, float, float]:
    """The axes' extent in degrees, a little wider: what is drawn of the basemap (the files hold no more)."""
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    (west, south), (east, north) = _frame_degrees(Frame(x0, min(y0, y1), x1, max(y0, y1)))
    dx, dy = (east - west) * 0.05, (north - south) * 0.05
    return (max(west - dx, -180.0), max(south - dy, -85.0), min(east + dx, 180.0), min(north + dy, 85.0))


def _in_view(features: list[BasemapFeature], box: tuple[float, float, float, float]
             ) -> tuple[list[BasemapFeature], list[Any]]:
    """The features reaching into ``box``, and their shapes cut to it, in Web Mercator metres."""
    if not features:
        return [], []
    cut = shapely.clip_by_rect([f.geometry for f in features], *box)
    kept = [(f, shape) for f, shape in zip(features, cut, strict=True) if not shape.is_empty]
    return [f for f, _ in kept], projected(shape for _, shape in kept)


def _highlighted(feature: BasemapFeature) -> bool:
    return isinstance(feature.properties, BasemapCountry) and feature.properties.highlight


def _lines(ax: Any, shapes: list[Any], color: str, width: float, dash: Any, zorder: float) -> None:
    segments = [coords for shape in shapes for coords in line_parts(shape) if len(coords) >= 2]
    if segments:
        collection = LineCollection(segments, colors=color, linewidths=width, zorder=zorder,
                                    linestyles=dash if dash is not None else "solid", capstyle="round",
                                    joinstyle="round")
        collection.set_clip_path(ax.patch)
        ax.add_collection(collection, autolim=False)


# --------------------------------------------------------------------------- names


def _font(kind: str, font: float) -> float:
    """A name's size in points, scaled as the page's are against its 13-pixel base."""
    return font * styles.BEARINGS_FONT.get(kind, 11) / 13


def _label_style(kind: str, font: float) -> dict[str, Any]:
    bearings = styles.BEARINGS
    if kind in ("town", "capital"):
        return {"fontsize": _font(kind, font), "color": bearings[kind],
                "fontweight": "bold" if kind == "capital" else "normal"}
    if kind == "province":
        return {"fontsize": _font(kind, font), "color": bearings["province-name"]}
    if kind == "sea":
        return {"fontsize": _font(kind, font), "color": bearings["sea-name"], "fontstyle": "italic"}
    return {"fontsize": _font(kind, font), "color": bearings["water-name"], "fontstyle": "italic"}


def _named(label: BasemapLabel) -> str:
    return label.name.upper() if label.kind == "province" else label.name


def _label_request(feature: BasemapFeature, label: BasemapLabel, font: float, per_point: float,
                   measure: TextMeasure) -> LabelRequest:
    """A basemap name as a label request; a town's dot is the first character of its text."""
    style = _label_style(label.kind, font)
    if label.spots:
        anchors = in_metres((lon, lat) for lat, lon in label.spots)
    else:
        anchors = in_metres([(feature.geometry.x, feature.geometry.y)])
    if label.kind in ("town", "capital"):
        text = TOWN_DOT + label.name
        size = float(style["fontsize"])
        weight = str(style.get("fontweight", "normal"))
        # Centre the whole text so that its dot, not its middle, sits on the town.
        shift = (measure.width(text, size, weight) - measure.width(TOWN_DOT[0], size, weight)) / 2
        anchors = [(x + shift * per_point, y) for x, y in anchors]
        return LabelRequest(text, anchors, label.priority, centre=True, around=False, style=style)
    return LabelRequest(_named(label), anchors, label.priority, centre=True, around=False, style=style)


def _shown(label: BasemapLabel, zoom: float) -> bool:
    return label.min_zoom <= zoom < label.max_zoom


def _country_requests(model: MapModel, frame: Frame, zoom: float, font: float, highlighted_only: bool,
                      ) -> list[LabelRequest]:
    """Each country with land in the frame, named at its label point or at the clearest spots of that land."""
    (west, south), (east, north) = _frame_degrees(frame)
    box = shapely.box(west, south, east, north)
    inner = shapely.box(*_shrunk((west, south, east, north), 0.06))
    pieces: dict[str, tuple[BasemapCountry, list[Any]]] = {}
    for feature in model.basemap.countries:
        country = feature.properties
        if isinstance(country, BasemapCountry) and feature.geometry.intersects(box):
            pieces.setdefault(country.name, (country, []))[1].append(feature.geometry)
    requests = []
    priority = styles.BASEMAP_LABEL_PRIORITY["country"]
    for name, (country, shapes) in pieces.items():
        if (highlighted_only and not country.highlight) or zoom < country.min_zoom - 1:
            continue
        usual = shapely.Point(country.label_lon, country.label_lat)
        if inner.contains(usual):
            if country.story_named:
                continue
            spots = [usual]
        else:
            # Pieces simplified apart may touch badly (the Arctic islands of a world map): made valid first.
            visible = shapely.intersection(shapely.union_all(shapely.make_valid(shapes)), inner)
            parts = [p for p in shapely.get_parts(visible) if p.geom_type == "Polygon"]
            if not parts or sum(p.area for p in parts) < 0.03 * inner.area:
                continue
            spots = boundaries.spots_inside(max(parts, key=lambda p: p.area), COUNTRY_SPOTS)
        anchors = in_metres((p.x, p.y) for p in spots)
        style = {"fontsize": _font("country", font), "color": styles.BEARINGS["country-name"],
                 "fontweight": "bold" if country.highlight else "normal"}
        requests.append(LabelRequest(name.upper(), anchors, priority - country.min_zoom / 10, centre=True,
                                     around=False, style=style))
    return requests


def _frame_degrees(frame: Frame) -> tuple[tuple[float, float], tuple[float, float]]:
    radius = 6378137.0
    west, east = math.degrees(frame.x0 / radius), math.degrees(frame.x1 / radius)
    return (west, latitude_of_metres(frame.y0)), (east, latitude_of_metres(frame.y1))


def _shrunk(bounds: tuple[float, float, float, float], share: float) -> tuple[float, float, float, float]:
    west, south, east, north = bounds
    dx, dy = (east - west) * share, (north - south) * share
    return (west + dx, south + dy, east - dx, north - dy)


def basemap_label_requests(ax: Any, model: MapModel, frame: Frame, zoom: float, font: float,
                           highlighted_only: bool = False) -> list[LabelRequest]:
    """The basemap's names the HTML map shows at this zoom inside ``frame``: countries, seas, provinces,
    rivers, lakes and reference towns (only highlighted countries' names with ``highlighted_only``)."""
    requests = _country_requests(model, frame, zoom, font, highlighted_only)
    if highlighted_only:
        return requests
    measure = TextMeasure(ax.figure.canvas.get_renderer())
    per_point = units_per_point(ax)
    for feature in model.basemap.labels:
        label = feature.properties
        if not isinstance(label, BasemapLabel) or not _shown(label, zoom):
            continue
        request = _label_request(feature, label, font, per_point, measure)
        request.anchors = [a for a in request.anchors if frame.contains(*a)]
        if request.anchors:
            requests.append(request)
    return requests
