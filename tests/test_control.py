"""Areas of control as a partition, and the front line derived from their shared edges."""

from __future__ import annotations

import pytest
import shapely

from idlibmap.control import AreaSpec, HeldArea, area_km2, front_line, partition

COUNTRY = shapely.box(36.0, 35.0, 38.0, 37.0)  # a square "country" of about 2° x 2°


def spec(faction: str, label: str, outline=None, rest_of=None) -> AreaSpec:
    return AreaSpec(faction, label, lambda message: ValueError(f"{label}: {message}"), outline, rest_of)


def test_the_rest_fills_the_country_and_nothing_overlaps():
    areas = partition([spec("opp", "enclave", outline=shapely.box(36.0, 35.5, 36.8, 36.5)),
                       spec("gov", "rest", rest_of=COUNTRY)])
    enclave, rest = (a.shape for a in areas)
    assert enclave.intersection(rest).area < 1e-9
    assert abs(enclave.union(rest).area - COUNTRY.area) < 1e-9


def test_outlines_that_nearly_meet_share_one_edge():
    """A hand-drawn neighbour 1 km short of the first area's edge is snapped to it: no sliver, no double edge."""
    first = shapely.box(36.0, 35.5, 36.8, 36.5)
    second = shapely.Polygon([(36.81, 35.5), (37.3, 35.5), (37.3, 36.5), (36.81, 36.5)])
    areas = partition([spec("opp", "enclave", outline=first), spec("tr", "north", outline=second),
                       spec("gov", "rest", rest_of=COUNTRY)])
    shapes = {a.spec.label: a.shape for a in areas}
    shared = shapes["enclave"].boundary.intersection(shapes["north"].boundary)
    assert shared.length == pytest.approx(1.0, abs=0.02)  # the whole 1° edge
    assert shapes["rest"].intersection(shapely.box(36.79, 35.6, 36.82, 36.4)).area < 1e-6


def test_two_areas_for_the_same_ground_are_refused():
    with pytest.raises(ValueError, match="second: overlaps first by about .* km²"):
        partition([spec("a", "first", outline=shapely.box(36.0, 35.0, 37.0, 36.0)),
                   spec("b", "second", outline=shapely.box(36.5, 35.0, 37.5, 36.0))])


def test_an_enclave_declared_first_makes_a_hole():
    pocket = shapely.box(36.4, 35.4, 36.6, 35.6)
    areas = partition([spec("gov", "pocket", outline=pocket),
                       spec("sdf", "around", outline=shapely.box(36.0, 35.0, 37.0, 36.0))])
    around = areas[1].shape
    assert around.intersection(pocket).area < 1e-9 and len(around.interiors) == 1
    with pytest.raises(ValueError, match="declare an enclave before the area around it"):
        partition([spec("sdf", "around", outline=shapely.box(36.0, 35.0, 37.0, 36.0)),
                   spec("gov", "pocket", outline=pocket)])


def test_two_holders_of_the_same_rest_are_refused():
    with pytest.raises(ValueError, match="already held by 'gov'"):
        partition([spec("gov", "rest", rest_of=COUNTRY), spec("opp", "rest too", rest_of=COUNTRY)])


def test_the_front_is_the_edge_between_sides_not_between_allies():
    enclave = HeldArea(spec("hts", "enclave"), shapely.box(36.0, 35.0, 37.0, 36.0))
    allied = HeldArea(spec("sna", "north"), shapely.box(36.0, 36.0, 37.0, 37.0))
    enemy = HeldArea(spec("gov", "rest"), shapely.box(37.0, 35.0, 38.0, 37.0))
    sides = {"hts": "opposition", "sna": "opposition", "gov": "government"}
    front = front_line([enclave, allied, enemy], sides.__getitem__)
    assert front.length == pytest.approx(2.0)  # only the meridian at 37°E, along both opposition areas
    assert front.distance(shapely.Point(36.5, 36.0)) > 0.4  # not the line between the allies
    border = shapely.LineString([(37.0, 36.5), (37.0, 38.0)])
    assert front_line([enclave, allied, enemy], sides.__getitem__, border).length == pytest.approx(1.5)


def test_area_in_square_kilometres():
    assert area_km2(shapely.box(36.0, 35.0, 37.0, 36.0)) == pytest.approx(111.32**2 * 0.8158, rel=0.01)
