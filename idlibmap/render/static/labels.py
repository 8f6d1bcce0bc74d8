"""The label placer: most important label first, each where it overlaps nothing already there.

Labels are measured as rendered, so what the placer sees is what the figure shows; a label with
no free spot is dropped rather than drawn over another.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from matplotlib.transforms import Bbox
from shapely.geometry.base import BaseGeometry

from ...styles import LEADER_COLOR, LEADER_MIN_PT, LEADER_WIDTH
from .symbols import line_parts
from .text import draw_label

# How far (points) a label may first move out from its own symbol to clear the symbols around it.
NEAR_WIDENING_PT = 6.0

# A spot for a label: anchor (data coordinates), offset in points, horizontal and vertical alignment.
Candidate = tuple[tuple[float, float], float, float, str, str]


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


@dataclass
class _Board:
    """What the placer works against: the axes, the frame and every box already taken."""

    ax: Any
    renderer: Any
    frame: Bbox
    taken: list[Bbox]
    lines: np.ndarray
    margin: float  # points
    pad: float  # display units

    def fits(self, box: Bbox) -> bool:
        frame = self.frame
        inside = box.x0 >= frame.x0 and box.x1 <= frame.x1 and box.y0 >= frame.y0 and box.y1 <= frame.y1
        return inside and not any(box.overlaps(other) for other in self.taken)

    def crossings(self, box: Bbox) -> int:
        """How many line vertices lie inside ``box``."""
        lines = self.lines
        if not len(lines):
            return 0
        return int(np.count_nonzero((lines[:, 0] > box.x0) & (lines[:, 0] < box.x1)
                                    & (lines[:, 1] > box.y0) & (lines[:, 1] < box.y1)))


def _candidates(request: LabelRequest, margin: float) -> list[Candidate]:
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


def _clear_of_symbols(ax: Any, request: LabelRequest, shown: list[tuple[float, float, float]],
                      scale: float) -> None:
    """Widen the request's clearance to keep clear of every symbol drawn on its first anchor's spot."""
    ax_, ay_ = ax.transData.transform(request.anchors[0])
    for x, y, r in shown:
        distance = math.hypot(x - ax_, y - ay_)
        if distance < r + request.clearance * scale:
            request.clearance = max(request.clearance, (distance + r) / scale)


def _label_box(text: Any, renderer: Any, pad: float) -> Bbox:
    """The drawn label's box, its background patch included, padded by ``pad``."""
    box = text.get_window_extent(renderer)
    patch = text.get_bbox_patch()
    if patch is not None:
        text.update_bbox_position_size(renderer)
        box = Bbox.union([box, patch.get_window_extent(renderer)])
    padded: Bbox = box.expanded(1, 1).padded(pad)
    return padded


def _best_spot(board: _Board, request: LabelRequest) -> tuple[int, Any, Bbox] | None:
    """Draw the label at the free candidate spot crossing the fewest lines: (crossings, text, box), or None."""
    best: tuple[int, Any, Bbox] | None = None
    for anchor, dx, dy, ha, va in _candidates(request, board.margin):
        text = draw_label(board.ax, request.text, xy=anchor, xytext=(dx, dy), textcoords="offset points", ha=ha,
                          va=va, annotation_clip=False, zorder=9, **request.style)
        box = _label_box(text, board.renderer, board.pad)
        if not board.fits(box):
            text.remove()
            continue
        crossings = board.crossings(box)
        if best is None or crossings < best[0]:
            if best is not None:
                best[1].remove()
            best = (crossings, text, box)
            if crossings == 0:
                break
        else:
            text.remove()
    return best


def _leader(ax: Any, anchor: tuple[float, float], box: Bbox, scale: float) -> None:
    """A thin line from ``anchor`` (data coordinates) to the nearest edge of a label's ``box`` (display), so a
    name set apart from its symbol still points at it."""
    x, y = ax.transData.transform(anchor)
    nearest = (min(max(x, box.x0), box.x1), min(max(y, box.y0), box.y1))
    if math.hypot(nearest[0] - x, nearest[1] - y) < LEADER_MIN_PT * scale:
        return
    ends = ax.transData.inverted().transform([(x, y), nearest])
    ax.plot(ends[:, 0], ends[:, 1], color=LEADER_COLOR, linewidth=LEADER_WIDTH, zorder=8.5,
            solid_capstyle="butt")


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
    shown = [(*ax.transData.transform((x, y)), r * scale) for x, y, r in symbols]
    taken = list(furniture) + [Bbox.from_extents(x - r, y - r, x + r, y + r) for x, y, r in shown]
    board = _Board(ax, renderer, ax.get_window_extent(renderer), taken, lines, margin, margin * scale)
    for request in sorted(requests, key=lambda r: -r.priority):
        best = None
        if request.around and request.anchors:
            own = request.clearance
            _clear_of_symbols(ax, request, shown, scale)
            # Close to its own symbol first (a name far out reads as another place's), then clear of the cluster.
            wide, request.clearance = request.clearance, min(request.clearance, own + NEAR_WIDENING_PT)
            best = _best_spot(board, request)
            request.clearance = wide
            best = best or _best_spot(board, request)
            if best is not None:
                _leader(ax, best[1].xy, best[2], scale)
        best = best or _best_spot(board, request)
        if best is None:
            result.dropped.append(request.text)
        else:
            result.placed.append(request.text)
            taken.append(best[2])
            result.boxes.append(best[2])
    return result


def densified_display(ax: Any, geometries: Iterable[BaseGeometry], step_pt: float = 4.0) -> np.ndarray:
    """Vertices every few points along every line, in display coordinates (for the label placer)."""
    chunks = []
    for geometry in geometries:
        for coords in line_parts(geometry):
            shown = ax.transData.transform(coords)
            for a, b in itertools.pairwise(shown):
                count = max(int(np.hypot(*(b - a)) / (step_pt * ax.figure.dpi / 72)), 1)
                chunks.append(a + np.outer(np.linspace(0, 1, count, endpoint=False), b - a))
    return np.concatenate(chunks) if chunks else np.empty((0, 2))
