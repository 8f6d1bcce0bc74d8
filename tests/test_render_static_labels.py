"""The label placer on a bare axes: priorities decide collisions, symbols are kept clear."""

from __future__ import annotations

import matplotlib
import matplotlib.backends.backend_agg
import numpy as np
from matplotlib.figure import Figure

from idlibmap.render.static import LabelRequest, place_labels


def test_the_less_important_of_two_colliding_labels_is_dropped():
    figure = Figure(figsize=(2, 2), dpi=72)
    canvas = matplotlib.backends.backend_agg.FigureCanvasAgg(figure)
    ax = figure.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, 10)
    ax.set_ylim(0, 10)
    requests = [LabelRequest("minor label", [(5, 5)], 10, centre=True, around=False),
                LabelRequest("MAJOR LABEL", [(5, 5)], 90, centre=True, around=False),
                LabelRequest("far away", [(5, 1)], 5, centre=True, around=False)]
    result = place_labels(ax, requests, [], [], np.empty((0, 2)), canvas.get_renderer())
    assert result.placed == ["MAJOR LABEL", "far away"] and result.dropped == ["minor label"]


def test_a_label_moves_around_its_symbol_rather_than_cover_it():
    figure = Figure(figsize=(3, 3), dpi=72)
    canvas = matplotlib.backends.backend_agg.FigureCanvasAgg(figure)
    ax = figure.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, 10)
    ax.set_ylim(0, 10)
    # A big symbol at the anchor and a taken box to its right: the label goes elsewhere, clear of both.
    blocker = ax.transData.transform_bbox(matplotlib.transforms.Bbox.from_extents(5.5, 4, 10, 6))
    result = place_labels(ax, [LabelRequest("Town", [(5, 5)], 50, clearance=2)], [blocker], [(5, 5, 12)],
                          np.empty((0, 2)), canvas.get_renderer())
    assert result.placed == ["Town"]
    box = result.boxes[0]
    assert not box.overlaps(blocker)
    cx, cy = ax.transData.transform((5, 5))
    assert not (box.x0 < cx < box.x1 and box.y0 < cy < box.y1)
