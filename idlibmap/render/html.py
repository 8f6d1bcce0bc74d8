"""Render a :class:`~idlibmap.layers.MapModel` as a self-contained folium/Leaflet HTML page.

Leaflet's JavaScript and CSS come from the installed ``xstatic-leaflet``
package and are embedded in the page, as are this package's own script and
styles, so the map opens with no network. Each story layer is a folium
``FeatureGroup`` listed in a ``LayerControl``; the title, legend and
"Sources and method" panels are ``MacroElement`` subclasses.
"""

from __future__ import annotations

import base64
import dataclasses
import html
import json
import re
from functools import lru_cache
from importlib import resources
from typing import Any

import folium
import shapely
from branca.element import Element, MacroElement
from folium.template import Template
from folium.utilities import JsCode

from .. import styles
from ..model import BASEMAP_LAYER_NAME, Basemap, BasemapFeature, BasemapLine, MapModel
from .alt_text import alt_text_from_model
from .geojson import layer_collection, packed_geometry, packing_decimals
from .mentions import MENTIONS_DATA_ID, page_mentions

MAP_ID = "idlibmap"  # the map element's fixed id suffix: the page names it map_idlibmap
ALT_TEXT_ID = "idlibmap-alt"


# folium compiles every MacroElement's rendered script as a new Jinja template, so text that reaches
# a script must not hold Jinja's openers ("{{", "{%", "{#"): a story could otherwise run code at build time.
_JINJA_OPENER = re.compile(r"\{(?=[{%#])")


def safe_json(value: Any) -> str:
    """JSON that is safe inside a ``<script>`` element and inert to Jinja.

    No ``<``, ``>`` or ``&`` survives, and a ``{`` that would open Jinja syntax is written as
    ``\\u007b``. In compact JSON such a brace can only sit inside a string (a structural ``{`` is
    always followed by ``"`` or ``}``), where the escape means the same character.
    """
    text = json.dumps(value, ensure_ascii=True, separators=(",", ":"), allow_nan=False)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return _JINJA_OPENER.sub(r"\\u007b", text)


def layer_label(name: str) -> str:
    """A layer name for Leaflet's layer control, which inserts it as HTML (via a folium template)."""
    return html.escape(name).replace("{", "&#123;")


# --------------------------------------------------------------------------- inlined assets

@lru_cache(maxsize=1)
def leaflet_assets() -> tuple[str, str]:
    """Leaflet's JavaScript (as a data: URL) and CSS (with its images as data: URLs)."""
    root = resources.files("xstatic.pkg.leaflet") / "data"
    script = base64.b64encode((root / "leaflet.js").read_bytes()).decode("ascii")
    css = (root / "leaflet.css").read_text(encoding="utf-8")

    def inline_image(match: re.Match[str]) -> str:
        image = base64.b64encode((root / "images" / match.group(1)).read_bytes()).decode("ascii")
        return f"url(data:image/png;base64,{image})"

    css = re.sub(r"url\(images/([\w.-]+\.png)\)", inline_image, css)
    return f"data:text/javascript;base64,{script}", css


@lru_cache(maxsize=1)
def own_assets() -> tuple[str, str]:
    """This package's script and stylesheet."""
    root = resources.files("idlibmap.render") / "assets"
    script = (root / "idlibmap.js").read_text(encoding="utf-8")
    css = (root / "idlibmap.css").read_text(encoding="utf-8")
    if "</script" in script.lower() or "</style" in css.lower():
        raise ValueError("packaged assets must not contain closing script or style tags")
    return script, css


class RawMarkup(Element):
    """Markup this package built itself, placed as is (no template is compiled from it)."""

    _template = Template("{{ this.markup }}")

    def __init__(self, markup: str):
        super().__init__()
        self.markup = markup


def _inline_assets(figure: folium.Figure) -> None:
    leaflet_js, leaflet_css = leaflet_assets()
    script, css = own_assets()
    figure.header.add_child(RawMarkup(f"<style>{leaflet_css}</style>"), name="leaflet_css")
    figure.header.add_child(RawMarkup(f'<script src="{leaflet_js}"></script>'), name="leaflet_js")
    figure.header.add_child(RawMarkup(f"<style>{css}</style>"), name="idlibmap_css")
    figure.header.add_child(RawMarkup(f"<script>{script}</script>"), name="idlibmap_js")


# --------------------------------------------------------------------------- folium elements

class StoryPanels(MacroElement):
    """Title, legend and "Sources and method" panels, built in the page from escaped JSON."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            idlibmap.start({{ this._parent.get_name() }}, {{ this.config }});
        {% endmacro %}
        """
    )

    def __init__(self, config: dict[str, Any]):
        super().__init__()  # type: ignore[no-untyped-call]  # branca ships no types
        self._name = "StoryPanels"
        self.config = safe_json(config)


class StoryLayer(MacroElement):
    """One layer's features, drawn into its parent FeatureGroup with symbols, popups and labels."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            idlibmap.addStoryLayer({{ this.map_name }}, {{ this._parent.get_name() }},
                                   {{ this.data }}, {{ this.section }});
        {% endmacro %}
        """
    )

    def __init__(self, map_name: str, data: dict[str, Any], section: str):
        super().__init__()  # type: ignore[no-untyped-call]  # branca ships no types
        self._name = "StoryLayer"
        self.map_name = map_name
        self.data = safe_json(data)
        self.section = safe_json(section)


class VectorBasemap(MacroElement):
    """Land, borders, provinces, water and names, drawn from the offline extract (no tiles needed).

    The data itself sits in the page as a JSON script element (:func:`basemap_json`), read once by
    the page's script: it is large, and folium would otherwise compile it as a template.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            idlibmap.addBasemap({{ this.map_name }}, {{ this._parent.get_name() }},
                                JSON.parse(document.getElementById("{{ this.data_id }}").textContent));
        {% endmacro %}
        """
    )

    def __init__(self, map_name: str):
        super().__init__()  # type: ignore[no-untyped-call]  # branca ships no types
        self._name = "VectorBasemap"
        self.map_name = map_name
        self.data_id = BASEMAP_DATA_ID


BASEMAP_DATA_ID = "idlibmap-basemap-data"
BASEMAP_PRECISION = 4  # decimals of a degree: about 11 m, finer than the extract's finest level


def _features_json(features: list[BasemapFeature]) -> str:
    """A FeatureCollection's JSON text, geometries rounded to :data:`BASEMAP_PRECISION` decimals (or fewer,
    as the rings of detail round them) and packed (:func:`~idlibmap.render.geojson.packed_geometry`)."""
    if not features:
        return '{"type":"FeatureCollection","features":[]}'
    shapes = shapely.transform([f.geometry for f in features], lambda xy: xy.round(BASEMAP_PRECISION))
    decimals = packing_decimals(shapes, BASEMAP_PRECISION)
    parts = [f'{{"type":"Feature","properties":{safe_json(_given(f.properties))},'
             f'"geometry":{safe_json(packed_geometry(json.loads(shape), decimals))}}}'
             for f, shape in zip(features, shapely.to_geojson(shapes), strict=True)]
    return f'{{"type":"FeatureCollection","decimals":{decimals},"features":[' + ",".join(parts) + "]}"


def _given(properties: Any) -> dict[str, Any]:
    """A basemap feature's properties, leaving out those it does not have (None)."""
    return {key: value for key, value in vars(properties).items() if value is not None}


def basemap_json(basemap: Basemap) -> str:
    """The basemap as the page receives it: one JSON object of FeatureCollections (see BASEMAP_KINDS)."""
    lines = [part for border in basemap.borders for part in shapely.get_parts(border)
             if part.geom_type == "LineString"]
    borders = [BasemapFeature(shapely.multilinestrings(lines), BasemapLine("border", "", 0))] if lines else []
    layers = {"countries": basemap.countries, "borders": borders, "provinces": basemap.provinces,
              "water": basemap.water, "labels": basemap.labels, "overview": basemap.overview}
    return "{" + ",".join(f'"{name}":{_features_json(features)}' for name, features in layers.items()) + "}"


# --------------------------------------------------------------------------- the page

def panel_config(model: MapModel) -> dict[str, Any]:
    """The plain data the page's panels and symbols are built from."""
    west, south, east, north = model.view_bounds
    frame_w, frame_s, frame_e, frame_n = model.basemap.extent
    return {
        "title": model.title,
        "view": [[south, west], [north, east]],
        "extent": [[frame_s, frame_w], [frame_n, frame_e]],
        "max_zoom": model.basemap.max_zoom,
        "whole": [[model.data_bounds[1], model.data_bounds[0]], [model.data_bounds[3], model.data_bounds[2]]],
        "summary": model.summary,
        "as_of_text": model.as_of_text(),
        "legend": model.legend_groups(),
        "sources": model.sources,
        "method": model.method,
        "styles": styles.style_table(),
        # On a map of many articles, also the id of the element holding the table of its articles.
        "mentions": dataclasses.asdict(model.mentions) | {"data": MENTIONS_DATA_ID} if model.mentions else None,
    }


def stable_ids(root: Element) -> None:
    """Replace branca's random element ids with numbers in tree order, so equal maps give equal pages.

    Ids already set to something other than branca's 32-hex random value (the map's) are kept.
    """
    counter = 0

    def visit(element: Element) -> None:
        nonlocal counter
        renamed = {}
        for key, child in element._children.items():
            keyed_by_name = key == child.get_name()
            if re.fullmatch(r"[0-9a-f]{32}", child._id):
                counter += 1
                child._id = f"{counter:03d}"
            renamed[child.get_name() if keyed_by_name else key] = child
            visit(child)
        element._children.clear()
        element._children.update(renamed)

    visit(root)


def describe_map(page: str, map_name: str, model: MapModel) -> str:
    """Name the map element for screen readers and attach the generated alt text to it."""
    alt = html.escape(alt_text_from_model(model))
    element = f'<div class="folium-map" id="{map_name}" ></div>'
    if page.count(element) != 1:
        raise RuntimeError(f"expected one map element {element!r} in the rendered page")
    described = (f'<div class="folium-map" id="{map_name}" role="region" '
                 f'aria-label="Map: {html.escape(model.title)}" aria-describedby="{ALT_TEXT_ID}"></div>\n'
                 f'<p id="{ALT_TEXT_ID}" class="idlibmap-alt">{alt}</p>')
    return page.replace(element, described)


PAGE_LANGUAGE = "en"  # the language of the page's own words and of the stories so far
VIEWPORT = "width=device-width, initial-scale=1"  # readers may pinch-zoom the page


def open_page(page: str) -> str:
    """Declare the page's language and let readers zoom it: folium's viewport forbids zooming."""
    page, count = re.subn(r"<html>", f'<html lang="{PAGE_LANGUAGE}">', page, count=1)
    viewport = f'<meta name="viewport" content="{VIEWPORT}">'
    page, viewports = re.subn(r'<meta name="viewport" content="[^"]*"\s*/?>', viewport, page)
    if count != 1 or viewports != 1:
        raise RuntimeError("expected one <html> tag and one viewport in folium's page")
    return page


def html_from_model(model: MapModel, tiles: str | None = None) -> str:
    """The complete HTML page for ``model``; ``tiles`` adds an online tile layer (opt-in)."""
    west, south, east, north = model.view_bounds
    fmap = folium.Map(
        location=[(south + north) / 2, (west + east) / 2],
        zoom_start=6,
        tiles=None,
        control_scale=True,
        zoom_snap=0.25,
    )
    fmap._id = MAP_ID  # before any element records the map's name
    fmap.default_js = []
    fmap.default_css = []
    figure = fmap.get_root()
    if not isinstance(figure, folium.Figure):
        raise TypeError("a folium map's root must be a Figure")
    figure.title = html.escape(model.title)
    _inline_assets(figure)
    figure.header.add_child(
        RawMarkup(f"<style>{styles.css_variables()}</style>"), name="style_variables")

    StoryPanels(panel_config(model)).add_to(fmap)
    # Over online tiles the opaque vector basemap starts hidden; it stays one click away.
    basemap_group = folium.FeatureGroup(name=layer_label(BASEMAP_LAYER_NAME), show=not tiles)
    figure.header.add_child(RawMarkup(f'<script type="application/json" id="{BASEMAP_DATA_ID}">'
                                      f"{basemap_json(model.basemap)}</script>"), name="basemap_data")
    VectorBasemap(fmap.get_name()).add_to(basemap_group)
    basemap_group.add_to(fmap)
    if tiles:
        # Checked and resolved to plain data (an OptionError for a bad one), written as escaped JSON.
        from ..tiles import tile_source
        from .tile_layer import OnlineTileLayer

        source = tile_source(tiles)
        OnlineTileLayer(source, name=layer_label(f"Online tiles: {source.name}")).add_to(fmap)
    mention_layers, articles = page_mentions(model)
    if mention_layers:  # the articles the popups list, read once by the page's script (see render.mentions)
        figure.header.add_child(RawMarkup(f'<script type="application/json" id="{MENTIONS_DATA_ID}">'
                                          f"{safe_json(articles)}</script>"), name="mentions_data")
    for layer in model.layers:
        group = folium.FeatureGroup(name=layer_label(layer.name))
        data = mention_layers.get(layer.name) if layer.section == "mentions" else None
        StoryLayer(fmap.get_name(), data or layer_collection(layer), layer.section).add_to(group)
        group.add_to(fmap)
    # Collapsed on all but large screens; folium declares ``collapsed`` a bool but writes JsCode as code.
    collapsed = JsCode("window.innerWidth < 1600 || window.innerHeight < 900")
    folium.LayerControl(position="topright", collapsed=collapsed).add_to(fmap)  # type: ignore[arg-type]
    stable_ids(figure)
    return open_page(describe_map(figure.render(), fmap.get_name(), model))
