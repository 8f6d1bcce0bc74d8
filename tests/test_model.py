"""The typed feature schema: one description, read by the page's script and documented in the README."""

from __future__ import annotations

import re

from idlibmap.model import PointProperties, schema_description

from .conftest import ROOT

SCRIPT = ROOT / "idlibmap" / "render" / "assets" / "idlibmap.js"


def _documented() -> dict[str, tuple[str, str]]:
    """The README's GeoJSON property table: name -> (type, kinds)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `(\w+)` \| ([^|]+) \| ([^|]+) \|", readme, re.M)
    return {name: (kind.strip(), where.strip()) for name, kind, where in rows}


def test_the_readme_documents_every_property_with_its_type_and_kinds():
    described = {k: v for k, v in schema_description().items() if not k.startswith("Basemap")}
    expected: dict[str, tuple[str, list[str]]] = {}
    for kind, fields in described.items():
        for field in fields:
            expected.setdefault(field["name"], (field["type"], []))[1].append(kind)
    documented = _documented()
    for name, (json_type, kinds) in expected.items():
        where = "all" if len(kinds) == len(described) else ", ".join(kinds)
        assert documented.get(name) == (json_type, where), name
    assert set(documented) == set(expected)


def test_the_page_script_reads_only_described_properties():
    names = {field["name"] for fields in schema_description().values() for field in fields}
    script = SCRIPT.read_text(encoding="utf-8")
    read = set(re.findall(r"(?:\bp|properties)\.([a-z_0-9]+)", script))
    assert read and read <= names, read - names


def test_properties_serialise_in_schema_order_with_json_names():
    post = PointProperties(layer="Posts", name="Morek", symbol="observation-post", date="2020-03-02",
                           date_label="as of 2 March 2020", source="wire", source_ids=("wire",),
                           geonames_id=170654, country_code="SY", located_by="GeoNames 170654",
                           status="encircled")
    data = post.to_json()
    assert list(data) == [f["name"] for f in schema_description()["Point"]]
    assert data["section"] == "points" and data["source_ids"] == ["wire"]
