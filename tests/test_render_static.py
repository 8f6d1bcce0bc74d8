"""Static PNG, SVG and PDF maps, opened with real readers (Pillow, an XML parser, pypdf)."""

from __future__ import annotations

import io
import itertools
import re
import xml.etree.ElementTree as ET
from dataclasses import replace

import matplotlib
import pypdf
import pytest
from matplotlib.text import Annotation
from PIL import Image

from idlibmap import styles
from idlibmap.model import Feature
from idlibmap.render.static import RC, draw_static_map, nice_distance, static_images_from_model

from .conftest import STATIC_DPI

SVG = "{http://www.w3.org/2000/svg}"


def normalised(text: str) -> str:
    """Whitespace made single, and the stray space PDF text extraction puts after a kerned capital ("T urkey")."""
    return re.sub(r"\b([A-Z]) (?=[a-z])", r"\1", re.sub(r"\s+", " ", text)).strip()


def legend_texts(model) -> list[str]:
    """Every text the legend must show: the name of each layer with several rows, and every row."""
    texts = []
    for group in model.legend_groups():
        texts += [group["layer"]] if len(group["entries"]) > 1 else []
        texts += [entry["label"] for entry in group["entries"]]
    return texts


@pytest.fixture(scope="module")
def drawn(default_model):
    with matplotlib.rc_context(RC):
        return draw_static_map(default_model)


def test_png_has_the_asked_resolution_and_is_not_blank(static_build, drawn):
    image = Image.open(static_build / "idlib_map.png")
    width_in, height_in = drawn.figure.get_size_inches()
    assert image.size == (int(width_in * STATIC_DPI), int(height_in * STATIC_DPI))
    assert image.info.get("dpi") and round(image.info["dpi"][0]) == STATIC_DPI
    rgb = image.convert("RGB")
    colours = rgb.getcolors(maxcolors=1_000_000)
    assert len(colours) > 200  # a blank or flat image has a handful
    counts = {colour: n for n, colour in colours}
    sea = tuple(int(styles.BASEMAP["sea"][i:i + 2], 16) for i in (1, 3, 5))
    assert counts.get(sea, 0) > 1000, "the sea of the basemap is drawn"
    assert counts.get((255, 255, 255), 0) < rgb.width * rgb.height * 0.6, "mostly map, not empty page"


def test_png_defaults_to_300_dpi(default_model):
    png = static_images_from_model(default_model, ["png"])["png"]
    image = Image.open(io.BytesIO(png))
    assert round(image.info["dpi"][0]) == 300 and image.width >= 3000


def test_svg_is_vector_with_every_legend_entry_as_real_text(static_build, default_model):
    path = static_build / "idlib_map.svg"
    assert path.stat().st_size < 2 * 1024 * 1024
    root = ET.parse(path).getroot()
    assert root.tag == f"{SVG}svg"
    assert not list(root.iter(f"{SVG}image")), "no embedded raster images"
    text = normalised(" ".join("".join(t.itertext()) for t in root.iter(f"{SVG}text")))
    for expected in legend_texts(default_model) + [default_model.title, "As of 2 March 2020", "Legend", "km"]:
        assert normalised(expected) in text, expected
    for label in ("≈560,000 to north-west Idlib (UN)", "Saraqeb", "Idlib", "Aleppo"):
        assert label in text
    assert "Sources: UN OCHA, " in text


def test_pdf_is_the_map_then_every_source_with_title_author_and_subject(static_build, default_model, drawn):
    reader = pypdf.PdfReader(static_build / "idlib_map.pdf")
    page = reader.pages[0]
    width_in, height_in = drawn.figure.get_size_inches()
    assert (width_in, height_in) == pytest.approx((297 / 25.4, 210 / 25.4)), "A4 landscape by default"
    for later in reader.pages:  # every page of the PDF at the map's size
        assert float(later.mediabox.width) == pytest.approx(width_in * 72, abs=0.5)
        assert float(later.mediabox.height) == pytest.approx(height_in * 72, abs=0.5)
    assert not page.images, "drawn as vectors, not as an embedded picture"
    text = normalised(page.extract_text())
    for expected in legend_texts(default_model):
        assert normalised(expected) in text, expected
    assert "Front line approximate" in text and "idlib_map.sources.txt" in text
    listed = normalised(" ".join(later.extract_text() for later in reader.pages[1:]))
    assert len(reader.pages) >= 2 and "Sources and method" in listed
    for number, source in enumerate(default_model.sources, 1):
        assert normalised(f"{number}. {source['name']}")[:60] in listed, source["name"]
    links = [annotation.get_object()["/A"]["/URI"] for later in reader.pages[1:]
             for annotation in later.get("/Annots", [])]
    assert default_model.sources[0]["url"] in links, "each source links to its address"
    assert reader.metadata.title == default_model.title
    assert reader.metadata.author.startswith("idlibmap, from UN OCHA, ")
    assert "north-western Syria" in reader.metadata.subject


def test_labels_overlap_neither_each_other_nor_symbols(drawn):
    renderer = drawn.figure.canvas.get_renderer()
    for name in ("main", "inset"):
        ax = drawn.axes[name]
        labels = [t for t in ax.texts if isinstance(t, Annotation) and t.get_visible()]
        assert labels
        boxes = [label.get_window_extent(renderer) for label in labels]
        for (a, box_a), (b, box_b) in itertools.combinations(zip(labels, boxes, strict=True), 2):
            assert not box_a.overlaps(box_b), (a.get_text(), b.get_text())
        scale = drawn.figure.dpi / 72
        for label, box in zip(labels, boxes, strict=True):
            for x, y, radius in drawn.symbols[name]:
                cx, cy = ax.transData.transform((x, y))
                nearest_x, nearest_y = min(max(cx, box.x0), box.x1), min(max(cy, box.y0), box.y1)
                assert (nearest_x - cx) ** 2 + (nearest_y - cy) ** 2 >= (radius * scale * 0.95) ** 2, label.get_text()


def test_the_main_labels_of_the_default_story_are_placed(drawn):
    for label in ("≈560,000 to north-west Idlib (UN)", "Saraqeb", "Idlib", "Aleppo", "Idlib region",
                  "Front line, 2 March", "M5"):
        assert label in drawn.placed, label


def test_symbols_at_one_spot_are_drawn_side_by_side(drawn):
    """Saraqeb is a place, a clash and a strike: three symbols, none on top of another."""
    spots = [(x, y) for x, y, _ in drawn.symbols["main"]]
    assert len(spots) == len(set(spots))


def test_unknown_kinds_and_styles_render_with_a_fallback(default_model):
    """New point kinds, line styles or legend symbols (added by later stories) draw, never fail."""
    layers = []
    for layer in default_model.layers:
        frame = layer.features
        if layer.section in ("points", "lines"):
            new = "diplomacy-badge" if layer.section == "points" else "diplomatic-link"
            frame = [Feature(f.geometry, replace(f.properties, symbol=new)) for f in frame]
        legend = [replace(entry, symbol={**entry.symbol, "type": "badge"}) if layer.section == "points" else entry
                  for entry in layer.legend]
        layers.append(replace(layer, features=frame, legend=legend))
    model = replace(default_model, layers=layers)
    svg = static_images_from_model(model, ["svg"])["svg"].decode("utf-8")
    assert "Turkish post encircled by government forces" in svg and "Saraqeb" in svg


def test_formats_are_checked(default_model):
    with pytest.raises(ValueError, match="jpg"):
        static_images_from_model(default_model, ["png", "jpg"])


@pytest.mark.parametrize("metres, expected", [(22_000, 20_000), (9_900, 5_000), (130, 100), (1, 1)])
def test_scale_bar_lengths_are_round(metres, expected):
    assert nice_distance(metres) == expected
