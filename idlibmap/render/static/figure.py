"""The figure's layout: title, main map with scale bar and north arrow, locator inset, legend, sources.

The main map is framed on the story's view; the inset shows every feature, with the main map's
frame drawn on it; the legend fills the column under the inset, its font shrinking until it fits.
Labels are placed once, at ``LAYOUT_DPI``, whatever the output's resolution.
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
from ..alt_text import alt_text_from_model
from .basemap import basemap_label_requests, draw_basemap
from .features import MapDrawing, draw_layers
from .frame import Frame, leaflet_zoom
from .labels import Placement, densified_display, place_labels
from .legend import LegendLayout, draw_legend, legend_layout
from .text import FONT_FAMILY, MUTED, TEXT_COLOR, TextMeasure, draw_text

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

# Layout in inches.
MARGIN = 0.3
MAP_SIZE = 6.4
GAP = 0.25
SIDE_WIDTH = 3.35
INSET_HEIGHT = 2.5
LEGEND_TOP = INSET_HEIGHT + 0.35  # below the inset and its caption
LEGEND_FONTS = (8.5, 8.0, 7.5, 7.0, 6.5)  # the largest that fits is taken

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


@dataclass
class _Layout:
    """Sizes in inches of the figure's parts, worked out from measured text before anything is drawn."""

    title_lines: list[str]
    title_height: float
    sources: list[str]
    legend: LegendLayout
    body: float  # the main map's height (and the side column's)
    width: float = MARGIN * 2 + MAP_SIZE + GAP + SIDE_WIDTH

    @property
    def height(self) -> float:
        return MARGIN + self.title_height + self.body + 0.2 + self.sources_height + MARGIN * 0.6

    @property
    def sources_height(self) -> float:
        return len(self.sources) * 6.5 * 1.3 / 72 + 0.15

    @property
    def top(self) -> float:
        """The top of the main map and of the inset."""
        return MARGIN + self.title_height

    @property
    def side_left(self) -> float:
        return MARGIN + MAP_SIZE + GAP

    @property
    def total(self) -> tuple[float, float]:
        return (self.width, self.height)


def source_line(model: MapModel) -> str:
    names = "; ".join(source["name"] for source in model.sources)
    return (f"Sources: {names}. Places: GeoNames (CC BY 4.0). Country shapes: Natural Earth (public domain). "
            "Dashed lines and rings mark approximate positions. Made with idlibmap.")


def _layout(model: MapModel) -> _Layout:
    measure = TextMeasure(_renderer(Figure(dpi=LAYOUT_DPI)))
    inner = (MARGIN * 2 + MAP_SIZE + GAP + SIDE_WIDTH) - 2 * MARGIN
    title_lines = measure.wrap(model.title, inner * 72, 14, "bold")
    sources = measure.wrap(source_line(model), inner * 72, 6.5)
    legend_entries = model.legend_groups()
    for font in LEGEND_FONTS:
        legend = legend_layout(legend_entries, SIDE_WIDTH * 72, measure, font)
        if legend.height / 72 <= MAP_SIZE - LEGEND_TOP:
            break
    body = max(MAP_SIZE, LEGEND_TOP + legend.height / 72)
    return _Layout(title_lines, len(title_lines) * 14 * 1.25 / 72 + 0.3, sources, legend, body)


def _renderer(figure: Figure) -> Any:
    """The Agg renderer of ``figure`` (its canvas created if it has none)."""
    canvas = figure.canvas if isinstance(figure.canvas, FigureCanvasAgg) else FigureCanvasAgg(figure)
    return canvas.get_renderer()  # type: ignore[no-untyped-call]


def _points_axes(figure: Figure, left: float, top: float, width: float, height: float,
                 total: tuple[float, float]) -> Any:
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
    """A north arrow in the upper left corner (north is up in Web Mercator); returns its box."""
    x, y = 0.045, 0.93
    ax.add_patch(Polygon([(0, 12), (6, -6), (0, -2), (-6, -6)], closed=True, facecolor="#222222",
                         edgecolor="white", linewidth=0.8,
                         transform=Affine2D().scale(1 / 72) + ax.figure.dpi_scale_trans
                         + ScaledTranslation(x, y, ax.transAxes), zorder=11))
    text = draw_text(ax, x, y, "N", transform=ax.transAxes + ScaledTranslation(0, 15 / 72, ax.figure.dpi_scale_trans),
                     ha="center", va="bottom", fontsize=font * 1.1, fontweight="bold", zorder=11)
    renderer = _renderer(ax.figure)
    cx, cy = ax.transAxes.transform((x, y))
    k = ax.figure.dpi / 72
    box: Bbox = Bbox.union([Bbox.from_extents(cx - 8 * k, cy - 8 * k, cx + 8 * k, cy + 14 * k),
                            text.get_window_extent(renderer)]).padded(2 * k)
    return box


# --------------------------------------------------------------------------- the parts of the figure

def _draw_heading(figure: Figure, model: MapModel, layout: _Layout) -> None:
    width, height = layout.total
    draw_text(figure, MARGIN / width, 1 - MARGIN / height, "\n".join(layout.title_lines), ha="left", va="top",
              fontsize=14, fontweight="bold", color=TEXT_COLOR, linespacing=1.25)
    draw_text(figure, MARGIN / width, 1 - (MARGIN + layout.title_height - 0.25) / height,
              model.as_of_text(), ha="left", va="top", fontsize=9, color=MUTED)


def _draw_main_map(figure: Figure, model: MapModel, layout: _Layout, frame: Frame) -> tuple[Any, MapDrawing,
                                                                                            Placement]:
    """The main map, framed on the story's view, with its furniture and labels."""
    main = _map_axes(figure, (MARGIN, layout.top, MAP_SIZE, layout.body), layout.total, frame)
    draw_basemap(main, model, 0.6)
    drawing = draw_layers(main, model.layers, 1.0, frame, font=8.0)
    zoom = leaflet_zoom(frame, MAP_SIZE)  # as wide as the page's first view on a laptop
    requests = drawing.labels + basemap_label_requests(main, model, frame, zoom, 8.0)
    furniture = [draw_scale_bar(main, frame, 7.0), draw_north_arrow(main, 8.0)]
    placed = place_labels(main, requests, furniture, drawing.obstacles, densified_display(main, drawing.lines),
                          _renderer(figure))
    return main, drawing, placed


def _draw_inset(figure: Figure, model: MapModel, layout: _Layout, main_frame: Frame) -> tuple[Any, MapDrawing,
                                                                                              Placement]:
    """The locator inset: every feature of the story, the main map's frame outlined in red."""
    aspect = SIDE_WIDTH / INSET_HEIGHT
    data_frame = Frame.around(model.data_bounds, aspect, pad=0.08).holding(main_frame, aspect)
    inset = _map_axes(figure, (layout.side_left, layout.top, SIDE_WIDTH, INSET_HEIGHT), layout.total, data_frame)
    draw_basemap(inset, model, 0.3)
    drawing = draw_layers(inset, model.layers, 0.45, data_frame, labels_outside=main_frame, font=6.0)
    inset.add_patch(Rectangle((main_frame.x0, main_frame.y0), main_frame.x1 - main_frame.x0,
                              main_frame.y1 - main_frame.y0, fill=False, edgecolor=FRAME_COLOR, linewidth=1.2,
                              zorder=8))
    frame_box = inset.transData.transform_bbox(Bbox.from_extents(main_frame.x0, main_frame.y0, main_frame.x1,
                                                                  main_frame.y1))
    zoom = leaflet_zoom(data_frame, SIDE_WIDTH)
    requests = drawing.labels + basemap_label_requests(inset, model, data_frame, zoom, 6.0, highlighted_only=True)
    placed = place_labels(inset, requests, [frame_box], drawing.obstacles, densified_display(inset, drawing.lines),
                          _renderer(figure), margin=1.5)
    width, height = layout.total
    draw_text(figure, (layout.side_left + 0.03) / width, 1 - (layout.top + INSET_HEIGHT + 0.04) / height,
              "Overview: every feature of the story; the red frame is the main map", ha="left", va="top",
              fontsize=6.5, color=MUTED)
    return inset, drawing, placed


def _draw_sources(figure: Figure, layout: _Layout) -> None:
    width, height = layout.total
    draw_text(figure, MARGIN / width, (MARGIN * 0.6) / height, "\n".join(layout.sources), ha="left", va="bottom",
              fontsize=6.5, color=MUTED, linespacing=1.3)


def draw_static_map(model: MapModel) -> StaticMap:
    """Lay out and draw the whole figure for ``model`` (call inside ``matplotlib.rc_context(RC)``)."""
    layout = _layout(model)
    figure = Figure(figsize=layout.total, dpi=LAYOUT_DPI, facecolor="white")
    FigureCanvasAgg(figure)
    _draw_heading(figure, model, layout)
    main_frame = Frame.around(model.view_bounds, MAP_SIZE / layout.body, pad=0.02)
    main, drawing, placed = _draw_main_map(figure, model, layout, main_frame)
    inset, inset_drawing, inset_placed = _draw_inset(figure, model, layout, main_frame)
    legend = _points_axes(figure, layout.side_left, layout.top + LEGEND_TOP, SIDE_WIDTH, layout.body - LEGEND_TOP,
                          layout.total)
    draw_legend(legend, layout.legend, SIDE_WIDTH * 72)
    _draw_sources(figure, layout)
    return StaticMap(figure, placed.placed + inset_placed.placed, placed.dropped + inset_placed.dropped,
                     alt_text_from_model(model), {"main": main, "inset": inset, "legend": legend},
                     {"main": drawing.obstacles, "inset": inset_drawing.obstacles})
