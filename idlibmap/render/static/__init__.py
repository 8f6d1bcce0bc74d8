"""Static PNG, SVG and PDF maps of a :class:`~idlibmap.layers.MapModel`, drawn with matplotlib.

The figure is drawn from the same layer model and :mod:`idlibmap.styles` as the HTML map, with no
browser and no network. The modules, in drawing order:

- ``frame``: the map extent in Web Mercator metres (maths from :mod:`idlibmap.projection`);
- ``symbols``: point symbols, lines, areas and arrowheads in the model's styles;
- ``basemap``: sea, land and country names;
- ``features``: the story's features, one function per kind (the only reader of feature rows);
- ``labels``: the label placer, which drops the less important of two colliding labels;
- ``legend``: the legend, each swatch drawn as on the map;
- ``text``: font, colours, literal text (every drawn string passes through it), word wrapping;
- ``figure``: the layout (title, main map, inset, legend, scale bar, north arrow, sources);
- ``export``: PNG/SVG/PDF bytes with their metadata.
"""

from __future__ import annotations

from .export import DEFAULT_DPI, static_images_from_model
from .figure import RC, StaticMap, draw_static_map, nice_distance
from .labels import LabelRequest, Placement, place_labels

__all__ = ["DEFAULT_DPI", "RC", "LabelRequest", "Placement", "StaticMap", "draw_static_map", "nice_distance",
           "place_labels", "static_images_from_model"]
