"""Command line: argument parsing and the error boundary, nothing else.

Every :class:`~idlibmap.errors.IdlibmapError` becomes one line on stderr and exit code 2.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .errors import IdlibmapError

EXIT_BAD_INPUT = 2


def _parser() -> argparse.ArgumentParser:
    from .build import DEFAULT_DPI, DEFAULT_FORMATS, DEFAULT_OUT, DEFAULT_STORY, OUTPUT_FORMATS

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
    build.add_argument("--story", type=Path, default=DEFAULT_STORY, metavar="PATH",
                       help=f"story file in TOML (default: {DEFAULT_STORY})")
    build.add_argument("--out", type=Path, default=DEFAULT_OUT, metavar="PATH",
                       help=f"HTML file to write; the .geojson goes beside it (default: {DEFAULT_OUT})")
    build.add_argument("--tiles", metavar="NAME", default=None,
                       help="also offer an online tile layer, e.g. OpenStreetMap or 'CartoDB positron' "
                            "(needs network when viewed; off by default)")
    build.add_argument("--format", dest="formats", metavar="LIST", default=",".join(DEFAULT_FORMATS),
                       help=f"comma-separated outputs, any of {','.join(OUTPUT_FORMATS)}, each written beside "
                            f"--out as <name>.<format> (default: {','.join(DEFAULT_FORMATS)})")
    build.add_argument("--dpi", type=int, default=DEFAULT_DPI, metavar="N",
                       help=f"resolution of the PNG (default: {DEFAULT_DPI})")
    build.add_argument("--embed", action="store_true",
                       help="also write <name>.embed.html, a responsive iframe snippet with a text description")
    return parser


def _check_tiles(name: str) -> str:
    """Accept an xyzservices provider name or an http(s) {z}/{x}/{y} URL template."""
    import xyzservices

    if name.startswith(("http://", "https://")) and all(k in name for k in ("{z}", "{x}", "{y}")):
        return name
    try:
        xyzservices.providers.query_name(name)
    except ValueError as err:
        raise IdlibmapError(f"unknown tile provider '{name}'; try OpenStreetMap, 'CartoDB positron' "
                            "or an https://.../{z}/{x}/{y}.png template") from err
    return name


def _run_build(args: argparse.Namespace) -> None:
    from .build import build_map, parse_formats

    tiles = _check_tiles(args.tiles) if args.tiles else None
    result = build_map(args.story, args.out, tiles=tiles, formats=parse_formats(args.formats), dpi=args.dpi,
                       embed=args.embed)
    for warning in result.warnings:
        print(f"idlibmap: warning: {warning}", file=sys.stderr)
    for path in result.outputs:
        print(f"wrote {path} ({path.stat().st_size / 1024:,.0f} KB)")
    width = max(len(name) for name in result.counts)
    print(f"features per layer ({sum(result.counts.values())} in all):")
    for name, count in result.counts.items():
        print(f"  {name:<{width}}  {count:>4}")
    if tiles:
        print(f"note: the '{tiles}' tile layer loads from the network when the map is viewed")
    print(f"built in {result.seconds:.2f} s")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the process exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_BAD_INPUT
    try:
        _run_build(args)
    except IdlibmapError as err:
        print(f"idlibmap: error: {err}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("idlibmap: interrupted", file=sys.stderr)
        return 130
    return 0
