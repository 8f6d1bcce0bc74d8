"""Bad input of every kind: one clear line, exit code 2, no traceback, the previous map intact, no stray files.

The matrix runs through the real command line; the property tests feed the story loader arbitrary
text and arbitrary TOML-like documents and accept nothing but the project's own error types.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from idlibmap.cli import main
from idlibmap.errors import IdlibmapError
from idlibmap.story import MAX_STORY_BYTES, load_story

from .conftest import DEFAULT_STORY, STORY_HEAD, fails_cleanly
from .strategies import story_documents, toml_like, untrusted_text

PREVIOUS = "<html>the previous map</html>"


def _story(body: str) -> bytes:
    return (textwrap.dedent(STORY_HEAD) + textwrap.dedent(body)).encode("utf-8")


# name -> (story file bytes, fragments the one error line must contain)
BAD_STORIES: dict[str, tuple[bytes, list[str]]] = {
    "empty": (b"", ["missing the [story] table"]),
    "whitespace only": (b"  \n\n\t\n", ["missing the [story] table"]),
    "binary": (bytes(range(256)) * 4, ["not UTF-8"]),
    "binary that is valid UTF-8": (b"\x00\x01\x02PK\x03\x04" * 50, ["TOML syntax error"]),
    "huge (20 MB)": (b"# padding\n" * 2_000_000, ["20,000,000 bytes", f"limit is {MAX_STORY_BYTES:,}"]),
    "latin-1, not UTF-8": ('[story]\ntitle = "Alep, Ma\u00e2rrat"\n'.encode("latin-1"), ["not UTF-8 text", ":2"]),
    "UTF-16": ('[story]\ntitle = "x"\n'.encode("utf-16"), ["not UTF-8"]),
    "malformed TOML": (_story('[[places]]\nname = "Saraqeb\n'), ["TOML syntax error"]),
    "nested too deeply": (b"a = " + b"[" * 5000 + b"]" * 5000, ["nested too deeply"]),
    "inline tables nested too deeply": (b"a = " + b"{b = " * 5000 + b"1" + b"}" * 5000, ["nested too deeply"]),
    "nested deeply but within bounds": (_story('[[places]]\nname = "X"\nnote = ' + "[" * 300 + "]" * 300 + "\n"),
                                        [":14:", "[[places]] #1 'X': note must be text in quotes, got [[[["]),
    "not a story": (b'[server]\nport = 80\n', ["unknown section [server]"]),
    "unknown place": (_story('[[places]]\nname = "Xyzzyville"\n'), ["'Xyzzyville' is not in the offline gazetteer"]),
    "unknown place on a line": (_story('[[lines]]\nlayer = "Front"\nname = "F"\nthrough = ["Saraqeb", "Qwxzy"]\n'),
                                ["'Qwxzy' is not in the offline gazetteer"]),
    "control characters in a name": (_story('[[places]]\nname = "Evil\\nidlibmap: ok\\u001b[2J"\n'),
                                     ["'Evil\\nidlibmap: ok\\x1b[2J' is not in the offline gazetteer"]),
    "latitude out of range": (_story('[[places]]\nname = "X"\ncoords = [91, 0]\n'), ["latitude 91 is out of range"]),
    "longitude out of range": (_story('[[places]]\nname = "X"\ncoords = [0, -180.5]\n'),
                               ["longitude -180.5 is out of range"]),
    "not a number": (_story('[[places]]\nname = "X"\ncoords = [nan, 0]\n'), ["latitude nan is out of range"]),
    "infinite buffer": (_story('[[areas]]\nlayer = "A"\nname = "A"\noutline = ["Saraqeb"]\nbuffer_km = inf\n'),
                        ["buffer_km must be a number from 0 to 500"]),
    "duplicate place names": (_story('[[places]]\nname = "Saraqeb"\n\n[[places]]\nname = "saraqeb"\n'),
                              ["listed twice"]),
    "duplicate source ids": (_story('[[story.sources]]\nid = "wire"\nname = "Again"\n'), ["'wire' is used twice"]),
    "one layer name, two kinds": (_story('[[places]]\nname = "Saraqeb"\nlayer = "L"\n\n[[lines]]\nlayer = "L"\n'
                                         'name = "l"\nthrough = ["Saraqeb", "Idlib"]\n'), ["already holds"]),
    "javascript: source url": (_story('[[story.sources]]\nid = "x"\nname = "X"\nurl = "javascript:alert(1)"\n'),
                               ["url must start with http:// or https://"]),
    "nothing to draw": (_story(""), ["the story draws nothing"]),
    "an area of one point, no buffer": (_story('[[areas]]\nlayer = "A"\nname = "A"\noutline = ["Saraqeb"]\n'),
                                        ["at least 3 places"]),
}


@pytest.fixture
def previous_map(tmp_path: Path) -> Path:
    out = tmp_path / "out" / "map.html"
    out.parent.mkdir()
    out.write_text(PREVIOUS, encoding="utf-8")
    out.with_suffix(".geojson").write_text("{}", encoding="utf-8")
    return out


def assert_untouched(out: Path) -> None:
    assert out.read_text(encoding="utf-8") == PREVIOUS
    assert sorted(p.name for p in out.parent.iterdir()) == ["map.geojson", "map.html"]  # no temporary files


@pytest.mark.parametrize("case", list(BAD_STORIES))
def test_bad_story_matrix(case, tmp_path, previous_map, capsys, gazetteer):
    content, fragments = BAD_STORIES[case]
    story = tmp_path / "story.toml"
    story.write_bytes(content)
    line = fails_cleanly(["build", "--story", str(story), "--out", str(previous_map)], capsys)
    assert str(story) in line
    for fragment in fragments:
        assert fragment in line, line
    assert_untouched(previous_map)


@pytest.mark.parametrize("case", ["story is a folder", "story is missing", "story cannot be decoded as a path",
                                  "story is a device"])
def test_bad_story_paths(case, tmp_path, previous_map, capsys):
    story = {"story is a folder": str(tmp_path), "story is missing": str(tmp_path / "nope.toml"),
             "story cannot be decoded as a path": str(tmp_path / "bad\udcffname.toml"),
             "story is a device": "/dev/zero"}[case]
    line = fails_cleanly(["build", "--story", story, "--out", str(previous_map)], capsys)
    if case == "story is a device":
        assert line == ("idlibmap: error: /dev/zero: is not a regular file (a pipe, device or socket);"
                        " give a story file on disk")
    assert_untouched(previous_map)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX feature")
def test_a_story_that_is_a_named_pipe_fails_at_once(tmp_path):
    """No writer will ever open the pipe: reading it would block for good, so it must be refused unread."""
    fifo = tmp_path / "story.toml"
    os.mkfifo(fifo)
    result = subprocess.run([sys.executable, "-m", "idlibmap", "build", "--story", str(fifo), "--out",
                             str(tmp_path / "map.html")], capture_output=True, text=True, timeout=60)
    assert result.returncode == 2, result
    assert result.stderr.splitlines() == [f"idlibmap: error: {fifo}: is not a regular file (a pipe, device or socket);"
                                          " give a story file on disk"]
    assert result.stdout == "" and sorted(p.name for p in tmp_path.iterdir()) == ["story.toml"]


def test_output_folder_is_a_file(tmp_path, capsys, gazetteer):
    blocker = tmp_path / "blocker"
    blocker.write_text("a file", encoding="utf-8")
    line = fails_cleanly(["build", "--story", str(DEFAULT_STORY), "--out", str(blocker / "m.html")], capsys)
    assert "cannot write output" in line and blocker.read_text(encoding="utf-8") == "a file"
    assert list(tmp_path.iterdir()) == [blocker]


def test_output_file_is_a_folder(tmp_path, capsys, gazetteer):
    """Works as root too, where permission bits would not stop a write."""
    (tmp_path / "map.html").mkdir()
    (tmp_path / "map.geojson").write_text("{}", encoding="utf-8")
    line = fails_cleanly(["build", "--story", str(DEFAULT_STORY), "--out", str(tmp_path / "map.html")], capsys)
    assert "cannot write output" in line
    assert (tmp_path / "map.geojson").read_text(encoding="utf-8") == "{}"  # the pair lands together or not at all
    assert sorted(p.name for p in tmp_path.iterdir()) == ["map.geojson", "map.html"]


def test_a_self_intersecting_area_is_repaired_with_a_warning(write_story, tmp_path, capsys, gazetteer):
    story = write_story("""
        [[areas]]
        layer = "Zone"
        name = "Bow tie"
        outline = [[35.0, 36.0], [36.0, 37.0], [36.0, 36.0], [35.0, 37.0]]
    """)
    assert main(["build", "--story", str(story), "--out", str(tmp_path / "m.html")]) == 0
    err = capsys.readouterr().err
    assert "idlibmap: warning:" in err and "Self-intersection" in err and "repaired with make_valid" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("body", [
    '[[areas]]\nlayer = "Z"\nname = "Flat"\noutline = [[35.0, 36.0], [35.0, 36.0], [35.0, 36.0]]\n',
    '[[areas]]\nlayer = "Z"\nname = "Line"\noutline = [[35.0, 36.0], [35.5, 36.5], [36.0, 37.0]]\n',
    '[[flows]]\nfrom = [35.0, 36.0]\nto = [35.0, 36.0]\npeople = 100000000000000000000000\n',
    '[[lines]]\nlayer = "Edge"\nname = "Edge"\nthrough = [[0, 180], [0, -180], [90, 0], [-90, 0]]\n',
    '[[areas]]\nlayer = "Z"\nname = "Pole"\noutline = [[89.9, 0]]\nbuffer_km = 500\n',
])
def test_degenerate_geometry_builds_or_fails_cleanly(write_story, tmp_path, capsys, gazetteer, body):
    out = tmp_path / "m.html"
    code = main(["build", "--story", str(write_story(body)), "--out", str(out)])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    if code == 0:
        assert out.exists()
    else:
        assert code == 2 and len(captured.err.strip().splitlines()) == 1 and not out.exists()


# --------------------------------------------------------------------------- property tests

_PROPERTY = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _load_only_raises_our_errors(text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "story.toml"
        path.write_text(text, encoding="utf-8")
        try:
            load_story(path)
        except IdlibmapError as err:
            message = str(err)
            assert " - at `$" not in message and "cannot be read (" not in message, message  # no msgspec wording


@_PROPERTY
@given(untrusted_text(400))
def test_arbitrary_text_never_raises_anything_else(text):
    _load_only_raises_our_errors(text)


@_PROPERTY
@given(toml_like())
def test_toml_like_text_never_raises_anything_else(text):
    _load_only_raises_our_errors(text)


@settings(_PROPERTY, max_examples=50)
@given(story_documents(textwrap.dedent(STORY_HEAD)))
def test_story_shaped_documents_never_raise_anything_else(text):
    _load_only_raises_our_errors(text)


@_PROPERTY
@given(st.binary(max_size=300))
def test_arbitrary_bytes_never_raise_anything_else(data):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "story.toml"
        path.write_bytes(data)
        with contextlib.suppress(IdlibmapError):
            load_story(path)
