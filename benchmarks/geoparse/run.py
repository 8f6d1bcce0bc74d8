"""Score idlibmap's geoparser against gold annotations, beside geotext and flashgeotext.

Run from the repository root:  python benchmarks/geoparse/run.py [--set devset] [--details]

Gold files (``gold/*.json``) list each place an article names, where it is,
and the exact strings that name it. Gold mention offsets are every
word-bounded occurrence of those strings in the article (a longer string wins
over a shorter one inside it; "Turkey-backed" is a mention of Turkey). A predicted mention matches a gold mention when
their character spans overlap (one to one). A matched mention is located
correctly when it lies within 161 km of the gold point; for a country, when
the country code is the gold one; for a border, when the two countries are;
a part of a country with a ``country`` code ("southern Lebanon") is also
located correctly by that country or by any region of it.

``--set devset`` scores the real published articles of ``devset/`` instead
(their texts are fetched locally, see ``devset/README.md``); gold files there
may list ``not_places``: strings whose occurrences are no place mentions
("Arakan Army"), which no shorter gold string may match inside.

The baselines only find names; each name they find is located as the
gazetteer's first candidate with no context (population and feature type),
so their accuracy measures their finding plus a population-first geocoder.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
# shared/ sits beside the repository (or beside the folder of git worktrees).
SHARED_ARTICLES = next((folder / "shared" / "articles" for folder in ROOT.parents
                        if (folder / "shared" / "articles").is_dir()), ROOT.parent / "shared" / "articles")
sys.path.insert(0, str(ROOT))

from idlibmap.gazetteer import Gazetteer  # noqa: E402  (after the sys.path line)
from idlibmap.geoparse import places_from_text  # noqa: E402  (after the sys.path line)
from idlibmap.projection import distance_km  # noqa: E402  (after the sys.path line)

ACCURACY_KM = 161.0


@dataclass
class Span:
    start: int
    end: int
    lat: float | None = None
    lon: float | None = None
    country: str | None = None
    countries: tuple[str, ...] = ()
    kind: str = "place"
    label: str = ""


def gold_spans(text: str, places: list[dict], not_places: Iterable[dict] = ()) -> list[Span]:
    """Every word-bounded occurrence of the gold strings, longest first; ``not_places`` block shorter strings.

    A name inside a hyphenated compound counts ("Russia-backed" names Russia, as the issue's held-out
    measure counts it), so ``not_places`` of class ``hyphenated`` block nothing.
    """
    found: list[Span] = []
    blocking = [entry for entry in not_places if entry.get("class") != "hyphenated"]
    strings = sorted([*((m, place) for place in places for m in place["mentions"]),
                      *((entry["text"], None) for entry in blocking)], key=lambda p: -len(p[0]))
    taken = [False] * len(text)
    for string, place in strings:
        for match in re.finditer(rf"(?<!\w){re.escape(string)}(?!\w)", text):
            if any(taken[match.start():match.end()]):
                continue
            taken[match.start():match.end()] = [True] * (match.end() - match.start())
            if place is None:
                continue
            found.append(Span(match.start(), match.end(), place.get("lat"), place.get("lon"), place.get("country"),
                              tuple(place.get("countries", ())), place["kind"], string))
    return sorted(found, key=lambda s: s.start)


def idlibmap_spans(text: str, gazetteer: Gazetteer) -> list[Span]:
    spans = []
    for place in places_from_text(text, gazetteer).places:
        kind = place.feature_type  # country | border | city | capital | admin1 | region
        for mention in place.mentions:
            spans.append(Span(mention.start, mention.end, place.lat, place.lon, place.country_code,
                              tuple(place.countries), kind, mention.text))
    return spans


def located(name: str, start: int, end: int, gazetteer: Gazetteer) -> Span | None:
    found = gazetteer.candidates(name, spelling=False)
    if not found:
        return Span(start, end, label=name)
    best = found[0]
    kind = "country" if best.feature_type == "country" else "place"
    return Span(start, end, best.lat, best.lon, best.country_code, (), kind, name)


def geotext_spans(text: str, gazetteer: Gazetteer) -> list[Span]:
    from geotext import GeoText

    result = GeoText(text)
    spans = []
    for name in dict.fromkeys([*result.cities, *result.countries]):
        for match in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text):
            spans.append(located(name, match.start(), match.end(), gazetteer))
    return spans


_FLASHGEOTEXT = None


def flashgeotext_spans(text: str, gazetteer: Gazetteer) -> list[Span]:
    global _FLASHGEOTEXT
    if _FLASHGEOTEXT is None:
        from flashgeotext.geotext import GeoText

        _FLASHGEOTEXT = GeoText()
    result = _FLASHGEOTEXT.extract(input_text=text, span_info=True)
    spans = []
    for group in ("cities", "countries"):
        for name, info in result[group].items():
            for start, end in info["span_info"]:
                spans.append(located(name, start, end, gazetteer))
    return spans


def correct(gold: Span, guess: Span) -> bool:
    if gold.kind == "country":
        return guess.kind == "country" and guess.country == gold.country
    if gold.kind == "border":
        return tuple(sorted(guess.countries)) == gold.countries
    if gold.country and guess.kind in ("country", "region") and guess.country == gold.country:
        return True  # "southern Lebanon" located as Lebanon, or as a part of Lebanon
    if guess.lat is None or gold.lat is None:
        return False
    return distance_km((gold.lat, gold.lon), (guess.lat, guess.lon)) <= ACCURACY_KM


def pair(gold: list[Span], guesses: list[Span]) -> tuple[list[tuple[Span, Span | None]], list[Span]]:
    """Each gold mention with the first unused guess that overlaps it (or None), and the guesses left over."""
    used: set[int] = set()
    pairs: list[tuple[Span, Span | None]] = []
    for g in gold:
        match = next((i for i, p in enumerate(guesses) if i not in used and p.start < g.end and g.start < p.end), None)
        if match is not None:
            used.add(match)
        pairs.append((g, None if match is None else guesses[match]))
    return pairs, [p for i, p in enumerate(guesses) if i not in used]


@dataclass
class Score:
    true_positives: int = 0
    predicted: int = 0
    gold: int = 0
    located: int = 0

    def add(self, gold: list[Span], guesses: list[Span], misses: list[str], extras: list[str]) -> None:
        self.predicted += len(guesses)
        self.gold += len(gold)
        pairs, unmatched = pair(gold, guesses)
        for g, guess in pairs:
            if guess is None:
                misses.append(g.label)
                continue
            self.true_positives += 1
            if correct(g, guess):
                self.located += 1
            else:
                misses.append(f"{g.label} (misplaced)")
        extras.extend(p.label for p in unmatched)

    def row(self) -> tuple[float, float, float, float]:
        precision = self.true_positives / self.predicted if self.predicted else 0.0
        recall = self.true_positives / self.gold if self.gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        accuracy = self.located / self.true_positives if self.true_positives else 0.0
        return precision, recall, f1, accuracy


def available_systems() -> dict[str, Callable[[str, Gazetteer], list[Span]]]:
    """idlibmap and the baselines that are installed (a note for each one that is not)."""
    systems: dict[str, Callable[[str, Gazetteer], list[Span]]] = {"idlibmap": idlibmap_spans}
    for name, function in (("geotext", geotext_spans), ("flashgeotext", flashgeotext_spans)):
        try:
            __import__(name)
            systems[name] = function
        except ImportError:
            print(f"NOTE: baseline '{name}' is not installed (pip install -e '.[bench]'); it is left out of this run.")
    return systems


HOLDOUT_EVERY = 3  # every third dev-set article (sorted by id, from the third) is held out from tuning


def in_part(index: int, part: str) -> bool:
    """Whether the dev-set article at ``index`` (sorted by id) belongs to ``part``: tune, holdout or all."""
    held_out = index % HOLDOUT_EVERY == HOLDOUT_EVERY - 1
    return part == "all" or (part == "holdout") == held_out


def gold_articles(which: str, part: str = "all") -> Iterator[tuple[Path, str, dict]]:
    """(gold file, article text, gold spec) of each article of a set (and part of the dev set) whose text is here."""
    folder = HERE / "devset" / "gold" if which == "devset" else HERE / "gold"
    for index, gold_file in enumerate(sorted(folder.glob("*.json"))):
        if which == "devset" and not in_part(index, part):
            continue
        spec = json.loads(gold_file.read_text(encoding="utf-8"))
        kind, _, name = spec["article"].partition(":")
        places = {"shared": SHARED_ARTICLES / name, "devset": HERE / "devset" / "texts" / f"{name}.txt"}
        path = places.get(kind, HERE / spec["article"])
        if not path.is_file():
            print(f"NOTE: {path} not found; {gold_file.name} skipped.")
            continue
        yield gold_file, path.read_text(encoding="utf-8"), spec


def main() -> int:
    options = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    options.add_argument("--details", action="store_true", help="list misses and extra mentions per article")
    options.add_argument("--set", choices=("examples", "devset"), default="examples",
                         help="the articles written for this benchmark (default) or the real articles of devset/")
    options.add_argument("--part", choices=("all", "tune", "holdout"), default="all",
                         help="dev set only: every article (default), the two thirds tuned on, or the third held out")
    args = options.parse_args()
    gazetteer = Gazetteer.open()
    systems = available_systems()
    scores = {name: Score() for name in systems}
    articles = 0
    for gold_file, text, spec in gold_articles(args.set, args.part):
        gold = gold_spans(text, spec["places"], spec.get("not_places", []))
        articles += 1
        for name, function in systems.items():
            misses: list[str] = []
            extras: list[str] = []
            scores[name].add(gold, function(text, gazetteer), misses, extras)
            if args.details:
                print(f"{gold_file.stem:<22} {name:<13} missed: {', '.join(misses) or '-'}")
                print(f"{'':<22} {'':<13} extra:  {', '.join(extras) or '-'}")
    print(f"\n{articles} articles, {scores['idlibmap'].gold} gold mentions; spans match when they overlap; "
          f"accuracy = share of matched mentions located within {ACCURACY_KM:.0f} km (countries and borders by code)")
    print(f"{'system':<14}{'precision':>10}{'recall':>10}{'F1':>8}{'acc@161km':>11}{'found':>8}")
    for name, score in scores.items():
        precision, recall, f1, accuracy = score.row()
        print(f"{name:<14}{precision:>10.3f}{recall:>10.3f}{f1:>8.3f}{accuracy:>11.3f}{score.predicted:>8}")
    return 0


if __name__ == "__main__":
    started = time.perf_counter()
    code = main()
    print(f"(ran in {time.perf_counter() - started:.1f} s)")
    sys.exit(code)
