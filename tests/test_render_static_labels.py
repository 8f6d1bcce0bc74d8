"""The label placer on a bare axes: priorities decide collisions, symbols are kept clear."""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.transforms import Bbox

from idlibmap.render.static import LabelRequest, place_labels

NO_LINES = np.empty((0, 2))


def bare_axes(inches: float) -> tuple[Any, Any]:
    """A square axes filling a 72-dpi figure, 0–10 on both axes, and its renderer."""
    figure = Figure(figsize=(inches, inches), dpi=72)
    canvas = FigureCanvasAgg(figure)
    ax = figure.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, 10)
    ax.set_ylim(0, 10)
    return ax, canvas.get_renderer()


def test_the_less_important_of_two_colliding_labels_is_dropped():
    ax, renderer = bare_axes(2)
    requests = [LabelRequest("minor label", [(5, 5)], 10, centre=True, around=False),
                LabelRequest("MAJOR LABEL", [(5, 5)], 90, centre=True, around=False),
                LabelRequest("far away", [(5, 1)], 5, centre=True, around=False)]
    result = place_labels(ax, requests, [], [], NO_LINES, renderer)
    assert result.placed == ["MAJOR LABEL", "far away"] and result.dropped == ["minor label"]


def test_a_label_moves_around_its_symbol_rather_than_cover_it():
    ax, renderer = bare_axes(3)
    # A big symbol at the anchor and a taken box to its right: the label goes elsewhere, clear of both.
    blocker = ax.transData.transform_bbox(Bbox.from_extents(5.5, 4, 10, 6))
    result = place_labels(ax, [LabelRequest("Town", [(5, 5)], 50, clearance=2)], [blocker], [(5, 5, 12)], NO_LINES,
                          renderer)
    assert result.placed == ["Town"]
    box = result.boxes[0]
    assert not box.overlaps(blocker)
    cx, cy = ax.transData.transform((5, 5))
    assert not (box.x0 < cx < box.x1 and box.y0 < cy < box.y1)
