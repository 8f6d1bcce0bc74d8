"""The story file: a typed model (:mod:`.model`) and :func:`load_story`, which reads and validates one.

* :mod:`.model`: the typed story, frozen dataclasses that later stages read;
* :mod:`.schema`: what each table of the file may hold, declared once as msgspec Structs;
* :mod:`.load`: reading the file and turning it into a :class:`Story`, every fault one line;
* :mod:`.toml_lines`: the line of each table and key in the TOML text, for those messages.
"""

from __future__ import annotations

from .load import MAX_STORY_BYTES, load_story
from .model import (
    SECTIONS,
    Area,
    Border,
    Coords,
    Feature,
    Flow,
    Line,
    MapSettings,
    Origin,
    Place,
    Point,
    Source,
    Story,
    Where,
)

__all__ = [
    "MAX_STORY_BYTES",
    "SECTIONS",
    "Area",
    "Border",
    "Coords",
    "Feature",
    "Flow",
    "Line",
    "MapSettings",
    "Origin",
    "Place",
    "Point",
    "Source",
    "Story",
    "Where",
    "load_story",
]
