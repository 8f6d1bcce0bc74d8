"""Synthetic JSON Lines feeds for the batch benchmarks: articles recombined from the composed articles.

Run from the repository root:
    python benchmarks/feed_generate.py 10000 --out /tmp/feed-10k.jsonl [--seed 1] [--bytes 2000]

Each article is sentences drawn at random from the composed articles in
``benchmarks/geoparse/articles/`` (the project's own text), joined until it reaches ``--bytes``
(about 2 KB), with an id, a title (its first words), a URL, a source and a date spread over a year.
The same seed gives the same feed. Writes the file and prints what it wrote.
"""

from __future__ import annotations

import argparse
import datetime
import json
import random
import sys
from collections.abc import Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from idlibmap.article import sentence_spans  # noqa: E402  (after the sys.path line)

ARTICLES = HERE / "geoparse" / "articles"
SOURCES = ("Wire A", "Wire B", "Daily Paper", "Regional Desk")
FIRST_DAY = datetime.date(2024, 1, 1)


def sentences() -> list[str]:
    """Every sentence of the composed articles, whitespace collapsed."""
    found = []
    for path in sorted(ARTICLES.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        found += [" ".join(text[start:end].split()) for start, end in sentence_spans(text)]
    return found


def feed(count: int, seed: int = 1, size: int = 2_000) -> Iterator[dict[str, str]]:
    """``count`` feed objects of about ``size`` bytes of text each."""
    pool = sentences()
    draw = random.Random(seed)
    for number in range(count):
        parts: list[str] = []
        length = 0
        while length < size:
            sentence = draw.choice(pool)
            parts.append(sentence)
            length += len(sentence.encode("utf-8")) + 1
        text = " ".join(parts)
        yield {"id": f"synthetic-{seed}-{number:07d}", "title": " ".join(text.split()[:8]),
               "url": f"https://example.org/news/{seed}/{number}", "source": draw.choice(SOURCES),
               "date": (FIRST_DAY + datetime.timedelta(days=draw.randrange(366))).isoformat(), "text": text}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int, help="articles to write")
    parser.add_argument("--out", type=Path, required=True, help="the JSON Lines file to write")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--bytes", type=int, default=2_000, help="text per article (default: 2000)")
    args = parser.parse_args()
    total = 0
    with args.out.open("w", encoding="utf-8") as stream:
        for record in feed(args.count, args.seed, args.bytes):
            line = json.dumps(record, ensure_ascii=False) + "\n"
            stream.write(line)
            total += len(record["text"].encode("utf-8"))
    print(f"wrote {args.count:,} articles ({total / max(args.count, 1):,.0f} bytes of text each on average) "
          f"to {args.out}")


if __name__ == "__main__":
    main()
