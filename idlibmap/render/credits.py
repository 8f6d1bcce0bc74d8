"""Credits: the map's main sources, its two-line credit, and the full source list as plain text.

A static map carries a two-line credit (its main sources, what is approximate, the data credits);
the full list of sources goes to the PDF's second part and to ``<name>.sources.txt``, which is
:func:`sources_text`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

from ..model import MapModel
from ..story.model import SOURCE_KINDS

DATA_CREDITS = ("Places: GeoNames (CC BY 4.0). Shapes: Natural Earth (public domain); rivers: GSHHG (LGPL). "
                "Made with idlibmap.",
                "Places: GeoNames (CC BY 4.0); shapes: Natural Earth, GSHHG.",
                "GeoNames; Natural Earth; GSHHG.")


def publisher(name: str) -> str:
    """Who published a source: its name up to the first ': ', less a trailing note in brackets and who
    carried it ("AFP via Teller Report: …" and "AFP (republished): …" -> "AFP")."""
    head = name.split(": ", 1)[0].split(" via ", 1)[0]
    return re.sub(r"(\s*\([^()]*\))+$", "", head).strip() or head.strip()


def main_publishers(model: MapModel) -> list[str]:
    """The story's publishers for the credit: by kind of source (UN agencies, official bodies and wire
    services before other news, reference works and partisan outlets; datasets have their own line), then
    the most cited first (by the features citing them), ties in the story's order."""
    rank = {kind: number for number, kind in enumerate(SOURCE_KINDS)}
    ids: dict[str, str] = {}
    standing: dict[str, int] = {}
    for source in model.sources:
        if source.get("kind") == "data":
            continue
        name = ids[source["id"]] = publisher(source["name"])
        standing[name] = min(standing.get(name, len(rank)), rank.get(source.get("kind", "news"), rank["news"]))
    order = list(dict.fromkeys(ids.values()))
    cited: Counter[str] = Counter()
    for layer in model.layers:
        for properties in layer.properties:
            for source_id in dict.fromkeys(properties.source_ids):
                if source_id in ids:
                    cited[ids[source_id]] += 1
    return sorted(order, key=lambda name: (standing[name], -cited[name], order.index(name)))


def has_front_line(model: MapModel) -> bool:
    return any(p.section == "lines" and p.symbol == "front" for layer in model.layers for p in layer.properties)


def credit_lines(model: MapModel, fits: Callable[[str], bool], sources_file: str | None) -> list[str]:
    """The two-line credit, as long as ``fits`` allows: the main sources (and how many more, and where the
    full list is), then what is approximate and the data credits."""
    names = main_publishers(model)
    where = f"full list: {sources_file}" if sources_file else "full list with the map"
    first = f"Sources: {len(model.sources)} reports and datasets ({where})."
    for count in range(min(len(names), 6), 0, -1):
        more = len(names) - count
        candidate = f"Sources: {', '.join(names[:count])}" + (f" and {more} more ({where})." if more else ".")
        if fits(candidate):
            first = candidate
            break
    approximate = "Front line approximate." if has_front_line(model) else "Dashed: approximate."
    second = next((f"{approximate} {data}" for data in DATA_CREDITS if fits(f"{approximate} {data}")),
                  f"{approximate} {DATA_CREDITS[-1]}")
    return [first, second]


def sources_text(model: MapModel) -> str:
    """Every source of the map, numbered, with its date, address and note; then the method and data credits."""
    lines = [model.title, model.as_of_text(), "", "Sources", ""]
    width = len(str(len(model.sources)))
    for number, source in enumerate(model.sources, 1):
        date = f" ({source['date']})" if source.get("date") else ""
        lines.append(f"{number:>{width}}. {source['name']}{date}")
        lines.extend(f"{'':>{width}}  {extra}" for extra in (source.get("url"), source.get("note")) if extra)
    lines += ["", "Method", ""]
    lines += [f"- {line}" for line in model.method]
    lines += ["", DATA_CREDITS[0]]
    return "\n".join(lines) + "\n"
