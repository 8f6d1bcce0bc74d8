"""Score the geoparsers on the dev set of real published articles and sort their errors into classes.

Run from the repository root:  python benchmarks/geoparse/score_devset.py [--all] [--list]

The figures are those of ``run.py --set devset`` (same gold spans, matching and
161 km rule, imported from it). Then each error of idlibmap (``--all``: of every
system) is put in one class, and the classes are counted:

- a miss (a gold mention nothing overlaps) by how the place is written first
  (all-caps dateline, hyphenated compound "Cagayan-Isabela" or "A-B border",
  hyphenated name "Port-au-Prince", another name form or spelling,
  possessive "X's", "northern X"), else by the kind of place (sea or gulf,
  river, continent, named region, crossing or corridor, camp, district,
  island, border, province, populated place, country);
- a misplaced mention (found, but not within 161 km or not the right country)
  as province-vs-city (a region read as its city or the reverse), far-off
  namesake (over 500 km away), wrong country, or near miss;
- a false place (a found mention left unpaired) as a split name (it overlaps
  a gold mention another found mention was paired with), else by the gold file's
  ``not_places`` class of the words it sits on (person, organisation, demonym,
  hyphenated, facility, road, event, adjective, historical), else as a lower-case
  word or an unannotated name.

``--list`` prints every error under its class (article, words, what was found).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import (  # noqa: E402
    ACCURACY_KM,
    Gazetteer,
    Score,
    Span,
    available_systems,
    correct,
    distance_km,
    gold_articles,
    gold_spans,
    pair,
)

FAR_KM = 500.0
FEATURE_CLASSES = {
    "sea_gulf": "sea, gulf or lake", "river": "river", "continent": "continent", "named_region": "named region",
    "crossing_line": "crossing or corridor", "camp": "camp", "district": "district", "island": "island",
    "border": "border", "admin1": "province (admin-1)", "city": "populated place", "country": "country",
    "directional": "country with direction or possessive",
}
REGION_CLASSES = {"admin1", "district", "named_region", "directional"}


def miss_class(text: str, gold: Span, place: dict) -> str:
    """Why a reader sees a place here: the form of the words first, then the kind of place."""
    words = text[gold.start:gold.end]
    before = text[text.rfind("\n", 0, gold.start) + 1:gold.start].strip()
    if words.isupper() and len(words) > 3 and before == before.upper():  # "ISLAMABAD/PESHAWAR:", "ROME, Aug 10"
        return "all-caps dateline"
    if text[gold.end:gold.end + 1] in "-‐" or text[gold.start - 1:gold.start] in "-‐" or (
            "-" in words and place["class"] == "border"):
        return "hyphenated compound"
    if words in place.get("name_forms", ()):
        return "country name form" if place["class"] == "country" else "other name form or spelling"
    if "-" in words:
        return "hyphenated name"
    if place["class"] == "country" and re.match(r"['’]s\b", text[gold.end:gold.end + 3]):
        return "country with direction or possessive"
    return FEATURE_CLASSES.get(place["class"], place["class"])


def misplaced_class(gold: Span, place: dict, guess: Span) -> str:
    if gold.kind in ("country", "border") or guess.kind in ("country", "border"):
        return "wrong country or border"
    if guess.lat is None or gold.lat is None:
        return "near miss"
    far = distance_km((gold.lat, gold.lon), (guess.lat, guess.lon)) > FAR_KM
    if far:
        return "far-off namesake"
    gold_region = place["class"] in REGION_CLASSES
    guess_region = guess.kind in ("admin1", "region")
    if gold_region != guess_region:
        return "province vs city"
    return "near miss"


def false_class(text: str, guess: Span, not_places: list[dict], gold: list[Span]) -> str:
    if any(g.start < guess.end and guess.start < g.end for g in gold):
        return "part of a gold mention found twice (split name)"
    for entry in not_places:
        for match in re.finditer(rf"(?<!\w){re.escape(entry['text'])}(?!\w)", text):
            if match.start() < guess.end and guess.start < match.end():
                return f"not a place: {entry['class']}"
    if text[guess.end:guess.end + 1] in "-‐" and text[guess.end + 1:guess.end + 2].islower():
        return "not a place: hyphenated"
    if text[guess.start:guess.start + 1].islower():
        return "lower-case word"
    return "unannotated name"


def describe(guess: Span | None, gold: Span | None = None) -> str:
    if guess is None:
        return ""
    where = guess.country if guess.kind == "country" else f"{guess.kind} {guess.country or ''}".strip()
    if gold is not None and gold.lat is not None and guess.lat is not None and gold.kind not in ("country", "border"):
        where += f", {distance_km((gold.lat, gold.lon), (guess.lat, guess.lon)):.0f} km off"
    return f" -> {guess.label!r} ({where})"


def classify(name: str, function, gazetteer: Gazetteer, errors: dict[str, list[str]], part: str = "all") -> Score:
    """Score one system over the dev set (or a part of it), filing each of its errors under its class."""
    score = Score()
    for gold_file, text, spec in gold_articles("devset", part):
        places = {m: place for place in spec["places"] for m in place["mentions"]}
        not_places = spec.get("not_places", [])
        gold = gold_spans(text, spec["places"], not_places)
        guesses = function(text, gazetteer)
        score.add(gold, guesses, [], [])
        pairs, extras = pair(gold, guesses)
        for g, guess in pairs:
            place = places[g.label]
            if guess is None:
                errors[f"missed: {miss_class(text, g, place)}"].append(f"{gold_file.stem}: {g.label!r}")
            elif not correct(g, guess):
                errors[f"misplaced: {misplaced_class(g, place, guess)}"].append(
                    f"{gold_file.stem}: {g.label!r}{describe(guess, g)}")
        for guess in extras:
            errors[f"false place: {false_class(text, guess, not_places, gold)}"].append(
                f"{gold_file.stem}: {guess.label!r}{describe(guess)}")
    return score


def main() -> int:
    options = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    options.add_argument("--all", action="store_true", help="sort the errors of the baselines too")
    options.add_argument("--list", action="store_true", help="print every error under its class")
    options.add_argument("--part", choices=("all", "tune", "holdout"), default="all",
                         help="every article (default), the two thirds tuned on, or the third held out (as run.py)")
    args = options.parse_args()
    gazetteer = Gazetteer.open()
    systems = available_systems()
    results = {}
    for name, function in systems.items():
        errors: dict[str, list[str]] = defaultdict(list)
        results[name] = (classify(name, function, gazetteer, errors, args.part), errors)
    articles = sum(1 for _ in gold_articles("devset", args.part))
    first = next(iter(results.values()))[0]
    print(f"\n{articles} articles, {first.gold} gold mentions; accuracy = share of found mentions located within "
          f"{ACCURACY_KM:.0f} km (countries and borders by code)")
    print(f"{'system':<14}{'precision':>10}{'recall':>10}{'F1':>8}{'acc@161km':>11}{'found':>8}")
    for name, (score, _) in results.items():
        precision, recall, f1, accuracy = score.row()
        print(f"{name:<14}{precision:>10.3f}{recall:>10.3f}{f1:>8.3f}{accuracy:>11.3f}{score.predicted:>8}")
    for name, (_, errors) in results.items():
        if name != "idlibmap" and not args.all:
            continue
        counts = Counter({cls: len(items) for cls, items in errors.items()})
        print(f"\nerrors of {name} by class (mentions):")
        for kind in ("missed", "misplaced", "false place"):
            rows = sorted(((n, c) for c, n in counts.items() if c.startswith(kind)), key=lambda r: (-r[0], r[1]))
            print(f"  {kind}: {sum(n for n, _ in rows)}")
            for n, cls in rows:
                print(f"    {n:>4}  {cls.split(': ', 1)[1]}")
                if args.list:
                    for item in errors[cls]:
                        print(f"            {item}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
