"""Outputs are one change: never a new map beside an old GeoJSON, never two stories mixed, no stray files."""

from __future__ import annotations

import contextlib
import io
import json
import logging
import os
import re
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from idlibmap.cli import main
from idlibmap.errors import OutputError
from idlibmap.files import write_atomically

from .conftest import ROOT, STORY_HEAD

OUTPUTS = ("m.html", "m.geojson", "m.alt.txt")


def write_story(folder: Path, title: str, lat: float) -> Path:
    path = folder / f"{title.replace(' ', '_')}.toml"
    head = textwrap.dedent(STORY_HEAD).replace('title = "Test story"', f'title = "{title}"')
    path.write_text(head + f'\n[[points]]\nlayer = "P"\nkind = "strike"\nname = "{title} point"\n'
                           f'at = [{lat}, 36.6]\n', encoding="utf-8")
    return path


def titles(folder: Path) -> set[str]:
    """The story title each output of the set carries (the page's <title>, the GeoJSON's name, the alt text)."""
    page = (folder / "m.html").read_text(encoding="utf-8")
    found = {re.search(r"<title>(.*?)</title>", page).group(1)}
    found.add(json.loads((folder / "m.geojson").read_text(encoding="utf-8"))["name"])
    found.add(re.match(r"Map: (.*?)\. As of", (folder / "m.alt.txt").read_text(encoding="utf-8")).group(1))
    return found


def build(story: Path, out: Path) -> int:
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        return main(["build", "--story", str(story), "--out", str(out)])


def slow_build(story: Path, out: Path, slow: str, seconds: float) -> subprocess.Popen[str]:
    """The command in a new process, with ``os.<slow>`` made ``seconds`` slower (to widen a race)."""
    code = (f"import os, sys, time\nreal = os.{slow}\n"
            f"def slow(*args, **kwargs):\n    time.sleep({seconds})\n    return real(*args, **kwargs)\n"
            f"os.{slow} = slow\nfrom idlibmap.__main__ import run\nsys.exit(run())\n")
    return subprocess.Popen([sys.executable, "-c", code, "build", "--story", str(story), "--out", str(out)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)


def wait_for(predicate, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def staged(folder: Path) -> list[Path]:
    return list(folder.glob(".*.idlibmap.tmp"))


def test_concurrent_builds_of_two_stories_leave_one_story(tmp_path, gazetteer):
    stories = [write_story(tmp_path, "Story A", 35.9), write_story(tmp_path, "Story B", 36.1)]
    out = tmp_path / "maps" / "m.html"
    for _ in range(3):
        builds = [slow_build(story, out, "replace", 0.15) for story in stories]
        for process in builds:
            _, err = process.communicate(timeout=180)
            assert process.returncode == 0, err
        assert titles(out.parent) in ({"Story A"}, {"Story B"})
        assert sorted(p.name for p in out.parent.iterdir()) == sorted(OUTPUTS)


def test_a_build_killed_while_writing_leaves_nothing_the_next_build_does_not_clear(tmp_path, gazetteer):
    out = tmp_path / "maps" / "m.html"
    process = slow_build(write_story(tmp_path, "Story A", 35.9), out, "replace", 5.0)
    wait_for(lambda: out.parent.exists() and staged(out.parent))
    time.sleep(0.2)
    process.kill()  # SIGKILL: nothing runs after it
    process.communicate()
    left = [p.name for p in out.parent.iterdir()]
    assert any(name.endswith(".idlibmap.tmp") for name in left), left
    assert build(write_story(tmp_path, "Story B", 36.1), out) == 0
    assert sorted(p.name for p in out.parent.iterdir()) == sorted(OUTPUTS)
    assert titles(out.parent) == {"Story B"}


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, -signal.SIGTERM),
                                              (signal.SIGHUP, -signal.SIGHUP)])
def test_a_signal_while_staging_keeps_the_old_set_and_leaves_no_temporary_file(tmp_path, gazetteer, signum, code):
    out = tmp_path / "maps" / "m.html"
    assert build(write_story(tmp_path, "Story A", 35.9), out) == 0
    process = slow_build(write_story(tmp_path, "Story B", 36.1), out, "fsync", 2.0)
    wait_for(lambda: staged(out.parent))
    process.send_signal(signum)
    _, err = process.communicate(timeout=60)
    assert process.returncode == code and "Traceback" not in err, err
    assert sorted(p.name for p in out.parent.iterdir()) == sorted(OUTPUTS)
    assert titles(out.parent) == {"Story A"}


def test_a_signal_while_renaming_lets_the_change_finish_first(tmp_path, gazetteer):
    out = tmp_path / "maps" / "m.html"
    assert build(write_story(tmp_path, "Story A", 35.9), out) == 0
    process = slow_build(write_story(tmp_path, "Story B", 36.1), out, "replace", 0.5)
    wait_for(lambda: list(out.parent.glob(".*.idlibmap.bak")))  # renaming has begun
    process.send_signal(signal.SIGTERM)
    process.communicate(timeout=60)
    assert process.returncode == -signal.SIGTERM
    assert sorted(p.name for p in out.parent.iterdir()) == sorted(OUTPUTS)
    assert titles(out.parent) == {"Story B"}


@pytest.mark.parametrize("failing", ["replace", "fsync"])
def test_a_failure_on_the_third_file_keeps_the_old_set(tmp_path, gazetteer, monkeypatch, capsys, failing):
    out = tmp_path / "maps" / "m.html"
    assert build(write_story(tmp_path, "Story A", 35.9), out) == 0
    before = {name: (out.parent / name).read_bytes() for name in OUTPUTS}
    real = getattr(os, failing)
    calls = []

    def third_fails(*args, **kwargs):
        calls.append(args)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        return real(*args, **kwargs)

    monkeypatch.setattr(os, failing, third_fails)
    assert main(["build", "--story", str(write_story(tmp_path, "Story B", 36.1)), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("idlibmap: error: cannot write output") and "No space left" in err
    assert len(err.splitlines()) == 1
    assert {name: (out.parent / name).read_bytes() for name in OUTPUTS} == before
    assert sorted(p.name for p in out.parent.iterdir()) == sorted(OUTPUTS)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(old=st.dictionaries(st.sampled_from(["a.html", "a.geojson", "a.png", "b/c.txt"]), st.binary(max_size=20)),
       new=st.dictionaries(st.sampled_from(["a.html", "a.geojson", "a.png", "b/c.txt", "d.svg"]),
                           st.binary(max_size=20), min_size=1),
       fail_at=st.integers(min_value=0, max_value=12), what=st.sampled_from(["replace", "fsync", "link"]))
def test_a_change_is_all_or_nothing(monkeypatch, old, new, fail_at, what):
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        if old:
            write_atomically({root / name: content for name, content in old.items()})
        real = getattr(os, what)
        calls = []

        def fails(*args, **kwargs):
            calls.append(args)
            if len(calls) == fail_at:
                raise OSError(5, "Input/output error")
            return real(*args, **kwargs)

        with monkeypatch.context() as patch:
            patch.setattr(os, what, fails)
            try:
                write_atomically({root / name: content for name, content in new.items()})
                expected = {**old, **new}
            except OutputError:
                expected = old
        found = {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}
        assert found == expected


def test_an_old_file_that_cannot_be_put_back_is_kept_and_named(tmp_path, monkeypatch, caplog):
    first, second = tmp_path / "m.html", tmp_path / "m.geojson"
    write_atomically({first: "old map", second: "old data"})
    real = os.replace
    calls = []

    def fails_then_cannot_undo(source, target):
        calls.append(target)
        if len(calls) >= 2:  # the second file's rename, then putting the first one back
            raise OSError(5, "Input/output error")
        return real(source, target)

    monkeypatch.setattr(os, "replace", fails_then_cannot_undo)
    logger = logging.getLogger("idlibmap.files")  # the CLI stops idlibmap's records at its own logger
    logger.addHandler(caplog.handler)
    try:
        with pytest.raises(OutputError, match="Input/output error"):
            write_atomically({first: "new map", second: "new data"})
    finally:
        logger.removeHandler(caplog.handler)
        monkeypatch.setattr(os, "replace", real)
    kept = [p for p in tmp_path.iterdir() if p.name.endswith(".idlibmap.bak")]
    assert len(kept) == 1 and kept[0].read_text(encoding="utf-8") == "old map"
    assert f"it is kept as {kept[0]}" in caplog.text
    assert second.read_text(encoding="utf-8") == "old data"


def test_without_hard_links_the_old_files_are_copied_and_put_back(tmp_path, monkeypatch):
    first, second = tmp_path / "m.html", tmp_path / "m.geojson"
    write_atomically({first: "old map", second: "old data"})

    def no_links(*args, **kwargs):
        raise PermissionError(1, "Operation not permitted")

    real = os.replace
    calls = []

    def second_fails(source, target):
        calls.append(target)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return real(source, target)

    monkeypatch.setattr(os, "link", no_links)
    monkeypatch.setattr(os, "replace", second_fails)
    with pytest.raises(OutputError):
        write_atomically({first: "new map", second: "new data"})
    monkeypatch.undo()
    assert first.read_text(encoding="utf-8") == "old map" and second.read_text(encoding="utf-8") == "old data"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.geojson", "m.html"]
