"""An article's map takes its title from the headline (else the lead) and its date from the article's head."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from idlibmap.article_heading import article_date, article_heading, headline, lead_title
from idlibmap.cli import main

from .conftest import ROOT

ODESA = ROOT / "benchmarks" / "geoparse" / "articles" / "ukraine-odesa.txt"


def test_a_short_first_line_standing_alone_is_the_headline():
    text = "Saraqeb changes hands again\n\nBy A. Writer\nPublished 2 March 2020\n\nDAMASCUS (AP) - Forces..."
    assert headline(text) == "Saraqeb changes hands again"
    heading = article_heading(text)
    assert heading.title == "Saraqeb changes hands again" and heading.date == dt.date(2020, 3, 2)


@pytest.mark.parametrize("text", [
    "KYIV, Ukraine (AP) - Russian drones struck Odesa.\n\nMore text.",  # a dateline, not a headline
    "The army said on Monday that it had taken the town, and more.\nSecond line of the same paragraph.",
    "A first sentence that ends like a sentence.\n\nBody.",
])
def test_datelines_and_opening_paragraphs_are_not_headlines(text):
    assert headline(text) is None


def test_without_a_headline_the_title_is_the_lead_without_its_dateline():
    text = ODESA.read_text(encoding="utf-8")
    title = lead_title(text)
    assert title.startswith("Russian drones and missiles struck the port of Odesa") and "KYIV" not in title
    assert len(title) <= 100 and title.endswith("…")


@pytest.mark.parametrize(("text", "day"), [
    ("BEIRUT, March 3, 2020 (Reuters) - Something happened.", dt.date(2020, 3, 3)),
    ("Headline\n\n2 Mar. 2020\n\nBody.", dt.date(2020, 3, 2)),
    ("Headline\nUpdated 2024-05-17 10:00\n\nBody text.", dt.date(2024, 5, 17)),
    ("KYIV, Ukraine (AP) - Drones struck on 1 July 2023, officials said, in a long paragraph "
     "that goes on and on well past the length of any headline or byline line in an article's head.", None),
    ("Headline\n\n31 February 2020\n\nBody.", None),  # no such day
])
def test_the_date_comes_from_the_head_only(text, day):
    assert article_date(text) == day


def _build(tmp_path, *extra):
    article = tmp_path / "ukraine-odesa.txt"
    article.write_text(ODESA.read_text(encoding="utf-8"), encoding="utf-8")  # dated today, as a fresh file is
    out = tmp_path / "odesa.html"
    assert main(["build", "--article", str(article), "--out", str(out), *extra]) == 0
    return out


def page_config(page: str) -> dict:
    """The panels' data the page hands to ``idlibmap.start``."""
    start = page.index("idlibmap.start(")
    start = page.index("{", start)
    return json.JSONDecoder().raw_decode(page, start)[0]


def test_an_article_map_shows_neither_its_file_name_nor_the_build_date(tmp_path, capsys):
    out = _build(tmp_path)
    capsys.readouterr()
    config = page_config(out.read_text(encoding="utf-8"))
    today = dt.date.today()
    for shown in (config["title"], config["as_of_text"]):
        assert "ukraine-odesa" not in shown and f"{today:%B %Y}" not in shown and today.isoformat() not in shown
    assert config["title"].startswith("Russian drones and missiles struck")
    assert config["as_of_text"] == "Date not given in the article"
    geojson = json.loads(out.with_suffix(".geojson").read_text(encoding="utf-8"))
    assert geojson["name"] == config["title"] and geojson["as_of"] is None
    alt = out.with_suffix(".alt.txt").read_text(encoding="utf-8")
    assert "ukraine-odesa" not in alt and "Date not given in the article" in alt


def test_title_and_as_of_options_override(tmp_path, capsys):
    out = _build(tmp_path, "--title", "Strikes on Odesa and Kharkiv", "--as-of", "2023-07-19")
    capsys.readouterr()
    geojson = json.loads(out.with_suffix(".geojson").read_text(encoding="utf-8"))
    assert geojson["name"] == "Strikes on Odesa and Kharkiv" and geojson["as_of"] == "2023-07-19"
    places = [f for f in geojson["features"] if f["properties"]["layer"] == "Places in the article"]
    assert places and all(f["properties"]["date_label"] == "as of 19 July 2023" for f in places)


@pytest.mark.parametrize(("flag", "value", "message"), [
    ("--as-of", "19/07/2023", "--as-of: '19/07/2023' is not a date in the form YYYY-MM-DD"),
    ("--title", "   ", "--title: a title must be one line"),
])
def test_bad_title_or_date_is_one_clear_line(tmp_path, capsys, flag, value, message):
    code = main(["build", "--article", str(ODESA), "--out", str(tmp_path / "x.html"), flag, value])
    err = capsys.readouterr().err
    assert code == 2 and message in err and "Traceback" not in err
    assert not (tmp_path / "x.html").exists()
