"""Geoparsing as a whole: the entry points, sentences, any text at all, and a light import path."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from idlibmap.errors import ArticleError
from idlibmap.geoparse import places_from_article, places_from_text

from .geoparsing import parse
from .strategies import untrusted_text

HEAVY_MODULES = ("geopandas", "folium", "pandas", "matplotlib", "numpy", "geopy", "shapely", "pyogrio")


def test_each_place_quotes_its_first_sentence(gazetteer):
    result = parse("Nothing here. Shells fell on Aleppo overnight. Aleppo was quiet later.", gazetteer)
    (aleppo,) = result.places
    assert aleppo.sentence == "Shells fell on Aleppo overnight." and len(aleppo.mentions) == 2


def test_an_article_naming_no_place_is_an_error_and_its_warnings_come_first(gazetteer, tmp_path):
    from idlibmap.article import Article

    quiet = Article(tmp_path / "a.txt", "nothing here names a place at all.", "utf-8")
    with pytest.raises(ArticleError, match="names no place"):
        places_from_article(quiet, gazetteer)
    odd = Article(tmp_path / "b.txt", "Shells fell on Aleppo.", "cp1252", ["decoded as cp1252"])
    assert places_from_article(odd, gazetteer).warnings == ["decoded as cp1252"]


PLACES_IN_A_SUBPROCESS = f"""
import json, sys
import idlibmap
found = idlibmap.places("Shelling hit Saraqeb in Syria, and families waited at the Greek-Turkish border.")
print(json.dumps({{"heavy": [m for m in {HEAVY_MODULES!r} if m in sys.modules],
                  "places": [[p.name, p.feature_type, p.lat, p.lon] for p in found]}}))
"""

CLI_IN_A_SUBPROCESS = f"""
import json, sys
from idlibmap.cli import main
code = main(["places", sys.argv[1]])
sys.stdout.flush()
print(json.dumps({{"code": code, "heavy": [m for m in {HEAVY_MODULES!r} if m in sys.modules]}}), file=sys.stderr)
"""


def test_finding_places_imports_no_map_making_library(gazetteer):
    """`idlibmap.places(text)`, borders too, loads no geopandas, pandas, shapely, numpy, geopy, folium, matplotlib."""
    done = subprocess.run([sys.executable, "-c", PLACES_IN_A_SUBPROCESS], capture_output=True, text=True, check=True)
    found = json.loads(done.stdout)
    assert found["heavy"] == []
    kinds = {name: (kind, lat, lon) for name, kind, lat, lon in found["places"]}
    assert kinds["Saraqib"][0] == "city"
    kind, lat, lon = kinds["Greece–Turkey border"]
    assert kind == "border" and 40.5 < lat < 42.5 and 25.5 < lon < 27.0


def test_the_places_command_imports_no_map_making_library(gazetteer, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Migrants gathered at the Turkey-Greece border as shells hit Aleppo.", encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", CLI_IN_A_SUBPROCESS, str(article)], capture_output=True, text=True,
                          check=True)
    report = json.loads(done.stderr.splitlines()[-1])
    assert report == {"code": 0, "heavy": []}
    assert {p["name"] for p in json.loads(done.stdout)} == {"Greece–Turkey border", "Aleppo"}


# --------------------------------------------------------------------------- property tests

NEWS_WORDS = st.sampled_from(["Syria", "Turkey's", "northwest", "Idlib", "province", "Greek-Turkish", "border",
                              "Moscow", "said", "Vladimir", "Putin", "March", "the", "Saraqeb", "al-", "Aleppo.",
                              "Turkish", "troops", "in", "near", "\n\n", "“", "”", "St.", "U.S.", "-"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(untrusted_text(300), st.lists(st.one_of(NEWS_WORDS, untrusted_text(8)), max_size=60).map(" ".join)))
def test_arbitrary_text_never_breaks_the_geoparser(gazetteer, text):
    """Any text gives places whose mentions point at that text, and never an exception."""
    result = places_from_text(text, gazetteer)
    for place in result.places:
        assert -90 <= place.lat <= 90 and -180 <= place.lon <= 180 and 0 <= place.confidence <= 1
        for mention in place.mentions:
            assert 0 <= mention.start < mention.end <= len(text)
            assert text[mention.start:mention.end] == mention.text


REUSE_TEXTS = [
    "Michael Jackson arrived late. Jackson said the talks in Geneva would go on.",
    "Floods reached Jackson, Mississippi, and towns near Memphis.",
    "JACKSON, Miss. (AP) - Storms hit Jackson and Vicksburg overnight.",
    "Shelling hit Saraqeb and Maarat al-Numan in Idleb, Syria, near Turkey's southern border.",
    "Turkey's Erdogan flew to Moscow; Greek police met migrants at Kastanies on the Turkish border.",
    "Idlib Governorate: the Idlib rebels said Idlib city was calm. Aleppo's airport reopened.",
    # a word opening a sentence is common in a text that also writes it in lower case, a place elsewhere
    "Aleppo pepper is sold in Damascus markets; cooks there use aleppo pepper daily.",
    "Aleppo was shelled overnight. Families left Aleppo for Idlib and the Turkish border.",
]


def test_a_reused_geoparser_reads_each_text_as_a_fresh_one_does(gazetteer):
    """What one geoparser keeps across texts (words' roles, runs' tokens, lookups per country) never
    changes what it finds: texts in either order give the places a fresh geoparser gives."""
    from pathlib import Path

    from idlibmap.geoparse import Geoparser

    composed = sorted((Path(__file__).parents[1] / "benchmarks" / "geoparse" / "articles").glob("*.txt"))
    texts = REUSE_TEXTS + [path.read_text(encoding="utf-8") for path in composed]

    def read(parser: Geoparser, text: str) -> list[dict[str, object]]:
        return [place.to_json() for place in parser.parse(text).places]

    fresh = [read(Geoparser(gazetteer), text) for text in texts]
    for order in (texts, texts[::-1]):
        reused = Geoparser(gazetteer)
        found = {text: read(reused, text) for text in order}
        assert [found[text] for text in texts] == fresh
