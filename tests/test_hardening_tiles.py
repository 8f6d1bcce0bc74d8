"""--tiles: a URL template reaches the page as data, never as template source; bad ones are one line, exit 2."""

from __future__ import annotations

import json
import re
from pathlib import Path

import folium
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from idlibmap.cli import main
from idlibmap.errors import OptionError
from idlibmap.options import check_tiles
from idlibmap.render.html import html_from_model
from idlibmap.render.tile_layer import OnlineTileLayer
from idlibmap.tiles import TileSource, tile_source

from .conftest import DEFAULT_STORY


def lipsum(marker: Path) -> str:
    """Jinja that would create ``marker`` if it were ever compiled as a template."""
    return f"{{{{ lipsum.__globals__.os.mkdir('{marker}') }}}}"


def run(args: list[str], capsys) -> tuple[int, str, str]:
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize("payload", ["{{7*7}}", "{%- print(7*7) -%}", "LIPSUM"])
def test_template_syntax_in_tiles_is_refused_and_never_runs(tmp_path, capsys, payload):
    marker = tmp_path / "ran"
    payload = lipsum(marker) if payload == "LIPSUM" else payload
    out = tmp_path / "map.html"
    for tiles in (f"https://t.example/{{z}}/{{x}}/{{y}}.png?{payload}", f"https://t.example/{payload}/{{z}}/{{x}}/{{y}}",
                  payload):
        code, stdout, err = run(["build", "--story", str(DEFAULT_STORY), "--out", str(out), "--tiles", tiles], capsys)
        assert code == 2 and err.startswith("idlibmap: error: --tiles: ") and len(err.splitlines()) == 1, err
        assert "Traceback" not in err and "49" not in err
    assert not marker.exists() and not out.exists()


@pytest.mark.parametrize("payload", ["{{7*7}}", "{% if 1 %}7{% endif %}", "{# c #}", "LIPSUM"])
def test_the_tile_layer_writes_its_url_as_data_even_unchecked(tmp_path, payload):
    """Past the check too (a library caller's own TileSource), folium never compiles the URL as Jinja."""
    marker = tmp_path / "ran"
    payload = lipsum(marker) if payload == "LIPSUM" else payload
    source = TileSource(url=f"https://t.example/{{z}}/{{x}}/{{y}}.png?q={payload}", attribution=payload, name=payload)
    fmap = folium.Map(tiles=None)
    OnlineTileLayer(source, name="tiles").add_to(fmap)
    page = fmap.get_root().render()
    assert not marker.exists()
    call = re.search(r"L\.tileLayer\((\"(?:[^\"\\]|\\.)*\"), (\{.*?\})\);", page)
    assert call, page[-2000:]
    assert json.loads(call.group(1)) == source.url  # the very text, after JSON decoding
    assert json.loads(call.group(2))["attribution"] == payload
    assert not re.search(r"\{[{%#]", call.group(0))  # nothing Jinja could open


@pytest.mark.parametrize(("tiles", "fragment"), [
    ("http://[oops/{z}/{x}/{y}", "Invalid IPv6 URL"),
    ("https://[oops/{z}/{x}/{y}.png", "Invalid IPv6 URL"),
    ("http://a\uff03b/{z}/{x}/{y}", "NFKC"),
    ("https://t\u2100.example/{z}/{x}/{y}", "NFKC"),
    ("https://t.example:99999/{z}/{x}/{y}", "not a valid address"),
    ("https://t.example:port/{z}/{x}/{y}", "not a valid address"),
    ("https://-t-.example/{z}/{x}/{y}", "not a valid domain name"),
    ("https://t..example/{z}/{x}/{y}", "not a valid domain name"),
    ("https://t.example/{z}/{x}/{y}.png\x00", "U+0000"),
    ("https://t.example/{z}/{x}/{y}\u202e.png", "U+202E"),
    ("https:///{z}/{x}/{y}", "names no host"),
    ("ftp://t.example/{z}/{x}/{y}", "must start with http:// or https://"),
    ("javascript:alert(1)//{z}/{x}/{y}", "must start with http:// or https://"),
    ("http://tiles.example/{z}/{x}/{y}.png", "plain http"),
    ("https://user:secret@t.example/{z}/{x}/{y}", "user name or password"),
    ("https://t.example/{z}/{x}.png", "lacks {y}"),
    ("https://t.example/{z}/{x}/{y}/{apikey}", "holds {apikey}"),
    ("https://t.example/{z}/{x}/{y}}", "opens or closes no placeholder"),
    ("NoSuchTiles", "unknown tile provider 'NoSuchTiles'"),
    ("Thunderforest.OpenCycleMap", "needs an API key"),
])
def test_unusable_tiles_are_one_clean_line(tmp_path, capsys, tiles, fragment):
    out = tmp_path / "map.html"
    code, _, err = run(["build", "--story", str(DEFAULT_STORY), "--out", str(out), "--tiles", tiles], capsys)
    assert code == 2, err
    assert len(err.splitlines()) == 1 and err.startswith("idlibmap: error: --tiles: ") and "Traceback" not in err
    assert fragment in err
    assert not out.exists()


@pytest.mark.parametrize(("tiles", "url"), [
    ("OpenStreetMap", "https://tile.openstreetmap.org/{z}/{x}/{y}.png"),
    ("CartoDB positron", "https://{s}.basemaps.cartocdn.com/light_all/{z}/{x}/{y}{r}.png"),
    ("Esri.WorldImagery", "https://server.arcgisonline.com/ArcGIS/rest/services/World_Imagery/MapServer/tile/{z}/{y}/{x}"),
    ("https://{s}.tile.example.org/{z}/{x}/{y}{r}.png?key=abc", None),
    ("https://t.example/{z}/{x}/{-y}.png", None),
    ("http://localhost:8080/{z}/{x}/{y}.png", None),
    ("http://127.0.0.1/{z}/{x}/{y}.png", None),
    ("http://[::1]:8000/{z}/{x}/{y}.png", None),
    ("https://карта.example/{z}/{x}/{y}.png", None),
])
def test_usable_tiles_resolve_to_a_checked_template(tiles, url):
    assert check_tiles(tiles) == tiles
    assert tile_source(tiles).url == (url or tiles)


def test_the_library_checks_tiles_too(default_model):
    with pytest.raises(OptionError) as raised:
        html_from_model(default_model, tiles="https://t.example/{z}/{x}/{y}?{{7*7}}")
    assert raised.value.option == "tiles"


_TILE_TEXT = st.lists(st.sampled_from([*"{}/:.?@[]%#zxy-sr ", "https://", "http://", "{z}", "{x}", "{y}", "{{",
                                       "localhost", "t.example", "\uff03", "\u2100", "\x00", "\n"]),
                      max_size=30).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.one_of(_TILE_TEXT, st.text(max_size=40),
                 st.text(max_size=30).map(lambda tail: "https://t.example/{z}/{x}/{y}.png?q=" + tail)))
def test_any_tiles_text_is_accepted_as_inert_data_or_refused_as_an_option_error(tiles):
    try:
        source = tile_source(tiles)
    except OptionError as err:
        assert err.option == "tiles"
        return
    layer = OnlineTileLayer(source, name="tiles")
    assert json.loads(layer.url) == source.url
    assert not re.search(r"\{[{%#]", layer.url + layer.options)
