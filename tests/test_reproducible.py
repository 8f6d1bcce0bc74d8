"""Building twice from the same inputs gives byte-identical files."""

from __future__ import annotations

import contextlib
import io

from idlibmap.cli import main

from .conftest import DEFAULT_STORY, STATIC_DPI


def test_a_second_build_is_byte_identical(static_build, tmp_path):
    out = tmp_path / "again" / "idlib_map.html"
    with contextlib.redirect_stdout(io.StringIO()):
        code = main(["build", "--story", str(DEFAULT_STORY), "--out", str(out),
                     "--format", "html,png,svg,pdf,geojson", "--dpi", str(STATIC_DPI), "--embed"])
    assert code == 0
    first = sorted(p.name for p in static_build.iterdir())
    assert first == sorted(p.name for p in out.parent.iterdir())
    assert {"idlib_map.html", "idlib_map.geojson", "idlib_map.svg"} <= set(first)
    for name in first:
        assert (static_build / name).read_bytes() == (out.parent / name).read_bytes(), f"{name} differs"


def test_the_page_has_no_random_element_ids(static_build):
    page = (static_build / "idlib_map.html").read_text(encoding="utf-8")
    assert 'id="map_idlibmap"' in page
    import re

    assert not re.search(r"_[0-9a-f]{32}\b", page), "a folium/branca random id is left in the page"


def test_static_images_carry_no_timestamp(static_build):
    assert b"<dc:date>" not in (static_build / "idlib_map.svg").read_bytes()
    assert b"CreationDate" not in (static_build / "idlib_map.pdf").read_bytes()
