"""The build pipeline: story file -> geocoded layer model -> HTML map and GeoJSON, written atomically."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import tempfile
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TextIO

from .article import Article, load_article
from .errors import OutputError
from .gazetteer import Gazetteer
from .geocode import GazetteerGeocoder, PlaceResolver
from .geoparse import ParseResult, places_from_article
from .layers import article_layers, map_from_story
from .render.geojson import geojson_from_model
from .render.html import html_from_model
from .story import MapSettings, Origin, Source, Story, load_story

DEFAULT_STORY = Path("geodata/stories/idlib-2020-03-02.toml")
DEFAULT_OUT = Path("output/idlib_map.html")


@dataclass
class BuildResult:
    """What a build wrote, and what it drew."""

    outputs: list[Path]
    counts: dict[str, int]
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0


def build_map(
    story_path: Path | None = DEFAULT_STORY,
    out_path: Path = DEFAULT_OUT,
    tiles: str | None = None,
    gazetteer: Gazetteer | None = None,
    article_path: Path | None = None,
    progress: TextIO | None = sys.stderr,
) -> BuildResult:
    """Build the HTML map and its GeoJSON (beside it) from a story file, an article, or both.

    With an article, the places it names become a "Places in the article"
    layer (and a layer of the borders it names) on the story's map, or on a
    map of their own when no story is given.
    """
    started = time.perf_counter()
    out_path = Path(out_path)
    if out_path.suffix.lower() not in (".html", ".htm"):
        raise OutputError(f"--out must name an .html file, got '{out_path}'")
    if story_path is None and article_path is None:
        story_path = DEFAULT_STORY
    extra, warnings = {}, []
    if article_path is not None:
        article = load_article(article_path)
        gazetteer = gazetteer or Gazetteer.open()
        parsed = places_from_article(article, gazetteer, progress)
        warnings = parsed.warnings
        story = load_story(story_path) if story_path is not None else story_for_article(article, parsed)
        story = replace(story, sources={**story.sources, ARTICLE_SOURCE: article_source(article)})
        extra = article_layers(parsed.places, ARTICLE_SOURCE, story.as_of)
    else:
        story = load_story(story_path)
    geocoder = GazetteerGeocoder(gazetteer, country_bias=story.countries)
    model = map_from_story(story, PlaceResolver(geocoder), extra)
    model.warnings[:0] = warnings
    page = html_from_model(model, tiles=tiles)
    data = json.dumps(geojson_from_model(model), ensure_ascii=False, indent=1)
    geojson_path = out_path.with_suffix(".geojson")
    write_atomically({out_path: page, geojson_path: data})
    return BuildResult([out_path, geojson_path], model.feature_counts(), model.warnings,
                       time.perf_counter() - started)


ARTICLE_SOURCE = "article"


def article_source(article: Article) -> Source:
    """The article as the source of the places found in it."""
    return Source(id=ARTICLE_SOURCE, name=f"The article {article.path.name}", date=_file_date(article.path),
                  note="Places found in the text and located offline by idlibmap's geoparser.")


def story_for_article(article: Article, parsed: ParseResult) -> Story:
    """A story with no features of its own, to carry an article's places onto a map."""
    countries = tuple(parsed.context_countries[:4])
    return Story(
        path=article.path,
        title=f"Places in {article.path.name}",
        summary=f"{len(parsed.places)} places named in the article, found and located offline. "
                "Each popup quotes the sentence the place came from.",
        as_of=_file_date(article.path),
        countries=countries,
        sources={},
        map=MapSettings(origin=Origin(article.path, None, "article")),
    )


def _file_date(path: Path) -> dt.date:
    try:
        return dt.date.fromtimestamp(path.stat().st_mtime)
    except OSError:
        return dt.date.today()


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
