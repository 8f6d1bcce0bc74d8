"""Text on the static map: its font, its colours and word wrapping by measured widths."""

from __future__ import annotations

from typing import Any

from matplotlib.font_manager import FontProperties

FONT_FAMILY = "DejaVu Sans"  # ships with matplotlib, so text looks the same everywhere

TEXT_COLOR = "#1d1d1d"
MUTED = "#555555"
FLOW_LABEL_COLOR = "#034e7b"
COUNTRY_NAME_COLOR = "#4a3b28"
REGION_NAME_COLOR = "#7a5c2e"  # as .idlibmap-region-name in the page's CSS


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
        """Greedy word wrap; a line's width is the sum of its words' and spaces' widths (kerning aside)."""
        space = self.width("a a", size, weight) - self.width("aa", size, weight)
        lines: list[str] = []
        for paragraph in text.split("\n"):
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
