"""A plain-language description of the map (alt text), generated from the layer model.

Said in order: what the map is of and as of when, the takeaway (who held what, the key
numbers), which region the main view shows, then every layer with its count and the
features' names. The same text goes into the HTML page, the embed
snippet, the static images' metadata and ``idlib_map.alt.txt``.
"""

from __future__ import annotations

import re
from typing import Any

import shapely

from .. import styles
from ..model import (
    AreaProperties,
    ControlProperties,
    FlowProperties,
    Layer,
    LineProperties,
    Located,
    MapModel,
    MentionProperties,
    PointProperties,
    Properties,
    StockProperties,
    format_date,
)

MAX_NAMES = 8  # names listed per layer before "and N more"
_COORDS = re.compile(r"^(-?\d+(?:\.\d+)?), (-?\d+(?:\.\d+)?)$")


def plain_place(text: str) -> str:
    """A place as written in the story; bare coordinates become '36.23° N, 36.69° E'."""
    match = _COORDS.match(text.strip())
    if not match:
        return text
    lat, lon = float(match.group(1)), float(match.group(2))
    return f"{abs(lat):.2f}° {'N' if lat >= 0 else 'S'}, {abs(lon):.2f}° {'E' if lon >= 0 else 'W'}"


def listing(items: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def compass(fx: float, fy: float) -> str:
    """Where a point sits inside a box, given its relative position (0..1 each way)."""
    north_south = "north" if fy > 0.62 else "south" if fy < 0.38 else ""
    east_west = "east" if fx > 0.62 else "west" if fx < 0.38 else ""
    if north_south and east_west:
        return f"{north_south}-{east_west}ern"
    return f"{north_south or east_west}ern" if north_south or east_west else "central"


def region_description(model: MapModel) -> str:
    """'north-western Syria and neighbouring parts of Turkey', from the basemap and the view."""
    west, south, east, north = model.view_bounds
    view = shapely.box(west, south, east, north)
    centre = view.centroid
    shares: list[tuple[float, str, Any]] = []
    touched = 0
    for name, geometry in model.basemap.country_shapes(coarse=True):
        overlap = geometry.intersection(view).area / view.area if geometry.intersects(view) else 0.0
        touched += overlap > 0
        if overlap > 0.05:
            shares.append((overlap, str(name), geometry))
    if not shares:  # open sea, or a view so wide that no country fills a twentieth of it
        return f"a wide area across {touched} countries" if touched >= 3 else "open sea"
    shares.sort(key=lambda item: -item[0])
    holder = next((item for item in shares if item[2].contains(centre)), shares[0])
    x0, y0, x1, y1 = holder[2].bounds
    where = compass((centre.x - x0) / max(x1 - x0, 1e-9), (centre.y - y0) / max(y1 - y0, 1e-9))
    others = [name for _, name, _ in shares if name != holder[1]]
    text = f"{where} {holder[1]}"
    if others:
        text += f" and neighbouring parts of {listing(others)}"
    return text


def _kind_label(properties: Properties) -> str:
    if isinstance(properties, PointProperties):
        return styles.point_style(properties.symbol).label.lower()
    if isinstance(properties, LineProperties):
        return styles.line_style("lines", properties.symbol).label.lower()
    return ""


def describe_feature(properties: Properties) -> str:
    """One feature in a few words: its name, what it is, and any numbers it carries."""
    if isinstance(properties, FlowProperties):
        text = properties.label or properties.name
        if f"{properties.people:,}" not in text:
            text += f" ({properties.people:,} people)"
        text += f", from {plain_place(properties.origin)} to {plain_place(properties.destination)}"
        return text + (" (approximate route)" if properties.approximate else "")
    if isinstance(properties, ControlProperties):
        return f"{properties.name} (held by {properties.controlled_by})"
    if isinstance(properties, MentionProperties):
        return f"{properties.name} ({properties.articles:,} article{'s' if properties.articles != 1 else ''})"
    details = [d for d in (_kind_label(properties),) if d]
    if isinstance(properties, LineProperties) and properties.through:
        details.append("through " + listing([plain_place(p) for p in properties.through]))
    if isinstance(properties, AreaProperties) and properties.buffer_km:
        details.append(f"the area within about {properties.buffer_km:g} km of the places that outline it")
    if properties.approximate and properties.section not in ("places", "control"):
        details.append("approximate")
    return f"{properties.name} ({'; '.join(details)})" if details else properties.name


def describe_layer(layer: Layer) -> str:
    rows = layer.properties
    count = len(rows)
    if layer.section == "places":
        rows = [r for r in rows if r.symbol != "country"] + [r for r in rows if r.symbol == "country"]
    parts = [describe_feature(row) for row in rows[:MAX_NAMES]]
    if count > MAX_NAMES:
        parts.append(f"{count - MAX_NAMES} more")
    noun = "arrow" if layer.section == "flows" else "feature"
    plural = noun + "s"
    if layer.section == "mentions":
        noun, plural = (("country", "countries") if all(r.symbol == "country-mentions" for r in rows)
                        else ("circle", "circles"))
    head = f"{layer.name} ({count} {noun if count == 1 else plural}"
    if layer.section == "flows":
        head += ", wider for more people"
    elif noun == "circle":
        head += ", larger for more articles; the most named first"
    elif noun == "country":
        head += ", shaded darker for more articles"
    return f"{head}): {listing(parts) if layer.section != 'flows' else '; '.join(parts)}."


def takeaway(model: MapModel) -> list[str]:
    """What a reader should understand first: who held what, and the key numbers."""
    held: dict[str, list[str]] = {}
    for layer in model.layers:
        for properties in layer.properties:
            if isinstance(properties, ControlProperties):
                name = properties.name.split(" (")[0]  # the area's name without its explanation
                held.setdefault(properties.controlled_by, []).append(
                    "the r" + name[1:] if name.startswith("Rest of") else name)
    sentences = []
    if held:
        parts = [f"{faction} held {listing(names)}" for faction, names in held.items()]
        when = f"on {format_date(model.as_of)}" if model.as_of else "by the story's account"
        sentences.append(f"Who held what {when}: {'; '.join(parts)}.")
        if any("front" in layer.name.lower() for layer in model.layers):
            sentences.append("A front line is drawn where ground held by opposing sides meets.")
    numbers = [p.label for layer in model.layers for p in layer.properties
               if isinstance(p, FlowProperties | StockProperties) and p.label]
    if numbers:
        sentences.append(f"Key numbers: {'; '.join(numbers)}.")
    return sentences


def feature_countries(model: MapModel) -> list[str]:
    """Names of the countries the story's located places and points lie in, most used first."""
    codes: dict[str, int] = {}
    for layer in model.layers:
        for properties in layer.properties:
            if isinstance(properties, Located) and properties.country_code:
                codes[properties.country_code] = codes.get(properties.country_code, 0) + 1
    names = model.basemap.country_names()
    return [str(names[c]) for c in sorted(codes, key=lambda c: -codes[c]) if c in names]


def alt_text_from_model(model: MapModel) -> str:
    """The whole plain-language description, as one paragraph."""
    title = model.title.rstrip(".")
    stop = "" if title.endswith(("…", "?", "!")) else "."  # a title cut short, or a question, ends as it is
    sentences = [f"Map: {title}{stop}", f"{model.as_of_text()}.", *takeaway(model)]
    sentences.append(f"The main map shows {region_description(model)}.")
    countries = feature_countries(model)
    if len(countries) > 1:
        named = countries if len(countries) <= MAX_NAMES else [*countries[:MAX_NAMES],
                                                               f"{len(countries) - MAX_NAMES} more countries"]
        sentences.append(f"An overview map places it in the wider region; the story's places lie in "
                         f"{listing(named)}.")
    sentences.append(f"{len(model.layers)} layer{'s' if len(model.layers) != 1 else ''}:")
    sentences.extend(describe_layer(layer) for layer in model.layers)
    if any(properties.approximate for layer in model.layers for properties in layer.properties):
        sentences.append("Dashed lines and dashed rings mark approximate positions.")
    if model.sources:
        more = len(model.sources) - 1
        sentences.append(f"Sources: {model.sources[0]['name']}" + (f" and {more} more." if more else "."))
    return " ".join(sentences)
