"""Hostile text in a news feed's mention rows: the titles, addresses, publishers and sentences a map of many
articles lists in its popups.

Each payload is the title, publisher and sentence of one article, and every other article's address is a
script URL. The page is checked in raw HTML against the same feed with plain words, and in headless
Chromium: nothing runs, no script URL becomes a link, every payload shows in its popup as text.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from idlibmap.pipeline import build

from .mentions.rows import row, write_jsonl
from .test_browser import CHROMIUM, run_chromium
from .xss import PAYLOADS, browser_report, collapse, markup_problems

PLACES = ("Idlib", "Saraqib", "Aleppo", "Damascus")  # each payload's article names one; a popup lists them all
SCRIPT_URLS = ("javascript:document.title='PWNED'", "JaVaScRiPt:window.xssFired=1", " javascript:window.xssFired=1",
               "data:text/html,<script>window.xssFired=1</script>")


def hostile_rows(texts: list[str]) -> list[dict]:
    rows = []
    for i, text in enumerate(texts):
        day = (dt.date(2020, 3, 1) + dt.timedelta(days=i // len(PLACES))).isoformat()
        url = SCRIPT_URLS[i % len(SCRIPT_URLS)] if i % 2 else f"https://news.example/{i}"
        rows.append(row(f"x{i}", PLACES[i % len(PLACES)], day, title=text, url=url, source=text,
                        sentence=f"Officials said a banner read {text} near the square."))
    return rows


@pytest.fixture(scope="module")
def pages(tmp_path_factory, gazetteer) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("xss-mentions")
    built = []
    for name, texts in (("hostile", PAYLOADS), ("benign", [f"plain words {i}" for i in range(len(PAYLOADS))])):
        result = build(mentions=write_jsonl(folder / f"{name}.jsonl", hostile_rows(texts)), gazetteer=gazetteer)
        result.save(folder / f"{name}.html", ("html",))
        built.append(folder / f"{name}.html")
    return built[0], built[1]


def test_feed_text_never_becomes_markup(pages):
    hostile, benign = (p.read_text(encoding="utf-8") for p in pages)
    assert markup_problems(hostile, benign) == []


@pytest.mark.browser
def test_no_feed_payload_runs_and_popups_show_it_as_text(pages):
    if not CHROMIUM:
        pytest.skip("Chromium not installed")
    report, console, _ = browser_report(pages[0], run_chromium)
    assert [line for line in console if "Uncaught" in line or "Error" in line] == []
    assert report["fired"] is None and report["title"].startswith("Places in the news")
    assert report["handlers"] == [] and report["badUrls"] == []
    # Elements beyond a story map's: the time control's own buttons (the dates, which unfold it on a small map,
    # and Play) and slider, as on the page of plain words.
    assert report["foreign"] == browser_report(pages[1], run_chromium)[0]["foreign"] == ["BUTTON", "BUTTON", "INPUT"]
    cards = " ".join(collapse(card["text"]) for card in report["popups"] if card["section"] == "mentions")
    for payload in PAYLOADS:
        assert cards.count(collapse(payload)) >= 3, payload  # its title, its publisher and its sentence
