"""The story file: a typed model and :func:`load_story`, which reads and validates one.

* :mod:`.model`: the typed story, frozen dataclasses that later stages read;
* :mod:`.schema`: what each table of the file may hold, declared once as msgspec Structs;
* :mod:`.convert`: msgspec's conversion into the schema, its errors worded the project's way;
* :mod:`.load`: reading the file and building the :class:`Story`, every fault one line;
* :mod:`.toml_lines`: the line of each table and key in the TOML text, for those messages.

Importing the package loads the model only; :func:`load_story` (and with it msgspec and the
schema) is imported on first use, so stages that only read a story start fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .model import (
    SECTIONS,
    Area,
    Border,
    Change,
    Control,
    Coords,
    Faction,
    Feature,
    Flow,
    Line,
    MapSettings,
    Origin,
    Place,
    Point,
    Source,
    Stock,
    Story,
    Where,
)

if TYPE_CHECKING:
    from .load import MAX_STORY_BYTES, load_story

__all__ = [
    "MAX_STORY_BYTES",
    "SECTIONS",
    "Area",
    "Border",
    "Change",
    "Control",
    "Coords",
    "Faction",
    "Feature",
    "Flow",
    "Line",
    "MapSettings",
    "Origin",
    "Place",
    "Point",
    "Source",
    "Stock",
    "Story",
    "Where",
    "load_story",
]


def __getattr__(name: str) -> Any:
    """``load_story`` and ``MAX_STORY_BYTES`` come from :mod:`.load`, imported when first asked for."""
    if name in ("load_story", "MAX_STORY_BYTES"):
        from . import load

        value = getattr(load, name)
        globals()[name] = value  # asked for once
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
