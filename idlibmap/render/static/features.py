"""The story's features on a map axes: one drawing function per kind of feature.

This is the one module that reads the layer model's feature rows: each ``_Painter`` method
below reads the keys of one kind of feature and nothing else.
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
from ...model import Layer
from .frame import Frame, in_metres, projected, units_per_point
from .labels import LabelRequest
from .symbols import PX, arrowhead, draw_area, draw_line, draw_point, line_parts, line_style, point_style, polygon_path
from .text import COUNTRY_NAME_COLOR, FLOW_LABEL_COLOR, REGION_NAME_COLOR, TEXT_COLOR

# Drawing order of each section (matplotlib zorder); symbols over lines over areas.
ZORDER = {"areas": 2, "lines": 3, "borders": 3.5, "flows": 4, "places": 6, "points": 6.5}


@dataclass
class MapDrawing:
    """What one map axes drew: obstacles for labels and the label requests."""

    obstacles: list[tuple[float, float, float]] = field(default_factory=list)  # x, y, radius in points
    lines: list[BaseGeometry] = field(default_factory=list)
    labels: list[LabelRequest] = field(default_factory=list)


def feature_kind(section: str, symbol: str, geom_type: str) -> str:
    """Which drawing a feature gets: 'country', 'region', 'symbol', 'flow', 'area', 'stray point' or 'line'."""
    if geom_type == "Point" and section in ("places", "points"):
        return symbol if symbol in ("country", "region") else "symbol"
    if section == "flows":
        return "flow"
    if section == "areas" or geom_type in ("Polygon", "MultiPolygon"):
        return "area"
    return "stray point" if geom_type == "Point" else "line"


def _symbol(row: dict[str, Any]) -> str:
    return str(row.get("symbol", ""))


def _approximate(row: dict[str, Any]) -> bool:
    return bool(row.get("approximate", False))


class _Painter:
    """Draws features on one map axes at one scale, collecting label requests and obstacles."""

    def __init__(self, ax: Any, scale: float, frame: Frame, labels_outside: Frame | None, font: float):
        self.ax, self.scale, self.frame, self.labels_outside, self.font = ax, scale, frame, labels_outside, font
        self.drawing = MapDrawing()
        self.occupied: dict[tuple[float, float], int] = {}
        self.kinds: dict[str, Callable[[str, dict[str, Any], BaseGeometry, float], None]] = {
            "country": self.country, "region": self.region, "symbol": self.symbol, "flow": self.flow,
            "area": self.area, "stray point": self.stray_point, "line": self.line}

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

    def feature(self, section: str, row: dict[str, Any], shape: BaseGeometry, zorder: float) -> None:
        self.kinds[feature_kind(section, _symbol(row), shape.geom_type)](section, row, shape, zorder)

    def country(self, section: str, row: dict[str, Any], shape: BaseGeometry, zorder: float) -> None:
        """A country is named in capitals, with no symbol."""
        if self.wants_label(shape.x, shape.y):
            self.drawing.labels.append(LabelRequest(
                str(row["name"]).upper(), [(shape.x, shape.y)], 70, centre=True, around=False,
                style={"fontsize": self.font * 1.05, "fontweight": "bold", "color": COUNTRY_NAME_COLOR}))

    def region(self, section: str, row: dict[str, Any], shape: BaseGeometry, zorder: float) -> None:
        """A region is named with italic text only, as on the web page."""
        if self.wants_label(shape.x, shape.y):
            self.drawing.labels.append(LabelRequest(
                str(row["name"]), [(shape.x, shape.y)], 45, centre=True, clearance=4.0,
                style={"fontsize": self.font * 1.05, "fontweight": "bold", "fontstyle": "italic",
                       "color": REGION_NAME_COLOR}))

    def symbol(self, section: str, row: dict[str, Any], shape: BaseGeometry, zorder: float) -> None:
        """A place or a point: its symbol, stepped aside from others on the spot; places are named."""
        symbol = _symbol(row)
        x, y = self.step_aside(shape.x, shape.y, point_style(symbol).size * PX * self.scale / 2)
        radius = draw_point(self.ax, x, y, symbol, _approximate(row), self.scale, zorder)
        self.drawing.obstacles.append((x, y, radius))
        if section == "places" and self.wants_label(x, y):
            self.drawing.labels.append(LabelRequest(
                str(row["name"]), [(x, y)], 60 if symbol == "capital" else 50, clearance=radius,
                style={"fontsize": self.font, "fontweight": "bold", "color": TEXT_COLOR}))

    def stray_point(self, section: str, row: dict[str, Any], shape: BaseGeometry, zorder: float) -> None:
        """A point in an unexpected section: drawn, never a failure."""
        radius = draw_point(self.ax, shape.x, shape.y, _symbol(row), _approximate(row), self.scale, zorder)
        self.drawing.obstacles.append((shape.x, shape.y, radius))

    def area(self, section: str, row: dict[str, Any], shape: BaseGeometry, zorder: float) -> None:
        path = polygon_path(shape)
        if path is not None:
            draw_area(self.ax, path, 2 * PX * self.scale, _approximate(row), zorder)
        self.drawing.lines.append(shape)

    def line(self, section: str, row: dict[str, Any], shape: BaseGeometry, zorder: float) -> None:
        """A line in its style, labelled at the model's label spots (lat, lon) when it has a label."""
        style = line_style(section, _symbol(row))
        dash = styles.APPROXIMATE_DASH if _approximate(row) else style.dash
        for coords in line_parts(shape):
            draw_line(self.ax, coords, style.color, style.weight * PX * self.scale, dash, style.opacity, zorder)
        self.drawing.lines.append(shape)
        spots = row.get("label_spots")
        if not row.get("label") or not isinstance(spots, list):
            return
        anchors = [a for a in in_metres((lon, lat) for lat, lon in spots) if self.wants_label(*a)]
        if anchors:
            self.drawing.labels.append(LabelRequest(
                str(row["label"]), anchors, style.label_priority, centre=True, around=False,
                style={"fontsize": self.font * 0.85, "fontweight": "bold", "fontstyle": "italic",
                       "color": style.color, "bbox": {"boxstyle": "round,pad=0.2", "facecolor": "white",
                                                      "edgecolor": "none", "alpha": 0.8}}))

    def flow(self, section: str, row: dict[str, Any], shape: BaseGeometry, zorder: float) -> None:
        """An arrow as wide as the model says, its head at the destination, labelled at the model's spot."""
        width_px = float(row.get("width") or styles.FLOW_MIN_WIDTH)
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
            draw_line(self.ax, coords, styles.FLOW_COLOR, width_pt, styles.APPROXIMATE_DASH if _approximate(row)
                      else None, 0.75, zorder)
        self.drawing.lines.append(shape)
        label, spot_lon, spot_lat = str(row.get("label") or ""), row.get("label_lon"), row.get("label_lat")
        if label and spot_lon is not None and spot_lat is not None:
            self.flow_label(label, in_metres([(float(spot_lon), float(spot_lat))])[0], parts, width_pt)

    def flow_label(self, label: str, spot: tuple[float, float], parts: list[np.ndarray], width_pt: float) -> None:
        """A flow's label at its spot, or failing that along the arrow's shaft."""
        if not self.wants_label(*spot):
            return
        line = shapely.LineString(parts[0]) if parts else None
        along = [(p.x, p.y) for p in (line.interpolate(s, normalized=True)
                                      for s in (0.4, 0.6, 0.3, 0.7, 0.5))] if line is not None else []
        self.drawing.labels.append(LabelRequest(
            label, [spot, *along], 100, centre=True, clearance=width_pt / 2,
            style={"fontsize": self.font * 0.95, "fontweight": "bold", "color": FLOW_LABEL_COLOR,
                   "bbox": {"boxstyle": "round,pad=0.25", "facecolor": "white", "edgecolor": "none",
                            "alpha": 0.88}}))


def draw_layers(ax: Any, layers: Sequence[Layer], scale: float, frame: Frame, labels_outside: Frame | None = None,
                font: float = 8.0) -> MapDrawing:
    """Draw every layer's features in its styles; collect label requests and symbol obstacles.

    ``labels_outside``: only label features whose anchor lies outside this frame (the inset).
    """
    painter = _Painter(ax, scale, frame, labels_outside, font)
    for layer in layers:
        rows = [properties.to_json() for properties in layer.properties]
        shapes = projected(f.geometry for f in layer.features)
        zorder = ZORDER.get(layer.section, 5)
        for row, shape in zip(rows, shapes, strict=True):
            painter.feature(layer.section, row, shape, zorder)
    return painter.drawing
