"""The story's features on a map axes: one drawing function per kind of feature.

Each ``_Painter`` method reads the typed properties of one kind of feature (:mod:`idlibmap.model`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import shapely
import shapely.ops
from shapely.geometry.base import BaseGeometry

from ... import styles
from ...model import (
    ChangeProperties,
    ControlProperties,
    FlowProperties,
    Layer,
    LineProperties,
    MentionProperties,
    Properties,
    StockProperties,
)
from .frame import Frame, in_metres, projected, units_per_point
from .labels import LabelRequest
from .symbols import (
    PX,
    arrowhead,
    draw_area,
    draw_control,
    draw_hatch,
    draw_line,
    draw_mention,
    draw_mention_country,
    draw_point,
    draw_stock,
    line_parts,
    polygon_path,
)
from .text import COUNTRY_NAME_COLOR, FLOW_LABEL_COLOR, REGION_NAME_COLOR, TEXT_COLOR

# Drawing order of each section (matplotlib zorder): ground held under everything, symbols on top.
ZORDER = {"mention countries": 1.1, "mentions": 6,
          "control": 1.2, "changes": 1.4, "areas": 2, "stocks": 2.5, "lines": 3, "borders": 3.5, "flows": 4,
          "places": 6, "points": 6.5}


@dataclass
class MapDrawing:
    """What one map axes drew: obstacles for labels and the label requests."""

    obstacles: list[tuple[float, float, float]] = field(default_factory=list)  # x, y, radius in points
    lines: list[BaseGeometry] = field(default_factory=list)
    labels: list[LabelRequest] = field(default_factory=list)


def feature_kind(properties: Properties, geom_type: str) -> str:
    """Which drawing a feature gets: 'country', 'region', 'symbol', 'flow', 'area', 'control', … or 'line'."""
    section, symbol = properties.section, properties.symbol
    if section in ("control", "changes", "stocks", "flows"):
        return section
    if section == "mentions":
        return "mention" if geom_type == "Point" else "mention country"
    if geom_type == "Point" and section in ("places", "points"):
        return symbol if symbol in ("country", "region") else "symbol"
    if section == "areas" or geom_type in ("Polygon", "MultiPolygon"):
        return "area"
    return "stray point" if geom_type == "Point" else "line"


Paint = Callable[[Properties, BaseGeometry, float], None]


class _Painter:
    """Draws features on one map axes at one scale, collecting label requests and obstacles."""

    def __init__(self, ax: Any, scale: float, frame: Frame, labels_outside: Frame | None, font: float):
        self.ax, self.scale, self.frame, self.labels_outside, self.font = ax, scale, frame, labels_outside, font
        self.drawing = MapDrawing()
        self.occupied: dict[tuple[float, float], int] = {}
        self.kinds: dict[str, Paint] = {
            "country": self.country, "region": self.region, "symbol": self.symbol, "flows": self.flow,
            "area": self.area, "stray point": self.stray_point, "line": self.line, "control": self.control,
            "changes": self.change, "stocks": self.stock, "mention": self.mention,
            "mention country": self.mention_country}
        self.named = 0  # mention circles named so far (the most named places come first)
        self.breaks: tuple[int, ...] | None = None  # the shading classes of countries in the news

    def wants_label(self, x: float, y: float) -> bool:
        outside = self.labels_outside
        return self.frame.contains(x, y) and (outside is None or not outside.contains(x, y))

    def step_aside(self, x: float, y: float, radius: float) -> tuple[float, float]:
        """Symbols at one spot sit side by side (as on the web page): later ones step left, up, down."""
        key = (round(x, -2), round(y, -2))  # metres in Web Mercator
        n = self.occupied[key] = self.occupied.get(key, 0) + 1
        dx, dy = styles.STEP_ASIDE[min(n - 1, len(styles.STEP_ASIDE) - 1)]
        gap = (max(radius * 2, 14 * PX * self.scale) * styles.STEP_ASIDE_SPACING * units_per_point(self.ax)
               if n > 1 else 0.0)
        return x + dx * gap, y + dy * gap

    def feature(self, properties: Properties, shape: BaseGeometry, zorder: float) -> None:
        self.kinds[feature_kind(properties, shape.geom_type)](properties, shape, zorder)

    def country(self, properties: Properties, shape: BaseGeometry, zorder: float) -> None:
        """A country is named in capitals, with no symbol."""
        if self.wants_label(shape.x, shape.y):
            self.drawing.labels.append(LabelRequest(
                properties.name.upper(), [(shape.x, shape.y)], styles.LABEL_PRIORITY["country"], centre=True,
                around=False, style={"fontsize": self.font * 1.05, "fontweight": "bold", "color": COUNTRY_NAME_COLOR}))

    def region(self, properties: Properties, shape: BaseGeometry, zorder: float) -> None:
        """A region is named with italic text only, as on the web page."""
        if self.wants_label(shape.x, shape.y):
            self.drawing.labels.append(LabelRequest(
                properties.name, [(shape.x, shape.y)], styles.LABEL_PRIORITY["region"], centre=True, clearance=4.0,
                style={"fontsize": self.font * 1.05, "fontweight": "bold", "fontstyle": "italic",
                       "color": REGION_NAME_COLOR}))

    def symbol(self, properties: Properties, shape: BaseGeometry, zorder: float) -> None:
        """A place or a point: its symbol, stepped aside from others on the spot; places are named."""
        symbol = properties.symbol
        x, y = self.step_aside(shape.x, shape.y, styles.point_style(symbol).size * PX * self.scale / 2)
        radius = draw_point(self.ax, x, y, symbol, properties.approximate, self.scale, zorder)
        self.drawing.obstacles.append((x, y, radius))
        if properties.section == "places" and self.wants_label(x, y):
            self.drawing.labels.append(LabelRequest(
                properties.name, [(x, y)], styles.LABEL_PRIORITY["capital" if symbol == "capital" else "place"],
                clearance=radius, style={"fontsize": self.font, "fontweight": "bold", "color": TEXT_COLOR}))

    def stray_point(self, properties: Properties, shape: BaseGeometry, zorder: float) -> None:
        """A point in an unexpected section: drawn, never a failure."""
        radius = draw_point(self.ax, shape.x, shape.y, properties.symbol, properties.approximate, self.scale, zorder)
        self.drawing.obstacles.append((shape.x, shape.y, radius))

    def area(self, properties: Properties, shape: BaseGeometry, zorder: float) -> None:
        path = polygon_path(shape)
        if path is not None:
            draw_area(self.ax, path, styles.AREA_STROKE_WIDTH * PX * self.scale, properties.approximate, zorder)
        self.drawing.lines.append(shape)

    def control(self, properties: Properties, shape: BaseGeometry, zorder: float) -> None:
        """Ground a faction holds, in its colour."""
        path = polygon_path(shape)
        if path is not None and isinstance(properties, ControlProperties):
            draw_control(self.ax, path, properties.color, styles.CONTROL_EDGE_WEIGHT * PX * self.scale, zorder)

    def change(self, properties: Properties, shape: BaseGeometry, zorder: float) -> None:
        """Ground that changed hands, hatched in its taker's colour."""
        path = polygon_path(shape)
        if path is not None and isinstance(properties, ChangeProperties):
            draw_hatch(self.ax, path, properties.color, self.scale, zorder)

    def stock(self, properties: Properties, shape: BaseGeometry, zorder: float) -> None:
        """A circle whose area grows with the people a place hosts, labelled with the number."""
        if not isinstance(properties, StockProperties):
            return
        radius = draw_stock(self.ax, shape.x, shape.y, properties.radius * PX * self.scale, zorder)
        if self.wants_label(shape.x, shape.y):
            self.drawing.labels.append(LabelRequest(
                properties.label, [(shape.x, shape.y)], styles.LABEL_PRIORITY["stock"], centre=True, around=False,
                style={"fontsize": self.font * 0.95, "fontweight": "bold", "color": FLOW_LABEL_COLOR,
                       "bbox": {"boxstyle": "round,pad=0.25", "facecolor": "white", "edgecolor": "none",
                                "alpha": 0.88}}))
        self.drawing.lines.append(shapely.Point(shape.x, shape.y).buffer(radius * units_per_point(self.ax)))

    def mention(self, properties: Properties, shape: BaseGeometry, zorder: float) -> None:
        """A place in the news: its circle, and its name when it is among the most named."""
        if not isinstance(properties, MentionProperties):
            return
        radius = draw_mention(self.ax, shape.x, shape.y, properties.radius * PX * self.scale, zorder, self.scale)
        self.drawing.obstacles.append((shape.x, shape.y, radius))
        if self.named < styles.MENTION_LABELS and self.wants_label(shape.x, shape.y):
            self.named += 1
            self.drawing.labels.append(LabelRequest(
                properties.name, [(shape.x, shape.y)], styles.LABEL_PRIORITY["place"] + properties.articles / 1e6,
                clearance=radius, style={"fontsize": self.font, "fontweight": "bold", "color": TEXT_COLOR}))

    def mention_country(self, properties: Properties, shape: BaseGeometry, zorder: float) -> None:
        """A country in the news, shaded by the articles naming it (under everything but the basemap)."""
        path = polygon_path(shape)
        if path is not None and isinstance(properties, MentionProperties) and self.breaks is not None:
            draw_mention_country(self.ax, path, styles.mention_country_color(properties.articles, self.breaks),
                                 0.6 * PX * self.scale, ZORDER["mention countries"])

    def line(self, properties: Properties, shape: BaseGeometry, zorder: float) -> None:
        """A line in its style, labelled at the model's label spots (lat, lon) when it has a label."""
        style = styles.line_style(properties.section, properties.symbol)
        dash = styles.line_dash(style, properties.approximate)
        for coords in line_parts(shape):
            draw_line(self.ax, coords, style.color, style.weight * PX * self.scale, dash, style.opacity, zorder)
        self.drawing.lines.append(shape)
        if not isinstance(properties, LineProperties) or not properties.label or not properties.label_spots:
            return
        anchors = [a for a in in_metres((lon, lat) for lat, lon in properties.label_spots) if self.wants_label(*a)]
        if anchors:
            self.drawing.labels.append(LabelRequest(
                properties.label, anchors, style.label_priority, centre=True, around=False,
                style={"fontsize": self.font * 0.85, "fontweight": "bold", "fontstyle": "italic",
                       "color": style.color, "bbox": {"boxstyle": "round,pad=0.2", "facecolor": "white",
                                                      "edgecolor": "none", "alpha": 0.8}}))

    def flow(self, properties: Properties, shape: BaseGeometry, zorder: float) -> None:
        """An arrow as wide as the model says, its head at the destination, labelled at the model's spot."""
        if not isinstance(properties, FlowProperties):
            return
        width_px = properties.width or styles.FLOW_MIN_WIDTH
        width_pt = width_px * PX * self.scale
        parts = line_parts(shape)
        head = max(14.0, width_px * 2.2) * PX * self.scale
        if parts and len(parts[-1]) >= 2:
            end = parts[-1]
            arrowhead(self.ax, tuple(end[-1]), tuple(end[-2]), head, styles.FLOW_COLOR, zorder + 0.2)
            # End the shaft inside the arrowhead's notch, so its round cap stays hidden under the head.
            last = shapely.LineString(end)
            cut = (0.75 * head - width_pt / 2) * units_per_point(self.ax)
            if 0 < cut < last.length:
                parts[-1] = np.asarray(shapely.ops.substring(last, 0, last.length - cut).coords)
        for coords in parts:
            draw_line(self.ax, coords, styles.FLOW_COLOR, width_pt, styles.APPROXIMATE_DASH if properties.approximate
                      else None, styles.FLOW_OPACITY, zorder)
        self.drawing.lines.append(shape)
        if properties.label and properties.label_lon is not None and properties.label_lat is not None:
            spot = in_metres([(properties.label_lon, properties.label_lat)])[0]
            self.flow_label(properties.label, spot, parts, width_pt)

    def flow_label(self, label: str, spot: tuple[float, float], parts: list[np.ndarray], width_pt: float) -> None:
        """A flow's label at its spot, or failing that along the arrow's shaft."""
        if not self.wants_label(*spot):
            return
        line = shapely.LineString(parts[0]) if parts else None
        along = [(p.x, p.y) for p in (line.interpolate(s, normalized=True)
                                      for s in (0.4, 0.6, 0.3, 0.7, 0.5))] if line is not None else []
        self.drawing.labels.append(LabelRequest(
            label, [spot, *along], styles.LABEL_PRIORITY["flow"], centre=True, clearance=width_pt / 2,
            style={"fontsize": self.font * 0.95, "fontweight": "bold", "color": FLOW_LABEL_COLOR,
                   "bbox": {"boxstyle": "round,pad=0.25", "facecolor": "white", "edgecolor": "none",
                            "alpha": 0.88}}))


def draw_layers(ax: Any, layers: Sequence[Layer], scale: float, frame: Frame, labels_outside: Frame | None = None,
                font: float = 8.0) -> MapDrawing:
    """Draw every layer's features in its styles; collect label requests and symbol obstacles.

    ``labels_outside``: only label features whose anchor lies outside this frame (the inset).
    """
    painter = _Painter(ax, scale, frame, labels_outside, font)
    shaded = [p.articles for layer in layers for p in layer.properties
              if isinstance(p, MentionProperties) and p.symbol == "country-mentions"]
    painter.breaks = styles.mention_country_breaks(max(shaded)) if shaded else None
    for layer in layers:
        shapes = projected(f.geometry for f in layer.features)
        zorder = ZORDER.get(layer.section, 5)
        for properties, shape in zip(layer.properties, shapes, strict=True):
            painter.feature(properties, shape, zorder)
    return painter.drawing
