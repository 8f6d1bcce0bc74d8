"""Story text on the static map is literal text: no mathtext, nothing that breaks a PNG, SVG or PDF.

``$…$`` used to be typeset as mathematics (and ``$\\frac$`` crashed every static format); a byte
order mark crashed the PDF; NUL, ESC and U+FFFF made the SVG invalid XML; matplotlib printed its
warnings with control characters raw.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import replace

import matplotlib
import pypdf
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

from idlibmap.cli import main
from idlibmap.model import Feature
from idlibmap.render.static import RC, static_images_from_model
from idlibmap.render.static.export import metadata
from idlibmap.render.static.text import draw_text, literal, matplotlib_warnings_logged

from .conftest import ROOT
from .strategies import untrusted_text

SVG = "{http://www.w3.org/2000/svg}"
MATH = "$\\frac$"  # an incomplete mathtext command: matplotlib's parser raised on it
POWER = "$x^2$"  # valid mathtext: it was drawn as x squared
INVISIBLE = "\ufeff\x00\x1b[2J\uffff"  # BOM, NUL, an ESC sequence, a noncharacter
HALF = "$\\frac{1}{2}$"


def toml(text: str) -> str:
    """A TOML basic string holding ``text`` (JSON's escapes are TOML's, for text of the BMP)."""
    return json.dumps(text)


def hostile_story(write_story):
    head = f"""
        [story]
        title = {toml(f"Prices {MATH} and {POWER} rise {INVISIBLE}")}
        as_of = 2020-03-02
        countries = ["SY"]
        default_source = "wire"

        [[story.sources]]
        id = "wire"
        name = {toml(f"Wire {MATH} {INVISIBLE} report")}
        url = "https://example.org/report"
        """
    body = f"""
        [[places]]
        name = {toml(f"Town {MATH} {INVISIBLE}")}
        coords = [35.86, 36.80]
        note = {toml(f"A note {POWER} {INVISIBLE}")}

        [[places]]
        name = {toml(f"Village {POWER}{INVISIBLE}")}
        coords = [35.93, 36.63]

        [[points]]
        name = "Strike"
        kind = "strike"
        coords = [35.90, 36.70]
        layer = {toml(f"Layer {HALF} {INVISIBLE}")}

        [[points]]
        name = "Clash"
        kind = "clash"
        coords = [35.88, 36.75]
        layer = {toml(f"Layer {HALF} {INVISIBLE}")}

        [[lines]]
        layer = {toml(f"Front {INVISIBLE}")}
        name = "Front"
        through = [[35.80, 36.60], [35.95, 36.90]]
        label = {toml(f"Line {MATH}{INVISIBLE}")}

        [[flows]]
        layer = "Flows"
        name = "Flow"
        from = [35.80, 36.60]
        to = [36.2, 36.9]
        people = 5000
        label = {toml(f"{POWER} people {INVISIBLE}")}
        """
    return write_story(body, head=head)


def svg_text(root: ET.Element) -> str:
    return " ".join("".join(t.itertext()) for t in root.iter(f"{SVG}text"))


def test_story_text_is_drawn_literally_in_every_format_and_nothing_reaches_stderr(write_story, tmp_path, gazetteer):
    out = tmp_path / "out" / "map.html"
    result = subprocess.run([sys.executable, "-m", "idlibmap", "build", "--story", str(hostile_story(write_story)),
                             "--out", str(out), "--format", "png,svg,pdf", "--dpi", "40"],
                            capture_output=True, cwd=ROOT, timeout=300, check=False)
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    assert result.stderr == b"", "matplotlib's warnings (or anything else) printed to stderr"

    svg_bytes = out.with_suffix(".svg").read_bytes()
    root = ET.fromstring(svg_bytes)  # valid XML
    text = svg_text(root)
    for drawn in (f"Prices {MATH} and {POWER} rise", f"Town {MATH}", f"Village {POWER}", f"Line {MATH}",
                  f"{POWER} people", f"Layer {HALF}", f"Sources: Wire {MATH}"):
        assert drawn in text, drawn
    for gone in ("\x00", "\x1b", "\ufeff", "\uffff"):
        assert gone.encode("utf-8") not in svg_bytes
    assert "[2J" in text, "the rest of an escape sequence is shown as the text it is"

    pdf = pypdf.PdfReader(out.with_suffix(".pdf"))
    assert MATH in pdf.metadata.title and "\x00" not in pdf.metadata.title
    assert POWER in pdf.pages[0].extract_text()
    image = Image.open(out.with_suffix(".png"))
    image.verify()
    assert image.info["Title"] == f"Prices {MATH} and {POWER} rise [2J\ufffd"


def test_lone_surrogates_from_the_library_api_become_replacement_characters(default_model):
    """A caller may build a model from any Python string; a lone surrogate cannot be encoded, so it is replaced."""
    layers = []
    for layer in default_model.layers:
        frame = layer.features
        if layer.section == "places":
            frame = [Feature(f.geometry, replace(f.properties, name=f.properties.name + " \ud800" + POWER))
                     for f in frame]
        layers.append(replace(layer, features=frame))
    model = replace(default_model, title=f"Lone \udfff surrogate {MATH}", layers=layers)
    images = static_images_from_model(model, ["png", "svg", "pdf"], dpi=30)
    text = svg_text(ET.fromstring(images["svg"]))
    assert f"Lone \ufffd surrogate {MATH}" in text
    assert f"Saraqeb \ufffd{POWER}" in text
    assert pypdf.PdfReader(io.BytesIO(images["pdf"])).metadata.title == f"Lone \ufffd surrogate {MATH}"
    assert Image.open(io.BytesIO(images["png"])).info["Title"] == f"Lone \ufffd surrogate {MATH}"


def test_a_character_the_font_lacks_gives_one_clean_warning(write_story, tmp_path, capsys, gazetteer):
    body = """
        [[places]]
        name = "Town \u4e2d\u6587 \u4e2d"
        coords = [35.86, 36.80]
        """
    code = main(["build", "--story", str(write_story(body)), "--out", str(tmp_path / "map.html"),
                 "--format", "png,svg,pdf", "--dpi", "30"])
    assert code == 0
    lines = capsys.readouterr().err.splitlines()
    assert lines == ["idlibmap: warning: the static map's font (DejaVu Sans) has no glyph for '\u4e2d' (U+4E2D), "
                     "'\u6587' (U+6587); the PNG and PDF show an empty box for each"]


@pytest.mark.parametrize("text, shown", [
    ("a\r\nb\rc", "a\nb\nc"), ("tab\there", "tab here"), ("\x00nul\x7fdel\x9bcsi", "nuldelcsi"),
    ("\ufeffbom", "bom"), ("\uffff\ufffe\ufdd0\U0001fffe", "\ufffd" * 4), ("lone \ud800", "lone \ufffd"),
    ("Idlib $x^2$ \u200c\u200d\u202e", "Idlib $x^2$ \u200c\u200d\u202e"),  # joiners and bidi marks are kept
])
def test_literal_text(text, shown):
    assert literal(text) == shown
    assert literal(shown) == shown


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(untrusted_text(60) | st.text(st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF), max_size=3))
def test_any_text_draws_and_saves_in_every_format(text):
    """Whatever the text, a figure showing it (and naming it in its metadata) saves as PNG, SVG and PDF."""
    with matplotlib.rc_context(RC), matplotlib_warnings_logged():
        figure = Figure(figsize=(2, 1), dpi=30)
        FigureCanvasAgg(figure)
        draw_text(figure, 0.05, 0.5, text, fontsize=6)
        for fmt in ("png", "svg", "pdf"):
            buffer = io.BytesIO()
            figure.savefig(buffer, format=fmt, metadata=metadata(fmt, text, text))
            if fmt == "svg":
                ET.fromstring(buffer.getvalue())
