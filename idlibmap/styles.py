"""Colours, symbols and line styles shared by every renderer.

Point kinds and line styles named here are the only ones a story may use; the
story loader rejects others. Symbol shapes are simple names (circle, square,
...) that the HTML renderer draws as SVG and a static renderer can map to
matplotlib markers.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class PointStyle:
    """How a point kind is drawn."""

    label: str
    shape: str  # circle | square | diamond | triangle | triangle-down | star | cross
    fill: str
    stroke: str = "#ffffff"
    size: int = 18  # pixels


@dataclass(frozen=True)
class LineStyle:
    """How a line style is drawn."""

    label: str
    color: str
    weight: float  # pixels
    dash: str | None = None  # SVG dash array, None for solid
    opacity: float = 0.9
    curved: bool = False  # a two-stop line drawn as a gentle arc (links between far-apart places)
    label_priority: int = 80  # when labels collide the higher wins; from ESSENTIAL_LABEL up a label may cover symbols


POINT_KINDS: dict[str, PointStyle] = {
    "observation-post": PointStyle("Observation post", "square", "#c8102e", size=16),
    "military-post": PointStyle("Military post", "square", "#7a1f2b", size=14),
    "strike": PointStyle("Strike", "star", "#e66100", stroke="#5a2500", size=22),
    "clash": PointStyle("Fighting", "cross", "#a50f15", size=18),
    "aircraft-down": PointStyle("Aircraft shot down", "triangle-down", "#252525", size=18),
    "crossing": PointStyle("Border crossing", "diamond", "#5e3c99", size=18),
    "camp": PointStyle("Displacement camp", "triangle", "#1b7837", size=18),
    "event": PointStyle("Event", "circle", "#4d4d4d", size=14),
}

PLACE_KINDS = ("place", "region")  # a region is named with a text label, not a dot

PLACE = PointStyle("Place", "circle", "#303030", size=10)
CAPITAL = PointStyle("Capital", "circle-ring", "#303030", size=14)

LINE_STYLES: dict[str, LineStyle] = {
    "front": LineStyle("Line of contact", "#b2182b", 4.0, label_priority=90),
    "road": LineStyle("Highway", "#6b6b6b", 3.0, opacity=0.8),
    "route": LineStyle("Route", "#2166ac", 2.5),
    "link": LineStyle("Link", "#1a9850", 2.0, dash="2 6"),
    "diplomacy": LineStyle("Diplomatic link", "#6a3d9a", 2.5, dash="1 7", curved=True),
    "historical": LineStyle("Historical route", "#2166ac", 5.0, dash="10 8", opacity=0.3),
}
BORDER = LineStyle("Border (Natural Earth)", "#542788", 3.5)
APPROXIMATE_DASH = "8 7"

# Where symbols drawn at one spot go, in order (the first keeps the spot), in symbol widths with y up;
# each renderer spaces them by STEP_ASIDE_SPACING of a symbol's width.
STEP_ASIDE = ((0, 0), (-1, 0), (0, 1), (0, -1), (-1, 1), (-1, -1), (-2, 0))
STEP_ASIDE_SPACING = 0.85

ESSENTIAL_LABEL = 90  # front lines (90) and flow numbers (100): shown even where only symbols leave room

FLOW_COLOR = "#0571b0"
FLOW_MIN_WIDTH = 2.5  # pixels, for the smallest flow
FLOW_MAX_WIDTH = 18.0  # pixels, for the largest flow in the story

AREA_FILL = "#fdb863"
AREA_STROKE = "#b35806"

BASEMAP = {
    "sea": "#c9dcea",
    "land": "#f2efe9",
    "highlight": "#e9dcc0",
    "border": "#9c968c",
    "label": "#5f5b55",
}


def flow_width(people: int, largest: int) -> float:
    """Arrow width in pixels: area-true (square-root) scale between the min and max widths."""
    if largest <= 0:
        return FLOW_MIN_WIDTH
    share = (max(people, 0) / largest) ** 0.5
    return round(FLOW_MIN_WIDTH + share * (FLOW_MAX_WIDTH - FLOW_MIN_WIDTH), 2)


def style_table() -> dict[str, object]:
    """Every style as plain data, for the renderers' JavaScript."""
    return {
        "points": {kind: asdict(style) for kind, style in POINT_KINDS.items()},
        "place": asdict(PLACE),
        "capital": asdict(CAPITAL),
        "lines": {name: asdict(style) for name, style in LINE_STYLES.items()},
        "border": asdict(BORDER),
        "approximateDash": APPROXIMATE_DASH,
        "stepAside": [list(step) for step in STEP_ASIDE],
        "stepAsideSpacing": STEP_ASIDE_SPACING,
        "essentialLabel": ESSENTIAL_LABEL,
        "flow": {"color": FLOW_COLOR},
        "area": {"fill": AREA_FILL, "stroke": AREA_STROKE},
        "basemap": BASEMAP,
    }
