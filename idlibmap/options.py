"""Build and lookup options: their defaults and checks, in one light module.

The command line and the library read the same defaults from here. Importing this module loads
nothing heavy, so ``python -m idlibmap places`` starts fast.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from .errors import OptionError

DEFAULT_STORY = Path("geodata/stories/idlib-2020-03-02.toml")
DEFAULT_OUT = Path("output/idlib_map.html")
OUTPUT_FORMATS = ("html", "png", "svg", "pdf", "geojson")
DEFAULT_FORMATS = ("html", "geojson")
STATIC_FORMATS = ("png", "svg", "pdf")
DEFAULT_DPI = 300
DPI_RANGE = (30, 1200)

GEOCODERS = ("offline", "nominatim")
DEFAULT_NOMINATIM_URL = "https://nominatim.openstreetmap.org"
NOMINATIM_URL_ENV = "IDLIBMAP_NOMINATIM_URL"
DEFAULT_LOCK_PATH = Path("geodata/geocode.lock.json")


def parse_formats(text: str) -> list[str]:
    """'html,png' -> ['html', 'png']: a comma-separated format list, checked, duplicates dropped."""
    names = [name.strip().lower() for name in text.split(",") if name.strip()]
    if not names:
        raise OptionError(f"at least one output format is needed: {', '.join(OUTPUT_FORMATS)}", "formats")
    return check_formats(names)


def check_formats(formats: Sequence[str], allowed: Sequence[str] = OUTPUT_FORMATS) -> list[str]:
    """The formats in order of first mention; one not in ``allowed`` is a clear error."""
    unknown = [name for name in formats if name not in allowed]
    if unknown:
        raise OptionError(f"unknown output format '{unknown[0]}'; choose from {', '.join(allowed)} "
                          "(comma-separated)", "formats")
    return list(dict.fromkeys(formats))


def check_dpi(dpi: int) -> int:
    """The PNG resolution, within :data:`DPI_RANGE`."""
    if not DPI_RANGE[0] <= dpi <= DPI_RANGE[1]:
        raise OptionError(f"the resolution must be between {DPI_RANGE[0]} and {DPI_RANGE[1]} dpi, got {dpi}", "dpi")
    return dpi


def check_tiles(tiles: str) -> str:
    """An online tile layer: an ``xyzservices`` provider name or an https ``…/{z}/{x}/{y}…`` URL template."""
    from .tiles import tile_source  # xyzservices loads only when tiles are asked for

    tile_source(tiles)
    return tiles
