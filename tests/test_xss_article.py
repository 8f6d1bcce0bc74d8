"""Hostile text in an article: the sentences quoted in popups, and the file's own name.

Every payload sits in a sentence that is the first to name its own city, so every payload
reaches a popup quote. The page is checked in raw HTML against the same article with plain words,
and in headless Chromium: nothing runs, the title stays as built, each quote shows as text.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from idlibmap.article_heading import article_heading

from .conftest import build_map
from .test_browser import CHROMIUM, run_chromium
from .xss import PAYLOADS, browser_report, markup_problems

# Capitals the gazetteer knows unambiguously, one per payload.
CITIES = [
    "Paris", "Berlin", "Madrid", "Rome", "Vienna", "Warsaw", "Prague", "Budapest", "Bucharest", "Sofia",
    "Athens", "Lisbon", "Dublin", "Oslo", "Stockholm", "Helsinki", "Copenhagen", "Amsterdam", "Brussels",
    "Bern", "Belgrade", "Zagreb", "Ljubljana", "Bratislava", "Vilnius", "Riga", "Tallinn", "Kyiv",
    "Chisinau", "Minsk", "Tbilisi", "Yerevan", "Baku", "Tehran", "Baghdad", "Amman", "Beirut", "Cairo",
    "Riyadh", "Doha", "Muscat", "Kabul", "Islamabad", "Dhaka", "Kathmandu", "Hanoi", "Bangkok", "Manila",
]
# A file name may hold a payload too, as long as it has no slash.
FILE_NAME = "<img src=x onerror=window.xssFired=1>.txt"


def article_text(texts: list[str]) -> str:
    return "\n\n".join(f"Officials in {city} said on Monday that a banner read {text} near the square."
                       for city, text in zip(CITIES, texts, strict=False))


@pytest.fixture(scope="module")
def pages(tmp_path_factory, gazetteer) -> tuple[Path, Path]:
    assert len(CITIES) >= len(PAYLOADS)
    folder = tmp_path_factory.mktemp("xss-article")
    built = []
    for name, texts in (("hostile", PAYLOADS), ("benign", [f"plain words {i}" for i in range(len(PAYLOADS))])):
        article = folder / name / (FILE_NAME if name == "hostile" else "plain.txt")
        article.parent.mkdir()
        article.write_text(article_text(texts), encoding="utf-8")
        out = folder / f"{name}.html"
        build_map(None, out, gazetteer=gazetteer, article=article)
        built.append(out)
    return built[0], built[1]


def article_notes(page: Path) -> dict[str, str]:
    features = json.loads(page.with_suffix(".geojson").read_text(encoding="utf-8"))["features"]
    return {f["properties"]["name"]: f["properties"]["note"] for f in features
            if f["properties"]["layer"] == "Places in the article"}


def test_every_payload_is_quoted_in_the_data_intact(pages):
    notes = "\n".join(article_notes(pages[0]).values())
    for payload in PAYLOADS:
        assert " ".join(payload.split()) in notes, payload


def test_article_text_never_becomes_markup(pages):
    hostile, benign = (p.read_text(encoding="utf-8") for p in pages)
    assert markup_problems(hostile, benign) == []


@pytest.mark.browser
def test_no_article_payload_runs_and_quotes_show_as_text(pages):
    if not CHROMIUM:
        pytest.skip("Chromium not installed")
    report, console, _ = browser_report(pages[0], run_chromium)
    assert [line for line in console if "Uncaught" in line or "Error" in line] == []
    # The title is the article's lead, payload and all, as text: a script that ran would have replaced it.
    lead = " ".join(article_heading(article_text(PAYLOADS)).title.split())
    assert report["fired"] is None and report["title"] == lead
    assert lead in " ".join(report["titlePanel"].split())
    assert report["handlers"] == [] and report["badUrls"] == [] and report["foreign"] == []
    cards = {card["name"]: card["text"] for card in report["popups"]}
    for name, note in article_notes(pages[0]).items():
        assert note in cards[name], name
    assert FILE_NAME in report["sources"]  # the file's name shows, as text, where the article is cited
