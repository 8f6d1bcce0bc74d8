"""The build pipeline: story file -> geocoded layer model -> HTML, GeoJSON and static maps, written atomically."""

from __future__ import annotations

import datetime as dt
import json
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TextIO

from .article import Article, load_article
from .errors import OptionError
from .files import write_atomically
from .options import DEFAULT_DPI, DEFAULT_FORMATS, DEFAULT_OUT, DEFAULT_STORY, STATIC_FORMATS, check_dpi, check_formats
from .gazetteer import Gazetteer
from .geocode import GazetteerGeocoder, PlaceResolver
from .geoparse import ParseResult, places_from_article
from .layers import article_layers, map_from_story
from .online_geocode import GeocodingOptions, online_geocoder_for
from .render.alt_text import alt_text_from_model
from .render.embed import embed_snippet
from .render.geojson import geojson_from_model
from .render.html import html_from_model
from .story import MapSettings, Origin, Source, Story, load_story



@dataclass
class BuildResult:
    """What a build wrote, and what it drew."""

    outputs: list[Path]
    counts: dict[str, int]
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)  # how places were geocoded, when not simply offline


def build_map(
    story_path: Path | None = DEFAULT_STORY,
    out_path: Path = DEFAULT_OUT,
    tiles: str | None = None,
    gazetteer: Gazetteer | None = None,
    formats: Sequence[str] = DEFAULT_FORMATS,
    dpi: int = DEFAULT_DPI,
    embed: bool = False,
    geocoding: GeocodingOptions | None = None,
    article_path: Path | None = None,
    progress: TextIO | None = sys.stderr,
) -> BuildResult:
    """Build the chosen outputs (HTML, GeoJSON, PNG, SVG, PDF) from a story file, an article, or both.

    With an article, the places it names become a "Places in the article" layer (and a layer of the
    borders it names) on the story's map, or on a map of their own when no story is given. The alt
    text (``<name>.alt.txt``) is always written; ``embed`` adds ``<name>.embed.html``. ``geocoding``
    opts in to Nominatim (see :mod:`idlibmap.online_geocode`); by default places are geocoded
    offline, with answers pinned in an existing lock file taking precedence.
    """
    started = time.perf_counter()
    out_path = Path(out_path)
    if out_path.suffix.lower() not in (".html", ".htm"):
        raise OptionError(f"the output must be an .html file (the other formats are written beside it), "
                          f"got '{out_path}'", "out")
    formats = check_formats(formats)
    check_dpi(dpi)
    if embed and "html" not in formats:
        raise OptionError("the embed snippet frames the HTML map: add html to the formats", "embed")
    if story_path is None and article_path is None:
        story_path = DEFAULT_STORY
    extra, article_warnings = {}, []
    if article_path is not None:
        article = load_article(article_path)
        gazetteer = gazetteer or Gazetteer.open()
        parsed = places_from_article(article, gazetteer, progress)
        article_warnings = parsed.warnings
        story = load_story(story_path) if story_path is not None else story_for_article(article, parsed)
        story = replace(story, sources={**story.sources, ARTICLE_SOURCE: article_source(article)})
        extra = article_layers(parsed.places, ARTICLE_SOURCE, story.as_of)
    else:
        story = load_story(story_path)
    online = online_geocoder_for(geocoding or GeocodingOptions(), story.countries)
    geocoder = GazetteerGeocoder(gazetteer, country_bias=story.countries)
    model = map_from_story(story, PlaceResolver(geocoder, online), extra)
    model.warnings[:0] = article_warnings
    files: dict[Path, str | bytes] = {}
    static = [f for f in formats if f in STATIC_FORMATS]
    images: dict[str, bytes] = {}
    if static:
        from .render.static import static_images_from_model  # matplotlib loads only when asked for

        images = static_images_from_model(model, static, dpi=dpi)
    for fmt in formats:
        path = out_path if fmt == "html" else out_path.with_suffix(f".{fmt}")
        if fmt == "html":
            files[path] = html_from_model(model, tiles=tiles)
        elif fmt == "geojson":
            files[path] = json.dumps(geojson_from_model(model), ensure_ascii=False, indent=1)
        else:
            files[path] = images[fmt]
    alt = alt_text_from_model(model)
    files[out_path.with_suffix(".alt.txt")] = alt + "\n"
    if embed:
        image = out_path.with_suffix(".png").name if "png" in formats else None
        files[out_path.with_suffix(".embed.html")] = embed_snippet(model.title, out_path.name, alt, image)
    outputs = list(files)
    notes = []
    if online is not None:
        notes.append(online.summary())
        if online.lock.added:  # written with the map, so a lock never describes a map that was not built
            files[online.lock.path] = online.lock.text()
            notes.append(f"pinned {len(online.lock.added)} new answer(s) in {online.lock.path}")
    write_atomically(files)
    warnings = model.warnings + (online.warnings if online else [])
    return BuildResult(outputs, model.feature_counts(), warnings, time.perf_counter() - started, notes)


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
