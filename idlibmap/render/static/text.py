"""Text on the static map: its font and colours, literal drawing, word wrapping by measured widths.

Every string matplotlib draws or writes as metadata passes through :func:`literal`, and every
text artist is made by :func:`draw_text` or :func:`draw_label`, which turn mathtext and TeX off:
story text is shown as written, ``$x^2$`` included, and nothing in it can break a PNG, SVG or PDF.
"""

from __future__ import annotations

import contextlib
import logging
import re
import unicodedata
import warnings
from collections.abc import Iterator
from typing import Any

from matplotlib.font_manager import FontProperties
from matplotlib.text import Annotation, Text

log = logging.getLogger(__name__)

FONT_FAMILY = "DejaVu Sans"  # ships with matplotlib, so text looks the same everywhere

TEXT_COLOR = "#1d1d1d"
MUTED = "#555555"
FLOW_LABEL_COLOR = "#034e7b"
COUNTRY_NAME_COLOR = "#4a3b28"
REGION_NAME_COLOR = "#7a5c2e"  # as .idlibmap-region-name in the page's CSS


LITERAL: dict[str, Any] = {"parse_math": False, "usetex": False}  # text as written: no mathtext, no TeX
REPLACEMENT = "\ufffd"


def _literal_char(ch: str) -> str:
    if ch == "\n":
        return ch  # a line break, as matplotlib draws it
    category = unicodedata.category(ch)
    if category == "Cc":  # NUL, ESC, DEL, C1 controls: invisible, and invalid in XML
        return " " if ch.isspace() else ""
    if ch == "\ufeff":  # a byte order mark: invisible, and the PDF writer fails on it
        return ""
    code = ord(ch)
    if category == "Cs" or 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE:  # lone surrogates, noncharacters
        return REPLACEMENT
    return ch


def literal(text: object) -> str:
    """``text`` as the static map draws it and stores it in metadata.

    Line breaks are kept (``\\r\\n`` and ``\\r`` become ``\\n``) and other whitespace controls become
    spaces; other control characters and byte order marks are removed; lone surrogates and
    noncharacters become U+FFFD. What is left is valid in XML, PDF strings and PNG text chunks.
    Drawn with :func:`draw_text` or :func:`draw_label`, a ``$`` stays a dollar sign.
    """
    value = str(text).replace("\r\n", "\n").replace("\r", "\n")
    if value.isprintable():
        return value  # the common case: nothing to change
    return "".join(_literal_char(ch) for ch in value)


def draw_text(target: Any, x: float, y: float, text: str, **style: Any) -> Text:
    """``target.text`` (an axes or a figure) showing ``text`` literally."""
    artist: Text = target.text(x, y, literal(text), **LITERAL, **style)
    return artist


def draw_label(ax: Any, text: str, **kwargs: Any) -> Annotation:
    """``ax.annotate`` showing ``text`` literally."""
    artist: Annotation = ax.annotate(literal(text), **LITERAL, **kwargs)
    return artist


_MISSING_GLYPH = re.compile(r"^Glyph (\d+) .*missing from")


@contextlib.contextmanager
def matplotlib_warnings_logged() -> Iterator[None]:
    """Matplotlib's warnings while drawing, logged once each instead of printed.

    Characters the font has no glyph for are named together in one warning, escaped; matplotlib
    would print one warning per character and text, quoting control characters raw.
    """
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield
    missing: dict[int, None] = {}
    others: dict[str, None] = {}
    for warning in caught:
        message = str(warning.message)
        found = _MISSING_GLYPH.match(message)
        if found:
            missing[int(found.group(1))] = None
        else:
            others[message] = None
    if missing:
        names = ", ".join(f"'{chr(code)}' (U+{code:04X})" for code in missing)
        log.warning("the static map's font (%s) has no glyph for %s; the PNG and PDF show an empty box for each",
                    FONT_FAMILY, names)
    for message in others:
        log.warning("matplotlib: %s", message.encode("unicode_escape").decode("ascii"))


class TextMeasure:
    """Rendered text widths (in points), for wrapping."""

    def __init__(self, renderer: Any):
        self.renderer = renderer
        self.widths: dict[tuple[str, float, str], float] = {}

    def width(self, text: str, size: float, weight: str = "normal") -> float:
        key = (text, size, weight)
        if key not in self.widths:
            props = FontProperties(family=FONT_FAMILY, size=size, weight=weight)
            width, _, _ = self.renderer.get_text_width_height_descent(text, props, ismath=False)
            self.widths[key] = float(width) * 72 / self.renderer.dpi
        return self.widths[key]

    def wrap(self, text: str, width_pt: float, size: float, weight: str = "normal") -> list[str]:
        """Greedy word wrap of :func:`literal` ``text``; a line's width is the sum of its words' and spaces'
        widths (kerning aside)."""
        space = self.width("a a", size, weight) - self.width("aa", size, weight)
        lines: list[str] = []
        for paragraph in literal(text).split("\n"):
            current, used = "", 0.0
            for word in paragraph.split():
                extent = self.width(word, size, weight)
                if current and used + space + extent > width_pt:
                    lines.append(current)
                    current, used = word, extent
                else:
                    current, used = (f"{current} {word}", used + space + extent) if current else (word, extent)
            lines.append(current)
        return lines
