"""Stories in open sea or at a pole build in every format and show the sea (no NaN extents, no empty clip)."""

from __future__ import annotations

import contextlib
import io
import json
import math
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from idlibmap import styles
from idlibmap.boundaries import WORLD_EDGE_LATITUDE, basemap_extent, padded
from idlibmap.cli import main

SEA = tuple(int(styles.BASEMAP["sea"][i:i + 2], 16) for i in (1, 3, 5))


def page_config(page: str) -> dict[str, object]:
    """The configuration the page's script starts from (``idlibmap.start(map, {...})``)."""
    start = page.index("idlibmap.start(")
    config, _ = json.JSONDecoder().raw_decode(page, page.index("{", start))
    return config


def sea_share(png: Path) -> float:
    pixels = np.asarray(Image.open(png).convert("RGB"), dtype=int)
    return float((np.abs(pixels - np.array(SEA)).max(axis=2) <= 3).mean())


@pytest.mark.parametrize(("at", "at_sea"), [([0, 0], True), ([89, 0], True), ([90, 180], True), ([0, 180], True),
                                           ([-90, -180], False)])  # the south pole is Antarctica: land
def test_a_story_at_sea_or_at_a_pole_builds_every_format(write_story, tmp_path, gazetteer, at, at_sea):
    story = write_story(f"""
        [[points]]
        layer = "Ships"
        kind = "strike"
        name = "A ship"
        at = {at}
    """)
    out = tmp_path / "out" / "sea.html"
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()) as err:
        code = main(["build", "--story", str(story), "--out", str(out), "--format", "html,geojson,png,svg,pdf",
                     "--dpi", "30"])
    assert code == 0, err.getvalue()
    feature = json.loads(out.with_suffix(".geojson").read_text(encoding="utf-8"))["features"][0]
    assert feature["geometry"]["coordinates"] == [at[1], at[0]]  # the true position, not a clamped one
    config = page_config(out.read_text(encoding="utf-8"))
    (south, west), (north, east) = config["extent"]
    assert all(math.isfinite(v) for v in (south, west, north, east))
    assert -WORLD_EDGE_LATITUDE <= south < north <= WORLD_EDGE_LATITUDE and -180 <= west < east <= 180
    # The page may be panned to the feature (Leaflet draws a point past 85° on the world's edge).
    assert south <= max(min(at[0], WORLD_EDGE_LATITUDE), -WORLD_EDGE_LATITUDE) <= north and west <= at[1] <= east
    assert (sea_share(out.with_suffix(".png")) > 0.3) == at_sea  # the main map and the inset show the sea
    for suffix in (".svg", ".pdf", ".alt.txt"):
        assert out.with_suffix(suffix).stat().st_size > 0


def test_open_sea_is_described_as_sea(write_story, tmp_path, gazetteer):
    story = write_story("""
        [[points]]
        layer = "Ships"
        kind = "strike"
        name = "A ship"
        at = [0, 0]
    """)
    out = tmp_path / "sea.html"
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["build", "--story", str(story), "--out", str(out)]) == 0
    assert "open sea" in out.with_suffix(".alt.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("bounds", [(0, 89, 0, 89), (-180, -90, -180, -90), (180, 90, 180, 90),
                                    (-200, -100, 200, 100), (10, 85, 10, 85)])
def test_padded_bounds_are_never_empty_and_stay_on_the_map(bounds):
    for west, south, east, north in (padded(bounds), basemap_extent(bounds), padded(bounds, 0.02, 0.1)):
        assert -180 <= west < east <= 180
        assert -WORLD_EDGE_LATITUDE <= south < north <= WORLD_EDGE_LATITUDE
