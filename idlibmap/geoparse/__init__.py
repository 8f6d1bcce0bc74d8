"""Find place names in an article's text and resolve them with the offline gazetteer.

:func:`places_from_text` reads capitalised runs of words ("Maarat al-Numan",
"IDLIB", "Turkey's"), looks each distinct run or part of it up once
(memoised), and turns the matches into :class:`ArticlePlace` records:

- towns, admin-1 and admin-2 regions, countries in their short and old forms
  ("U.S.", "Burma"), and the seas, rivers, regions, crossings and camps of the
  vendored features table; names inside hyphenated compounds ("Russia-backed");
- persons, titles, organisations ("University of Kyiv", "U.S. Navy"), months
  and common words are not places ("Vladimir Putin", "Ana Mendoza", "March");
  demonyms ("Turkish troops") count as country context;
- "Idlib province", "Swat district", "the Luhansk governor" resolve to the
  region; "northern Mali", "Syria's northwest" to the country, with the part
  named in its ``parts``;
- "the Greek-Turkish border", "Turkey's southern border", "the Turkish border"
  become a border between two countries;
- ambiguous names are ranked by population and feature type, the countries
  the article is about, and closeness to the other places it names; a small or
  far-off namesake abroad is dropped rather than mapped;
- "Moscow said" marks Moscow as standing for its government (metonymy).

The parts: :mod:`.wordlists` (English words), :mod:`.patterns` (regular
expressions), :mod:`.lookups` (memoised gazetteer lookups), :mod:`.tokens`
(runs, word roles, hits), :mod:`.borders` (border phrases and shapes),
:mod:`.resolve` (ranking and acceptance), :mod:`.places` (the records and
their JSON and table forms), :mod:`.parse` (the entry points).
"""

from __future__ import annotations

from .compiled import choose_build

choose_build()  # before any compiled module is imported: compiled, or the source where it must be

from .borders import border_line  # noqa: E402
from .parse import Geoparser, places_from_article, places_from_text  # noqa: E402
from .places import ArticlePlace, Mention, ParseResult, format_table, places_json, places_json_lines  # noqa: E402

__all__ = ["ArticlePlace", "Geoparser", "Mention", "ParseResult", "border_line", "format_table",
           "places_from_article", "places_from_text", "places_json", "places_json_lines"]
