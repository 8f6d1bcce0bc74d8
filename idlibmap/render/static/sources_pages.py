"""The PDF's second part: every source of the map, numbered, then the method, on pages of the map's size.

Entries flow down columns and across pages (a newspaper column's size, whose height is free, gets
one page as tall as its list). Each entry links to its source's address where it has one.
"""

from __future__ import annotations

from dataclasses import dataclass

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from ...model import MapModel
from ...options import PageSize
from ..credits import DATA_CREDITS
from .text import MIN_TEXT_PT, MUTED, TEXT_COLOR, TextMeasure, draw_text

ENTRY_FONT = 7.5
NOTE_FONT = MIN_TEXT_PT
HEADING_FONT = 11.0
COLUMN_WIDTH = 3.0  # inches, at least
GUTTER = 0.25
LEADING = 1.25


@dataclass(frozen=True)
class Line:
    text: str
    font: float
    color: str
    weight: str = "normal"
    url: str | None = None


Block = list[Line]  # lines kept together in one column


def _height(block: Block) -> float:
    return sum(line.font * LEADING for line in block) / 72 + 0.04


def source_blocks(model: MapModel, measure: TextMeasure, width: float) -> list[Block]:
    """One block per source ("N. name (date)" and its note), then the method and the data credits."""
    blocks: list[Block] = [[Line("Sources", 9.0, TEXT_COLOR, "bold")]]
    for number, source in enumerate(model.sources, 1):
        date = f" ({source['date']})" if source.get("date") else ""
        url = source.get("url") if str(source.get("url", "")).startswith(("http://", "https://")) else None
        block = [Line(text, ENTRY_FONT, TEXT_COLOR, url=url)
                 for text in measure.wrap(f"{number}. {source['name']}{date}", width * 72, ENTRY_FONT)]
        if source.get("note"):
            block += [Line(text, NOTE_FONT, MUTED) for text in measure.wrap(source["note"], width * 72, NOTE_FONT)]
        blocks.append(block)
    blocks.append([Line("Method", 9.0, TEXT_COLOR, "bold")])
    for line in [*model.method, DATA_CREDITS[0]]:
        blocks.append([Line(text, NOTE_FONT, TEXT_COLOR) for text in measure.wrap(f"– {line}", width * 72, NOTE_FONT)])
    return blocks


def _columns(blocks: list[Block], room: float | None, count: int) -> list[list[Block]]:
    """Blocks down columns ``room`` inches tall (balanced over ``count`` columns when the height is free)."""
    if room is None:
        room = max(max(_height(b) for b in blocks), sum(_height(b) for b in blocks) / count)
        while len(_columns(blocks, room, count)) > count:
            room += 0.1
    columns: list[list[Block]] = [[]]
    used = 0.0
    for block in blocks:
        header = len(block) == 1 and block[0].weight == "bold"  # keep a heading with what follows
        need = _height(block) + (0.15 if header else 0)
        if columns[-1] and used + need > room:
            columns.append([])
            used = 0.0
        columns[-1].append(block)
        used += _height(block)
    return columns


def source_pages(model: MapModel, size: PageSize, measure: TextMeasure, margin: float) -> list[Figure]:
    """Figures (pages) listing every source of ``model`` at ``size``."""
    width, height = size.inches
    inner = width - 2 * margin
    count = max(1, int((inner + GUTTER) // (COLUMN_WIDTH + GUTTER)))
    column_width = (inner - (count - 1) * GUTTER) / count
    head = HEADING_FONT * 1.4 / 72 + 0.15
    blocks = source_blocks(model, measure, column_width)
    room = None if height is None else height - 2 * margin - head
    columns = _columns(blocks, room, count)
    if height is None:
        height = 2 * margin + head + max(sum(_height(b) for b in column) for column in columns)
    pages = [columns[i:i + count] for i in range(0, len(columns), count)]
    figures = []
    for number, page in enumerate(pages, 1):
        figure = Figure(figsize=(width, height), dpi=72, facecolor="white")
        FigureCanvasAgg(figure)
        title = "Sources and method" + (f" ({number} of {len(pages)})" if len(pages) > 1 else "")
        draw_text(figure, margin / width, 1 - margin / height, title, ha="left", va="top", fontsize=HEADING_FONT,
                  fontweight="bold", color=TEXT_COLOR)
        for index, column in enumerate(page):
            x = margin + index * (column_width + GUTTER)
            y = margin + head
            for block in column:
                for line in block:
                    text = draw_text(figure, x / width, 1 - y / height, line.text, ha="left", va="top",
                                     fontsize=line.font, color=line.color, fontweight=line.weight)
                    if line.url:
                        text.set_url(line.url)
                    y += line.font * LEADING / 72
                y += 0.04
        figures.append(figure)
    return figures
