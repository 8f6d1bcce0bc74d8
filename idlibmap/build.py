"""The build pipeline: story file -> geocoded layer model -> HTML map and GeoJSON, written atomically."""

from __future__ import annotations

import json
import os
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from .errors import OutputError
from .gazetteer import Gazetteer
from .geocode import GazetteerGeocoder, PlaceResolver
from .layers import map_from_story
from .online_geocode import GeocodingOptions, online_geocoder_for
from .render.geojson import geojson_from_model
from .render.html import html_from_model
from .story import load_story

DEFAULT_STORY = Path("geodata/stories/idlib-2020-03-02.toml")
DEFAULT_OUT = Path("output/idlib_map.html")


@dataclass
class BuildResult:
    """What a build wrote, and what it drew."""

    outputs: list[Path]
    counts: dict[str, int]
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)  # how places were geocoded, when not simply offline


def build_map(
    story_path: Path = DEFAULT_STORY,
    out_path: Path = DEFAULT_OUT,
    tiles: str | None = None,
    gazetteer: Gazetteer | None = None,
    geocoding: GeocodingOptions | None = None,
) -> BuildResult:
    """Build the HTML map and its GeoJSON (beside it) from a story file.

    ``geocoding`` opts in to Nominatim (see :mod:`idlibmap.online_geocode`); by default places are
    geocoded offline, with answers pinned in an existing lock file taking precedence.
    """
    started = time.perf_counter()
    out_path = Path(out_path)
    if out_path.suffix.lower() not in (".html", ".htm"):
        raise OutputError(f"--out must name an .html file, got '{out_path}'")
    story = load_story(story_path)
    online = online_geocoder_for(geocoding or GeocodingOptions(), story.countries)
    geocoder = GazetteerGeocoder(gazetteer, country_bias=story.countries)
    model = map_from_story(story, PlaceResolver(geocoder, online))
    page = html_from_model(model, tiles=tiles)
    data = json.dumps(geojson_from_model(model), ensure_ascii=False, indent=1)
    geojson_path = out_path.with_suffix(".geojson")
    files = {out_path: page, geojson_path: data}
    notes = []
    if online is not None:
        notes.append(online.summary())
        if online.lock.added:  # written with the map, so a lock never describes a map that was not built
            files[online.lock.path] = online.lock.text()
            notes.append(f"pinned {len(online.lock.added)} new answer(s) in {online.lock.path}")
    write_atomically(files)
    warnings = model.warnings + (online.warnings if online else [])
    outputs = [out_path, geojson_path]
    return BuildResult(outputs, model.feature_counts(), warnings, time.perf_counter() - started, notes)


def write_atomically(files: dict[Path, str]) -> None:
    """Write every file to a temporary name in its folder, then rename them all into place.

    A failure before the renames leaves earlier outputs untouched and no partial file behind.
    """
    staged: list[tuple[str, Path]] = []
    try:
        for path, text in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            staged.append((temporary, path))
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
                stream.write(text)
        for temporary, path in staged:
            os.replace(temporary, path)
    except BaseException as err:  # an interrupt, too, must not leave temporary files behind
        for temporary, _ in staged:
            Path(temporary).unlink(missing_ok=True)
        if not isinstance(err, OSError):
            raise
        where = f" ({err.filename})" if err.filename else ""
        raise OutputError(f"cannot write output {', '.join(map(str, files))}: {err.strerror or err}{where}") from err
