"""Find place names in an article's text and resolve them with the offline gazetteer.

:func:`places_from_text` reads capitalised runs of words ("Maarat al-Numan",
"IDLIB", "Turkey's"), looks each distinct run or part of it up once
(memoised), and turns the matches into :class:`ArticlePlace` records:

- persons, titles, months and common words are not places ("Vladimir Putin",
  "March", "Nice day"); demonyms ("Turkish troops") count as country context;
- "Idlib province", "Rakhine state" resolve to the admin-1 region; "northwest
  Syria" and "Syria's northwest" to a point in that part of the country;
- "the Greek-Turkish border", "Turkey-Greece border", "Turkey's southern
  border" become a border between two countries;
- ambiguous names are ranked by population and feature type, the countries
  the article names, and closeness to the other places it names;
- "Moscow said" marks Moscow as standing for its government (metonymy).

The parts: :mod:`.wordlists` (English words), :mod:`.patterns` (regular
expressions), :mod:`.lookups` (memoised gazetteer lookups), :mod:`.tokens`
(runs, word roles, hits), :mod:`.borders` (border phrases and shapes),
:mod:`.resolve` (ranking and acceptance), :mod:`.places` (the records and
their JSON and table forms), :mod:`.parse` (the entry points).
"""

from __future__ import annotations

from .borders import border_line
from .parse import Geoparser, places_from_article, places_from_text
from .places import ArticlePlace, Mention, ParseResult, format_table, places_json, places_json_lines

__all__ = ["ArticlePlace", "Geoparser", "Mention", "ParseResult", "border_line", "format_table",
           "places_from_article", "places_from_text", "places_json", "places_json_lines"]
