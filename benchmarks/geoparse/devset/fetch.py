"""Download the dev set's articles, find the annotated stretch in each page and check every gold span against it.

Run from the repository root:  python benchmarks/geoparse/devset/fetch.py [--write] [ID ...]

For each article of ``articles.json`` (or the ids given):

1. download its URL (urllib, 30 s time-out, redirects followed);
2. extract the page's visible text with the standard library's ``html.parser``:
   text of every element except ``head``, ``script``, ``style``, ``noscript``,
   ``template`` and ``svg``, a line break at each block element. A full-page
   extraction, not a main-content one (trafilatura and the like drop the
   headlines, captions and menus the annotated excerpts contain);
3. find the annotated stretch: the gold spans (``offsets`` of ``gold/<id>.json``:
   start, end and words in the annotated text) are searched in order in the
   page's text, each within the distance the annotated text puts it from the
   one before (quotes, dashes and runs of white space compared loosely);
4. re-derive each span's offsets in the page's text and check its words there;
5. compare the stretch with the annotated text: ``identical`` (same SHA-256),
   ``same words`` (same after the loose comparison: only white space, quotes
   or dashes differ) or ``changed`` (the page no longer holds that text).

``--write`` saves the stretch as ``texts/<id>.txt`` when no text is there yet and
it has the same words. The scorers find gold mentions by their words, so a
``same words`` copy scores like the annotated one; ``annotate.py`` works only
on an ``identical`` one.

Without a network the script says so in one line and exits with status 2. It
exits 1 when an article could not be fetched or a span was not found, else 0.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import socket
import unicodedata
import urllib.error
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
TIMEOUT_S = 30
USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) idlibmap-devset-fetch/1"
SKIPPED = {"head", "script", "style", "noscript", "template", "svg"}
BLOCKS = {"address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption", "figure", "footer",
          "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section",
          "table", "td", "th", "tr", "ul"}
LOOSE = str.maketrans({"‘": "'", "’": "'", "‚": "'", "′": "'", "“": '"', "”": '"', "„": '"', "″": '"',
                       "–": "-", "—": "-", "‐": "-", "‑": "-", "−": "-", "\u00a0": " "})


class NoNetwork(Exception):
    """No page could be reached at all."""


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIPPED:
            self.skipping += 1
        elif tag in BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag in BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def page_text(html: str) -> str:
    """The visible text of an HTML page, a line per block element, blank lines squeezed."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    lines = [re.sub(r"[ \t\r\f\v]+", " ", line).strip() for line in "".join(parser.parts).split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def loose(text: str) -> tuple[str, list[int]]:
    """``text`` with quotes, dashes and white space runs unified, and each loose character's index in ``text``."""
    chars: list[str] = []
    where: list[int] = []
    for i, c in enumerate(unicodedata.normalize("NFC", text)):
        c = c.translate(LOOSE)
        if c.isspace():
            if chars and chars[-1] == " ":
                continue
            c = " "
        chars.append(c)
        where.append(i)
    return "".join(chars), where


def fingerprint(text: str, first_span_start: int) -> dict[str, int | str]:
    """What ``articles.json`` records of an annotated text so that a fetched copy can be found and compared."""
    lax, where = loose(text)
    lead = len(lax) - len(lax.lstrip())
    body = lax.strip()
    first = next(i for i, w in enumerate(where) if w >= first_span_start) - lead
    return {"sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(), "length": len(text),
            "sha256_loose": hashlib.sha256(body.encode("utf-8")).hexdigest(), "length_loose": len(body),
            "loose_start_of_first_span": first}


def spans_of(gold: dict) -> list[tuple[int, int, str]]:
    """The gold file's spans (start, end, words), in text order."""
    return sorted((start, end, words) for place in gold["places"] for start, end, words in place.get("offsets", []))


def _walk(page: str, anchor: int, spans: list[tuple[int, int, str]]) -> list[int | None]:
    """Positions in ``page`` (loose text) of each span, the first at ``anchor``, each next one near where it is due."""
    found: list[int | None] = [anchor]
    last_found, last_start = anchor, spans[0][0]
    for start, _, words in spans[1:]:
        gap = start - last_start
        lo = last_found + max(0, gap // 2 - 40)
        hi = last_found + gap + gap // 5 + 40 + len(words)
        position = page.find(loose(words)[0], lo, hi)
        found.append(position if position >= 0 else None)
        if position >= 0:
            last_found, last_start = position, start
    return found


def align(page: str, spans: list[tuple[int, int, str]]) -> list[int | None]:
    """Where each gold span is in the page's loose text: the best walk from any place the first spans' words occur."""
    best: list[int | None] = [None] * len(spans)
    for k in range(min(5, len(spans))):
        words = loose(spans[k][2])[0]
        for match in list(re.finditer(re.escape(words), page))[:50]:
            walk = [None] * k + _walk(page, match.start(), spans[k:])
            if sum(p is not None for p in walk) > sum(p is not None for p in best):
                best = walk
        if all(p is not None for p in best):
            break
    return best


def stretch(page: str, first: int, record: dict) -> tuple[int, int] | None:
    """Start and end in the page's loose text of the annotated text's words, found by their SHA-256."""
    wanted, length = record["sha256_loose"], record["length_loose"]
    guess = max(0, first - record["loose_start_of_first_span"])
    for start in sorted(range(max(0, guess - 400), guess + 400), key=lambda s: abs(s - guess)):
        if hashlib.sha256(page[start:start + length].encode("utf-8")).hexdigest() == wanted:
            return start, start + length
    return None


def download(url: str) -> str:
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "text/html,*/*"})
    with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:  # noqa: S310 (http and https only)
        body = response.read()
        charset = response.headers.get_content_charset() or "utf-8"
    return body.decode(charset, errors="replace")


def unreachable(error: Exception) -> bool:
    """A failure to reach the host at all (no DNS, no route, refused, timed out), not an HTTP answer."""
    if isinstance(error, urllib.error.HTTPError):
        return False
    reason = error.reason if isinstance(error, urllib.error.URLError) else error
    return isinstance(reason, OSError | socket.timeout)


def check_network(urls: list[str]) -> None:
    """Raise NoNetwork when the first two different hosts both cannot be reached."""
    hosts: dict[str, str] = {}
    for url in urls:
        hosts.setdefault(urlsplit(url).netloc, url)
        if len(hosts) == 2:
            break
    failures = []
    for url in hosts.values():
        try:
            download(url)
            return
        except (urllib.error.URLError, OSError) as error:
            if not unreachable(error):
                return
            failures.append(f"{urlsplit(url).netloc} ({getattr(error, 'reason', error)})")
    raise NoNetwork("cannot reach " + " or ".join(failures))


def fetch_one(record: dict, gold: dict, texts: Path, write: bool) -> bool:
    """Fetch, align and check one article; print one summary line (and a line per span not found). True if all fit."""
    name = record["id"]
    try:
        html = download(record["url"])
    except (urllib.error.URLError, OSError, ValueError) as error:
        print(f"{name}: not fetched: {getattr(error, 'reason', error)}")
        return False
    text = page_text(html)
    page, where = loose(text)
    spans = spans_of(gold)
    found = align(page, spans)
    misses = [spans[i] for i, p in enumerate(found) if p is None]
    checked = 0
    for (_, _, words), position in zip(spans, found, strict=True):
        if position is None:
            continue
        start, end = where[position], where[position + len(loose(words)[0]) - 1] + 1
        checked += loose(text[start:end])[0] == loose(words)[0]
    first = next((p for p in found if p is not None), None)
    bounds = stretch(page, first, record) if first is not None else None
    if bounds is None:
        state = "changed"
    else:
        copy = text[where[bounds[0]]:where[bounds[1] - 1] + 1]
        state = "identical" if hashlib.sha256(copy.encode("utf-8")).hexdigest() == record["sha256"] else "same words"
        target = texts / f"{name}.txt"
        if write and not target.exists():
            target.write_text(copy, encoding="utf-8")
            state += f", saved as {target.name}"
    print(f"{name}: {state}; {len(spans) - len(misses)} of {len(spans)} gold spans found in the page, "
          f"{checked} with the same words")
    for start, end, words in misses:
        print(f"{name}:   not found: {words!r} (annotated at {start}-{end})")
    return not misses and checked == len(spans) and bounds is not None


def main() -> int:
    options = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    options.add_argument("ids", nargs="*", help="article ids (default: all)")
    options.add_argument("--write", action="store_true", help="save a stretch with the same words as texts/ID.txt")
    options.add_argument("--folder", type=Path, default=HERE,
                         help="the dev set's folder (articles.json, gold/, texts/); default: this script's")
    args = options.parse_args()
    records = json.loads((args.folder / "articles.json").read_text(encoding="utf-8"))["articles"]
    records = [r for r in records if not args.ids or r["id"] in args.ids]
    try:
        check_network([r["url"] for r in records])
    except NoNetwork as error:
        print(f"fetch.py: no network: {error}; nothing fetched")
        return 2
    texts = args.folder / "texts"
    texts.mkdir(exist_ok=True)
    ok = True
    for record in records:
        gold = json.loads((args.folder / "gold" / f"{record['id']}.json").read_text(encoding="utf-8"))
        ok = fetch_one(record, gold, texts, args.write) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
