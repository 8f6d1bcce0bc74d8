"""Printing the HTML page (headless Chromium's print to PDF) gives map, legend and sources on one page."""

from __future__ import annotations

import re

import pypdf

from . import test_browser
from .test_browser import CHROMIUM, run_chromium

pytestmark = test_browser.pytestmark  # the same skip rules: skipped without Chromium, never in CI


def test_print_puts_map_legend_and_sources_on_one_landscape_page(built_map, tmp_path):
    assert CHROMIUM
    pdf = tmp_path / "printed.pdf"
    result = run_chromium(built_map.html_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}")
    assert result.returncode == 0 and pdf.exists(), result.stderr[-2000:]
    reader = pypdf.PdfReader(pdf)
    assert len(reader.pages) == 1
    page = reader.pages[0]
    assert float(page.mediabox.width) > float(page.mediabox.height), "landscape"
    text = re.sub(r"\s+", " ", page.extract_text())
    for expected in ("Legend", "Sources and method", "Turkish observation post encircled by government forces",
                     "Opposition / HTS", "UN OCHA", "Saraqeb", "As of 2 March 2020"):
        assert expected in text, expected
    assert pdf.stat().st_size > 20_000
