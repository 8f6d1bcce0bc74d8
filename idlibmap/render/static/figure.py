"""The figure's layout at a page size: title, main map with scale bar and north arrow, locator inset,
legend, and a two-line credit.

The figure is drawn at the size it is printed (a size preset of :data:`idlibmap.options.SIZES`), so
its text sizes are the printed ones: :mod:`.text` keeps every text at 7 pt or more. Wide pages put
the inset and the legend in a column beside the map; tall pages and newspaper columns put them under
it (a column's map is as tall as it needs). The legend takes the largest font that fits, and more
columns where there is width. Labels are placed once, at ``LAYOUT_DPI``, whatever the output's resolution.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Polygon, Rectangle
from matplotlib.transforms import Affine2D, Bbox, ScaledTranslation

from ...model import MapModel
from ...options import DEFAULT_SIZE, SIZES, PageSize
from ..alt_text import alt_text_from_model
from ..credits import credit_lines
from .basemap import basemap_label_requests, draw_basemap
from .features import MapDrawing, draw_layers
from .frame import Frame, leaflet_zoom
from .labels import Placement, densified_display, place_labels
from .legend import LegendLayout, draw_legend, legend_layout
from .text import FONT_FAMILY, MIN_TEXT_PT, MUTED, TEXT_COLOR, TextMeasure, draw_text

if TYPE_CHECKING:
    from matplotlib.typing import RcKeyType

LAYOUT_DPI = 72  # labels are placed once at this resolution, whatever the output dpi

# Settings for every figure; applied with rc_context so no global state is changed.
RC: dict[RcKeyType, Any] = {
    "font.family": FONT_FAMILY,
    "svg.fonttype": "none",  # real, selectable text in SVG
    "svg.hashsalt": "idlibmap",  # stable clip-path ids
    "pdf.fonttype": 42,  # TrueType: text stays text in PDF
    "lines.scale_dashes": False,  # dash lengths in points, as in the HTML
    "path.simplify": True,
}

# Text sizes in points.
MAP_FONT = 8.5  # labels on the main map (the smallest kinds are 0.85 of it: 7.2 pt)
INSET_FONT = MIN_TEXT_PT
CREDIT_FONT = MIN_TEXT_PT
AS_OF_FONT = 9.0
LEGEND_FONTS = (9.0, 8.5, 8.0, 7.5, 7.0)  # the largest that fits is taken
INSET_CAPTION = "Overview: every feature of the story; the red frame is the main map"

# Lengths in inches.
GAP = 0.2  # between the map and the side column, and between blocks
MIN_INSET_HEIGHT = 1.1

FRAME_COLOR = "#c8102e"  # the main map's outline in the locator inset


@dataclass
class StaticMap:
    """A drawn figure and what its label placer did."""

    figure: Figure
    placed: list[str]
    dropped: list[str]
    alt_text: str
    axes: dict[str, Any] = field(default_factory=dict)  # main, inset, legend
    symbols: dict[str, list[tuple[float, float, float]]] = field(default_factory=dict)  # per map axes
    size: PageSize = SIZES[DEFAULT_SIZE]
    margin: float = 0.3  # inches


@dataclass(frozen=True)
class Box:
    """A rectangle on the figure in inches, from its top-left corner."""

    left: float
    top: float
    width: float
    height: float


@dataclass
class Layout:
    """Where each part of the figure goes, worked out from measured text before anything is drawn."""

    width: float  # inches
    height: float
    margin: float
    title_lines: list[str]
    title_font: float
    main: Box
    inset: Box | None
    legend_box: Box
    legend: LegendLayout
    credit: list[str]

    @property
    def total(self) -> tuple[float, float]:
        return (self.width, self.height)


@dataclass(frozen=True)
class _Frame:
    """The measured parts every arrangement shares: margins, heading and credit."""

    width: float
    margin: float
    title_lines: list[str]
    title_font: float
    heading: float  # inches: title, "as of" line and the gap under them
    credit: list[str]
    credit_height: float

    @property
    def inner(self) -> float:
        return self.width - 2 * self.margin

    @property
    def body_top(self) -> float:
        return self.margin + self.heading


def _frame(model: MapModel, width: float, measure: TextMeasure, sources_file: str | None) -> _Frame:
    margin = 0.3 if width >= 7.5 else 0.2 if width >= 5 else 0.15
    title_font = 15.0 if width >= 10 else 13.0 if width >= 6 else 11.0
    title_lines = measure.wrap(model.title, (width - 2 * margin) * 72, title_font, "bold")
    heading = (len(title_lines) * title_font * 1.25 + AS_OF_FONT * 1.4) / 72 + 0.12
    credit = credit_lines(model, lambda text: measure.width(text, CREDIT_FONT) <= (width - 2 * margin) * 72 * 0.97,
                          sources_file)
    return _Frame(width, margin, title_lines, title_font, heading, credit, len(credit) * CREDIT_FONT * 1.3 / 72 + 0.12)


def _fitting_legend(model: MapModel, measure: TextMeasure, width: float, room: float,
                    columns: int = 1) -> LegendLayout | None:
    """The legend at the largest font whose layout fits ``room`` inches tall, if any."""
    for font in LEGEND_FONTS:
        legend = legend_layout(model.legend_groups(), width * 72, measure, font, columns)
        if legend.height / 72 <= room:
            return legend
    return None


# Side arrangements to try, in order: the side column's share of the width, the legend's columns and the
# inset's height as a share of the column's width (0: no inset). The inset shrinks before the legend's
# text gets small; a long legend takes two columns in a wider side column, and the inset goes last.
SIDE_ARRANGEMENTS = ((0.3, 1, 0.72), (0.3, 1, 0.6), (0.3, 1, 0.5), (0.3, 1, 0.4), (0.42, 2, 0.55),
                     (0.42, 2, 0.42), (0.42, 2, 0.3), (0.42, 2, 0.0))


def _side_layout(model: MapModel, frame: _Frame, height: float, measure: TextMeasure) -> Layout:
    """Map on the left; inset, then legend, in a column on the right."""
    body = height - frame.body_top - frame.credit_height - GAP / 2 - frame.margin * 0.6
    legend: LegendLayout | None = None
    for share, columns, inset_share in SIDE_ARRANGEMENTS:
        side = min(max(frame.inner * share, 2.3), 3.4 * columns)
        inset_height = max(side * inset_share, MIN_INSET_HEIGHT) if inset_share else 0.0
        caption = _caption_height(measure, side) if inset_share else 0.0
        legend = _fitting_legend(model, measure, side, body - inset_height - caption, columns)
        if legend is not None:
            break
    if legend is None:  # nothing fits: the smallest legend, in the last arrangement
        legend = legend_layout(model.legend_groups(), side * 72, measure, LEGEND_FONTS[-1], columns)
    left = frame.margin + frame.inner - side
    legend_top = frame.body_top + inset_height + caption
    return Layout(frame.width, height, frame.margin, frame.title_lines, frame.title_font,
                  Box(frame.margin, frame.body_top, frame.inner - side - GAP, body),
                  Box(left, frame.body_top, side, inset_height) if inset_height else None,
                  Box(left, legend_top, side, frame.body_top + body - legend_top), legend, frame.credit)


def _caption_height(measure: TextMeasure, width: float) -> float:
    """The inset's caption under it, wrapped to its width, and a gap."""
    return len(measure.wrap(INSET_CAPTION, width * 72, MIN_TEXT_PT)) * MIN_TEXT_PT * 1.25 / 72 + 0.1 + GAP / 2


def _stacked_layout(model: MapModel, frame: _Frame, height: float | None, measure: TextMeasure) -> Layout:
    """Map across the page; under it the inset and the legend side by side, or one above the other in a
    narrow column. With no ``height`` the figure is as tall as its parts."""
    inner = frame.inner
    view = Frame.around(model.view_bounds, 1.0, pad=0.0)
    narrow = inner < 5
    # Map height / width: the view's, within limits; a narrow column's map is taller, for room for labels.
    aspect = 1.25 if narrow else min(max((view.y1 - view.y0) / max(view.x1 - view.x0, 1.0), 0.8), 1.15)
    inset_width = inner if narrow else inner * 0.36
    inset_height = inset_width * (0.5 if narrow else 0.75)
    legend_width = inner if narrow else inner - inset_width - GAP
    columns = 1 if legend_width < 4 else 2
    # On a page, the largest legend font that leaves the map at least two thirds as tall as it is wide.
    caption = _caption_height(measure, inset_width)
    for font in LEGEND_FONTS if height is not None else (LEGEND_FONTS[1],):
        legend = legend_layout(model.legend_groups(), legend_width * 72, measure, font, columns)
        band = _band_height(narrow, inset_height + caption, legend)
        if height is None or height - frame.body_top - band - frame.credit_height - 1.5 * GAP - frame.margin * 0.6 \
                >= inner * 0.66:
            break
    if height is None:
        map_height = inner * aspect
        height = frame.body_top + map_height + band + frame.credit_height + 1.5 * GAP + frame.margin * 0.6
    else:
        map_height = height - frame.body_top - band - frame.credit_height - 1.5 * GAP - frame.margin * 0.6
    band_top = frame.body_top + map_height + GAP
    inset = Box(frame.margin, band_top, inset_width, inset_height)
    if narrow:
        legend_box = Box(frame.margin, band_top + inset_height + caption, inner, legend.height / 72)
    else:
        legend_box = Box(frame.margin + inset_width + GAP, band_top, legend_width, legend.height / 72)
    return Layout(frame.width, height, frame.margin, frame.title_lines, frame.title_font,
                  Box(frame.margin, frame.body_top, inner, map_height), inset, legend_box, legend, frame.credit)


def _band_height(narrow: bool, inset: float, legend: LegendLayout) -> float:
    """The height under the map: the inset with its caption, and the legend beside or under it."""
    return inset + legend.height / 72 if narrow else max(inset, legend.height / 72)


def layout_for(model: MapModel, size: PageSize, sources_file: str | None = None) -> Layout:
    """The figure's layout for ``model`` at ``size``."""
    measure = TextMeasure(_renderer(Figure(dpi=LAYOUT_DPI)))
    width, height = size.inches
    frame = _frame(model, width, measure, sources_file)
    if height is not None and width / height > 1.15:
        return _side_layout(model, frame, height, measure)
    return _stacked_layout(model, frame, height, measure)


def _renderer(figure: Figure) -> Any:
    """The Agg renderer of ``figure`` (its canvas created if it has none)."""
    canvas = figure.canvas if isinstance(figure.canvas, FigureCanvasAgg) else FigureCanvasAgg(figure)
    return canvas.get_renderer()  # type: ignore[no-untyped-call]


def _points_axes(figure: Figure, box: Box, total: tuple[float, float]) -> Any:
    """An axes over ``box``, whose data units are points, y down."""
    fig_w, fig_h = total
    ax = figure.add_axes((box.left / fig_w, 1 - (box.top + box.height) / fig_h, box.width / fig_w, box.height / fig_h))
    ax.set_xlim(0, box.width * 72)
    ax.set_ylim(box.height * 72, 0)
    ax.set_axis_off()
    return ax


def _map_axes(figure: Figure, box: Box, total: tuple[float, float], frame: Frame) -> Any:
    fig_w, fig_h = total
    ax = figure.add_axes((box.left / fig_w, 1 - (box.top + box.height) / fig_h, box.width / fig_w, box.height / fig_h))
    ax.set_xlim(frame.x0, frame.x1)
    ax.set_ylim(frame.y0, frame.y1)
    ax.set_aspect("auto")
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_edgecolor("#777777")
        spine.set_linewidth(0.8)
    return ax


# --------------------------------------------------------------------------- furniture

def nice_distance(metres: float) -> float:
    """The largest 1, 2 or 5 × 10^n metres not above ``metres``."""
    power: float = 10 ** math.floor(math.log10(metres))
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
    texts = [draw_text(ax, x0, y0 + height * 1.8, "0", ha="center", va="bottom", fontsize=font, zorder=11),
             draw_text(ax, x0 + bar, y0 + height * 1.8, unit, ha="center", va="bottom", fontsize=font, zorder=11)]
    renderer = _renderer(ax.figure)
    box = Bbox.union([ax.transData.transform_bbox(Bbox.from_extents(x0, y0, x0 + bar, y0 + height)),
                      *(t.get_window_extent(renderer) for t in texts)])
    back = ax.transData.inverted().transform_bbox(box.padded(4))
    ax.add_patch(Rectangle((back.x0, back.y0), back.width, back.height, facecolor="white", alpha=0.8,
                           edgecolor="none", zorder=10.5))
    padded: Bbox = box.padded(4)
    return padded


def draw_north_arrow(ax: Any, font: float) -> Bbox:
    """A north arrow in the upper left corner (north is up in Web Mercator), a fixed distance in points from
    the corner whatever the map's size; returns its box."""
    at = ScaledTranslation(16 / 72, -36 / 72, ax.figure.dpi_scale_trans)  # from the axes' top-left corner
    ax.add_patch(Polygon([(0, 12), (6, -6), (0, -2), (-6, -6)], closed=True, facecolor="#222222",
                         edgecolor="white", linewidth=0.8,
                         transform=Affine2D().scale(1 / 72) + ax.figure.dpi_scale_trans
                         + ScaledTranslation(0, 1, ax.transAxes) + at, zorder=11))
    above = ScaledTranslation(0, 15 / 72, ax.figure.dpi_scale_trans)
    text = draw_text(ax, 0, 1, "N", transform=ax.transAxes + at + above, ha="center", va="bottom",
                     fontsize=font * 1.1, fontweight="bold", zorder=11)
    renderer = _renderer(ax.figure)
    cx, cy = (ax.transAxes + at).transform((0, 1))
    k = ax.figure.dpi / 72
    box: Bbox = Bbox.union([Bbox.from_extents(cx - 8 * k, cy - 8 * k, cx + 8 * k, cy + 14 * k),
                            text.get_window_extent(renderer)]).padded(2 * k)
    return box


# --------------------------------------------------------------------------- the parts of the figure

def _draw_heading(figure: Figure, model: MapModel, layout: Layout) -> None:
    width, height = layout.total
    draw_text(figure, layout.margin / width, 1 - layout.margin / height, "\n".join(layout.title_lines), ha="left",
              va="top", fontsize=layout.title_font, fontweight="bold", color=TEXT_COLOR, linespacing=1.25)
    below = layout.margin + len(layout.title_lines) * layout.title_font * 1.25 / 72 + 0.04
    draw_text(figure, layout.margin / width, 1 - below / height, model.as_of_text(), ha="left", va="top",
              fontsize=AS_OF_FONT, color=MUTED)


def _draw_main_map(figure: Figure, model: MapModel, layout: Layout, frame: Frame) -> tuple[Any, MapDrawing,
                                                                                           Placement]:
    """The main map, framed on the story's view, with its furniture and labels."""
    main = _map_axes(figure, layout.main, layout.total, frame)
    draw_basemap(main, model, 0.6)
    scale = 1.0 if layout.main.width >= 5 else 0.75  # symbols a little smaller on a column's small map
    drawing = draw_layers(main, model.layers, scale, frame, font=MAP_FONT)
    zoom = leaflet_zoom(frame, layout.main.width)
    requests = drawing.labels + basemap_label_requests(main, model, frame, zoom, MAP_FONT)
    furniture = [draw_scale_bar(main, frame, MIN_TEXT_PT), draw_north_arrow(main, 8.0)]
    placed = place_labels(main, requests, furniture, drawing.obstacles, densified_display(main, drawing.lines),
                          _renderer(figure))
    return main, drawing, placed


def _draw_inset(figure: Figure, model: MapModel, layout: Layout, box: Box, main_frame: Frame) -> tuple[
        Any, MapDrawing, Placement]:
    """The locator inset: every feature of the story, the main map's frame outlined in red."""
    aspect = box.width / box.height
    data_frame = Frame.around(model.data_bounds, aspect, pad=0.08).holding(main_frame, aspect)
    inset = _map_axes(figure, box, layout.total, data_frame)
    draw_basemap(inset, model, 0.3)
    drawing = draw_layers(inset, model.layers, 0.45, data_frame, labels_outside=main_frame, font=INSET_FONT)
    inset.add_patch(Rectangle((main_frame.x0, main_frame.y0), main_frame.x1 - main_frame.x0,
                              main_frame.y1 - main_frame.y0, fill=False, edgecolor=FRAME_COLOR, linewidth=1.2,
                              zorder=8))
    frame_box = inset.transData.transform_bbox(Bbox.from_extents(main_frame.x0, main_frame.y0, main_frame.x1,
                                                                  main_frame.y1))
    zoom = leaflet_zoom(data_frame, box.width)
    requests = drawing.labels + basemap_label_requests(inset, model, data_frame, zoom, INSET_FONT,
                                                       highlighted_only=True)
    placed = place_labels(inset, requests, [frame_box], drawing.obstacles, densified_display(inset, drawing.lines),
                          _renderer(figure), margin=1.5)
    width, height = layout.total
    caption = TextMeasure(_renderer(figure)).wrap(INSET_CAPTION, box.width * 72, MIN_TEXT_PT)
    draw_text(figure, box.left / width, 1 - (box.top + box.height + 0.05) / height, "\n".join(caption),
              ha="left", va="top", fontsize=MIN_TEXT_PT, color=MUTED, linespacing=1.25)
    return inset, drawing, placed


def _draw_credit(figure: Figure, layout: Layout) -> None:
    width, height = layout.total
    draw_text(figure, layout.margin / width, (layout.margin * 0.6) / height, "\n".join(layout.credit), ha="left",
              va="bottom", fontsize=CREDIT_FONT, color=MUTED, linespacing=1.3)


def draw_static_map(model: MapModel, size: PageSize | None = None, sources_file: str | None = None) -> StaticMap:
    """Lay out and draw the whole figure for ``model`` at ``size`` (call inside ``matplotlib.rc_context(RC)``).

    ``sources_file`` names the file with the full list of sources, for the credit to point to.
    """
    size = size or SIZES[DEFAULT_SIZE]
    layout = layout_for(model, size, sources_file)
    figure = Figure(figsize=layout.total, dpi=LAYOUT_DPI, facecolor="white")
    FigureCanvasAgg(figure)
    _draw_heading(figure, model, layout)
    main_frame = Frame.around(model.view_bounds, layout.main.width / layout.main.height, pad=0.02)
    main, drawing, placed = _draw_main_map(figure, model, layout, main_frame)
    axes: dict[str, Any] = {"main": main}
    symbols = {"main": drawing.obstacles}
    placed_names, dropped = placed.placed, placed.dropped
    if layout.inset is not None:
        inset, inset_drawing, inset_placed = _draw_inset(figure, model, layout, layout.inset, main_frame)
        axes["inset"], symbols["inset"] = inset, inset_drawing.obstacles
        placed_names, dropped = placed_names + inset_placed.placed, dropped + inset_placed.dropped
    axes["legend"] = _points_axes(figure, layout.legend_box, layout.total)
    draw_legend(axes["legend"], layout.legend)
    _draw_credit(figure, layout)
    return StaticMap(figure, placed_names, dropped, alt_text_from_model(model), axes, symbols, size, layout.margin)
