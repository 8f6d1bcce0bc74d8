"""The one source of style: colours, widths, dashes, symbols and label priorities for every renderer.

Point kinds and line styles named here are the only ones a story may use; the story loader
rejects others. Symbol shapes are simple names (circle, square, ...) that the page draws as SVG
and the static renderer as matplotlib paths. The page receives everything here as JSON
(:func:`style_table`) and as CSS custom properties (:func:`css_variables`); the static renderer
reads the same values, so changing a colour is a one-line change here.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class PointStyle:
    """How a point kind is drawn."""

    label: str
    shape: str  # circle | square | diamond | triangle | triangle-down | star | cross
    fill: str
    stroke: str = "#ffffff"
    size: int = 18  # pixels
    hollow: bool = False  # drawn as an outline in ``fill`` on a ``stroke``-coloured ground


@dataclass(frozen=True)
class LineStyle:
    """How a line style is drawn."""

    label: str
    color: str
    weight: float  # pixels
    dash: str | None = None  # SVG dash array, None for solid
    opacity: float = 0.9
    curved: bool = False  # a two-stop line drawn as a gentle arc (links between far-apart places)
    dashed_when_approximate: bool = True  # the front stays solid: the strongest line, approximate or not
    label_priority: int = 80  # when labels collide the higher wins; from ESSENTIAL_LABEL up a label may cover symbols


POINT_KINDS: dict[str, PointStyle] = {
    "observation-post": PointStyle("Observation post", "square", "#08519c", hollow=True, size=16),
    "observation-post-encircled": PointStyle("Observation post, encircled", "square", "#08519c", size=16),
    "contested": PointStyle("Contested town", "half", "#1a1a1a", size=16),
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
    "front": LineStyle("Front line (approximate)", "#1a1a1a", 3.5, label_priority=90, dashed_when_approximate=False),
    "road": LineStyle("Highway", "#6b6b6b", 3.0, opacity=0.8),
    "route": LineStyle("Route", "#2166ac", 2.5),
    "link": LineStyle("Link", "#1a9850", 2.0, dash="2 6"),
    "diplomacy": LineStyle("Diplomatic link", "#6a3d9a", 2.5, dash="1 7", curved=True),
    "historical": LineStyle("Historical route", "#2166ac", 5.0, dash="10 8", opacity=0.3),
}
BORDER = LineStyle("International border", "#8c8279", 1.5, opacity=0.9)  # quieter than any story line
APPROXIMATE_DASH = "8 7"

# Where symbols drawn at one spot go, in order (the first keeps the spot), in symbol widths with y up;
# each renderer spaces them by STEP_ASIDE_SPACING of a symbol's width.
STEP_ASIDE = ((0, 0), (-1, 0), (0, 1), (0, -1), (-1, 1), (-1, -1), (-2, 0))
STEP_ASIDE_SPACING = 0.85

# When two labels collide the higher priority wins. Line labels take their line style's priority.
LABEL_PRIORITY = {
    "flow": 100,  # the numbers on the flow arrows
    "stock": 95,  # the number a stock circle stands for
    "country": 48,  # a country the story names: placed after its places, moving over its land to find room
    "capital": 60,
    "place": 50,
    "region": 45,  # a region named with italic text
}
ESSENTIAL_LABEL = 90  # front lines (90) and flow numbers (100): shown even where only symbols leave room
MINOR_LABEL = 50  # labels below this never cover a symbol

# Text colours of the labels drawn on the map (the panels' own colours live in the page's stylesheet).
TEXT = {
    "place": "#1d1d1d",
    "flow": "#034e7b",
    "country": "#4a3b28",
    "region": "#7a5c2e",
    "muted": "#555555",
}
# A thin line from a static label pushed away from its symbol by a crowd of others back to that symbol.
LEADER_COLOR = "#1d1d1d"
LEADER_WIDTH = 0.6  # points
LEADER_MIN_PT = 9.0  # a gap shorter than this between a name and its symbol needs no leader
INSET_FRAME = "#c8102e"  # the main map's outline in the locator inset

FLOW_COLOR = "#0571b0"
FLOW_OPACITY = 0.75
FLOW_SCALE_OPACITY = 0.45  # the legend's wedge that says arrows widen with the number of people
FLOW_MIN_WIDTH = 2.5  # pixels, for the smallest flow
FLOW_MAX_WIDTH = 18.0  # pixels, for the largest flow in the story

# Areas of control: the faction's own colour (declared in the story), translucent over the land, with a
# thin light edge; ground that changed hands is hatched in its taker's colour.
CONTROL_FILL_OPACITY = 0.42
CONTROL_EDGE = "#ffffff"
CONTROL_EDGE_WEIGHT = 0.8  # pixels
HATCH = {"spacing": 7, "width": 2.2, "angle": 45, "opacity": 0.85}  # pixels and degrees

AREA_FILL = "#fdb863"
AREA_FILL_OPACITY = 0.15
AREA_STROKE = "#b35806"
AREA_STROKE_WIDTH = 2.0  # pixels

BASEMAP = {
    "sea": "#c9dcea",
    "land": "#f2efe9",
    "highlight": "#e9dcc0",
    "border": "#9c968c",
    "label": "#5f5b55",
}

# Bearings: reference towns, provinces, water and sea names, all below the story's own labels (MINOR_LABEL)
# so they never cover a story symbol or label. Colours are quiet; country names stay above towns.
BEARINGS = {
    "town": "#4f4b45",  # reference town names and dots
    "capital": "#2f2c28",
    "province": "#a69a86",  # province outlines
    "province-story": "#8c6d3f",  # the outline of a province the story names
    "province-name": "#72675a",  # names: 4.5:1 or more on their halo and on the land (WCAG AA)
    "river": "#7fb1d9",
    "lake": "#b5d3ea",  # lake fill (its shore in the river colour)
    "water-name": "#386f9e",
    "sea-name": "#2f5d85",  # drawn with no halo: 4.5:1 or more on the sea
    "country-name": "#5a5045",
}
BEARINGS_WIDTH = {"province": 0.9, "province-story": 2.0, "border": 1.0, "river-major": 1.8, "river": 1.0}  # pixels
BEARINGS_FONT = {"town": 11, "capital": 12, "province": 10.5, "river": 10.5, "lake": 10.5, "sea": 12.5,
                 "country": 13}  # pixels
BASEMAP_LABEL_PRIORITY = {
    "capital": 36,  # a reference capital, then towns by population (plus log10(population) / 10)
    "town": 30,
    "country": 29.8,  # a country's name in the part of it in view (less its Natural Earth min zoom / 10)
    "sea": 28,
    "province": 24,
    "river": 22,
    "lake": 21,
}


STOCK_MAX_RADIUS = 34.0  # pixels, for the largest number of people a story says a place hosts
STOCK_MIN_RADIUS = 8.0
STOCK_FILL = "#0571b0"
STOCK_FILL_OPACITY = 0.25


# A map of many articles: one circle per place, its area growing with the number of articles naming it,
# and countries named only as context shaded quietly by the same number.
MENTION_FILL = "#b2182b"
MENTION_STROKE = "#67001f"
MENTION_FILL_OPACITY = 0.38
MENTION_STROKE_WIDTH = 1.2  # pixels
MENTION_MAX_RADIUS = 22.0  # pixels, for the place most articles name over all the map's dates (its legend
# circle fits the static legend's symbol column)
MENTION_MIN_RADIUS = 3.0  # pixels: a place one article names stays visible
MENTION_UNIT_RADIUS = 6.0  # pixels, for one article at most: a small feed's circles stay small
MENTION_LABELS = 12  # the most-named places whose names are drawn beside their circles
MENTION_LABEL_REACH = 80  # pixels: a name starts at most this far beside its circle's edge (a long name goes
# right of, above or below its circle, never far off to the left of it)
MENTION_FULL_SIZE = 600  # pixels: on a page map whose shorter side is smaller, circles (and the legend's)
# shrink with it, down to MENTION_SMALLEST_SCALE, so a phone's world view is no blob (the least stays
# MENTION_MIN_RADIUS)
MENTION_SMALLEST_SCALE = 0.5
MENTION_COUNTRY_RAMP = ("#efe6f2", "#dccbe4", "#c3a7d3", "#a783bd")  # quiet purples, fewest to most articles
MENTION_COUNTRY_OPACITY = 0.5
MENTION_COUNTRY_EDGE = "#8a7a99"


def mention_radius(articles: int, largest: int) -> float:
    """A mentions circle's radius in pixels: area-true (square-root) scale, the most-named place at
    :data:`MENTION_MAX_RADIUS`, or one article at :data:`MENTION_UNIT_RADIUS` when that is smaller."""
    if articles <= 0:
        return 0.0
    unit = min(MENTION_UNIT_RADIUS, MENTION_MAX_RADIUS / math.sqrt(max(largest, 1)))  # pixels for one article
    return round(max(MENTION_MIN_RADIUS, unit * math.sqrt(articles)), 2)


def mention_reference_counts(largest: int) -> list[int]:
    """Two or three round numbers of articles for the legend's reference circles, the largest first."""
    def round_down(value: float) -> int:  # to one significant digit
        if value < 1:
            return 0
        magnitude = 10 ** int(math.log10(value))
        return int(value // magnitude * magnitude)

    counts = list(dict.fromkeys(c for c in (round_down(largest * share) for share in (1.0, 0.25, 0.04)) if c >= 1))
    return counts + [1] if len(counts) == 1 and counts[0] > 1 else counts


def mention_country_breaks(largest: int) -> tuple[int, ...]:
    """Lower bounds of the countries' shading classes (one per ramp colour at most): 1, then doubling shares."""
    classes = len(MENTION_COUNTRY_RAMP)
    bounds = [1] + [max(1, math.ceil(largest / 2 ** (classes - i))) + 1 for i in range(1, classes)]
    return tuple(sorted(set(b for b in bounds if b <= max(largest, 1))))


def mention_country_color(articles: int, breaks: tuple[int, ...]) -> str:
    """The ramp colour of a country named by ``articles`` articles."""
    index = max((i for i, low in enumerate(breaks) if articles >= low), default=0)
    offset = len(MENTION_COUNTRY_RAMP) - len(breaks)  # fewer classes keep the ramp's stronger end
    return MENTION_COUNTRY_RAMP[min(index + offset, len(MENTION_COUNTRY_RAMP) - 1)]


def stock_radius(people: int, largest: int) -> float:
    """A stock's circle radius in pixels: area-true (square-root) scale up to the largest stock."""
    if largest <= 0:
        return STOCK_MIN_RADIUS
    return round(max(STOCK_MIN_RADIUS, STOCK_MAX_RADIUS * math.sqrt(max(people, 0) / largest)), 2)


def flow_width(people: int, largest: int) -> float:
    """Arrow width in pixels: area-true (square-root) scale between the min and max widths."""
    if largest <= 0:
        return FLOW_MIN_WIDTH
    share = math.sqrt(max(people, 0) / largest)
    return round(FLOW_MIN_WIDTH + share * (FLOW_MAX_WIDTH - FLOW_MIN_WIDTH), 2)


def point_style(symbol: str) -> PointStyle:
    """The style of a point symbol; an unknown kind gets the generic event style."""
    if symbol == "place":
        return PLACE
    if symbol == "capital":
        return CAPITAL
    return POINT_KINDS.get(symbol) or POINT_KINDS["event"]


def line_style(section: str, symbol: str) -> LineStyle:
    """The style of a line or border; an unknown style gets the generic route style."""
    if section == "borders" or symbol == "border":
        return BORDER
    return LINE_STYLES.get(symbol) or LINE_STYLES["route"]


def line_dash(style: LineStyle, approximate: bool) -> str | None:
    """A line's dash pattern: the approximate dash where the style allows it, else its own."""
    return APPROXIMATE_DASH if approximate and style.dashed_when_approximate else style.dash


def css_variables() -> str:
    """The map's label colours as CSS custom properties, for the page's stylesheet."""
    names = {f"--idlibmap-text-{key}": value for key, value in TEXT.items()}
    names |= {"--idlibmap-sea": BASEMAP["sea"], "--idlibmap-inset-frame": INSET_FRAME}
    names |= {"--idlibmap-mention": MENTION_FILL, "--idlibmap-mention-stroke": MENTION_STROKE}
    names |= {f"--idlibmap-bearings-{key}": value for key, value in BEARINGS.items()}
    names |= {f"--idlibmap-font-{key}": f"{size}px" for key, size in BEARINGS_FONT.items()}
    return ":root {" + " ".join(f"{name}: {value};" for name, value in names.items()) + "}"


def style_table() -> dict[str, object]:
    """Every style as plain data, for the page's JavaScript."""
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
        "minorLabel": MINOR_LABEL,
        "labelPriority": LABEL_PRIORITY,
        "flow": {"color": FLOW_COLOR, "opacity": FLOW_OPACITY, "scaleOpacity": FLOW_SCALE_OPACITY},
        "text": TEXT,
        "area": {"fill": AREA_FILL, "stroke": AREA_STROKE, "fillOpacity": AREA_FILL_OPACITY,
                 "weight": AREA_STROKE_WIDTH},
        "stock": {"fill": STOCK_FILL, "fillOpacity": STOCK_FILL_OPACITY},
        "mention": {"fill": MENTION_FILL, "stroke": MENTION_STROKE, "fillOpacity": MENTION_FILL_OPACITY,
                    "weight": MENTION_STROKE_WIDTH, "maxRadius": MENTION_MAX_RADIUS, "minRadius": MENTION_MIN_RADIUS,
                    "labels": MENTION_LABELS, "labelReach": MENTION_LABEL_REACH, "unitRadius": MENTION_UNIT_RADIUS,
                    "fullSize": MENTION_FULL_SIZE, "smallestScale": MENTION_SMALLEST_SCALE,
                    "ramp": list(MENTION_COUNTRY_RAMP),
                    "countryOpacity": MENTION_COUNTRY_OPACITY, "countryEdge": MENTION_COUNTRY_EDGE},
        "control": {"fillOpacity": CONTROL_FILL_OPACITY, "edge": CONTROL_EDGE, "edgeWeight": CONTROL_EDGE_WEIGHT},
        "hatch": HATCH,
        "insetFrame": INSET_FRAME,
        "basemap": BASEMAP,
        "bearings": {"color": BEARINGS, "width": BEARINGS_WIDTH, "font": BEARINGS_FONT,
                     "priority": BASEMAP_LABEL_PRIORITY},
    }
