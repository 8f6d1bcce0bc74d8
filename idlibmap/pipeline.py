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
from .article_heading import ArticleHeading, article_heading
from .errors import OptionError
from .files import same_file, write_atomically
from .gazetteer import Gazetteer
from .geocode import GazetteerGeocoder, PlaceResolver
from .geoparse import ArticlePlace, ParseResult, places_from_article
from .layers import article_layers, map_from_story
from .model import MapModel
from .online import GeocodingOptions, OnlineGeocoder, online_geocoder_for
from .options import (
    DEFAULT_DPI,
    DEFAULT_FORMATS,
    DEFAULT_OUT,
    DEFAULT_SIZE,
    STATIC_FORMATS,
    check_dpi,
    check_formats,
    check_size,
    default_story,
)
from .projection import distance_km
from .render.alt_text import alt_text_from_model
from .render.credits import sources_text
from .render.embed import embed_snippet
from .render.geojson import geojson_from_model
from .render.html import html_from_model
from .story import MapSettings, Origin, Source, Story, Where, load_story

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
    inputs: dict[Path, str] = field(default_factory=dict, repr=False)  # the files read, and what each is

    def to_html(self, tiles: str | None = None) -> str:
        """The self-contained HTML page; ``tiles`` adds an online tile layer (opt-in)."""
        return html_from_model(self.model, tiles=tiles)

    def to_geojson(self) -> dict[str, object]:
        """Every drawn feature as an RFC 7946 FeatureCollection (properties as in the README)."""
        return geojson_from_model(self.model)

    def alt_text(self) -> str:
        """The map described in plain language."""
        return alt_text_from_model(self.model)

    def sources_text(self) -> str:
        """Every source of the map, numbered, with dates, addresses and notes, then the method (plain text)."""
        return sources_text(self.model)

    def images(self, formats: Sequence[str] = STATIC_FORMATS, dpi: int = DEFAULT_DPI, *, size: str = DEFAULT_SIZE,
               sources_file: str | None = None) -> dict[str, bytes]:
        """The static map as PNG, SVG and/or PDF bytes at ``size`` (a preset of :data:`idlibmap.options.SIZES`),
        keyed by format. ``sources_file`` names the sources list the map's credit points to."""
        from .render.static import static_images_from_model  # matplotlib loads only when asked for

        return static_images_from_model(self.model, formats, dpi=check_dpi(dpi), size=check_size(size),
                                        sources_file=sources_file)

    def save(self, path: str | Path = DEFAULT_OUT, formats: Sequence[str] = DEFAULT_FORMATS, *,
             dpi: int = DEFAULT_DPI, size: str = DEFAULT_SIZE, embed: bool = False,
             tiles: str | None = None) -> list[Path]:
        """Write the chosen formats beside ``path`` (an .html name) as one atomic change; return the files.

        Each format goes to ``path`` with its own suffix. The alt text (``.alt.txt``) and the full list
        of sources (``.sources.txt``, which the static maps' credit points to) are always written, and
        ``embed`` adds ``.embed.html``, a snippet to paste into another page. ``size`` is the static
        maps' size preset. Answers newly pinned from Nominatim are written to the lock file in the same change.
        """
        out = Path(path)
        if out.suffix.lower() not in (".html", ".htm"):
            raise OptionError(f"the output must be an .html file (the other formats are written beside it), "
                              f"got '{out}'", "out")
        formats = check_formats(formats)
        check_dpi(dpi)
        check_size(size)
        if embed and "html" not in formats:
            raise OptionError("the embed snippet frames the HTML map: add html to the formats", "embed")
        sources = out.with_suffix(".sources.txt")
        wanted = [f for f in formats if f in STATIC_FORMATS]
        # matplotlib loads only when an image is asked for
        images = self.images(wanted, dpi, size=size, sources_file=sources.name) if wanted else {}
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
        files[sources] = self.sources_text()
        if embed:
            image = out.with_suffix(".png").name if "png" in formats else None
            files[out.with_suffix(".embed.html")] = embed_snippet(self.model.title, out.name, alt, image, sources.name)
        outputs = list(files)
        refuse_overwriting(outputs, self.inputs, "out")
        if self.online is not None and self.online.lock.added:  # a lock never describes a map not written
            lock = self.online.lock.path
            refuse_overwriting([lock], dict.fromkeys(outputs, "map file written with it"), "lock_path")
            files[lock] = self.online.lock.text()
        write_atomically(files)
        return outputs

    def _repr_html_(self) -> str:
        """The interactive map in a notebook cell: the page in a sandboxed frame."""
        page = html.escape(self.to_html(), quote=True)
        return (f'<iframe srcdoc="{page}" title="{html.escape(self.model.title)}" '
                f'style="width:100%;height:{NOTEBOOK_HEIGHT}px;border:0" sandbox="allow-scripts"></iframe>')


def build(story: str | Path | None = None, article: str | Path | None = None, *,
          gazetteer: Gazetteer | None = None, geocoding: GeocodingOptions | None = None,
          title: str | None = None, as_of: str | dt.date | None = None,
          mentions: str | Path | None = None, date_from: str | dt.date | None = None,
          date_to: str | dt.date | None = None) -> Map:
    """Build the map of a story file, an article, or both (the default story when neither is given).

    With an article, the places it names become a "Places in the article" layer (and a layer of the
    borders it names) on the story's map, or on a map of their own. ``geocoding`` opts in to
    Nominatim (see :mod:`idlibmap.online`); by default places are geocoded offline, with
    answers pinned in an existing lock file taking precedence. ``title`` and ``as_of`` (a date or
    'YYYY-MM-DD') replace the story's; an article's map takes its headline (else its lead) and the
    date in its head, never the file's name or the day of the build. Warnings are logged (logger
    ``idlibmap``) and kept in :attr:`Map.warnings`.

    ``mentions`` (the rows ``places --out`` writes: .jsonl, .csv, .parquet or a folder of parts) builds
    a map of many articles instead (see :func:`build_mentions`); it does not combine with a story or article.
    """
    if mentions is not None:
        if story is not None or article is not None:
            raise OptionError("a map of many articles stands on its own: give --mentions without --story "
                              "or --article", "mentions")
        if geocoding is not None and geocoding.geocoder != "offline":
            raise OptionError("a map of many articles takes its places' positions from the rows: online "
                              "geocoding does not apply", "geocoder")
        return build_mentions(mentions, date_from=date_from, date_to=date_to, gazetteer=gazetteer,
                              title=title, as_of=as_of)
    if date_from is not None or date_to is not None:
        raise OptionError("a date range filters the articles of --mentions; give it with --mentions",
                          "date_from" if date_from is not None else "date_to")
    story_path = Path(story) if story is not None else None
    day = check_as_of(as_of)
    title = check_title(title)
    if story_path is None and article is None:
        story_path = default_story()
    extra, article_warnings = {}, []
    if article is not None:
        text = load_article(article)
        gazetteer = gazetteer or Gazetteer.open()
        parsed = places_from_article(text, gazetteer)
        article_warnings = parsed.warnings
        heading = article_heading(text.text)
        loaded = load_story(story_path) if story_path is not None else story_for_article(text, parsed, heading)
        loaded = replace(loaded, sources={**loaded.sources, ARTICLE_SOURCE: article_source(text, heading)})
        loaded = replace(loaded, title=title or loaded.title, as_of=day or loaded.as_of)
        extra = article_layers(parsed.places, ARTICLE_SOURCE, loaded.as_of)
    else:
        assert story_path is not None
        loaded = load_story(story_path)
        loaded = replace(loaded, title=title or loaded.title, as_of=day or loaded.as_of)
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
    inputs = {Path(article): "article"} if article is not None else {}
    if story_path is not None:
        inputs[story_path] = "story file"
    inputs[(geocoding or GeocodingOptions()).lock_path] = "geocoding lock file"
    return Map(model, warnings, notes, online, inputs)


def build_mentions(path: str | Path, *, date_from: str | dt.date | None = None,
                   date_to: str | dt.date | None = None, gazetteer: Gazetteer | None = None,
                   title: str | None = None, as_of: str | dt.date | None = None) -> Map:
    """The map of many articles: one circle per place, its area growing with the number of articles
    naming it, countries named as context shaded by that number, and a time control over the days.

    ``date_from`` and ``date_to`` (inclusive, dates or 'YYYY-MM-DD') keep only the articles dated
    within them, on every output. The title defaults to "Places in the news, <first> – <last>" and the
    map is as of the last article's date; ``title`` and ``as_of`` replace them.
    """
    from .mentions import aggregate
    from .mentions.features import mention_features, mention_method, mention_story

    first, last = check_day(date_from, "date_from"), check_day(date_to, "date_to")
    day, title = check_as_of(as_of), check_title(title)
    folded = aggregate(path, first, last)
    # The range asked for frames the title, the "as of" date and the time control, days with no article included.
    folded = replace(folded, first=first or folded.first, last=last or folded.last)
    layers, scale = mention_features(folded)
    story = mention_story(folded, title, day, first, last)
    gazetteer = gazetteer or Gazetteer.open()
    model = map_from_story(story, PlaceResolver(GazetteerGeocoder(gazetteer, country_bias=story.countries)), layers)
    model.mentions = scale
    model.method = mention_method()
    for warning in model.warnings:
        log.warning(warning)
    return Map(model, list(model.warnings), [], None, {Path(path): "mention rows"})


def check_day(value: str | dt.date | None, option: str) -> dt.date | None:
    """A date bound: a date, or text in the form YYYY-MM-DD."""
    if value is None or isinstance(value, dt.date):
        return value
    text = value.strip()
    try:
        if len(text) == 10:
            return dt.date.fromisoformat(text)
    except ValueError:
        pass
    raise OptionError(f"'{value}' is not a date in the form YYYY-MM-DD", option)


def refuse_overwriting(outputs: Sequence[Path], inputs: dict[Path, str], option: str) -> None:
    """An :class:`OptionError` for ``option`` if an output is one of ``inputs`` (symlinks and hard links too)."""
    for output in outputs:
        for path, what in inputs.items():
            if same_file(output, path):
                raise OptionError(f"writing '{output}' would overwrite the {what} '{path}': choose another name",
                                  option)


ARTICLE_SOURCE = "article"
TITLE_MAX_CHARS = 300


def check_as_of(value: str | dt.date | None) -> dt.date | None:
    """The date a map is "as of": a date, or text in the form YYYY-MM-DD."""
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError as err:
        raise OptionError(f"'{value}' is not a date in the form YYYY-MM-DD", "as_of") from err


def check_title(value: str | None) -> str | None:
    """A title given by hand: one line of text, not empty, at most :data:`TITLE_MAX_CHARS` characters."""
    if value is None:
        return None
    text = " ".join(value.split())
    if not text or len(text) > TITLE_MAX_CHARS:
        raise OptionError(f"a title must be one line of 1 to {TITLE_MAX_CHARS} characters", "title")
    return text


def article_source(article: Article, heading: ArticleHeading) -> Source:
    """The article as the source of the places found in it, named by its headline when it has one."""
    name = f"The article “{heading.headline}”" if heading.headline else "The article"
    return Source(id=ARTICLE_SOURCE, name=name, date=heading.date,
                  note=f"Places found in the text ({article.path.name}) and located offline by idlibmap's geoparser.")


def story_for_article(article: Article, parsed: ParseResult, heading: ArticleHeading | None = None) -> Story:
    """A story with no features of its own, to carry an article's places onto a map.

    Its title is the article's headline (else its lead sentence) and its date the one in the
    article's head: None when the article gives none, never the file's or the build's date.
    """
    heading = heading or article_heading(article.text)
    countries = tuple(parsed.context_countries[:4])
    return Story(
        path=article.path,
        title=heading.title,
        summary=f"{len(parsed.places)} places named in the article, found and located offline. "
                "Each popup quotes the sentence the place came from.",
        as_of=heading.date,
        countries=countries,
        sources={},
        map=MapSettings(origin=Origin(article.path, None, "article"),
                        focus=tuple(Where(coords=(p.lat, p.lon)) for p in focus_places(parsed.places))),
    )


FOCUS_REACH_KM = 350.0  # places abroad this close to the article's main country join its first view


def focus_places(places: Sequence[ArticlePlace]) -> list[ArticlePlace]:
    """The places an article's map opens on: those in the country it names most places in (by mentions),
    and those close to them across a border; all of them when that leaves fewer than two.

    Country names are left out (their points stand for a whole country), as are far-off places
    named in passing, which the locator inset and "Show the whole story" still reach.
    """
    towns = [p for p in places if p.feature_type not in ("country", "border") and p.country_code]
    weight: dict[str, int] = {}
    for place in towns:
        weight[place.country_code or ""] = weight.get(place.country_code or "", 0) + len(place.mentions)
    if not weight:
        return []
    main = max(sorted(weight), key=lambda code: weight[code])
    core = [p for p in towns if p.country_code == main]
    near = [p for p in towns if p.country_code != main
            and any(distance_km((p.lat, p.lon), (c.lat, c.lon)) <= FOCUS_REACH_KM for c in core)]
    focus = core + near
    return focus if len(focus) >= 2 else []
