"""Drawing primitives in the styles of :mod:`idlibmap.styles`: point symbols, lines, areas and arrowheads.

Sizes in ``styles`` are CSS pixels, as the HTML map uses them; here they become points.
"""

from __future__ import annotations

import math
from typing import Any

import matplotlib
import numpy as np
from matplotlib.patches import Circle, PathPatch, Polygon, Wedge
from matplotlib.path import Path as MplPath
from matplotlib.transforms import Affine2D, ScaledTranslation, Transform
from shapely.geometry.base import BaseGeometry
from shapely.geometry.polygon import orient

from ... import styles

PX = 0.75  # one CSS pixel (as styles.py sizes are given) in points
MARKERS = {"circle": "o", "circle-ring": "o", "half": "o", "square": "s", "diamond": "D", "triangle": "^",
           "triangle-down": "v", "star": "*", "cross": "X"}


# --------------------------------------------------------------------------- styles, with fallbacks

def dashes(pattern: str | None) -> tuple[float, tuple[float, ...]] | str:
    """An SVG dash array in CSS pixels as a matplotlib dash pattern in points."""
    if not pattern:
        return "solid"
    lengths = tuple(float(v) * PX for v in pattern.replace(",", " ").split())
    return (0.0, lengths if len(lengths) % 2 == 0 else lengths * 2)


# --------------------------------------------------------------------------- geometry as paths

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


def at_point(ax: Any, x: float, y: float) -> Transform:
    """A transform taking points (1/72 inch) around the data position (x, y) to the display."""
    transform: Transform = Affine2D().scale(1 / 72) + ax.figure.dpi_scale_trans + ScaledTranslation(x, y, ax.transData)
    return transform


# --------------------------------------------------------------------------- symbols

def draw_point(ax: Any, x: float, y: float, symbol: str, approximate: bool, scale: float = 1.0,
               zorder: float = 6) -> float:
    """A point symbol as in the HTML (with a dashed ring when approximate); returns its radius in points."""
    style = styles.point_style(symbol)
    size = style.size * PX * scale
    marker = MARKERS.get(style.shape, "o")
    outline_only = style.hollow or style.shape == "half"
    fill, edge = (style.stroke, style.fill) if outline_only else (style.fill, style.stroke)
    ax.plot([x], [y], marker=marker, markersize=size * (1.15 if marker == "*" else 0.82), markerfacecolor=fill,
            markeredgecolor=edge, markeredgewidth=(1.8 if outline_only else 1.1) * scale, linestyle="none",
            zorder=zorder)
    if style.shape == "half":  # contested: a ring, its left half filled
        ax.add_patch(Wedge((0, 0), size * 0.41, 90, 270, transform=at_point(ax, x, y), facecolor=style.fill,
                           edgecolor="none", zorder=zorder + 0.1))
    inner = {"square": 0.12, "circle-ring": 0.18}.get(style.shape) if not style.hollow else None
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


def draw_area(ax: Any, path: MplPath, width_pt: float, approximate: bool, zorder: float) -> None:
    """An area: a translucent fill and its outline, dashed when approximate."""
    dash = styles.APPROXIMATE_DASH if approximate else None
    ax.add_patch(PathPatch(path, facecolor=styles.AREA_FILL, alpha=0.3, edgecolor="none", zorder=zorder))
    ax.add_patch(PathPatch(path, facecolor="none", edgecolor=styles.AREA_STROKE, linewidth=width_pt,
                           linestyle=dashes(dash), zorder=zorder))


def draw_control(ax: Any, path: MplPath, color: str, edge_pt: float, zorder: float) -> None:
    """Ground a faction holds: its colour, translucent over the land, with a thin light edge."""
    ax.add_patch(PathPatch(path, facecolor=color, alpha=styles.CONTROL_FILL_OPACITY, edgecolor="none", zorder=zorder))
    ax.add_patch(PathPatch(path, facecolor="none", edgecolor=styles.CONTROL_EDGE, linewidth=edge_pt, zorder=zorder))


def draw_hatch(ax: Any, path: MplPath, color: str, scale: float, zorder: float) -> None:
    """Ground that changed hands: diagonal hatching in the taker's colour (the page's SVG pattern)."""
    with matplotlib.rc_context({"hatch.color": color, "hatch.linewidth": styles.HATCH["width"] * PX * scale}):
        ax.add_patch(PathPatch(path, facecolor="none", edgecolor="none", hatch="///", alpha=styles.HATCH["opacity"],
                               zorder=zorder))


def draw_stock(ax: Any, x: float, y: float, radius_pt: float, zorder: float) -> float:
    """A proportional circle for people a place hosts; returns its radius in points."""
    ax.add_patch(Circle((0, 0), radius_pt, transform=at_point(ax, x, y), facecolor=styles.STOCK_FILL,
                        alpha=styles.STOCK_FILL_OPACITY, edgecolor="none", zorder=zorder))
    ax.add_patch(Circle((0, 0), radius_pt, transform=at_point(ax, x, y), fill=False, edgecolor=styles.STOCK_FILL,
                        linewidth=1.1, zorder=zorder))
    return radius_pt


def draw_mention(ax: Any, x: float, y: float, radius_pt: float, zorder: float, scale: float = 1.0) -> float:
    """A place in the news: a circle whose area grows with the articles naming it; returns its radius in points."""
    ax.add_patch(Circle((0, 0), radius_pt, transform=at_point(ax, x, y), facecolor=styles.MENTION_FILL,
                        alpha=styles.MENTION_FILL_OPACITY, edgecolor="none", zorder=zorder))
    ax.add_patch(Circle((0, 0), radius_pt, transform=at_point(ax, x, y), fill=False, edgecolor=styles.MENTION_STROKE,
                        linewidth=styles.MENTION_STROKE_WIDTH * PX * scale, zorder=zorder))
    return radius_pt


def draw_mention_country(ax: Any, path: MplPath, color: str, edge_pt: float, zorder: float) -> None:
    """A country in the news: its land shaded quietly by the articles naming it."""
    ax.add_patch(PathPatch(path, facecolor=color, alpha=styles.MENTION_COUNTRY_OPACITY, edgecolor="none",
                           zorder=zorder))
    ax.add_patch(PathPatch(path, facecolor="none", edgecolor=styles.MENTION_COUNTRY_EDGE, linewidth=edge_pt,
                           zorder=zorder))


def arrowhead(ax: Any, tip: tuple[float, float], towards: tuple[float, float], length_pt: float, color: str,
              zorder: float, alpha: float = 0.9) -> None:
    """A notched arrowhead (the HTML's shape) with its tip at ``tip``, pointing away from ``towards``."""
    angle = math.degrees(math.atan2(tip[1] - towards[1], tip[0] - towards[0])) - 90
    s = length_pt
    shape = np.array([(0, 0), (s / 2, -s), (0, -0.75 * s), (-s / 2, -s)])
    transform = Affine2D().rotate_deg(angle) + at_point(ax, *tip)
    ax.add_patch(Polygon(shape, closed=True, transform=transform, facecolor=color, edgecolor="none", alpha=alpha,
                         zorder=zorder))
