"""The build pipeline: story file or article -> geocoded layer model -> a :class:`Map` to save or show.

``build()`` does the work that needs the gazetteer (and, when asked, Nominatim); a :class:`Map`
then renders its model as HTML, GeoJSON, PNG/SVG/PDF and alt text, and saves any set of them as
one atomic change.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from .article import Article, load_article
from .errors import OptionError
from .files import write_atomically
from .gazetteer import Gazetteer
from .geocode import GazetteerGeocoder, PlaceResolver
from .geoparse import ParseResult, places_from_article
from .layers import article_layers, map_from_story
from .model import MapModel
from .online import GeocodingOptions, OnlineGeocoder, online_geocoder_for
from .options import DEFAULT_DPI, DEFAULT_FORMATS, DEFAULT_OUT, DEFAULT_STORY, STATIC_FORMATS, check_dpi, check_formats
from .render.alt_text import alt_text_from_model
from .render.embed import embed_snippet
from .render.geojson import geojson_from_model
from .render.html import html_from_model
from .story import MapSettings, Origin, Source, Story, load_story

log = logging.getLogger(__name__)

NOTEBOOK_HEIGHT = 560  # pixels: the frame a notebook cell shows the map in


@dataclass
class Map:
    """A built map: its layer model, and what the build had to say. Save it, export it, or show it.

    In a Jupyter notebook a ``Map`` as the last expression of a cell shows the interactive map.
    """

    model: MapModel
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # how places were geocoded, when not simply offline
    online: OnlineGeocoder | None = field(default=None, repr=False)

    def to_html(self, tiles: str | None = None) -> str:
        """The self-contained HTML page; ``tiles`` adds an online tile layer (opt-in)."""
        return html_from_model(self.model, tiles=tiles)

    def to_geojson(self) -> dict[str, object]:
        """Every drawn feature as an RFC 7946 FeatureCollection (properties as in the README)."""
        return geojson_from_model(self.model)

    def alt_text(self) -> str:
        """The map described in plain language."""
        return alt_text_from_model(self.model)

    def images(self, formats: Sequence[str] = STATIC_FORMATS, dpi: int = DEFAULT_DPI) -> dict[str, bytes]:
        """The static map as PNG, SVG and/or PDF bytes, keyed by format."""
        from .render.static import static_images_from_model  # matplotlib loads only when asked for

        return static_images_from_model(self.model, formats, dpi=check_dpi(dpi))

    def save(self, path: str | Path = DEFAULT_OUT, formats: Sequence[str] = DEFAULT_FORMATS, *,
             dpi: int = DEFAULT_DPI, embed: bool = False, tiles: str | None = None) -> list[Path]:
        """Write the chosen formats beside ``path`` (an .html name) as one atomic change; return the files.

        Each format goes to ``path`` with its own suffix; the alt text (``.alt.txt``) is always
        written, and ``embed`` adds ``.embed.html``, a snippet to paste into another page. Answers
        newly pinned from Nominatim are written to the lock file in the same change.
        """
        out = Path(path)
        if out.suffix.lower() not in (".html", ".htm"):
            raise OptionError(f"the output must be an .html file (the other formats are written beside it), "
                              f"got '{out}'", "out")
        formats = check_formats(formats)
        check_dpi(dpi)
        if embed and "html" not in formats:
            raise OptionError("the embed snippet frames the HTML map: add html to the formats", "embed")
        images = self.images([f for f in formats if f in STATIC_FORMATS], dpi)
        files: dict[Path, str | bytes] = {}
        for fmt in formats:
            if fmt == "html":
                files[out] = self.to_html(tiles)
            elif fmt == "geojson":
                files[out.with_suffix(".geojson")] = json.dumps(self.to_geojson(), ensure_ascii=False, indent=1)
            else:
                files[out.with_suffix(f".{fmt}")] = images[fmt]
        alt = self.alt_text()
        files[out.with_suffix(".alt.txt")] = alt + "\n"
        if embed:
            image = out.with_suffix(".png").name if "png" in formats else None
            files[out.with_suffix(".embed.html")] = embed_snippet(self.model.title, out.name, alt, image)
        outputs = list(files)
        if self.online is not None and self.online.lock.added:  # a lock never describes a map not written
            files[self.online.lock.path] = self.online.lock.text()
        write_atomically(files)
        return outputs

    def _repr_html_(self) -> str:
        """The interactive map in a notebook cell: the page in a sandboxed frame."""
        page = html.escape(self.to_html(), quote=True)
        return (f'<iframe srcdoc="{page}" title="{html.escape(self.model.title)}" '
                f'style="width:100%;height:{NOTEBOOK_HEIGHT}px;border:0" sandbox="allow-scripts"></iframe>')


def build(story: str | Path | None = None, article: str | Path | None = None, *,
          gazetteer: Gazetteer | None = None, geocoding: GeocodingOptions | None = None) -> Map:
    """Build the map of a story file, an article, or both (the default story when neither is given).

    With an article, the places it names become a "Places in the article" layer (and a layer of the
    borders it names) on the story's map, or on a map of their own. ``geocoding`` opts in to
    Nominatim (see :mod:`idlibmap.online`); by default places are geocoded offline, with
    answers pinned in an existing lock file taking precedence. Warnings are logged (logger
    ``idlibmap``) and kept in :attr:`Map.warnings`.
    """
    story_path = Path(story) if story is not None else None
    if story_path is None and article is None:
        story_path = DEFAULT_STORY
    extra, article_warnings = {}, []
    if article is not None:
        text = load_article(article)
        gazetteer = gazetteer or Gazetteer.open()
        parsed = places_from_article(text, gazetteer)
        article_warnings = parsed.warnings
        loaded = load_story(story_path) if story_path is not None else story_for_article(text, parsed)
        loaded = replace(loaded, sources={**loaded.sources, ARTICLE_SOURCE: article_source(text)})
        extra = article_layers(parsed.places, ARTICLE_SOURCE, loaded.as_of)
    else:
        assert story_path is not None
        loaded = load_story(story_path)
    online = online_geocoder_for(geocoding or GeocodingOptions(), loaded.countries)
    geocoder = GazetteerGeocoder(gazetteer, country_bias=loaded.countries)
    model = map_from_story(loaded, PlaceResolver(geocoder, online), extra)
    warnings = article_warnings + model.warnings + (online.warnings if online else [])
    for warning in warnings:
        log.warning(warning)
    notes = []
    if online is not None:
        notes.append(online.summary())
        if online.lock.added:
            notes.append(f"pinned {len(online.lock.added)} new answer(s) in {online.lock.path}")
    return Map(model, warnings, notes, online)


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
