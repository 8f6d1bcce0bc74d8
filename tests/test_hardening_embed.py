"""The embed snippet links the map by its file name, %-encoded after ``./``: no file name is ever a URL of its own."""

from __future__ import annotations

import contextlib
import io
import os
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote_to_bytes, urljoin

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from idlibmap.cli import main
from idlibmap.render.embed import embed_snippet, sibling_url

from .conftest import DEFAULT_STORY
from .test_browser import CHROMIUM, run_chromium

HOSTILE = ["javascript:alert(1).html", "JavaScript:alert(document.domain)//.html", "data:text,hi.html",
           '"><script>alert(1)</script>.html', "' onload='alert(1).html", "a b.html", "a#b.html", "a?b=c.html",
           "100%.html", "%2e%2e.html", "carte d'été.html", "地図.html", "--><script>x</script>.html", "..html",
           "\\\\host\\share.html", os.fsdecode(b"\xff\xfe.html")]


class Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, dict[str, str | None]]] = []
        self.comments: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))

    def handle_comment(self, data):
        self.comments.append(data)


def check_links(snippet: str, names: list[str]) -> None:
    """Every link and the frame name one of ``names`` in the snippet's own folder; no script anywhere."""
    parser = Elements()
    parser.feed(snippet)
    tags = [tag for tag, _ in parser.found]
    assert "script" not in tags and tags.count("iframe") == 1
    assert len(parser.comments) == 1 and parser.comments[0].startswith(" idlibmap embed")
    urls = [attrs.get("src") or attrs.get("href") for tag, attrs in parser.found if tag in ("iframe", "a")]
    assert len(urls) == 2 * len(names) + 1  # the frame, and each link in the fallback and in the caption
    for url in urls:
        assert url is not None and url.startswith("./")
        assert unquote_to_bytes(url[2:]) in [os.fsencode(name) for name in names]
        resolved = urljoin("https://news.example/world/story.html", url)
        assert resolved.startswith("https://news.example/world/") and "#" not in resolved and "?" not in resolved


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_file_names_stay_file_names(name):
    image = name[:-5] + ".png"
    check_links(embed_snippet("Title", name, "Alt text.", image), [name, image])


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(min_size=1, max_size=40), st.binary(min_size=1, max_size=40).map(os.fsdecode))
       .filter(lambda name: "/" not in name and "\x00" not in name))
def test_any_file_name_is_encoded(name):
    check_links(embed_snippet("T", name, "A."), [name])
    assert sibling_url(name) == "./" + "".join(
        chr(b) if chr(b).isalnum() and b < 128 or chr(b) in "_.-~" else f"%{b:02X}" for b in os.fsencode(name))


def test_the_command_writes_a_safe_snippet_for_a_hostile_out_name(tmp_path, gazetteer):
    out = tmp_path / "javascript:alert(1).html"
    with contextlib.redirect_stdout(io.StringIO()):
        code = main(["build", "--story", str(DEFAULT_STORY), "--out", str(out), "--embed", "--format", "html,png",
                     "--dpi", "30"])
    assert code == 0
    snippet = out.with_suffix(".embed.html").read_text(encoding="utf-8")
    assert 'src="./javascript%3Aalert%281%29.html"' in snippet
    check_links(snippet, [out.name, out.with_suffix(".png").name])


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM and not os.environ.get("CI"), reason="Chromium not installed")
def test_in_a_browser_the_frame_opens_the_file_beside_it(tmp_path: Path):
    name = '"><img src=x onerror="document.title=1">javascript:alert(1) #?%.html'
    (tmp_path / name).write_text("<title>the map</title>", encoding="utf-8")
    page = tmp_path / "article.html"
    page.write_text("<!doctype html><title>article</title>" + embed_snippet("T", name, "A.")
                    + "<script>onload = () => { const f = document.querySelector('iframe');"
                      "document.body.dataset.src = f.src;"
                      "document.body.dataset.framed = f.contentDocument ? f.contentDocument.title : 'none'; };"
                      "</script>", encoding="utf-8")
    dom = run_chromium(page, "--allow-file-access-from-files", "--dump-dom").stdout
    assert "<title>article</title>" in dom  # no injected handler renamed the page
    assert f'data-src="{(tmp_path / name).as_uri()}"' in dom.replace("&amp;", "&")
    assert 'data-framed="the map"' in dom
