"""The drawn figure as PNG, SVG and PDF bytes, with title, author and description in each file's metadata.

The PDF has a second part: every source of the map, on pages of the map's size. PNG and SVG are
one image whose credit points to the sources file written beside it.
Output is reproducible: the same model gives byte-identical files, which carry no timestamps.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

import matplotlib
from matplotlib.backends.backend_pdf import PdfPages

from ...model import MapModel
from ...options import DEFAULT_SIZE, STATIC_FORMATS, PageSize, check_formats, check_size
from ..credits import main_publishers
from .figure import LAYOUT_DPI, RC, draw_static_map
from .sources_pages import source_pages
from .text import TextMeasure, literal, matplotlib_warnings_logged

DEFAULT_DPI = 300
SOFTWARE = "idlibmap with matplotlib"


def author(model: MapModel) -> str:
    """Who made the map, for the files' metadata: idlibmap, from its main sources."""
    names = main_publishers(model)
    more = f" and {len(names) - 3} more" if len(names) > 3 else ""
    return f"idlibmap, from {', '.join(names[:3])}{more}" if names else "idlibmap"


def metadata(fmt: str, title: str, description: str, by: str = "idlibmap") -> dict[str, Any]:
    """The metadata matplotlib writes into a file of format ``fmt``, with no dates; the text made :func:`literal`."""
    title, description, by = literal(title), literal(description), literal(by)
    if fmt == "png":
        return {"Title": title, "Author": by, "Description": description, "Software": SOFTWARE}
    if fmt == "svg":
        return {"Title": title, "Creator": by, "Description": description, "Date": None}
    return {"Title": title, "Author": by, "Subject": description, "Creator": SOFTWARE, "Producer": "matplotlib",
            "CreationDate": None, "ModDate": None}


def static_images_from_model(model: MapModel, formats: Iterable[str] = STATIC_FORMATS, dpi: int = DEFAULT_DPI,
                             size: str | PageSize = DEFAULT_SIZE, sources_file: str | None = None) -> dict[str, bytes]:
    """The map as PNG, SVG and/or PDF bytes at ``size`` (a preset's name), keyed by format; SVG and PDF are
    vector, with real text. ``sources_file`` is where the credit says the full list of sources is."""
    chosen = check_formats(list(formats), STATIC_FORMATS)
    page = size if isinstance(size, PageSize) else check_size(size)
    if not chosen:
        return {}
    out: dict[str, bytes] = {}
    with matplotlib.rc_context(RC), matplotlib_warnings_logged():
        drawn = draw_static_map(model, page, sources_file)
        for fmt in chosen:
            buffer = io.BytesIO()
            info = metadata(fmt, model.title, drawn.alt_text, author(model))
            if fmt == "pdf":
                measure = TextMeasure(drawn.figure.canvas.get_renderer())  # type: ignore[attr-defined]
                with PdfPages(buffer, metadata=info) as pdf:
                    for figure in [drawn.figure, *source_pages(model, page, measure, drawn.margin)]:
                        pdf.savefig(figure, facecolor="white")
            else:
                drawn.figure.savefig(buffer, format=fmt, dpi=page.dpi or dpi if fmt == "png" else LAYOUT_DPI,
                                     metadata=info, facecolor="white")
            out[fmt] = buffer.getvalue()
    return out
