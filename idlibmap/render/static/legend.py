"""The legend: the model's legend rows, each swatch drawn exactly as the map draws the feature.

Legend symbols are the model's dicts (``{"type": "point", "symbol": …, "approximate": …}``);
one small function per symbol type reads them, and an unknown type gets a neutral swatch.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from matplotlib.patches import Rectangle
from matplotlib.path import Path as MplPath

from ... import styles
from . import symbols as swatch
from .text import MIN_TEXT_PT, MUTED, TEXT_COLOR, TextMeasure, draw_text

LEGEND_SYMBOL_WIDTH = 30.0  # points
LEGEND_SYMBOL_SCALE = 0.8

Symbol = dict[str, Any]


def legend_symbol_height(symbol: Symbol) -> float:
    """The height in points a legend symbol needs (point symbols with their dashed ring are the tallest)."""
    if symbol.get("type") == "mention-circle":
        return max(14.0, 2 * float(symbol.get("radius", 0)) * swatch.PX + 3)
    if symbol.get("type") != "point":
        return 14.0
    style = styles.point_style(str(symbol.get("symbol", "")))
    ring = 3 * swatch.PX * LEGEND_SYMBOL_SCALE if symbol.get("approximate") else 0
    radius = style.size * swatch.PX * LEGEND_SYMBOL_SCALE / 2 + ring
    return max(14.0, 2 * radius + 3)


def _point(ax: Any, symbol: Symbol, x: float, y: float) -> None:
    swatch.draw_point(ax, x + LEGEND_SYMBOL_WIDTH / 2, y, str(symbol.get("symbol", "")),
                      bool(symbol.get("approximate")), scale=LEGEND_SYMBOL_SCALE, zorder=3)


def _line(ax: Any, symbol: Symbol, x: float, y: float) -> None:
    style = styles.line_style("borders" if symbol.get("symbol") == "border" else "lines", str(symbol.get("symbol", "")))
    dash = styles.line_dash(style, bool(symbol.get("approximate")))
    swatch.draw_line(ax, np.array([(x + 2, y), (x + LEGEND_SYMBOL_WIDTH - 2, y)]), style.color,
                     style.weight * swatch.PX, dash, style.opacity, 3)


def _flow(ax: Any, symbol: Symbol, x: float, y: float) -> None:
    w = LEGEND_SYMBOL_WIDTH
    swatch.draw_line(ax, np.array([(x + 2, y), (x + w - 9, y)]), styles.FLOW_COLOR, 4 * swatch.PX,
              styles.APPROXIMATE_DASH if symbol.get("approximate") else None, styles.FLOW_OPACITY, 3, cap="butt")
    swatch.arrowhead(ax, (x + w - 1, y), (x, y), 11, styles.FLOW_COLOR, 3.2)


def _area(ax: Any, symbol: Symbol, x: float, y: float) -> None:
    swatch.draw_area(ax, _swatch_path(x, y), styles.AREA_STROKE_WIDTH * swatch.PX, bool(symbol.get("approximate")), 3)


def _swatch_path(x: float, y: float) -> MplPath:
    """The rectangle area-like swatches fill."""
    rectangle = Rectangle((x + 3, y - 6), LEGEND_SYMBOL_WIDTH - 6, 12)
    return rectangle.get_path().transformed(rectangle.get_patch_transform())


def _faction(ax: Any, symbol: Symbol, x: float, y: float) -> None:
    swatch.draw_control(ax, _swatch_path(x, y), str(symbol.get("color")), 1.0, 3)


def _hatch(ax: Any, symbol: Symbol, x: float, y: float) -> None:
    swatch.draw_hatch(ax, _swatch_path(x, y), str(symbol.get("color")), LEGEND_SYMBOL_SCALE, 3)
    ax.add_patch(Rectangle((x + 3, y - 6), LEGEND_SYMBOL_WIDTH - 6, 12, fill=False, edgecolor="#999999",
                           linewidth=0.4, zorder=3))


def _stock(ax: Any, symbol: Symbol, x: float, y: float) -> None:
    swatch.draw_stock(ax, x + LEGEND_SYMBOL_WIDTH / 2, y, 5.5, 3)


def _mention_circle(ax: Any, symbol: Symbol, x: float, y: float) -> None:
    """A reference circle, at the size the map draws it."""
    swatch.draw_mention(ax, x + LEGEND_SYMBOL_WIDTH / 2, y, float(symbol.get("radius", 0)) * swatch.PX, 3)


def _mention_country(ax: Any, symbol: Symbol, x: float, y: float) -> None:
    swatch.draw_mention_country(ax, _swatch_path(x, y), str(symbol.get("color")), 0.6, 3)


def _approximate(ax: Any, symbol: Symbol, x: float, y: float) -> None:
    swatch.draw_line(ax, np.array([(x + 2, y), (x + LEGEND_SYMBOL_WIDTH - 2, y)]), MUTED, 2 * swatch.PX,
                     styles.APPROXIMATE_DASH, 1.0, 3)


def _unknown(ax: Any, symbol: Symbol, x: float, y: float) -> None:
    """A symbol type this renderer does not know yet: a neutral swatch, never a failure."""
    mid = x + LEGEND_SYMBOL_WIDTH / 2
    ax.add_patch(Rectangle((mid - 5, y - 5), 10, 10, facecolor="#888888", edgecolor="#444444", linewidth=0.6,
                           zorder=3))


SWATCHES: dict[str, Callable[[Any, Symbol, float, float], None]] = {
    "point": _point, "line": _line, "flow": _flow, "area": _area, "faction": _faction, "hatch": _hatch,
    "stock": _stock, "approximate": _approximate, "mention-circle": _mention_circle,
    "mention-country": _mention_country}


def draw_legend_symbol(ax: Any, symbol: Symbol, x: float, y: float) -> None:
    """One legend symbol centred vertically at ``y`` in a points-based axes, ``LEGEND_SYMBOL_WIDTH`` wide."""
    SWATCHES.get(str(symbol.get("type")), _unknown)(ax, symbol, x, y)


LEGEND_GUTTER = 12.0  # points between the legend's columns
ROW_GAP = 1.5  # points between rows


@dataclass
class LegendRow:
    """A heading (a layer's name) or an entry (a symbol and its words), wrapped to the column's width."""

    kind: str  # "heading" | "entry"
    lines: list[str]
    symbol: Symbol | None
    height: float  # points


@dataclass
class LegendLayout:
    """The legend's rows in one or more columns, at one font size; sizes in points."""

    columns: list[list[LegendRow]]
    font: float
    column_width: float

    @property
    def title_height(self) -> float:
        return self.font * 1.9

    @property
    def height(self) -> float:
        return self.title_height + max((sum(row.height for row in column) for column in self.columns), default=0) + 4

    @property
    def width(self) -> float:
        return len(self.columns) * self.column_width + (len(self.columns) - 1) * LEGEND_GUTTER


def heading_font(font: float) -> float:
    return max(font * 0.9, MIN_TEXT_PT)


def legend_rows(legend: list[dict[str, Any]], width_pt: float, measure: TextMeasure, font: float) -> list[LegendRow]:
    """The legend's rows as the page shows them: a group's heading when it has several entries, then its entries."""
    text_width = width_pt - LEGEND_SYMBOL_WIDTH - 6
    rows: list[LegendRow] = []
    for group in legend:
        if group["layer"] and len(group["entries"]) > 1:
            lines = measure.wrap(group["layer"], width_pt, heading_font(font), "bold")
            rows.append(LegendRow("heading", lines, None, font * 0.5 + len(lines) * heading_font(font) * 1.2))
        for entry in group["entries"]:
            lines = measure.wrap(entry["label"], text_width, font)
            height = max(len(lines) * font * 1.2, legend_symbol_height(entry["symbol"])) + ROW_GAP
            rows.append(LegendRow("entry", lines, entry["symbol"], height))
    return rows


def _split(rows: list[LegendRow], count: int) -> list[list[LegendRow]]:
    """Rows in at most ``count`` columns of about equal height, read down then across; a heading stays with
    the row after it."""
    total = sum(row.height for row in rows)
    target = total / count
    while True:
        columns: list[list[LegendRow]] = [[]]
        used = 0.0
        for i, row in enumerate(rows):
            keep = row.height + (rows[i + 1].height if row.kind == "heading" and i + 1 < len(rows) else 0)
            if columns[-1] and used + keep > target + 0.01:
                columns.append([])
                used = 0.0
            columns[-1].append(row)
            used += row.height
        if len(columns) <= count:
            return columns
        target += max(1.0, total * 0.02)


def legend_layout(legend: list[dict[str, Any]], width_pt: float, measure: TextMeasure, font: float,
                  columns: int = 1) -> LegendLayout:
    """The legend laid out ``width_pt`` wide in ``columns`` columns at ``font`` points."""
    column_width = (width_pt - (columns - 1) * LEGEND_GUTTER) / columns
    rows = legend_rows(legend, column_width, measure, font)
    return LegendLayout(_split(rows, columns) if rows else [[]], font, column_width)


def draw_legend(ax: Any, layout: LegendLayout) -> None:
    """Draw the legend into ``ax``, whose data units are points with y growing downwards."""
    font = layout.font
    draw_text(ax, 0, 0, "Legend", ha="left", va="top", fontsize=font * 1.15, fontweight="bold", color=TEXT_COLOR)
    for index, column in enumerate(layout.columns):
        x = index * (layout.column_width + LEGEND_GUTTER)
        y = layout.title_height
        for row in column:
            if row.kind == "heading":
                y += font * 0.5
                for line in row.lines:
                    draw_text(ax, x, y, line, ha="left", va="top", fontsize=heading_font(font), fontweight="bold",
                              color=MUTED)
                    y += heading_font(font) * 1.2
                continue
            centre = y + (row.height - ROW_GAP) / 2
            draw_legend_symbol(ax, row.symbol or {}, x, centre)
            draw_text(ax, x + LEGEND_SYMBOL_WIDTH + 6, centre, "\n".join(row.lines), ha="left", va="center",
                      fontsize=font, color=TEXT_COLOR, linespacing=1.2)
            y += row.height
