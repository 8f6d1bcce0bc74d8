"""The article commands as a user meets them: `places` and `build --article`, and bad article files."""

from __future__ import annotations

import json

import pytest

from idlibmap.cli import main

from .conftest import DEFAULT_STORY

ARTICLE = ("DAMASCUS (Reuters) - Shelling hit Saraqeb in Syria's northwest, and Moscow said talks would go on. "
           "Families waited at the Turkey-Greece border. <script>alert(1)</script> Aid reached Aleppo.\n")


@pytest.fixture
def article(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def test_places_json_has_the_documented_fields(article, gazetteer, capsys):
    assert main(["places", str(article), "--format", "json"]) == 0
    places = json.loads(capsys.readouterr().out)
    fields = {"name", "lat", "lon", "country_code", "feature_type", "geonames_id", "mentions", "metonymy",
              "confidence", "alternatives"}
    assert all(fields <= set(p) for p in places)
    by_name = {p["name"]: p for p in places}
    assert by_name["Moscow"]["metonymy"] is True and by_name["Moscow"]["country_code"] == "RU"
    assert by_name["Greece–Turkey border"]["feature_type"] == "border"
    assert by_name["Syria"]["feature_type"] == "country"
    assert [part["direction"] for part in by_name["Syria"]["parts"]] == ["northwest"]
    for place in places:
        for mention in place["mentions"]:
            assert ARTICLE[mention["start"]:mention["end"]] == mention["text"]


def test_places_table_is_for_people(article, gazetteer, capsys):
    assert main(["places", str(article), "--format", "table"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].split()[:3] == ["place", "type", "country"]
    assert "Saraqib" in out and "stands for its government" in out


def test_build_article_maps_places_with_escaped_quotes(article, gazetteer, tmp_path, capsys):
    out = tmp_path / "map.html"
    assert main(["build", "--article", str(article), "--out", str(out)]) == 0
    stdout = capsys.readouterr().out
    assert "Places in the article" in stdout and "Borders in the article" in stdout
    page = out.read_text(encoding="utf-8")
    assert "<script>alert(1)" not in page and "\\u003cscript\\u003ealert(1)" in page
    features = json.loads(out.with_suffix(".geojson").read_text(encoding="utf-8"))["features"]
    aleppo = next(f for f in features if f["properties"]["name"] == "Aleppo")
    assert aleppo["properties"]["note"].startswith("“") and "Aid reached Aleppo." in aleppo["properties"]["note"]
    assert aleppo["properties"]["layer"] == "Places in the article"


def test_build_story_and_article_combines_both(article, gazetteer, tmp_path, capsys):
    out = tmp_path / "both.html"
    assert main(["build", "--story", str(DEFAULT_STORY), "--article", str(article), "--out", str(out)]) == 0
    stdout = capsys.readouterr().out
    assert "Places in the article" in stdout and "Places in the story" in stdout


def test_non_utf8_article_is_read_with_a_warning(tmp_path, gazetteer, capsys):
    path = tmp_path / "latin.txt"
    path.write_bytes("Les réfugiés ont quitté Alep pour Damascus et Aleppo.".encode("latin-1"))
    assert main(["places", str(path)]) == 0
    captured = capsys.readouterr()
    assert "warning" in captured.err and "not valid UTF-8" in captured.err
    assert "Aleppo" in captured.out


@pytest.mark.parametrize("command", ["places", "build"])
@pytest.mark.parametrize("data, fragment", [
    (b"", "is empty"),
    (b"\x00\x01\x02\x03binary\x00" * 50, "binary"),
    (b"nothing here names a place at all.", "names no place"),
])
def test_bad_articles_fail_with_one_line(tmp_path, gazetteer, capsys, command, data, fragment):
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    out = tmp_path / "out.html"
    args = ["places", str(path)] if command == "places" else ["build", "--article", str(path), "--out", str(out)]
    assert main(args) == 2
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("idlibmap: error: ") and fragment in lines[0]
    assert str(path) in lines[0] and "Traceback" not in captured.err
    assert not out.exists()


def test_a_long_article_reports_progress_on_stderr_only(article, gazetteer, capsys, monkeypatch):
    from idlibmap.geoparse import tokens

    assert main(["places", str(article)]) == 0
    quiet = capsys.readouterr()
    assert quiet.err == ""
    monkeypatch.setattr(tokens, "PROGRESS_MIN_CHARS", 100)
    monkeypatch.setattr(tokens, "PROGRESS_STEP_CHARS", 100)
    assert main(["places", str(article)]) == 0
    loud = capsys.readouterr()
    assert loud.out == quiet.out
    lines = loud.err.splitlines()
    assert len(lines) >= 2 and all(line.startswith("idlibmap: reading places ... ") for line in lines)
    assert lines[-1] == "idlibmap: reading places ... 0 of 0 MB, done"
