"""A batch worker's speed on real news, beside the synthetic feed: articles per CPU second, in one process.

Run from the repository root:
    python benchmarks/feed_real_speed.py FOLDER [--bytes 2000] [--warm 2000] [--rounds 5]

FOLDER holds plain-text news articles (``*.txt``) you supply: third-party text is never committed.
``benchmarks/feed_real_sources.tsv`` lists the 62 we measured: the page's URL, and the length and SHA-256
of the excerpt the search tool's ``pages`` corpus holds of it (its first 1,250-2,000 characters, page
furniture trimmed at either end), with our own one-line description. Each text is cut at sentence
ends into pieces of about ``--bytes`` (the last, shorter piece of a text is kept only if at least half
that size), the 2 KB articles of issue 13's target.

One batch worker (:class:`idlibmap.feed.work.Worker`: one reused geoparser, rows encoded as JSON Lines,
as ``places --feed`` runs it) first reads ``--warm`` synthetic articles (``feed_generate.py``, seed 1),
as a long batch would have. Then, in alternation, it reads the real pieces and as many fresh synthetic
articles (seed 2, never seen) ``--rounds`` times. The first round of the real pieces meets their names
for the first time (the worst case); the later rounds find them memoised, as a long feed that keeps
naming the same places does. Prints CPU milliseconds an article and articles per CPU second for each
set (first round, and the best later round), with mentions per article. Prints figures; sets no
pass/fail. It times the worker only: the command's own reading, writing and start-up come on top
(a few per cent on a long batch: ``feed_speed.py`` times the whole command).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

from feed_generate import feed  # noqa: E402  (after the sys.path lines)

from idlibmap.article import sentence_spans  # noqa: E402
from idlibmap.feed.articles import Article  # noqa: E402
from idlibmap.feed.work import Worker  # noqa: E402
from idlibmap.geoparse import compiled  # noqa: E402


def pieces(text: str, size: int) -> list[str]:
    """``text`` cut at sentence ends into pieces of about ``size`` bytes (a short last piece is dropped)."""
    found: list[str] = []
    parts: list[str] = []
    length = 0
    for start, end in sentence_spans(text):
        sentence = " ".join(text[start:end].split())
        parts.append(sentence)
        length += len(sentence.encode("utf-8")) + 1
        if length >= size:
            found.append(" ".join(parts))
            parts, length = [], 0
    if parts and length >= size / 2:
        found.append(" ".join(parts))
    return found


def timed(worker: Worker, articles: list[Article]) -> tuple[float, int]:
    """CPU seconds to read ``articles`` (rows encoded as JSON Lines), and their mentions."""
    started = time.process_time()
    result = worker.chunk(0, list(articles), ".jsonl")
    return time.process_time() - started, result.row_count


def report(name: str, articles: list[Article], first: tuple[float, int], best: float) -> None:
    count = len(articles)
    size = sum(len(a.text.encode("utf-8")) for a in articles) / count
    print(f"{name:<10} {count:>7,} {size:>8,.0f} {first[1] / count:>9.1f} {first[0] / count * 1000:>9.2f} "
          f"{count / first[0]:>9.0f} {best / count * 1000:>9.2f} {count / best:>9.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="a folder of real news articles as .txt files (not committed)")
    parser.add_argument("--bytes", type=int, default=2_000, help="text per article (default: 2000)")
    parser.add_argument("--warm", type=int, default=2_000, help="synthetic articles read first (default: 2000)")
    parser.add_argument("--rounds", type=int, default=5, help="rounds of timing (default: 5)")
    args = parser.parse_args()
    texts = sorted(args.folder.glob("*.txt"))
    if not texts:
        parser.exit(2, f"feed_real_speed.py: no .txt files in {args.folder}\n")
    real = [Article(id=f"{path.stem}-{n}", text=piece) for path in texts
            for n, piece in enumerate(pieces(path.read_text(encoding="utf-8"), args.bytes))]
    if not real:
        parser.exit(2, f"feed_real_speed.py: no text in {args.folder} reaches {args.bytes // 2} bytes\n")
    rounds = max(args.rounds, 2)
    fresh = [Article(id=r["id"], text=r["text"]) for r in feed(len(real) * rounds, seed=2, size=args.bytes)]
    worker = Worker()
    print(f"{len(texts)} texts -> {len(real)} real articles; warming up on {args.warm:,} synthetic articles ...",
          file=sys.stderr)
    for number in range(0, args.warm, 100):
        worker.chunk(number, [Article(id=r["id"], text=r["text"])
                              for r in feed(min(100, args.warm - number), seed=1000 + number, size=args.bytes)])
    results: dict[str, list[tuple[float, int]]] = {"real": [], "synthetic": []}
    for number in range(rounds):
        results["real"].append(timed(worker, real))
        results["synthetic"].append(timed(worker, fresh[number * len(real):(number + 1) * len(real)]))
    print(f"geoparser: {compiled.build_in_use()}")
    print(f"{'set':<10} {'articles':>7} {'bytes':>8} {'mentions':>9} {'first ms':>9} {'first/s':>9} "
          f"{'best ms':>9} {'best/s':>9}")
    report("real", real, results["real"][0], min(cpu for cpu, _ in results["real"][1:]))
    synthetic = fresh[:len(real)]
    report("synthetic", synthetic, results["synthetic"][0], min(cpu for cpu, _ in results["synthetic"][1:]))
    print("(CPU time of one worker in this process; 'first': the first round, 'best': the best later round, in "
          "which the real articles' names are memoised; each synthetic round reads fresh articles.)")


if __name__ == "__main__":
    main()
