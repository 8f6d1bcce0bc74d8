"""Static maps at each --size preset: the page size asked for, no text under 7 pt, a two-line credit."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET

import pytest
from PIL import Image

import idlibmap
from idlibmap.cli import main
from idlibmap.errors import OptionError
from idlibmap.options import SIZES
from idlibmap.render.credits import credit_lines, main_publishers, publisher, sources_text
from idlibmap.render.static import static_images_from_model

from .conftest import DEFAULT_STORY, fails_cleanly

SVG = "{http://www.w3.org/2000/svg}"
PT_PER_MM = 72 / 25.4


@pytest.fixture(scope="module", params=list(SIZES))
def preset(request, default_model):
    """Each preset's SVG, drawn once."""
    name = request.param
    images = static_images_from_model(default_model, ["svg"], size=name, sources_file="idlib_map.sources.txt")
    return name, images


def svg_size_pt(root: ET.Element) -> tuple[float, float]:
    return float(root.get("width", "0").removesuffix("pt")), float(root.get("height", "0").removesuffix("pt"))


def test_the_svg_has_the_size_of_its_preset(preset):
    name, images = preset
    size = SIZES[name]
    width, height = svg_size_pt(ET.fromstring(images["svg"]))
    assert width == pytest.approx(size.width_mm * PT_PER_MM, abs=0.5)
    if size.height_mm is not None:
        assert height == pytest.approx(size.height_mm * PT_PER_MM, abs=0.5)
    else:  # a newspaper column: as tall as the map, inset and legend need, and no taller than a page
        assert width < height < 420 * PT_PER_MM


def test_no_text_is_smaller_than_7_pt_at_the_output_size(preset):
    """The SVG's user unit is the point (its width and height are given in pt), and no text is scaled."""
    _, images = preset
    root = ET.fromstring(images["svg"])
    texts = list(root.iter(f"{SVG}text"))
    assert len(texts) > 30
    sizes = []
    for text in texts:
        found = re.search(r"font-size:\s*([\d.]+)px", text.get("style", ""))
        assert found, text.get("style")
        sizes.append(float(found.group(1)))
        assert "scale" not in (text.get("transform") or "")
    for group in root.iter(f"{SVG}g"):  # nor is any text inside a scaled group
        if "scale" in (group.get("transform") or ""):
            assert not list(group.iter(f"{SVG}text"))
    assert min(sizes) >= 7.0 - 1e-6, sorted(sizes)[:5]


def test_the_map_carries_a_two_line_credit(preset, default_model):
    _, images = preset
    root = ET.fromstring(images["svg"])
    lines = [" ".join("".join(t.itertext()).split()) for t in root.iter(f"{SVG}text")]
    credit = [line for line in lines if line.startswith("Sources:")]
    assert len(credit) == 1 and "idlib_map.sources.txt" in credit[0]
    following = lines[lines.index(credit[0]) + 1]
    assert following.startswith("Front line approximate.") and "GeoNames" in following and "Natural Earth" in following


def test_the_web_size_is_1200_by_800_pixels_whatever_the_dpi(default_model):
    png = static_images_from_model(default_model, ["png"], dpi=40, size="web")["png"]
    assert Image.open(io.BytesIO(png)).size == (1200, 800)


def test_an_unknown_size_names_the_presets(default_model):
    with pytest.raises(OptionError, match="unknown size 'a3'; choose from a4-landscape, a4-portrait") as caught:
        static_images_from_model(default_model, ["svg"], size="a3")
    assert caught.value.option == "size"


def test_the_cli_refuses_an_unknown_size_before_building(capsys, tmp_path):
    line = fails_cleanly(["build", "--story", str(DEFAULT_STORY), "--out", str(tmp_path / "m.html"),
                          "--format", "png", "--size", "A4"], capsys)
    assert line.startswith("idlibmap: error: --size: unknown size 'A4'; choose from a4-landscape")
    assert not list(tmp_path.iterdir())


def test_the_cli_writes_the_size_asked_for_and_the_sources_list(tmp_path, default_model):
    out = tmp_path / "m.html"
    assert main(["build", "--story", str(DEFAULT_STORY), "--out", str(out), "--format", "svg",
                 "--size", "two-column"]) == 0
    width, _ = svg_size_pt(ET.parse(out.with_suffix(".svg")).getroot())
    assert width == pytest.approx(178 * PT_PER_MM, abs=0.5)
    listed = out.with_suffix(".sources.txt").read_text(encoding="utf-8")
    assert listed == sources_text(default_model)
    assert "m.sources.txt" in out.with_suffix(".svg").read_text(encoding="utf-8")


def test_the_sources_list_holds_every_source_with_its_address(default_model):
    listed = sources_text(default_model)
    for number, source in enumerate(default_model.sources, 1):
        assert f"{number}. {source['name']}" in listed
        if source.get("url"):
            assert source["url"] in listed
    assert listed.startswith(default_model.title + "\nAs of 2 March 2020\n")
    assert "Method" in listed and "GeoNames (CC BY 4.0)" in listed


def test_the_credit_names_the_most_cited_publishers_as_room_allows(default_model):
    wide = credit_lines(default_model, lambda text: len(text) <= 160, "m.sources.txt")
    narrow = credit_lines(default_model, lambda text: len(text) <= 60, "m.sources.txt")
    assert len(wide) == len(narrow) == 2
    assert wide[0].startswith("Sources: UN OCHA, UNHCR, ")
    assert wide[0].endswith(" more (full list: m.sources.txt).")
    more = len(main_publishers(default_model)) - 1
    assert narrow[0] == f"Sources: UN OCHA and {more} more (full list: m.sources.txt)."
    assert all(len(line) <= 160 for line in wide) and len(narrow[1]) <= 60


@pytest.mark.parametrize("name, expected", [
    ("UN OCHA: Flash update", "UN OCHA"), ("AFP via Teller Report: Troops advance", "AFP"),
    ("SouthFront (republished by The Russophile): Army takes town", "SouthFront"),
    ("Natural Earth 1:10m admin-0 countries (public domain)", "Natural Earth 1:10m admin-0 countries"),
    ("(Untitled)", "(Untitled)")])
def test_publishers_are_named_without_headline_or_carrier(name, expected):
    assert publisher(name) == expected


def test_the_credit_names_un_agencies_and_wires_before_partisan_outlets_however_often_cited(write_story, gazetteer):
    story = write_story("""
        [[story.sources]]
        id = "blog"
        name = "Partisan Blog: Army takes everything"
        kind = "partisan"
        [[story.sources]]
        id = "ocha"
        name = "UN OCHA: Flash update"
        kind = "un"
        [[story.sources]]
        id = "ne"
        name = "Natural Earth: countries"
        kind = "data"
        [[places]]
        name = "Idlib"
        source = ["blog", "ocha"]
        [[places]]
        name = "Aleppo"
        source = ["blog", "ne"]
        [[places]]
        name = "Hama"
        source = "blog"
        [[places]]
        name = "Homs"
        """)
    model = idlibmap.build(story, gazetteer=gazetteer).model
    assert main_publishers(model) == ["UN OCHA", "Wire report", "Partisan Blog"]  # datasets have their own line
