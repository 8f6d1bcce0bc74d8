"""The offline gazetteer: name folding, the SQLite index and its life cycle, and lookups."""

from __future__ import annotations

import io
import math

import pytest

from idlibmap.errors import GazetteerError
from idlibmap.gazetteer import Gazetteer, normalize_name, skeleton

from .conftest import FakeSource


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
    progress = io.StringIO()
    first = Gazetteer.open(tmp_path, fake_source, progress=progress)
    assert "building the offline gazetteer index" in progress.getvalue()
    assert "8 places" in progress.getvalue()
    first.close()
    again = io.StringIO()
    second = Gazetteer.open(tmp_path, fake_source, progress=again)
    assert again.getvalue() == ""
    assert second.path == first.path
    second.close()


def test_index_is_rebuilt_when_the_data_version_changes(tmp_path):
    old = Gazetteer.open(tmp_path, FakeSource(version="data-1"), progress=None)
    old_path = old.path
    old.close()
    progress = io.StringIO()
    new = Gazetteer.open(tmp_path, FakeSource(version="data-2"), progress=progress)
    assert "building" in progress.getvalue()
    assert new.path != old_path and not old_path.exists()
    assert [p.name for p in tmp_path.glob("gazetteer-*.sqlite")] == [new.path.name]
    new.close()


def test_a_corrupt_index_is_rebuilt(tmp_path, fake_source):
    index = Gazetteer.open(tmp_path, fake_source, progress=None)
    path = index.path
    index.close()
    path.write_bytes(b"not a database at all" * 100)
    rebuilt = Gazetteer.open(tmp_path, fake_source, progress=None)
    assert rebuilt.candidates("Saraqib")[0].geonameid == 10
    rebuilt.close()


def test_unreadable_source_data_is_a_clean_error(tmp_path):
    class BrokenSource(FakeSource):
        def records(self):
            raise FileNotFoundError(2, "No such file or directory", "cities500.json")

    with pytest.raises(GazetteerError, match="cannot build the gazetteer index .*cities500.json"):
        Gazetteer.open(tmp_path, BrokenSource(), progress=None)
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


@pytest.mark.parametrize("query", ["Nayrab", "Sarmada", "Lesbos"])
def test_near_misses_abroad_are_not_taken_for_spellings(gazetteer, query):
    """'Nayrab' must not become Nairobi, nor 'Lesbos' a Swiss village."""
    assert gazetteer.candidates(query, countries=["SY", "TR"]) == []
