"""Fuzz the command line with mutated story files and articles; print what became of each run.

Each run mutates the default story (``geodata/stories/idlib-2020-03-02.toml``) or one of the
geoparse benchmark articles (byte flips, hostile strings, truncations, duplicated or dropped lines,
numbers made huge, NaN or negative, odd Unicode) and runs ``idlibmap.cli.main`` in-process with
stdout and stderr captured and a ``signal.alarm`` timeout. A run is

* built: exit code 0;
* a clean refusal: exit code 2 with one line ``idlibmap: error: …`` on stderr (warnings aside);
* anything else: a traceback, a hang (timeout), another exit code, or a refusal that is not one line.

The counts and each distinct failure signature (exception type and innermost idlibmap frame, with
one input that caused it, saved under the work folder) are printed at the end.

    .venv/bin/python benchmarks/fuzz.py --runs 2000 --seed 1 [--work /tmp/fuzz] [--timeout 60]
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import io
import random
import re
import signal
import sys
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType

ROOT = Path(__file__).resolve().parents[1]
STORY = ROOT / "geodata" / "stories" / "idlib-2020-03-02.toml"
ARTICLES = sorted((ROOT / "benchmarks" / "geoparse" / "articles").glob("*.txt"))

HOSTILE = [
    "{{7*7}}", "{% raw %}", "{#", "</script><script>alert(1)</script>", "<img src=x onerror=alert(1)>",
    "javascript:alert(1)", "\x00", "\x1b[31m", "\u202e", "\u200b", "\ufeff", "\udcff", "\U0001f600",
    "e\u0301\u0301\u0301", "\\", '"', "'", "'''", '"""', "[[", "]]", "=", "\n[story]\n", "\n[[places]]\nname = \"x\"\n",
    "http://[oops/", "http://a\uff03b/", "https://example.org:99999/", "$(touch /tmp/pwned)", "%s%n", "A" * 5000,
    "\r\n", "\t", "#", "1e309", "nan", "inf", "-inf", "-0", "99999999999999999999999", "0x10", "1_000", "2020-13-45",
    "1979-05-27T07:32:00Z", "[90, 180]", "[-91, 0]", "[0, 181]", "[]", "{}", "true",
]
NUMBERS = ["1e309", "-1e309", "nan", "inf", "-inf", "-1", "0", "-0.0", "99999999999999999999", "1e-320",
           "-999999", "3.4e38", "2147483648", "9223372036854775808"]


def mutate(data: bytes, rng: random.Random) -> bytes:
    """One to four random mutations of ``data``."""
    for _ in range(rng.randint(1, 4)):
        data = rng.choice(MUTATIONS)(data, rng)
    return data


def _flip(data: bytes, rng: random.Random) -> bytes:
    if not data:
        return data
    buffer = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        i = rng.randrange(len(buffer))
        buffer[i] ^= 1 << rng.randrange(8)
    return bytes(buffer)


def _insert(data: bytes, rng: random.Random) -> bytes:
    i = rng.randint(0, len(data))
    return data[:i] + rng.choice(HOSTILE).encode("utf-8", "surrogatepass") + data[i:]


def _truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randint(0, len(data))]


def _lines(data: bytes, rng: random.Random) -> bytes:
    lines = data.split(b"\n")
    if not lines:
        return data
    i = rng.randrange(len(lines))
    action = rng.choice(["duplicate", "drop", "swap", "repeat"])
    if action == "duplicate":
        lines.insert(i, lines[i])
    elif action == "drop":
        del lines[i]
    elif action == "swap":
        j = rng.randrange(len(lines))
        lines[i], lines[j] = lines[j], lines[i]
    else:
        lines[i:i + 1] = [lines[i]] * rng.randint(2, 50)
    return b"\n".join(lines)


def _number(data: bytes, rng: random.Random) -> bytes:
    numbers = list(re.finditer(rb"-?\d[\d_]*(?:\.\d+)?", data))
    if not numbers:
        return data
    match = rng.choice(numbers)
    return data[: match.start()] + rng.choice(NUMBERS).encode() + data[match.end():]


def _unicode(data: bytes, rng: random.Random) -> bytes:
    text = data.decode("utf-8", "surrogateescape")
    if not text:
        return data
    i = rng.randrange(len(text))
    odd = rng.choice(["\u0301" * 20, "\u202e", "\u2028", "\u0085", "\ufffd", "\U000e0001", "\u00a0", "Ⅻ", "ﬁ",
                      "\u0000", "\U0010ffff", "\ud800"])
    return (text[:i] + odd + text[i:]).encode("utf-8", "surrogatepass")


def _splice(data: bytes, rng: random.Random) -> bytes:
    """A copy of one part of the file pasted elsewhere (tables repeated, keys duplicated)."""
    if len(data) < 2:
        return data
    a, b = sorted(rng.sample(range(len(data)), 2))
    i = rng.randint(0, len(data))
    return data[:i] + data[a:b][:2000] + data[i:]


def _toml_string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + "".join(c if c.isprintable() or c == " " else f"\\u{ord(c):04x}" if ord(c) < 0x10000
                         else f"\\U{ord(c):08x}" for c in escaped) + '"'


def _value(data: bytes, rng: random.Random) -> bytes:
    """A string value replaced by a hostile one, still valid TOML (so the check behind the parser is reached)."""
    values = list(re.finditer(rb'^([ \t]*[\w.-]+[ \t]*=[ \t]*)"[^"\n]*"', data, re.MULTILINE))
    if not values:
        return data
    match = rng.choice(values)
    hostile = rng.choice(HOSTILE + ["", " ", "x" * 300, "https://" + rng.choice(HOSTILE)])
    hostile = hostile.encode("utf-8", "replace").decode("utf-8")  # no lone surrogates: TOML cannot carry them
    return data[: match.end(1)] + _toml_string(hostile).encode() + data[match.end():]


def _coordinate(data: bytes, rng: random.Random) -> bytes:
    """A [lat, lon] pair moved to open sea, a pole, the antimeridian or just out of range."""
    pairs = list(re.finditer(rb"\[\s*-?[\d.]+\s*,\s*-?[\d.]+\s*\]", data))
    if not pairs:
        return data
    match = rng.choice(pairs)
    spot = rng.choice(["[0, 0]", "[89, 0]", "[90, 180]", "[-90, -180]", "[0, 180]", "[0, -180]", "[85.06, 0]",
                       "[-85.06, 179.999]", "[90.0001, 0]", "[0, 180.0001]", "[1e-300, -1e-300]", "[35.9, 36.6]"])
    return data[: match.start()] + spot.encode() + data[match.end():]


MUTATIONS = [_flip, _insert, _truncate, _lines, _number, _unicode, _splice, _value, _value, _coordinate, _coordinate]


class Timeout(BaseException):
    """The run took longer than the alarm allowed."""


def _on_alarm(signum: int, frame: FrameType | None) -> None:
    raise Timeout


@dataclass
class Outcome:
    kind: str  # built | refused | other
    signature: str = ""


def signature(error: BaseException) -> str:
    """The exception type and the innermost frame inside idlibmap: one line per distinct bug."""
    frames = [f for f in traceback.extract_tb(error.__traceback__) if "/idlibmap/" in f.filename]
    where = f"{Path(frames[-1].filename).name}:{frames[-1].lineno} in {frames[-1].name}" if frames else "?"
    return f"{type(error).__name__} at {where}: {str(error)[:80]}"


def run_once(args: list[str], timeout: int) -> Outcome:
    from idlibmap.cli import main

    out, err = io.StringIO(), io.StringIO()
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    signal.alarm(timeout)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(args)
    except Timeout:
        return Outcome("other", f"hang: over {timeout} s")
    except SystemExit as exit_:
        return Outcome("other", f"SystemExit({exit_.code}) from argument parsing")
    except BaseException as error:  # noqa: BLE001  # every escape is a finding
        return Outcome("other", signature(error))
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    errors = [line for line in err.getvalue().splitlines() if not line.startswith(("idlibmap: warning:",))
              and not re.match(r"idlibmap: (?!error:)", line)]
    if code == 0:
        return Outcome("built")
    if code == 2 and len(errors) == 1 and errors[0].startswith("idlibmap: error: "):
        return Outcome("refused")
    text = " | ".join(errors)[:160]
    return Outcome("other", f"exit {code}: {re.sub(r'/[^ ]*/', '…/', text)}")


@dataclass
class Tally:
    counts: collections.Counter[str] = field(default_factory=collections.Counter)
    failures: dict[str, list[Path]] = field(default_factory=dict)


def fuzz(runs: int, seed: int, work: Path, timeout: int) -> Tally:
    rng = random.Random(seed)
    work.mkdir(parents=True, exist_ok=True)
    tally = Tally()
    sources = [("story", STORY.read_bytes())] + [("article", a.read_bytes()) for a in ARTICLES]
    started = time.perf_counter()
    for number in range(runs):
        kind, original = sources[0] if rng.random() < 0.6 else rng.choice(sources[1:])
        data = mutate(original, rng)
        path = work / f"input-{number % 4}.{'toml' if kind == 'story' else 'txt'}"
        path.write_bytes(data)
        out = work / "out" / "map.html"
        if kind == "story":
            args = ["build", "--story", str(path), "--out", str(out)]
        elif rng.random() < 0.5:
            args = ["places", str(path), "--format", rng.choice(["json", "table"])]
        else:
            args = ["build", "--article", str(path), "--out", str(out)]
        if args[0] == "build" and rng.random() < 0.08:
            args += ["--format", "html,geojson,png,svg,pdf", "--dpi", "30", "--embed"]
        outcome = run_once(args, timeout)
        tally.counts[outcome.kind] += 1
        if outcome.kind == "other":
            examples = tally.failures.setdefault(outcome.signature, [])
            if len(examples) < 3:
                kept = work / "failures" / f"{len(tally.failures):03d}-{len(examples)}{path.suffix}"
                kept.parent.mkdir(exist_ok=True)
                kept.write_bytes(data)
                examples.append(kept)
        if (number + 1) % 100 == 0:
            print(f"  {number + 1} runs, {time.perf_counter() - started:.0f} s: {dict(tally.counts)}",
                  file=sys.stderr, flush=True)
    return tally


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, default=Path("/tmp/idlibmap-fuzz"))
    parser.add_argument("--timeout", type=int, default=60, help="seconds a run may take before it counts as a hang")
    args = parser.parse_args()
    import logging

    logging.getLogger("idlibmap").setLevel(logging.WARNING)  # progress lines would only slow the runs down
    started = time.perf_counter()
    tally = fuzz(args.runs, args.seed, args.work, args.timeout)
    total = sum(tally.counts.values())
    print(f"{total} runs in {time.perf_counter() - started:.0f} s (seed {args.seed})")
    print(f"built:               {tally.counts['built']}")
    print(f"clean exit 2:        {tally.counts['refused']}")
    print(f"anything else:       {tally.counts['other']}")
    for sig, examples in sorted(tally.failures.items()):
        print(f"  {sig}\n    e.g. {examples[0]}")


if __name__ == "__main__":
    main()
