"""The library API: idlibmap.build() -> Map, as a notebook user would call it."""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys

import pytest

import idlibmap
from idlibmap.errors import OptionError

from .conftest import DEFAULT_STORY, ROOT


@pytest.fixture(scope="module")
def default_map(gazetteer):
    return idlibmap.build(DEFAULT_STORY, gazetteer=gazetteer)


def test_a_notebook_cell_shows_the_map(default_map):
    shown = default_map._repr_html_()
    assert shown.startswith("<iframe srcdoc=") and 'sandbox="allow-scripts"' in shown
    page = html.unescape(re.search(r'srcdoc="([^"]*)"', shown).group(1))
    assert page == default_map.to_html()
    assert "idlibmap.start(" in page and "Saraqeb" in page


def test_save_writes_the_chosen_formats_the_alt_text_and_the_sources(default_map, tmp_path):
    written = default_map.save(tmp_path / "m.html", formats=("html", "geojson", "svg"), dpi=60, size="web")
    assert [p.name for p in written] == ["m.html", "m.geojson", "m.svg", "m.alt.txt", "m.sources.txt"]
    assert (tmp_path / "m.sources.txt").read_text(encoding="utf-8") == default_map.sources_text()
    assert 'width="720pt" height="480pt"' in (tmp_path / "m.svg").read_text(encoding="utf-8")
    assert all(p.stat().st_size > 0 for p in written)
    saved = json.loads((tmp_path / "m.geojson").read_text(encoding="utf-8"))
    assert saved == json.loads(json.dumps(default_map.to_geojson()))
    assert (tmp_path / "m.alt.txt").read_text(encoding="utf-8") == default_map.alt_text() + "\n"


def test_model_is_the_typed_layer_model(default_map):
    posts = next(layer for layer in default_map.model.layers if layer.name == "Turkish observation posts")
    assert len(posts.features) == 12 and all(p.status for p in posts.properties)


def test_library_errors_name_the_value_not_a_command_line_flag(default_map, tmp_path):
    with pytest.raises(OptionError) as caught:
        default_map.save(tmp_path / "m.png")
    assert caught.value.option == "out" and "--" not in str(caught.value)
    with pytest.raises(OptionError, match="between 30 and 1200 dpi") as caught:
        default_map.save(tmp_path / "m.html", formats=("png",), dpi=5)
    assert "--" not in str(caught.value)


def test_importing_the_package_loads_nothing_heavy():
    code = ("import sys, idlibmap; heavy = {'folium', 'geopandas', 'pandas', 'matplotlib', 'shapely'} & "
            "set(sys.modules); print(sorted(heavy))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "[]"


def test_warnings_go_through_logging(gazetteer, write_story, caplog):
    story = write_story('[[places]]\nname = "Maarat al-Numan"\n')
    with caplog.at_level("WARNING", logger="idlibmap"):
        built = idlibmap.build(story, gazetteer=gazetteer)
    assert built.warnings and [r.getMessage() for r in caplog.records] == built.warnings


def test_the_default_story_builds_from_any_working_folder(tmp_path, monkeypatch, gazetteer):
    """A notebook opened outside the checkout still gets the default map, not 'story file not found'."""
    monkeypatch.chdir(tmp_path)
    built = idlibmap.build(gazetteer=gazetteer)
    assert built.model.title == idlibmap.build(DEFAULT_STORY, gazetteer=gazetteer).model.title
    assert [path.name for path, what in built.inputs.items() if what == "story file"] == [DEFAULT_STORY.name]
