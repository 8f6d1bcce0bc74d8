"""Render a :class:`~idlibmap.layers.MapModel` as a static PNG, SVG or PDF with matplotlib.

The figure is drawn from the same layer model and :mod:`idlibmap.styles` as the
HTML map, with no browser and no network: a main map framed on the story's
view, a locator inset showing every feature, a legend built from the model's
legend rows, title, "as of" date, scale bar, north arrow and a source line.
Labels are placed by :func:`place_labels`, which measures the rendered text and
drops the less important label rather than let two overlap.

Output is reproducible: the same model gives byte-identical SVG, and PNG and
PDF carry no timestamps.
"""

from __future__ import annotations

import io
import itertools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import matplotlib
import numpy as np
import shapely
import shapely.ops
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.patches import Circle, PathPatch, Polygon, Rectangle
from matplotlib.path import Path as MplPath
from matplotlib.transforms import Affine2D, Bbox, ScaledTranslation
from shapely.geometry.base import BaseGeometry
from shapely.geometry.polygon import orient

from .. import styles
from ..options import STATIC_FORMATS, check_formats
from ..model import Layer, MapModel, format_date
from .alt_text import alt_text_from_model

DEFAULT_DPI = 300
EARTH_RADIUS = 6_378_137.0  # metres, Web Mercator
PX = 0.75  # one CSS pixel (as styles.py sizes are given) in points
LAYOUT_DPI = 72  # labels are placed once at this resolution, whatever the output dpi

# Settings for every figure; applied with rc_context so no global state is changed.
RC: dict[str, Any] = {
    "font.family": "DejaVu Sans",  # ships with matplotlib, so text looks the same everywhere
    "svg.fonttype": "none",  # real, selectable text in SVG
    "svg.hashsalt": "idlibmap",  # stable clip-path ids
    "pdf.fonttype": 42,  # TrueType: text stays text in PDF
    "lines.scale_dashes": False,  # dash lengths in points, as in the HTML
    "path.simplify": True,
}

# Layout in inches.
MARGIN = 0.3
MAP_SIZE = 6.4
GAP = 0.25
SIDE_WIDTH = 3.35
INSET_HEIGHT = 2.5

TEXT_COLOR = "#1d1d1d"
MUTED = "#555555"
FRAME_COLOR = "#c8102e"  # the main map's outline in the locator inset
FLOW_LABEL_COLOR = "#034e7b"
COUNTRY_NAME_COLOR = "#4a3b28"
REGION_NAME_COLOR = "#7a5c2e"  # as .idlibmap-region-name in the page's CSS
MARKERS = {"circle": "o", "circle-ring": "o", "square": "s", "diamond": "D", "triangle": "^",
           "triangle-down": "v", "star": "*", "cross": "X"}


# --------------------------------------------------------------------------- projection

def mercator(lon: float, lat: float) -> tuple[float, float]:
    """Web Mercator metres for a longitude and latitude."""
    lat = max(min(lat, 85.0), -85.0)
    return EARTH_RADIUS * math.radians(lon), EARTH_RADIUS * math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def _mercator_array(coords: np.ndarray) -> np.ndarray:
    lon, lat = coords[:, 0], np.clip(coords[:, 1], -85.0, 85.0)
    return np.column_stack([EARTH_RADIUS * np.radians(lon),
                            EARTH_RADIUS * np.log(np.tan(np.pi / 4 + np.radians(lat) / 2))])


def projected(geometries: Iterable[BaseGeometry]) -> list[BaseGeometry]:
    """Geometries in Web Mercator metres, as the HTML map shows them."""
    return list(shapely.transform(np.asarray(list(geometries), dtype=object), _mercator_array))


@dataclass(frozen=True)
class Frame:
    """A map extent in Web Mercator metres."""

    x0: float
    y0: float
    x1: float
    y1: float

    @classmethod
    def around(cls, bounds: tuple[float, float, float, float], aspect: float, pad: float = 0.04) -> Frame:
        """The (west, south, east, north) bounds, padded and widened to ``aspect`` (width / height)."""
        west, south, east, north = bounds
        (x0, y0), (x1, y1) = mercator(west, south), mercator(east, north)
        width, height = (x1 - x0) * (1 + 2 * pad), (y1 - y0) * (1 + 2 * pad)
        width, height = max(width, height * aspect, 1.0), max(height, width / aspect, 1.0)
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        return cls(cx - width / 2, cy - height / 2, cx + width / 2, cy + height / 2)

    def contains(self, x: float, y: float) -> bool:
        return self.x0 <= x <= self.x1 and self.y0 <= y <= self.y1

    @property
    def centre_latitude(self) -> float:
        y = (self.y0 + self.y1) / 2
        return math.degrees(2 * math.atan(math.exp(y / EARTH_RADIUS)) - math.pi / 2)


# --------------------------------------------------------------------------- styles, with fallbacks

def point_style(symbol: str) -> styles.PointStyle:
    """The style of a point symbol; an unknown kind gets the generic event style."""
    if symbol == "place":
        return styles.PLACE
    if symbol == "capital":
        return styles.CAPITAL
    return styles.POINT_KINDS.get(symbol) or styles.POINT_KINDS.get("event") or styles.PLACE


def line_style(section: str, symbol: str) -> styles.LineStyle:
    """The style of a line; an unknown style gets the generic route style."""
    if section == "borders":
        return styles.BORDER
    return styles.LINE_STYLES.get(symbol) or styles.LINE_STYLES.get("route") or styles.BORDER


def dashes(pattern: str | None) -> tuple[float, tuple[float, ...]] | str:
    """An SVG dash array in CSS pixels as a matplotlib dash pattern in points."""
    if not pattern:
        return "solid"
    lengths = tuple(float(v) * PX for v in pattern.replace(",", " ").split())
    return (0.0, lengths if len(lengths) % 2 == 0 else lengths * 2)


# --------------------------------------------------------------------------- drawing primitives

def polygon_path(geometry: BaseGeometry) -> MplPath | None:
    """A compound path for (multi)polygons, holes included; None for other shapes."""
    parts = getattr(geometry, "geoms", [geometry])
    paths = []
    for part in parts:
        if part.geom_type != "Polygon" or part.is_empty:
            continue
        part = orient(part, 1.0)
        for ring in (part.exterior, *part.interiors):
            coords = np.asarray(ring.coords)
            codes = np.full(len(coords), MplPath.LINETO, dtype=np.uint8)
            codes[0], codes[-1] = MplPath.MOVETO, MplPath.CLOSEPOLY
            paths.append(MplPath(coords, codes))
    return MplPath.make_compound_path(*paths) if paths else None


def line_parts(geometry: BaseGeometry) -> list[np.ndarray]:
    """Coordinate arrays of every line in a geometry (polygon outlines included)."""
    if geometry.is_empty:
        return []
    if geometry.geom_type == "LineString":
        return [np.asarray(geometry.coords)]
    if geometry.geom_type == "Polygon":
        return [np.asarray(r.coords) for r in (geometry.exterior, *geometry.interiors)]
    return [part for g in getattr(geometry, "geoms", []) for part in line_parts(g)]


def at_point(ax: Any, x: float, y: float) -> Any:
    """A transform taking points (1/72 inch) around the data position (x, y) to the display."""
    return Affine2D().scale(1 / 72) + ax.figure.dpi_scale_trans + ScaledTranslation(x, y, ax.transData)


def draw_point(ax: Any, x: float, y: float, symbol: str, approximate: bool, scale: float = 1.0,
               zorder: float = 6) -> float:
    """A point symbol as in the HTML (with a dashed ring when approximate); returns its radius in points."""
    style = point_style(symbol)
    size = style.size * PX * scale
    marker = MARKERS.get(style.shape, "o")
    fill, edge = (style.fill, style.stroke)
    ax.plot([x], [y], marker=marker, markersize=size * (1.15 if marker == "*" else 0.82), markerfacecolor=fill,
            markeredgecolor=edge, markeredgewidth=1.1 * scale, linestyle="none", zorder=zorder)
    inner = {"square": 0.12, "circle-ring": 0.18}.get(style.shape)
    if inner:
        ax.add_patch(Circle((0, 0), size * inner, transform=at_point(ax, x, y), facecolor=edge, edgecolor="none",
                            zorder=zorder + 0.1))
    radius = size / 2
    if approximate:
        radius += 3 * PX * scale
        ax.add_patch(Circle((0, 0), radius, transform=at_point(ax, x, y), fill=False, edgecolor=fill,
                            linewidth=1.1 * scale, linestyle=(0, (2.2, 2.2)), zorder=zorder - 0.1))
    return radius + 1.0


def draw_line(ax: Any, coords: np.ndarray, color: str, width_pt: float, dash: str | None, opacity: float,
              zorder: float, cap: str = "round") -> None:
    ax.plot(coords[:, 0], coords[:, 1], color=color, linewidth=width_pt, linestyle=dashes(dash), alpha=opacity,
            solid_capstyle=cap, dash_capstyle=cap, solid_joinstyle="round", zorder=zorder)


def arrowhead(ax: Any, tip: tuple[float, float], towards: tuple[float, float], length_pt: float, color: str,
              zorder: float, alpha: float = 0.9) -> None:
    """A notched arrowhead (the HTML's shape) with its tip at ``tip``, pointing away from ``towards``."""
    angle = math.degrees(math.atan2(tip[1] - towards[1], tip[0] - towards[0])) - 90
    s = length_pt
    shape = np.array([(0, 0), (s / 2, -s), (0, -0.75 * s), (-s / 2, -s)])
    transform = Affine2D().rotate_deg(angle) + at_point(ax, *tip)
    ax.add_patch(Polygon(shape, closed=True, transform=transform, facecolor=color, edgecolor="none", alpha=alpha,
                         zorder=zorder))


# --------------------------------------------------------------------------- labels

@dataclass
class LabelRequest:
    """A label to place: anchor(s) in data coordinates and how it may sit around them."""

    text: str
    anchors: list[tuple[float, float]]
    priority: float
    clearance: float = 0.0  # points kept free around the anchor (the symbol's radius)
    centre: bool = False  # first try centring the label on each anchor
    around: bool = True  # try the eight positions around each anchor
    style: dict[str, Any] = field(default_factory=dict)


@dataclass
class Placement:
    placed: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    boxes: list[Bbox] = field(default_factory=list)


def _candidates(request: LabelRequest, margin: float) -> list[tuple[tuple[float, float], float, float, str, str]]:
    centred = [(anchor, 0.0, 0.0, "center", "center") for anchor in request.anchors] if request.centre else []
    if not request.around:
        return centred
    gap = request.clearance + margin + 1.0
    diagonal = gap * 0.75
    offsets = [(gap, 0, "left", "center"), (-gap, 0, "right", "center"), (0, gap, "center", "bottom"),
               (0, -gap, "center", "top"), (diagonal, diagonal, "left", "bottom"),
               (diagonal, -diagonal, "left", "top"), (-diagonal, diagonal, "right", "bottom"),
               (-diagonal, -diagonal, "right", "top")]
    far = gap + 8.0  # a step further out, above and below, for crowded spots
    offsets += [(0, far, "center", "bottom"), (0, -far, "center", "top"), (far, far, "left", "bottom"),
                (-far, far, "right", "bottom"), (far, -far, "left", "top"), (-far, -far, "right", "top")]
    return centred + [(anchor, dx, dy, ha, va) for anchor in request.anchors for dx, dy, ha, va in offsets]


def place_labels(ax: Any, requests: Sequence[LabelRequest], furniture: list[Bbox],
                 symbols: list[tuple[float, float, float]], lines: np.ndarray, renderer: Any,
                 margin: float = 2.0) -> Placement:
    """Place labels most important first, each where it overlaps no placed label, symbol or frame edge.

    ``symbols`` are (x, y, radius in points) in data coordinates; a label set
    around an anchor keeps clear of every symbol drawn on that spot. Among the
    free spots a label takes the one crossing the fewest line vertices
    (``lines``, display coordinates); a label with no free spot is dropped.
    """
    result = Placement()
    scale = ax.figure.dpi / 72
    pad = margin * scale
    frame = ax.get_window_extent(renderer)
    shown = [(*ax.transData.transform((x, y)), r * scale) for x, y, r in symbols]
    taken = list(furniture) + [Bbox.from_extents(x - r, y - r, x + r, y + r) for x, y, r in shown]
    for request in sorted(requests, key=lambda r: -r.priority):
        if request.around and request.anchors:
            ax_, ay_ = ax.transData.transform(request.anchors[0])
            for x, y, r in shown:
                distance = math.hypot(x - ax_, y - ay_)
                if distance < r + request.clearance * scale:
                    request.clearance = max(request.clearance, (distance + r) / scale)
        best = None
        for anchor, dx, dy, ha, va in _candidates(request, margin):
            text = ax.annotate(request.text, xy=anchor, xytext=(dx, dy), textcoords="offset points", ha=ha, va=va,
                               annotation_clip=False, zorder=9, **request.style)
            box = text.get_window_extent(renderer)
            patch = text.get_bbox_patch()
            if patch is not None:
                text.update_bbox_position_size(renderer)
                box = Bbox.union([box, patch.get_window_extent(renderer)])
            box = box.expanded(1, 1).padded(pad)
            inside = (box.x0 >= frame.x0 and box.x1 <= frame.x1 and box.y0 >= frame.y0 and box.y1 <= frame.y1)
            if not inside or any(box.overlaps(other) for other in taken):
                text.remove()
                continue
            crossings = 0
            if len(lines):
                crossings = int(np.count_nonzero((lines[:, 0] > box.x0) & (lines[:, 0] < box.x1)
                                                 & (lines[:, 1] > box.y0) & (lines[:, 1] < box.y1)))
            if best is None or crossings < best[0]:
                if best is not None:
                    best[1].remove()
                best = (crossings, text, box)
                if crossings == 0:
                    break
            else:
                text.remove()
        if best is None:
            result.dropped.append(request.text)
        else:
            result.placed.append(request.text)
            taken.append(best[2])
            result.boxes.append(best[2])
    return result


def _densified_display(ax: Any, geometries: Iterable[BaseGeometry], step_pt: float = 4.0) -> np.ndarray:
    """Vertices every few points along every line, in display coordinates (for the label placer)."""
    chunks = []
    for geometry in geometries:
        for coords in line_parts(geometry):
            shown = ax.transData.transform(coords)
            for a, b in itertools.pairwise(shown):
                count = max(int(np.hypot(*(b - a)) / (step_pt * ax.figure.dpi / 72)), 1)
                chunks.append(a + np.outer(np.linspace(0, 1, count, endpoint=False), b - a))
    return np.concatenate(chunks) if chunks else np.empty((0, 2))


# --------------------------------------------------------------------------- the map drawing

@dataclass
class MapDrawing:
    """What one map axes drew: obstacles for labels and the label requests."""

    obstacles: list[tuple[float, float, float]] = field(default_factory=list)  # x, y, radius in points
    lines: list[BaseGeometry] = field(default_factory=list)
    labels: list[LabelRequest] = field(default_factory=list)


def add_fixed(ax: Any, patch: Any) -> None:
    """Add a patch without growing the axes' limits (set already; recomputing them is slow on big shapes)."""
    patch.set_clip_path(ax.patch)
    ax.add_artist(patch)


def draw_basemap(ax: Any, model: MapModel, linewidth: float) -> None:
    colors = styles.BASEMAP
    ax.set_facecolor(colors["sea"])
    shapes = projected(model.basemap.geometry)
    for highlight, fill in ((False, colors["land"]), (True, colors["highlight"])):
        paths = [polygon_path(g) for g, h in zip(shapes, model.basemap["highlight"], strict=True) if bool(h) == highlight]
        paths = [p for p in paths if p is not None]
        if paths:
            add_fixed(ax, PathPatch(MplPath.make_compound_path(*paths), facecolor=fill, edgecolor=colors["border"],
                                    linewidth=linewidth, zorder=1))


def draw_layers(ax: Any, layers: Sequence[Layer], scale: float, frame: Frame, labels_outside: Frame | None = None,
                font: float = 8.0) -> MapDrawing:
    """Draw every layer's features in its styles; collect label requests and symbol obstacles.

    ``labels_outside``: only label features whose anchor lies outside this frame (the inset).
    """
    drawing = MapDrawing()
    order = {"areas": 2, "lines": 3, "borders": 3.5, "flows": 4, "places": 6, "points": 6.5}

    def wants_label(x: float, y: float) -> bool:
        return frame.contains(x, y) and (labels_outside is None or not labels_outside.contains(x, y))

    occupied: dict[tuple[float, float], int] = {}

    def step_aside(x: float, y: float, radius: float) -> tuple[float, float]:
        """Symbols at one spot sit side by side (as on the web page): later ones step left, up, down."""
        key = (round(x, -2), round(y, -2))  # metres in Web Mercator
        n = occupied[key] = occupied.get(key, 0) + 1
        dx, dy = styles.STEP_ASIDE[min(n - 1, len(styles.STEP_ASIDE) - 1)]
        gap = max(radius * 2, 14 * PX * scale) * styles.STEP_ASIDE_SPACING * _units_per_point(ax) if n > 1 else 0.0
        return x + dx * gap, y + dy * gap

    for layer in layers:
        frame_rows = [properties.to_json() for properties in layer.properties]
        shapes = projected(f.geometry for f in layer.features)
        zorder = order.get(layer.section, 5)
        for row, shape in zip(frame_rows, shapes, strict=True):
            symbol, approximate = str(row.get("symbol", "")), bool(row.get("approximate", False))
            if shape.geom_type == "Point" and layer.section in ("places", "points"):
                x, y = shape.x, shape.y
                if symbol == "country":
                    if wants_label(x, y):
                        drawing.labels.append(LabelRequest(
                            str(row["name"]).upper(), [(x, y)], 70, centre=True, around=False,
                            style={"fontsize": font * 1.05, "fontweight": "bold", "color": COUNTRY_NAME_COLOR}))
                    continue
                if symbol == "region":  # named with italic text only, as on the web page
                    if wants_label(x, y):
                        drawing.labels.append(LabelRequest(
                            str(row["name"]), [(x, y)], 45, centre=True, clearance=4.0,
                            style={"fontsize": font * 1.05, "fontweight": "bold", "fontstyle": "italic",
                                   "color": REGION_NAME_COLOR}))
                    continue
                x, y = step_aside(x, y, point_style(symbol).size * PX * scale / 2)
                radius = draw_point(ax, x, y, symbol, approximate, scale, zorder)
                drawing.obstacles.append((x, y, radius))
                if layer.section == "places" and wants_label(x, y):
                    drawing.labels.append(LabelRequest(
                        str(row["name"]), [(x, y)], 60 if symbol == "capital" else 50, clearance=radius,
                        style={"fontsize": font, "fontweight": "bold", "color": TEXT_COLOR}))
            elif layer.section == "flows":
                _draw_flow(ax, row, shape, scale, zorder, drawing, wants_label, font)
            elif layer.section == "areas" or shape.geom_type in ("Polygon", "MultiPolygon"):
                path = polygon_path(shape)
                if path is not None:
                    dash = styles.APPROXIMATE_DASH if approximate else None
                    ax.add_patch(PathPatch(path, facecolor=styles.AREA_FILL, alpha=0.3, edgecolor="none",
                                           zorder=zorder))
                    ax.add_patch(PathPatch(path, facecolor="none", edgecolor=styles.AREA_STROKE,
                                           linewidth=2 * PX * scale, linestyle=dashes(dash), zorder=zorder))
                drawing.lines.append(shape)
            elif shape.geom_type == "Point":  # a point in an unexpected section: draw it, do not fail
                drawing.obstacles.append((shape.x, shape.y, draw_point(ax, shape.x, shape.y, symbol, approximate,
                                                                      scale, zorder)))
            else:
                style = line_style(layer.section, symbol)
                dash = styles.APPROXIMATE_DASH if approximate else style.dash
                for coords in line_parts(shape):
                    draw_line(ax, coords, style.color, style.weight * PX * scale, dash, style.opacity, zorder)
                drawing.lines.append(shape)
                spots = row.get("label_spots")
                if row.get("label") and isinstance(spots, list):
                    anchors = [mercator(lon, lat) for lat, lon in spots]
                    anchors = [a for a in anchors if wants_label(*a)]
                    if anchors:
                        drawing.labels.append(LabelRequest(
                            str(row["label"]), anchors, style.label_priority, centre=True, around=False,
                            style={"fontsize": font * 0.85, "fontweight": "bold", "fontstyle": "italic",
                                   "color": style.color, "bbox": {"boxstyle": "round,pad=0.2", "facecolor": "white",
                                                                  "edgecolor": "none", "alpha": 0.8}}))
    return drawing


def _units_per_point(ax: Any) -> float:
    """Data units (metres) per point along x, from the axes' size and limits."""
    x0, x1 = ax.get_xlim()
    return (x1 - x0) / (ax.get_position().width * ax.figure.get_figwidth() * 72)


def _draw_flow(ax: Any, row: dict[str, Any], shape: BaseGeometry, scale: float, zorder: float,
               drawing: MapDrawing, wants_label: Any, font: float) -> None:
    width_px = float(row.get("width") or styles.FLOW_MIN_WIDTH)
    approximate = bool(row.get("approximate", False))
    parts = line_parts(shape)
    head = max(14.0, width_px * 2.2) * PX * scale
    if parts and len(parts[-1]) >= 2:
        end = parts[-1]
        arrowhead(ax, tuple(end[-1]), tuple(end[-2]), head, styles.FLOW_COLOR, zorder + 0.2)
        # End the shaft inside the arrowhead's notch, so its round cap stays hidden under the head.
        last = shapely.LineString(end)
        cut = (0.75 * head - width_px * PX * scale / 2) * _units_per_point(ax)
        if 0 < cut < last.length:
            parts[-1] = np.asarray(shapely.ops.substring(last, 0, last.length - cut).coords)
    for coords in parts:
        draw_line(ax, coords, styles.FLOW_COLOR, width_px * PX * scale,
                  styles.APPROXIMATE_DASH if approximate else None, 0.75, zorder)
    drawing.lines.append(shape)
    label = str(row.get("label") or "")
    spot_lon, spot_lat = row.get("label_lon"), row.get("label_lat")
    if not label or spot_lon is None:
        return
    spot = mercator(float(spot_lon), float(spot_lat))
    line = shapely.LineString(parts[0]) if parts else None
    anchors = [spot] + ([(p.x, p.y) for p in (line.interpolate(s, normalized=True)
                                              for s in (0.4, 0.6, 0.3, 0.7, 0.5))] if line is not None else [])
    if wants_label(*spot):
        drawing.labels.append(LabelRequest(
            label, anchors, 100, centre=True, clearance=width_px * PX * scale / 2,
            style={"fontsize": font * 0.95, "fontweight": "bold", "color": FLOW_LABEL_COLOR,
                   "bbox": {"boxstyle": "round,pad=0.25", "facecolor": "white", "edgecolor": "none",
                            "alpha": 0.88}}))


def basemap_label_requests(model: MapModel, frame: Frame, zoom: float, font: float, detail: bool,
                           highlighted_only: bool = False) -> list[LabelRequest]:
    """Country names from the basemap, as the HTML shows them at this zoom (detail spots when zoomed in)."""
    labels = model.basemap_labels
    detailed = set(labels.loc[labels["placement"] == "detail", "iso_a2"]) if detail else set()
    requests = []
    for row in labels.to_dict("records"):
        placement, code = row["placement"], row["iso_a2"]
        if (placement == "detail") != (detail and code in detailed):
            continue
        highlight = bool(row["highlight"])
        if highlighted_only and not highlight:
            continue
        min_zoom = float(row.get("min_zoom") or 0)
        if zoom < min_zoom - 0.5:
            continue
        x, y = mercator(row["geometry"].x, row["geometry"].y)
        if not frame.contains(x, y):
            continue
        requests.append(LabelRequest(
            str(row["name"]).upper(), [(x, y)], 30 if highlight else 20 - min_zoom, centre=True, around=False,
            style={"fontsize": font * 0.85, "color": "#6b5a3e" if highlight else "#8a847a",
                   "fontweight": "bold" if highlight else "normal"}))
    return requests


def leaflet_zoom(frame: Frame, width_in: float) -> float:
    """The Leaflet zoom level showing ``frame`` across ``width_in`` inches of 96-dpi screen."""
    span = (frame.x1 - frame.x0) / (2 * math.pi * EARTH_RADIUS)
    return math.log2(width_in * 96 / (256 * span))


# --------------------------------------------------------------------------- furniture

def nice_distance(metres: float) -> float:
    """The largest 1, 2 or 5 × 10^n metres not above ``metres``."""
    power = 10 ** math.floor(math.log10(metres))
    return max(step * power for step in (1, 2, 5) if step * power <= metres)


def draw_scale_bar(ax: Any, frame: Frame, font: float) -> Bbox:
    """A two-part scale bar at the lower left, true at the map's centre latitude; returns its box."""
    stretch = 1 / math.cos(math.radians(frame.centre_latitude))  # Mercator metres per ground metre
    ground = (frame.x1 - frame.x0) / stretch
    length = nice_distance(ground * 0.22)
    x0 = frame.x0 + (frame.x1 - frame.x0) * 0.04
    y0 = frame.y0 + (frame.y1 - frame.y0) * 0.04
    bar = length * stretch
    height = (frame.y1 - frame.y0) * 0.008
    for i, fill in enumerate(("#222222", "#ffffff")):
        ax.add_patch(Rectangle((x0 + i * bar / 2, y0), bar / 2, height, facecolor=fill, edgecolor="#222222",
                               linewidth=0.6, zorder=11))
    unit = f"{length / 1000:g} km" if length >= 1000 else f"{length:g} m"
    texts = [ax.text(x0, y0 + height * 1.8, "0", ha="center", va="bottom", fontsize=font, zorder=11),
             ax.text(x0 + bar, y0 + height * 1.8, unit, ha="center", va="bottom", fontsize=font, zorder=11)]
    renderer = ax.figure.canvas.get_renderer()
    box = Bbox.union([ax.transData.transform_bbox(Bbox.from_extents(x0, y0, x0 + bar, y0 + height)),
                      *(t.get_window_extent(renderer) for t in texts)])
    back = ax.transData.inverted().transform_bbox(box.padded(4))
    ax.add_patch(Rectangle((back.x0, back.y0), back.width, back.height, facecolor="white", alpha=0.8,
                           edgecolor="none", zorder=10.5))
    return box.padded(4)


def draw_north_arrow(ax: Any, font: float) -> Bbox:
    """A north arrow in the upper left corner (north is up in Web Mercator); returns its box."""
    x, y = 0.045, 0.93
    ax.add_patch(Polygon([(0, 12), (6, -6), (0, -2), (-6, -6)], closed=True, facecolor="#222222",
                         edgecolor="white", linewidth=0.8,
                         transform=Affine2D().scale(1 / 72) + ax.figure.dpi_scale_trans
                         + ScaledTranslation(x, y, ax.transAxes), zorder=11))
    text = ax.text(x, y, "N", transform=ax.transAxes + ScaledTranslation(0, 15 / 72, ax.figure.dpi_scale_trans),
                   ha="center", va="bottom", fontsize=font * 1.1, fontweight="bold", zorder=11)
    renderer = ax.figure.canvas.get_renderer()
    cx, cy = ax.transAxes.transform((x, y))
    k = ax.figure.dpi / 72
    return Bbox.union([Bbox.from_extents(cx - 8 * k, cy - 8 * k, cx + 8 * k, cy + 14 * k),
                       text.get_window_extent(renderer)]).padded(2 * k)


# --------------------------------------------------------------------------- text layout helpers

class TextMeasure:
    """Rendered text widths (in points), for wrapping."""

    def __init__(self, renderer: Any):
        self.renderer = renderer
        self.widths: dict[tuple[str, float, str], float] = {}

    def width(self, text: str, size: float, weight: str = "normal") -> float:
        key = (text, size, weight)
        if key not in self.widths:
            props = FontProperties(family=RC["font.family"], size=size, weight=weight)
            width, _, _ = self.renderer.get_text_width_height_descent(text, props, ismath=False)
            self.widths[key] = width * 72 / self.renderer.dpi
        return self.widths[key]

    def wrap(self, text: str, width_pt: float, size: float, weight: str = "normal") -> list[str]:
        """Greedy word wrap; a line's width is the sum of its words' and spaces' widths (kerning aside)."""
        space = self.width("a a", size, weight) - self.width("aa", size, weight)
        lines: list[str] = []
        for paragraph in text.split("\n"):
            current, used = "", 0.0
            for word in paragraph.split():
                extent = self.width(word, size, weight)
                if current and used + space + extent > width_pt:
                    lines.append(current)
                    current, used = word, extent
                else:
                    current, used = (f"{current} {word}", used + space + extent) if current else (word, extent)
            lines.append(current)
        return lines


def source_line(model: MapModel) -> str:
    names = "; ".join(source["name"] for source in model.sources)
    return (f"Sources: {names}. Places: GeoNames (CC BY 4.0). Country shapes: Natural Earth (public domain). "
            "Dashed lines and rings mark approximate positions. Made with idlibmap.")


# --------------------------------------------------------------------------- legend

LEGEND_SYMBOL_WIDTH = 30.0  # points
LEGEND_SYMBOL_SCALE = 0.8


def legend_symbol_height(symbol: dict[str, Any]) -> float:
    """The height in points a legend symbol needs (point symbols with their dashed ring are the tallest)."""
    if symbol.get("type") != "point":
        return 14.0
    style = point_style(str(symbol.get("symbol", "")))
    radius = style.size * PX * LEGEND_SYMBOL_SCALE / 2 + (3 * PX * LEGEND_SYMBOL_SCALE if symbol.get("approximate") else 0)
    return max(14.0, 2 * radius + 3)


def draw_legend_symbol(ax: Any, symbol: dict[str, Any], x: float, y: float) -> None:
    """One legend symbol centred vertically at ``y`` in a points-based axes, ``LEGEND_SYMBOL_WIDTH`` wide."""
    kind = symbol.get("type")
    w = LEGEND_SYMBOL_WIDTH
    approximate = bool(symbol.get("approximate"))
    mid = x + w / 2
    if kind == "point":
        draw_point(ax, mid, y, str(symbol.get("symbol", "")), approximate, scale=LEGEND_SYMBOL_SCALE, zorder=3)
    elif kind == "line":
        style = line_style("borders" if symbol.get("symbol") == "border" else "lines", str(symbol.get("symbol", "")))
        dash = styles.APPROXIMATE_DASH if approximate else style.dash
        draw_line(ax, np.array([(x + 2, y), (x + w - 2, y)]), style.color, style.weight * PX, dash, style.opacity, 3)
    elif kind == "flow":
        draw_line(ax, np.array([(x + 2, y), (x + w - 9, y)]), styles.FLOW_COLOR, 4 * PX,
                  styles.APPROXIMATE_DASH if approximate else None, 0.75, 3, cap="butt")
        arrowhead(ax, (x + w - 1, y), (x, y), 11, styles.FLOW_COLOR, 3.2)
    elif kind == "flow-scale":
        ax.add_patch(Polygon([(x + 2, y + 1), (x + w - 2, y + 6), (x + w - 2, y - 6), (x + 2, y - 1)],
                             closed=True, facecolor=styles.FLOW_COLOR, alpha=0.45, edgecolor="none", zorder=3))
    elif kind == "area":
        ax.add_patch(Rectangle((x + 3, y - 6), w - 6, 12, facecolor=styles.AREA_FILL, alpha=0.3, edgecolor="none",
                               zorder=3))
        ax.add_patch(Rectangle((x + 3, y - 6), w - 6, 12, fill=False, edgecolor=styles.AREA_STROKE,
                               linewidth=2 * PX, linestyle=dashes(styles.APPROXIMATE_DASH if approximate else None),
                               zorder=3))
    elif kind == "land":
        fill = styles.BASEMAP.get(str(symbol.get("fill")), styles.BASEMAP["land"])
        ax.add_patch(Rectangle((x + 3, y - 6), w - 6, 12, facecolor=fill, edgecolor=styles.BASEMAP["border"],
                               linewidth=0.6, zorder=3))
    elif kind == "text":
        italic = bool(symbol.get("italic"))
        ax.text(mid, y, "Abc" if italic else "ABC", ha="center", va="center", fontsize=7, fontweight="bold",
                fontstyle="italic" if italic else "normal", color=REGION_NAME_COLOR if italic else COUNTRY_NAME_COLOR)
    else:  # a symbol type this renderer does not know yet: a neutral swatch, never a failure
        ax.add_patch(Rectangle((mid - 5, y - 5), 10, 10, facecolor="#888888", edgecolor="#444444", linewidth=0.6,
                               zorder=3))


@dataclass
class LegendLayout:
    rows: list[tuple[str, Any]]  # ("heading", lines) | ("entry", (symbol, lines))
    height: float  # points
    font: float


def legend_layout(legend: list[dict[str, Any]], width_pt: float, measure: TextMeasure, font: float) -> LegendLayout:
    text_width = width_pt - LEGEND_SYMBOL_WIDTH - 6
    rows: list[tuple[str, Any]] = []
    height = font * 1.9  # the "Legend" title
    for group in legend:
        lines = measure.wrap(group["layer"], width_pt, font * 0.9, "bold")
        rows.append(("heading", lines))
        height += font * 0.5 + len(lines) * font * 1.2
        for entry in group["entries"]:
            lines = measure.wrap(entry["label"], text_width, font)
            rows.append(("entry", (entry["symbol"], lines)))
            height += max(len(lines) * font * 1.2, legend_symbol_height(entry["symbol"])) + 1.5
    return LegendLayout(rows, height + 6, font)


def draw_legend(ax: Any, layout: LegendLayout, width_pt: float) -> None:
    """Draw the legend into ``ax``, whose data units are points with y growing downwards."""
    font = layout.font
    ax.text(0, 0, "Legend", ha="left", va="top", fontsize=font * 1.15, fontweight="bold", color=TEXT_COLOR)
    y = font * 1.9
    for kind, content in layout.rows:
        if kind == "heading":
            y += font * 0.5
            for line in content:
                ax.text(0, y, line, ha="left", va="top", fontsize=font * 0.9, fontweight="bold", color=MUTED)
                y += font * 1.2
        else:
            symbol, lines = content
            row_height = max(len(lines) * font * 1.2, legend_symbol_height(symbol))
            centre = y + row_height / 2
            draw_legend_symbol(ax, symbol, 0, centre)
            ax.text(LEGEND_SYMBOL_WIDTH + 6, centre, "\n".join(lines), ha="left", va="center", fontsize=font,
                    color=TEXT_COLOR, linespacing=1.2)
            y += row_height + 1.5


# --------------------------------------------------------------------------- the figure

@dataclass
class StaticMap:
    """A drawn figure and what its label placer did."""

    figure: Figure
    placed: list[str]
    dropped: list[str]
    alt_text: str
    axes: dict[str, Any] = field(default_factory=dict)  # main, inset, legend
    symbols: dict[str, list[tuple[float, float, float]]] = field(default_factory=dict)  # per map axes


def _points_axes(figure: Figure, left: float, top: float, width: float, height: float, total: tuple[float, float]) -> Any:
    """An axes at (left, top) inches, ``width`` × ``height``, whose data units are points, y down."""
    fig_w, fig_h = total
    ax = figure.add_axes((left / fig_w, 1 - (top + height) / fig_h, width / fig_w, height / fig_h))
    ax.set_xlim(0, width * 72)
    ax.set_ylim(height * 72, 0)
    ax.set_axis_off()
    return ax


def _map_axes(figure: Figure, rect: tuple[float, float, float, float], total: tuple[float, float],
              frame: Frame) -> Any:
    left, top, width, height = rect
    fig_w, fig_h = total
    ax = figure.add_axes((left / fig_w, 1 - (top + height) / fig_h, width / fig_w, height / fig_h))
    ax.set_xlim(frame.x0, frame.x1)
    ax.set_ylim(frame.y0, frame.y1)
    ax.set_aspect("auto")
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_edgecolor("#777777")
        spine.set_linewidth(0.8)
    return ax


def draw_static_map(model: MapModel) -> StaticMap:
    """Lay out and draw the whole figure for ``model`` (call inside ``matplotlib.rc_context(RC)``)."""
    probe = FigureCanvasAgg(Figure(dpi=LAYOUT_DPI)).get_renderer()
    measure = TextMeasure(probe)
    width = MARGIN * 2 + MAP_SIZE + GAP + SIDE_WIDTH
    inner = width - 2 * MARGIN
    title_lines = measure.wrap(model.title, inner * 72, 14, "bold")
    title_height = len(title_lines) * 14 * 1.25 / 72 + 0.3
    sources = measure.wrap(source_line(model), inner * 72, 6.5)
    sources_height = len(sources) * 6.5 * 1.3 / 72 + 0.15
    legend_entries = model.legend_groups()
    legend_top = INSET_HEIGHT + 0.35
    for font in (8.5, 8.0, 7.5, 7.0, 6.5):
        layout = legend_layout(legend_entries, SIDE_WIDTH * 72, measure, font)
        if layout.height / 72 <= MAP_SIZE - legend_top:
            break
    body = max(MAP_SIZE, legend_top + layout.height / 72)
    height = MARGIN + title_height + body + 0.2 + sources_height + MARGIN * 0.6
    total = (width, height)

    figure = Figure(figsize=total, dpi=LAYOUT_DPI, facecolor="white")
    canvas = FigureCanvasAgg(figure)
    renderer = canvas.get_renderer()
    figure.text(MARGIN / width, 1 - MARGIN / height, "\n".join(title_lines), ha="left", va="top", fontsize=14,
                fontweight="bold", color=TEXT_COLOR, linespacing=1.25)
    figure.text(MARGIN / width, 1 - (MARGIN + title_height - 0.25) / height,
                f"As of {format_date(model.as_of)}", ha="left", va="top", fontsize=9, color=MUTED)

    top = MARGIN + title_height
    main_frame = Frame.around(model.view_bounds, MAP_SIZE / body, pad=0.02)
    main = _map_axes(figure, (MARGIN, top, MAP_SIZE, body), total, main_frame)
    draw_basemap(main, model, 0.6)
    drawing = draw_layers(main, model.layers, 1.0, main_frame, font=8.0)
    zoom = leaflet_zoom(main_frame, MAP_SIZE)  # as wide as the page's first view on a laptop
    requests = drawing.labels + basemap_label_requests(model, main_frame, zoom, 8.0, detail=True)
    furniture = [draw_scale_bar(main, main_frame, 7.0), draw_north_arrow(main, 8.0)]
    placed = place_labels(main, requests, furniture, drawing.obstacles, _densified_display(main, drawing.lines),
                          renderer)

    side_left = MARGIN + MAP_SIZE + GAP
    data_frame = Frame.around(model.data_bounds, SIDE_WIDTH / INSET_HEIGHT, pad=0.08)
    data_frame = _union(data_frame, main_frame, SIDE_WIDTH / INSET_HEIGHT)
    inset = _map_axes(figure, (side_left, top, SIDE_WIDTH, INSET_HEIGHT), total, data_frame)
    draw_basemap(inset, model, 0.3)
    inset_drawing = draw_layers(inset, model.layers, 0.45, data_frame, labels_outside=main_frame, font=6.0)
    inset.add_patch(Rectangle((main_frame.x0, main_frame.y0), main_frame.x1 - main_frame.x0,
                              main_frame.y1 - main_frame.y0, fill=False, edgecolor=FRAME_COLOR, linewidth=1.2,
                              zorder=8))
    frame_box = inset.transData.transform_bbox(Bbox.from_extents(main_frame.x0, main_frame.y0, main_frame.x1,
                                                                  main_frame.y1))
    inset_zoom = leaflet_zoom(data_frame, SIDE_WIDTH)
    inset_requests = inset_drawing.labels + basemap_label_requests(model, data_frame, inset_zoom, 6.0, detail=False,
                                                                    highlighted_only=True)
    inset_placed = place_labels(inset, inset_requests, [frame_box], inset_drawing.obstacles,
                                _densified_display(inset, inset_drawing.lines), renderer, margin=1.5)
    figure.text((side_left + 0.03) / width, 1 - (top + INSET_HEIGHT + 0.04) / height,
                "Overview: every feature of the story; the red frame is the main map", ha="left", va="top",
                fontsize=6.5, color=MUTED)

    legend = _points_axes(figure, side_left, top + legend_top, SIDE_WIDTH, body - legend_top, total)
    draw_legend(legend, layout, SIDE_WIDTH * 72)

    figure.text(MARGIN / width, (MARGIN * 0.6) / height, "\n".join(sources), ha="left", va="bottom", fontsize=6.5,
                color=MUTED, linespacing=1.3)
    return StaticMap(figure, placed.placed + inset_placed.placed, placed.dropped + inset_placed.dropped,
                     alt_text_from_model(model), {"main": main, "inset": inset, "legend": legend},
                     {"main": drawing.obstacles, "inset": inset_drawing.obstacles})


def _union(frame: Frame, other: Frame, aspect: float) -> Frame:
    """``frame`` grown to hold ``other`` too, keeping ``aspect``."""
    x0, y0 = min(frame.x0, other.x0), min(frame.y0, other.y0)
    x1, y1 = max(frame.x1, other.x1), max(frame.y1, other.y1)
    w, h = x1 - x0, y1 - y0
    w, h = max(w, h * aspect), max(h, w / aspect)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    return Frame(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)


def static_images_from_model(model: MapModel, formats: Iterable[str] = STATIC_FORMATS,
                             dpi: int = DEFAULT_DPI) -> dict[str, bytes]:
    """The map as PNG, SVG and/or PDF bytes, keyed by format; SVG and PDF are vector, with real text."""
    chosen = check_formats(list(formats), STATIC_FORMATS)
    if not chosen:
        return {}
    out: dict[str, bytes] = {}
    with matplotlib.rc_context(RC):
        drawn = draw_static_map(model)
        title, description = model.title, drawn.alt_text
        metadata = {
            "png": {"Title": title, "Description": description, "Software": "idlibmap with matplotlib"},
            "svg": {"Title": title, "Description": description, "Date": None, "Creator": "idlibmap with matplotlib"},
            "pdf": {"Title": title, "Subject": description, "Creator": "idlibmap with matplotlib",
                    "Producer": "matplotlib", "CreationDate": None, "ModDate": None},
        }
        for fmt in chosen:
            buffer = io.BytesIO()
            drawn.figure.savefig(buffer, format=fmt, dpi=dpi if fmt == "png" else LAYOUT_DPI,
                                 metadata=metadata[fmt], facecolor="white")
            out[fmt] = buffer.getvalue()
    return out
