"""Printing the HTML page (headless Chromium's print to PDF) loses nothing: the map with its labels, the
legend beside it, then every source and the method, on as many landscape pages as they need."""

from __future__ import annotations

import re

import pypdf
import pytest

from . import test_browser
from .test_browser import CHROMIUM, run_chromium

pytestmark = test_browser.pytestmark  # the same skip rules: skipped without Chromium


def flat(text: str) -> str:
    """Whitespace made single (printed lines wrap anywhere, after a hyphen too), and no space after a kerned
    capital."""
    text = re.sub(r"-\n", "-", text)
    return re.sub(r"\b([A-Z]) (?=[a-z])", r"\1", re.sub(r"\s+", " ", text)).strip()


@pytest.fixture(scope="module")
def printed(built_map, tmp_path_factory) -> pypdf.PdfReader:
    assert CHROMIUM
    pdf = tmp_path_factory.mktemp("print") / "printed.pdf"
    result = run_chromium(built_map.html_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}")
    assert result.returncode == 0 and pdf.exists(), result.stderr[-2000:]
    return pypdf.PdfReader(pdf)


def test_the_first_page_is_the_titled_map_with_its_labels_and_legend(printed, default_model):
    page = printed.pages[0]
    assert float(page.mediabox.width) > float(page.mediabox.height), "landscape"
    text = flat(page.extract_text())
    for expected in (default_model.title, "As of 2 March 2020", "Legend", "Saraqeb", "Aleppo",
                     "≈560,000 to north-west Idlib (UN)", "Front line, 2 March"):
        assert expected in text, expected
    for group in default_model.legend_groups():
        if group["layer"] and len(group["entries"]) > 1:  # the legend's headings
            assert flat(group["layer"]).upper() in text.upper(), group["layer"]
        for entry in group["entries"]:
            assert flat(entry["label"]) in text, entry["label"]


def test_every_source_and_the_method_are_printed_on_the_pages_after(printed, default_model):
    assert len(printed.pages) >= 2
    text = flat(" ".join(page.extract_text() for page in printed.pages[1:]))
    assert "Sources and method" in text
    missing = [source["name"] for source in default_model.sources if flat(source["name"]) not in text]
    assert missing == []
    for line in default_model.method:
        assert flat(line) in text, line
