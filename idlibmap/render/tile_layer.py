"""The opt-in online tile layer as a folium layer whose URL and options reach the page as data.

folium's own ``TileLayer`` writes its URL with Jinja's ``tojson``, which leaves ``{{`` alone, and
folium compiles every rendered script again as a template: a tile URL holding ``{{7*7}}`` became
``49``, and ``{{ lipsum.__globals__… }}`` ran Python at build time. Here the URL and options are
written with :func:`~idlibmap.render.html.safe_json`, inert to Jinja and to HTML.
"""

from __future__ import annotations

from folium.map import Layer
from folium.template import Template

from ..tiles import TileSource


class OnlineTileLayer(Layer):
    """A base layer of online tiles, listed in the layer control."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = L.tileLayer({{ this.url }}, {{ this.options }});
        {% endmacro %}
        """
    )

    def __init__(self, source: TileSource, name: str, show: bool = True):
        from .html import safe_json  # html imports this module only when a map asks for tiles

        super().__init__(name=name, overlay=False, control=True, show=show)
        self._name = "TileLayer"
        self.url = safe_json(source.url)
        subdomains = source.subdomains if isinstance(source.subdomains, str) else list(source.subdomains)
        self.options = safe_json({"attribution": source.attribution, "subdomains": subdomains, "minZoom": 0,
                                  "maxZoom": source.max_zoom, "maxNativeZoom": source.max_zoom})
