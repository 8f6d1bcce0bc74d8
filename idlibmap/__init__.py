"""idlibmap: turn a news story into an annotated, self-contained map.

The library API (the command line is a thin layer over it)::

    import idlibmap
    found = idlibmap.places("Shelling hit Saraqeb, east of Idlib, on Monday.")

Importing the package loads nothing heavy; each function imports what it needs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .geoparse import ArticlePlace

__version__ = "0.1.0"
__all__ = ["__version__", "places"]


def places(text: str) -> list[ArticlePlace]:
    """The places ``text`` names, found and located offline, in the order the text first names them."""
    from .gazetteer import Gazetteer
    from .geoparse import places_from_text

    return places_from_text(text, Gazetteer.open()).places
