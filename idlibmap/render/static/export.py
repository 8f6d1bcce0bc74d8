"""The drawn figure as PNG, SVG and PDF bytes, with title and alt text in each file's metadata.

Output is reproducible: the same model gives byte-identical files, which carry no timestamps.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

import matplotlib

from ...model import MapModel
from ...options import STATIC_FORMATS, check_formats
from .figure import LAYOUT_DPI, RC, draw_static_map
from .text import literal, matplotlib_warnings_logged

DEFAULT_DPI = 300
SOFTWARE = "idlibmap with matplotlib"


def metadata(fmt: str, title: str, description: str) -> dict[str, Any]:
    """The metadata matplotlib writes into a file of format ``fmt``, with no dates; the text made :func:`literal`."""
    title, description = literal(title), literal(description)
    if fmt == "png":
        return {"Title": title, "Description": description, "Software": SOFTWARE}
    if fmt == "svg":
        return {"Title": title, "Description": description, "Date": None, "Creator": SOFTWARE}
    return {"Title": title, "Subject": description, "Creator": SOFTWARE, "Producer": "matplotlib",
            "CreationDate": None, "ModDate": None}


def static_images_from_model(model: MapModel, formats: Iterable[str] = STATIC_FORMATS,
                             dpi: int = DEFAULT_DPI) -> dict[str, bytes]:
    """The map as PNG, SVG and/or PDF bytes, keyed by format; SVG and PDF are vector, with real text."""
    chosen = check_formats(list(formats), STATIC_FORMATS)
    if not chosen:
        return {}
    out: dict[str, bytes] = {}
    with matplotlib.rc_context(RC), matplotlib_warnings_logged():
        drawn = draw_static_map(model)
        for fmt in chosen:
            buffer = io.BytesIO()
            drawn.figure.savefig(buffer, format=fmt, dpi=dpi if fmt == "png" else LAYOUT_DPI,
                                 metadata=metadata(fmt, model.title, drawn.alt_text), facecolor="white")
            out[fmt] = buffer.getvalue()
    return out
