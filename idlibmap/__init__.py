"""idlibmap: turn a news story into an annotated, self-contained map.

The library API (the command line is a thin layer over it)::

    import idlibmap

    m = idlibmap.build()                       # the default story; or build(story=PATH, article=PATH)
    m.save("output/idlib_map.html", formats=("html", "png"))
    m.to_geojson()                             # every feature, RFC 7946
    m                                          # in a Jupyter cell: the interactive map

    idlibmap.places("Syrian forces retook Saraqeb, east of Idlib, on Monday.")

Importing the package loads nothing heavy: ``places`` never loads geopandas, folium or
matplotlib, and ``build`` loads them on first use.
"""

from __future__ import annotations

# Nothing is imported at run time: `python -m idlibmap` runs this file before the command's Ctrl-C handler
# is in place, and on a busy machine an import here (typing, read from source) was long enough to be hit.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from .geoparse import ArticlePlace as Place
    from .pipeline import Map, build

__version__ = "0.1.0"
__all__ = ["Map", "Place", "__version__", "build", "places"]


def places(text: str) -> list[Place]:
    """The places ``text`` names, found and located offline, in the order the text first names them."""
    from .gazetteer import Gazetteer
    from .geoparse import places_from_text

    return places_from_text(text, Gazetteer.open()).places


def __getattr__(name: str) -> Any:
    """``build``, ``Map`` and ``Place`` are imported on first use, so ``import idlibmap`` stays light."""
    if name in ("build", "Map"):
        from . import pipeline

        return getattr(pipeline, name)
    if name == "Place":
        from .geoparse import ArticlePlace

        return ArticlePlace
    raise AttributeError(f"module 'idlibmap' has no attribute {name!r}")
