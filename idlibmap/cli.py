"""Command line: argument parsing and the error boundary, nothing else.

Every :class:`~idlibmap.errors.IdlibmapError` becomes one line on stderr and exit code 2.
"""

from __future__ import annotations

import argparse
import logging
import sys
import unicodedata
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .errors import IdlibmapError, OptionError

EXIT_SOME_FAILED = 1  # a batch ran, but some of its articles failed (listed in its errors file)
EXIT_BAD_INPUT = 2


def _parser() -> argparse.ArgumentParser:
    from .options import DEFAULT_DPI, DEFAULT_FORMATS, DEFAULT_OUT, DEFAULT_SIZE, DEFAULT_STORY, OUTPUT_FORMATS, SIZES

    parser = argparse.ArgumentParser(
        prog="python -m idlibmap",
        description="Turn a news story into an annotated, self-contained map that opens with no network.",
    )
    parser.add_argument("--version", action="version", version=f"idlibmap {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    build = commands.add_parser(
        "build",
        help="build the HTML map and GeoJSON from a story file",
        description="Geocode a story file offline and write an HTML map (self-contained) and a GeoJSON "
                    "file of every drawn feature beside it.",
    )
    build.add_argument("--story", type=Path, default=None, metavar="PATH",
                       help=f"story file in TOML (default: {DEFAULT_STORY}, unless --article is given)")
    build.add_argument("--article", type=Path, default=None, metavar="PATH",
                       help="plain-text news article: map the places it names (with --story, on the story's map)")
    build.add_argument("--mentions", type=Path, default=None, metavar="PATH",
                       help="mention rows from 'places --out' (.jsonl, .csv, .parquet or a folder of parts): map "
                            "many articles, one circle per place sized by the articles naming it, with a time "
                            "control (not with --story or --article)")
    build.add_argument("--from", dest="date_from", default=None, metavar="DATE",
                       help="with --mentions: only articles dated on or after DATE (YYYY-MM-DD), on every output")
    build.add_argument("--to", dest="date_to", default=None, metavar="DATE",
                       help="with --mentions: only articles dated on or before DATE (YYYY-MM-DD)")
    build.add_argument("--out", type=Path, default=DEFAULT_OUT, metavar="PATH",
                       help=f"HTML file to write; the .geojson goes beside it (default: {DEFAULT_OUT})")
    build.add_argument("--tiles", metavar="NAME", default=None,
                       help="also offer an online tile layer, e.g. OpenStreetMap or 'CartoDB positron' "
                            "(needs network when viewed; off by default)")
    build.add_argument("--format", dest="formats", metavar="LIST", default=",".join(DEFAULT_FORMATS),
                       help=f"comma-separated outputs, any of {','.join(OUTPUT_FORMATS)}, each written beside "
                            f"--out as <name>.<format> (default: {','.join(DEFAULT_FORMATS)})")
    build.add_argument("--dpi", type=int, default=DEFAULT_DPI, metavar="N",
                       help=f"resolution of the PNG (default: {DEFAULT_DPI}; the web size has its own)")
    build.add_argument("--size", default=DEFAULT_SIZE, metavar="NAME",
                       help=f"size of the PNG, SVG and PDF: {', '.join(SIZES)} (default: {DEFAULT_SIZE}); "
                            "column and two-column are 86 and 178 mm wide, web is 1200×800 px")
    build.add_argument("--title", default=None, metavar="TEXT",
                       help="the map's title (default: the story's, or the article's headline or lead)")
    build.add_argument("--as-of", dest="as_of", default=None, metavar="DATE",
                       help="the date the map describes, YYYY-MM-DD (default: the story's, or the article's date)")
    build.add_argument("--embed", action="store_true",
                       help="also write <name>.embed.html, a responsive iframe snippet with a text description")
    _add_geocoding_options(build)
    places = commands.add_parser(
        "places",
        help="list the places an article names, geocoded offline",
        description="Find the place names in a plain-text article, resolve them with the offline gazetteer "
                    "and print them with their mentions (character offsets into the file). With --out, geoparse "
                    "a batch (several files, folders of *.txt, or a JSON Lines feed) into one row per mention.",
    )
    places.add_argument("inputs", type=Path, nargs="*", metavar="ARTICLE",
                        help="plain-text article file; with --out, any number of files and folders (*.txt, "
                             "recursively)")
    places.add_argument("--format", choices=("json", "table"), default="json",
                        help="a JSON array (default) or a table for people to read (one article, no --out)")
    batch = places.add_argument_group("batches (one row per mention)")
    batch.add_argument("--feed", type=Path, default=None, metavar="FILE.jsonl",
                       help="a JSON Lines feed: one object per line with id, text, and optional title, url, date, "
                            "source")
    batch.add_argument("--out", type=Path, default=None, metavar="PATH",
                       help="write one row per mention to PATH: .jsonl, .csv or .parquet (GeoParquet, a folder of "
                            "part files); beside it <name>.errors.jsonl and the resume journal PATH.done")
    batch.add_argument("--jobs", type=int, default=None, metavar="N",
                       help="worker processes (default: the number of cores)")
    batch.add_argument("--scheduler", default=None, metavar="ADDRESS",
                       help="run on an existing Dask distributed cluster, e.g. tcp://10.0.0.5:8786 "
                            "(needs idlibmap[cluster])")
    return parser


def _add_geocoding_options(build: argparse.ArgumentParser) -> None:
    from .options import DEFAULT_LOCK_PATH, GEOCODERS, NOMINATIM_URL_ENV

    group = build.add_argument_group("online geocoding (opt-in; off by default)")
    group.add_argument("--geocoder", choices=GEOCODERS, default="offline",
                       help="offline (default): the GeoNames gazetteer only; nominatim: ask OpenStreetMap's "
                            "Nominatim first (at most 1 request a second, answers cached), the gazetteer as fallback")
    group.add_argument("--user-agent", metavar="NAME", default=None,
                       help="who is asking, as Nominatim's usage policy requires (needed with --geocoder nominatim)")
    group.add_argument("--geocoder-url", metavar="URL", default=None,
                       help=f"Nominatim server (default: ${NOMINATIM_URL_ENV}, else https://nominatim.openstreetmap.org)")
    group.add_argument("--lock", type=Path, default=DEFAULT_LOCK_PATH, metavar="PATH",
                       help=f"geocoding lock file: answers pinned for later builds, editable by hand "
                            f"(default: {DEFAULT_LOCK_PATH}; read whenever it exists, written only by nominatim)")


def _run_places(args: argparse.Namespace) -> int:
    batch = args.out is not None or args.feed is not None or args.jobs is not None or args.scheduler is not None
    if batch:
        return _run_batch(args)
    if len(args.inputs) != 1 or args.inputs[0].is_dir():
        raise OptionError("several articles, a folder or a feed need --out PATH (.jsonl, .csv or .parquet)", "out")
    _run_one_article(args.inputs[0], args.format)
    return 0


def _run_batch(args: argparse.Namespace) -> int:
    import os

    from .feed import BatchOptions, run_batch

    if args.out is None:
        raise OptionError("is needed for a batch: the file to write the rows to (.jsonl, .csv or .parquet)", "out")
    if args.feed is not None and args.inputs:
        raise OptionError("give either a feed or article files and folders, not both", "feed")
    if args.scheduler is not None and args.jobs is not None:
        raise OptionError("does not apply with --scheduler: the cluster's workers do the work", "jobs")
    if args.feed is None and not args.inputs:
        raise OptionError("give article files or folders, or a JSON Lines feed with --feed", "feed")
    jobs = args.jobs if args.jobs is not None else len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") \
        else os.cpu_count() or 1
    summary = run_batch(BatchOptions(out=args.out, inputs=tuple(args.inputs), feed=args.feed, jobs=jobs,
                                     scheduler=args.scheduler))
    skipped = f"; {summary.skipped:,} skipped, done by an earlier run" if summary.skipped else ""
    print(f"places: {summary.articles:,} articles, {summary.failed:,} failed, {summary.mentions:,} mentions, "
          f"{summary.seconds:.1f} s, {summary.rate:,.0f} articles/s{skipped}; wrote {one_line(str(args.out))}")
    failed = summary.failed + summary.failed_before
    if failed:
        earlier = f" ({summary.failed_before:,} in earlier runs)" if summary.failed_before else ""
        print(f"idlibmap: {failed:,} articles failed{earlier}; ids and reasons in "
              f"{one_line(str(summary.errors_path))}", file=sys.stderr)
        return EXIT_SOME_FAILED
    return 0


def _run_one_article(path: Path, output_format: str) -> None:
    from .article import load_article
    from .gazetteer import Gazetteer
    from .geoparse import format_table, places_from_article, places_json_lines

    article = load_article(path)
    result = places_from_article(article, Gazetteer.open())
    for warning in result.warnings:
        print(f"idlibmap: warning: {one_line(warning)}", file=sys.stderr)
    if output_format == "json":
        sys.stdout.writelines(places_json_lines(result.places))
    else:
        print(format_table(result))


def _run_build(args: argparse.Namespace) -> int:
    import time

    from .online import GeocodingOptions
    from .options import check_size, check_tiles, parse_formats
    from .pipeline import build

    started = time.perf_counter()
    tiles = check_tiles(args.tiles) if args.tiles else None
    formats = parse_formats(args.formats)
    check_size(args.size)  # before the slow part
    geocoding = GeocodingOptions(geocoder=args.geocoder, user_agent=args.user_agent, url=args.geocoder_url,
                                 lock_path=args.lock).checked()
    built = build(args.story, args.article, geocoding=geocoding, title=args.title, as_of=args.as_of,
                  mentions=args.mentions, date_from=args.date_from,
                  date_to=args.date_to)  # warnings are logged as they are found
    outputs = built.save(args.out, formats, dpi=args.dpi, size=args.size, embed=args.embed, tiles=tiles)
    for note in built.notes:
        print(f"note: {one_line(note)}")
    for path in outputs:
        print(f"wrote {one_line(str(path))} ({path.stat().st_size / 1024:,.0f} KB)")
    counts = {one_line(name): count for name, count in built.model.feature_counts().items()}
    width = max(len(name) for name in counts)
    print(f"features per layer ({sum(counts.values())} in all):")
    for name, count in counts.items():
        print(f"  {name:<{width}}  {count:>4}")
    if tiles:
        print(f"note: the '{tiles}' tile layer loads from the network when the map is viewed")
    print(f"built in {time.perf_counter() - started:.2f} s")
    return 0


_FLAGS = {"formats": "--format", "out": "--out", "dpi": "--dpi", "size": "--size", "embed": "--embed",
          "tiles": "--tiles", "geocoder": "--geocoder", "user_agent": "--user-agent", "url": "--geocoder-url",
          "lock_path": "--lock", "title": "--title", "as_of": "--as-of", "mentions": "--mentions",
          "date_from": "--from", "date_to": "--to", "jobs": "--jobs", "feed": "--feed"}


def _cli_message(err: IdlibmapError) -> str:
    """The error as the command line says it: an option's fault names its flag first."""
    if isinstance(err, OptionError):
        return f"{_FLAGS.get(err.option, err.option)}: {err}"
    return str(err)


def one_line(text: str) -> str:
    """``text`` made safe to print as one terminal line: control characters and undecodable bytes escaped.

    Messages quote story text and file names, which may hold newlines or terminal escape sequences.
    """
    safe = "".join(ch if ch == " " or unicodedata.category(ch)[0] not in "CZ" or ch.isprintable()
                   else repr(ch)[1:-1] for ch in text)
    encoding = getattr(sys.stderr, "encoding", None) or "utf-8"
    return safe.encode(encoding, "backslashreplace").decode(encoding, "replace")


class _StderrHandler(logging.Handler):
    """The library's progress and warnings as the command prints them: ``idlibmap: [warning: ]message``."""

    def emit(self, record: logging.LogRecord) -> None:
        kind = "warning: " if record.levelno >= logging.WARNING else ""
        print(f"idlibmap: {kind}{one_line(record.getMessage())}", file=sys.stderr, flush=True)


def _configure_logging() -> None:
    """Send the ``idlibmap`` loggers' progress (INFO) and warnings to stderr, once."""
    logger = logging.getLogger("idlibmap")
    logger.setLevel(logging.INFO)
    logger.propagate = False
    if not any(isinstance(h, _StderrHandler) for h in logger.handlers):
        logger.addHandler(_StderrHandler())


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the process exit code (130 after Ctrl-C, with no traceback)."""
    from .interrupts import run_interruptible

    return run_interruptible(lambda: _main(argv))


def _main(argv: Sequence[str] | None) -> int:
    _configure_logging()
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_BAD_INPUT
    try:
        return {"build": _run_build, "places": _run_places}[args.command](args)
    except IdlibmapError as err:
        print(f"idlibmap: error: {one_line(_cli_message(err))}", file=sys.stderr)
        return EXIT_BAD_INPUT
