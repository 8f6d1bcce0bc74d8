"""Build and lookup options: their defaults and checks, in one light module.

The command line and the library read the same defaults from here. Importing this module loads
nothing heavy, so ``python -m idlibmap places`` starts fast.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .errors import OptionError

DEFAULT_STORY = Path("geodata/stories/idlib-2020-03-02.toml")
# The source checkout this package sits in (an editable install, as the README's commands make).
CHECKOUT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = Path("output/idlib_map.html")
OUTPUT_FORMATS = ("html", "png", "svg", "pdf", "geojson")
DEFAULT_FORMATS = ("html", "geojson")
STATIC_FORMATS = ("png", "svg", "pdf")
DEFAULT_DPI = 300
DPI_RANGE = (30, 1200)

MM_PER_INCH = 25.4


def default_story() -> Path:
    """The default story: relative to the working folder when it is there (the command line run from the
    checkout), else the checkout's own copy, so the library's ``build()`` works from any folder."""
    if DEFAULT_STORY.exists():
        return DEFAULT_STORY
    shipped = CHECKOUT / DEFAULT_STORY
    return shipped if shipped.exists() else DEFAULT_STORY


@dataclass(frozen=True)
class PageSize:
    """A static map's size: a page, a newspaper column's width (``height_mm`` None: as tall as it needs), or
    a web image of fixed pixels (drawn at ``dpi``, whatever the dpi asked for)."""

    name: str
    width_mm: float
    height_mm: float | None
    dpi: int | None = None

    @property
    def inches(self) -> tuple[float, float | None]:
        height = None if self.height_mm is None else self.height_mm / MM_PER_INCH
        return self.width_mm / MM_PER_INCH, height


def _pixels(name: str, width: int, height: int, dpi: int) -> PageSize:
    return PageSize(name, width / dpi * MM_PER_INCH, height / dpi * MM_PER_INCH, dpi)


SIZES: dict[str, PageSize] = {size.name: size for size in (
    PageSize("a4-landscape", 297, 210),
    PageSize("a4-portrait", 210, 297),
    PageSize("letter-landscape", 279.4, 215.9),
    PageSize("letter-portrait", 215.9, 279.4),
    PageSize("column", 86, None),  # one newspaper column
    PageSize("two-column", 178, None),
    _pixels("web", 1200, 800, 120),  # 1200 × 800 px; 7 pt text is 12 px
)}
DEFAULT_SIZE = "a4-landscape"

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


def check_size(name: str) -> PageSize:
    """The static map size preset called ``name``."""
    size = SIZES.get(name)
    if size is None:
        raise OptionError(f"unknown size '{name}'; choose from {', '.join(SIZES)}", "size")
    return size


def check_tiles(tiles: str) -> str:
    """An online tile layer: an ``xyzservices`` provider name or an https ``…/{z}/{x}/{y}…`` URL template."""
    from .tiles import tile_source  # xyzservices loads only when tiles are asked for

    tile_source(tiles)
    return tiles
