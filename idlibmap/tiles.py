"""Online tile layers (opt-in): a provider name or URL template, checked and resolved for the page.

A tile layer is named either by an ``xyzservices`` provider ("OpenStreetMap", "CartoDB positron",
"Esri.WorldImagery") or by a Leaflet URL template (``https://tiles.example.org/{z}/{x}/{y}.png``,
checked by :func:`idlibmap.urls.check_tile_template`). Either way the result is plain data, a
:class:`TileSource`, that the page renderer writes as escaped JSON: a template never reaches the
page as markup or as template source.
"""

from __future__ import annotations

import html
import warnings
from dataclasses import dataclass
from urllib.parse import urlsplit

from .errors import OptionError
from .urls import check_tile_template

DEFAULT_MAX_ZOOM = 18
# Names that folium and the README accept but xyzservices files under a more precise one.
_ALIASES = {"openstreetmap": "OpenStreetMap.Mapnik", "osm": "OpenStreetMap.Mapnik"}


@dataclass(frozen=True)
class TileSource:
    """What the page needs to show an online tile layer."""

    url: str  # a Leaflet URL template, checked
    attribution: str  # HTML, as Leaflet shows it in the corner
    name: str  # the provider's name, or the tile server's host
    subdomains: str | tuple[str, ...] = "abc"
    max_zoom: int = DEFAULT_MAX_ZOOM


def tile_source(tiles: str) -> TileSource:
    """The tile layer ``tiles`` names; an unknown name or unusable template is an :class:`OptionError`."""
    if "/" in tiles or "{" in tiles or ":" in tiles:
        try:
            url = check_tile_template(tiles)
        except ValueError as err:
            raise OptionError(f"the tile URL template '{tiles}' {err}", "tiles") from err
        host = urlsplit(url).netloc
        return TileSource(url, f"Tiles: {html.escape(host)}", host)
    return _provider(tiles)


def _provider(name: str) -> TileSource:
    import xyzservices

    try:
        provider = xyzservices.providers.query_name(_ALIASES.get(name.strip().lower(), name))
    except ValueError as err:
        raise OptionError(f"unknown tile provider '{name}'; try OpenStreetMap, 'CartoDB positron' "
                          "or an https://…/{z}/{x}/{y}.png template", "tiles") from err
    with warnings.catch_warnings():  # CartoDB: "tiles now require an API key", yet they load without one
        warnings.simplefilter("ignore")
        try:
            url = provider.build_url(fill_subdomain=False, scale_factor="{r}")
        except ValueError as err:
            raise OptionError(f"the tile provider {provider.name} needs an API key; give its URL template "
                              "with your key instead", "tiles") from err
    try:
        check_tile_template(url)
    except ValueError as err:
        raise OptionError(f"the tile provider {provider.name} cannot be used: its address {url} {err}",
                          "tiles") from err
    subdomains = provider.get("subdomains", "abc")
    return TileSource(
        url=url,
        attribution=str(provider.get("html_attribution") or html.escape(str(provider.get("attribution", "")))),
        name=str(provider.name),
        subdomains=subdomains if isinstance(subdomains, str) else tuple(map(str, subdomains)),
        max_zoom=int(provider.get("max_zoom", DEFAULT_MAX_ZOOM)),
    )
