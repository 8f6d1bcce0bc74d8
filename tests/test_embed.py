"""The embed snippet: a responsive iframe with the alt text as fallback and description."""

from __future__ import annotations

from html.parser import HTMLParser

from idlibmap.render.embed import embed_snippet


class Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


def parsed(snippet: str) -> Elements:
    parser = Elements()
    parser.feed(snippet)
    return parser


def test_the_built_snippet_frames_the_map_and_describes_it(static_build):
    snippet = (static_build / "idlib_map.embed.html").read_text(encoding="utf-8")
    elements = parsed(snippet)
    iframes = [attrs for tag, attrs in elements.found if tag == "iframe"]
    assert len(iframes) == 1
    frame = iframes[0]
    assert frame["src"] == "./idlib_map.html" and frame["title"].startswith("Map: Idlib, 2 March 2020")
    described = frame["aria-describedby"]
    assert any(attrs.get("id") == described for _, attrs in elements.found)
    links = [attrs["href"] for tag, attrs in elements.found if tag == "a"]
    assert "./idlib_map.html" in links and "./idlib_map.png" in links
    assert "north-western Syria" in snippet


def test_the_frame_keeps_its_aspect_ratio_on_any_width():
    snippet = embed_snippet("T", "m.html", "A map.")
    assert "aspect-ratio: 4 / 3" in snippet and "padding-bottom: 75.00%" in snippet
    assert "@media (max-width: 600px)" in snippet and "aspect-ratio: 4 / 5" in snippet
    assert "position: absolute" in snippet and "width: 100%; height: 100%" in snippet


def test_user_text_is_escaped():
    snippet = embed_snippet('Title <script>x</script> "q"', "a b&c.html", "Alt <b>bold</b>", None)
    assert "<script>" not in snippet and "<b>" not in snippet
    assert 'src="./a%20b%26c.html"' in snippet
    assert "static image" not in snippet, "no PNG link unless a PNG was built"
