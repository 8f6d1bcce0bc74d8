"""The basemap: sea, land, the story's countries, and the country names the HTML map shows."""

from __future__ import annotations

from typing import Any

from matplotlib.patches import PathPatch
from matplotlib.path import Path as MplPath

from ... import styles
from ...model import MapModel
from .frame import Frame, in_metres, projected
from .labels import LabelRequest
from .symbols import polygon_path


def add_fixed(ax: Any, patch: Any) -> None:
    """Add a patch without growing the axes' limits (set already; recomputing them is slow on big shapes)."""
    patch.set_clip_path(ax.patch)
    ax.add_artist(patch)


def draw_basemap(ax: Any, model: MapModel, linewidth: float) -> None:
    colors = styles.BASEMAP
    ax.set_facecolor(colors["sea"])
    shapes = projected(model.basemap.geometry)
    for highlight, fill in ((False, colors["land"]), (True, colors["highlight"])):
        paths = [path for g, h in zip(shapes, model.basemap["highlight"], strict=True)
                 if bool(h) == highlight and (path := polygon_path(g)) is not None]
        if paths:
            add_fixed(ax, PathPatch(MplPath.make_compound_path(*paths), facecolor=fill, edgecolor=colors["border"],
                                    linewidth=linewidth, zorder=1))


def _country_name(row: dict[str, Any], x: float, y: float, font: float) -> LabelRequest:
    """A basemap row's name as a label request; reads the row's name, highlight and min_zoom."""
    highlight = bool(row["highlight"])
    min_zoom = float(row.get("min_zoom") or 0)
    return LabelRequest(
        str(row["name"]).upper(), [(x, y)], 30 if highlight else 20 - min_zoom, centre=True, around=False,
        style={"fontsize": font * 0.85, "color": "#6b5a3e" if highlight else "#8a847a",
               "fontweight": "bold" if highlight else "normal"})


def _shown_at(row: dict[str, Any], zoom: float, detail: bool, detailed: set[str], highlighted_only: bool) -> bool:
    """Whether the HTML map shows this basemap label at ``zoom``."""
    if (row["placement"] == "detail") != (detail and row["iso_a2"] in detailed):
        return False
    if highlighted_only and not bool(row["highlight"]):
        return False
    return zoom >= float(row.get("min_zoom") or 0) - 0.5


def basemap_label_requests(model: MapModel, frame: Frame, zoom: float, font: float, detail: bool,
                           highlighted_only: bool = False) -> list[LabelRequest]:
    """Country names from the basemap, as the HTML shows them at this zoom (detail spots when zoomed in)."""
    labels = model.basemap_labels
    detailed = set(labels.loc[labels["placement"] == "detail", "iso_a2"]) if detail else set()
    rows = [row for row in labels.to_dict("records") if _shown_at(row, zoom, detail, detailed, highlighted_only)]
    spots = in_metres((row["geometry"].x, row["geometry"].y) for row in rows)
    return [_country_name(row, x, y, font) for row, (x, y) in zip(rows, spots, strict=True) if frame.contains(x, y)]
