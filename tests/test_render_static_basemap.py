"""The static maps' bearings: country names, reference towns, provinces and water, as the page shows them."""

from __future__ import annotations

import re

import matplotlib
import pypdf
import pytest
from matplotlib.collections import LineCollection

from idlibmap import styles
from idlibmap.model import BasemapLabel
from idlibmap.render.static import RC, draw_static_map
from idlibmap.render.static.basemap import TOWN_DOT


@pytest.fixture(scope="module")
def drawn(default_model):
    with matplotlib.rc_context(RC):
        return draw_static_map(default_model)


def test_pdf_text_holds_country_names_and_reference_towns(static_build, default_model):
    text = re.sub(r"\s+", " ", pypdf.PdfReader(static_build / "idlib_map.pdf").pages[0].extract_text())
    assert "SYRIA" in text and "TURKEY" in text
    towns = {f.properties.name for f in default_model.basemap.labels
             if isinstance(f.properties, BasemapLabel) and f.properties.kind == "town"}
    shown = {name for name in towns if name in text}
    assert len(shown) >= 8, shown
    assert {"Antakya", "Afrin"} <= shown


def test_towns_come_with_their_dot_and_never_alone(drawn):
    towns = [t for t in drawn.placed if t.startswith(TOWN_DOT)]
    assert len(towns) >= 8
    dots = [t for t in drawn.axes["main"].texts if t.get_text() == TOWN_DOT.strip()]
    assert not dots  # a dot is part of its town's name: a dropped name leaves no dot


def test_country_names_sit_inside_the_main_map(drawn):
    assert {"SYRIA", "TURKEY"} <= set(drawn.placed)


def test_provinces_and_rivers_are_drawn_in_their_colours(drawn):
    colours = {matplotlib.colors.to_hex(c) for coll in drawn.axes["main"].collections
               if isinstance(coll, LineCollection) for c in coll.get_colors()}
    assert styles.BEARINGS["province"] in colours and styles.BEARINGS["province-story"] in colours
    assert styles.BEARINGS["river"] in colours
