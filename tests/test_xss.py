"""Hostile text through every text field of a story: it never runs, and it still shows as text.

One story carries every payload in the title, the summary, source names, notes and URLs, place
names, notes and layer names, point names and statuses, line, flow, area and border names, notes
and flow labels. The page is checked in raw HTML (no new elements, handlers, script URLs or
script-ending text) and in headless Chromium (nothing fired, every payload visible as text).
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from idlibmap.errors import StoryError
from idlibmap.story import load_story

from .conftest import build_map
from .test_browser import CHROMIUM, run_chromium
from .xss import PAYLOADS, browser_report, collapse, markup_problems, toml_string

SECTIONS = ("places", "points", "lines", "flows", "areas", "borders")
EXPECTED = [p.strip() for p in PAYLOADS]  # the story loader trims text fields



def story_text(texts: list[str]) -> str:
    """A story whose every text field holds one of ``texts`` (each text in every kind of field)."""
    s = toml_string
    parts = [textwrap.dedent(f"""
        [story]
        title = {s(" | ".join(texts))}
        summary = {s(" / ".join(texts))}
        as_of = 2020-03-02
        countries = ["SY", "TR"]
        """)]
    for i, text in enumerate(texts):
        parts.append(f"[[story.sources]]\nid = \"s{i}\"\nname = {s(text)}\nnote = {s(text)}\n"
                     f"url = {s('https://example.org/' + text)}\n")
    for i, text in enumerate(texts):
        lat, lon = 35.0 + (i % 9) * 0.1, 36.0 + (i // 9) * 0.1
        common = f"note = {s(text)}\nsource = \"s{i}\"\n"
        parts.append(f"[[places]]\nname = {s(text)}\nlayer = {s(text)}\ncoords = [{lat}, {lon}]\n{common}")
        for kind, step in (("strike", 0.03), ("clash", 0.06)):  # two kinds: the legend names the layer
            parts.append(f"[[points]]\nlayer = {s(text + ' events')}\nkind = \"{kind}\"\nname = {s(text)}\n"
                         f"status = {s(text)}\ncoords = [{lat + step}, {lon + step}]\n{common}")
        parts.append(f"[[lines]]\nlayer = \"Lines\"\nname = {s(text)}\n"
                     f"through = [[{lat}, {lon}], [{lat + 0.05}, {lon + 0.05}]]\n{common}")
        parts.append(f"[[flows]]\nname = {s(text)}\nlabel = {s(text)}\nfrom = [{lat}, {lon}]\n"
                     f"to = [{lat + 0.5}, {lon + 1.0}]\npeople = {1000 + i}\n{common}")
        parts.append(f"[[areas]]\nlayer = \"Areas\"\nname = {s(text)}\n"
                     f"outline = [[{lat}, {lon}], [{lat + 0.04}, {lon}], [{lat}, {lon + 0.04}]]\n{common}")
    for i in range(0, len(texts), 5):  # borders are costly to derive; every fifth text is enough variety
        parts.append(f"[[borders]]\nbetween = [\"Syria\", \"Turkey\"]\nname = {s(texts[i])}\n"
                     f"note = {s(texts[i])}\nsource = \"s{i}\"\n")
    return "\n".join(parts)


@pytest.fixture(scope="module")
def pages(tmp_path_factory, gazetteer) -> tuple[Path, Path]:
    """The hostile story's page, and the same story with plain words in place of the payloads."""
    folder = tmp_path_factory.mktemp("xss")
    built = []
    for name, texts in (("hostile", PAYLOADS), ("benign", [f"Plain text {i}" for i in range(len(PAYLOADS))])):
        story = folder / f"{name}.toml"
        story.write_text(story_text(texts), encoding="utf-8")
        out = folder / f"{name}.html"
        build_map(story, out, gazetteer=gazetteer)
        built.append(out)
    return built[0], built[1]


def test_there_are_enough_distinct_payloads():
    assert len(set(PAYLOADS)) == len(PAYLOADS) >= 30


# --------------------------------------------------------------------------- the raw page

def test_payloads_never_become_markup(pages):
    hostile, benign = (p.read_text(encoding="utf-8") for p in pages)
    assert markup_problems(hostile, benign) == []


def test_the_document_title_is_the_story_title_as_text(pages):
    from .xss import scan

    assert collapse(scan(pages[0].read_text(encoding="utf-8")).title) == collapse(" | ".join(EXPECTED))


def test_every_payload_reaches_the_page_data_intact(pages):
    geojson = json.loads(pages[0].with_suffix(".geojson").read_text(encoding="utf-8"))
    for section in SECTIONS:
        names = {f["properties"]["name"] for f in geojson["features"] if f["properties"]["section"] == section}
        expected = set(EXPECTED[::5]) if section == "borders" else set(EXPECTED)
        assert names == expected, section


@pytest.mark.parametrize("payload", [p for p in PAYLOADS if "script:" in p.lower().replace("\t", "")])
def test_script_urls_are_refused_as_source_urls(write_story, payload):
    head = (f'[story]\ntitle = "t"\nas_of = 2020-03-02\n[[story.sources]]\nid = "a"\nname = "a"\n'
            f"url = {toml_string(payload)}\n")
    with pytest.raises(StoryError, match="url must start with http:// or https://"):
        load_story(write_story("", head=head))


def test_online_tile_templates_cannot_break_out_either(gazetteer, tmp_path, write_story):
    story = write_story('[[places]]\nname = "Saraqeb"\n')
    tiles = "https://t.example/{z}/{x}/{y}.png?</script><script>document.title='PWNED'</script>"
    build_map(story, tmp_path / "t.html", tiles=tiles, gazetteer=gazetteer)
    build_map(story, tmp_path / "b.html", tiles="https://t.example/{z}/{x}/{y}.png", gazetteer=gazetteer)
    assert markup_problems(*(p.read_text(encoding="utf-8") for p in (tmp_path / "t.html", tmp_path / "b.html"))) == []


def test_story_text_cannot_run_template_code_at_build_time(gazetteer, tmp_path, write_story):
    """folium compiles rendered scripts as Jinja templates; story text must stay inert there."""
    marker = tmp_path / "ran"
    command = f"{{{{ lipsum.__globals__.os.system('touch {marker}') }}}}"
    story = write_story(f'[[places]]\nname = "Saraqeb"\nlayer = {toml_string(command)}\n'
                        f'note = {toml_string(command + " {{ 7*7 }}")}\n')
    build_map(story, tmp_path / "m.html", gazetteer=gazetteer)
    assert not marker.exists()
    page = (tmp_path / "m.html").read_text(encoding="utf-8")
    assert "\\u007b{ 7*7 }}" in page and "&amp;#123;" not in page and "49" not in page.split("7*7")[1][:20]


# --------------------------------------------------------------------------- in a real browser

@pytest.fixture(scope="module")
def report(pages) -> dict:
    if not CHROMIUM:
        pytest.skip("Chromium not installed")
    found, console, dom = browser_report(pages[0], run_chromium)
    assert [line for line in console if "Uncaught" in line or "Error" in line] == []
    found["dom_title"] = dom.split("<title>", 1)[1].split("</title>", 1)[0] if "<title>" in dom else ""
    return found


@pytest.mark.browser
def test_no_payload_runs_in_chromium(report):
    assert report["fired"] is None
    assert report["title"] == collapse(" | ".join(EXPECTED))
    assert report["handlers"] == [] and report["badUrls"] == [] and report["foreign"] == []


@pytest.mark.browser
def test_panels_show_every_payload_as_text(report):
    for payload in EXPECTED:
        assert payload in report["titlePanel"], payload
        assert report["sources"].count(payload) >= 2, payload  # source name and note
        assert payload in report["layerControl"] and payload in report["legend"], payload
        assert payload in report["flowLabels"], payload
    assert all(link.startswith("https://example.org/") for link in report["links"])
    assert len(report["links"]) == len(PAYLOADS)


@pytest.mark.browser
@pytest.mark.parametrize("section", SECTIONS)
def test_popups_and_tooltips_show_every_payload_as_text(report, section):
    cards = {card["name"]: card["text"] for card in report["popups"] if card["section"] == section}
    expected = EXPECTED[::5] if section == "borders" else EXPECTED
    assert set(cards) == set(expected)
    for payload in expected:
        assert cards[payload].count(payload) >= 2 - (section == "borders"), (section, payload)  # name and note
        assert payload in report["tooltips"], payload


def test_story_fields_never_load_files_or_urls(gazetteer, tmp_path, write_story):
    """Paths and URLs written anywhere in a story stay text: nothing is read from disk or fetched."""
    from .fake_nominatim import FakeNominatim, FakeNominatimServer

    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT", encoding="utf-8")
    with FakeNominatimServer(FakeNominatim()) as server:
        refs = [str(secret), secret.as_uri(), f"{server.url}/search?q=Idlib", "~/.ssh/id_rsa", "../../etc/passwd"]
        head = (f"[story]\ntitle = {toml_string(refs[0])}\nsummary = {toml_string(' '.join(refs))}\n"
                f"as_of = 2020-03-02\ndefault_source = \"a\"\n[[story.sources]]\nid = \"a\"\n"
                f"name = {toml_string(refs[1])}\nurl = {toml_string(refs[2])}\nnote = {toml_string(refs[3])}\n")
        body = "".join(f"[[places]]\nname = {toml_string(ref)}\nlayer = {toml_string(ref)}\n"
                       f"note = {toml_string(ref)}\ncoords = [35.{i}, 36.{i}]\n\n" for i, ref in enumerate(refs))
        build_map(write_story(body, head=head), tmp_path / "m.html", gazetteer=gazetteer)
        assert server.requests == []
    for output in (tmp_path / "m.html", tmp_path / "m.geojson"):
        assert "TOP-SECRET-CONTENT" not in output.read_text(encoding="utf-8")
