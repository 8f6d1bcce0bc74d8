"""The command line as a user meets it: help, the default build, and bad input (one line, exit 2)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from idlibmap.cli import main

from .conftest import DEFAULT_STORY, ROOT


def test_help_names_the_options(capsys):
    with pytest.raises(SystemExit) as done:
        main(["build", "--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    for option in ("--story", "--out", "--tiles", "geodata/stories/idlib-2020-03-02.toml", "output/idlib_map.html"):
        assert option in out


def test_no_command_prints_help_and_fails(capsys):
    assert main([]) == 2
    assert "build" in capsys.readouterr().err


def test_default_build_reports_what_it_wrote(built_map):
    assert built_map.html_path.exists() and built_map.geojson_path.exists()
    assert f"wrote {built_map.html_path}" in built_map.stdout
    assert "Turkish observation posts" in built_map.stdout and "features per layer" in built_map.stdout


def test_defaults_are_relative_to_the_working_folder(tmp_path, gazetteer, monkeypatch, capsys):
    (tmp_path / "geodata" / "stories").mkdir(parents=True)
    (tmp_path / "geodata" / "stories" / DEFAULT_STORY.name).write_bytes(DEFAULT_STORY.read_bytes())
    monkeypatch.chdir(tmp_path)
    assert main(["build"]) == 0
    assert (tmp_path / "output" / "idlib_map.html").exists()
    assert (tmp_path / "output" / "idlib_map.geojson").exists()


def _fails_cleanly(args: list[str], capsys, *fragments: str) -> str:
    assert main(args) == 2
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, captured.err
    assert lines[0].startswith("idlibmap: error: ") and "Traceback" not in captured.err
    for fragment in fragments:
        assert fragment in lines[0]
    return lines[0]


@pytest.mark.parametrize("body, fragments", [
    ("[[places]]\nname = \"Saraqeb\n", ["TOML syntax error"]),
    ("[[places]]\nname = \"Saraqeb\"\ncolour = \"red\"\n", ["unknown field 'colour'"]),
    ("[[places]]\nname = \"Xyzzyville\"\n", ["'Xyzzyville' is not in the offline gazetteer"]),
    ("[[places]]\nname = \"X\"\ncoords = [91, 0]\n", ["latitude 91 is out of range"]),
])
def test_bad_story_fails_cleanly_and_writes_nothing(write_story, tmp_path, capsys, gazetteer, body, fragments):
    story = write_story(body)
    out = tmp_path / "out" / "map.html"
    line = _fails_cleanly(["build", "--story", str(story), "--out", str(out)], capsys, str(story), *fragments)
    assert ":" in line.split(str(story), 1)[1][:6]  # a line number follows the file name
    assert not out.parent.exists() or not any(out.parent.iterdir())


def test_missing_story_file(tmp_path, capsys):
    _fails_cleanly(["build", "--story", str(tmp_path / "none.toml")], capsys, "none.toml", "not found")


def test_out_must_be_html(tmp_path, capsys):
    _fails_cleanly(["build", "--out", str(tmp_path / "map.png")], capsys, "--out: the output must be an .html file")


def test_unknown_tile_provider(capsys):
    _fails_cleanly(["build", "--tiles", "NoSuchTiles"], capsys, "unknown tile provider 'NoSuchTiles'")


def test_a_failed_build_keeps_the_previous_map(write_story, tmp_path, capsys, gazetteer):
    out = tmp_path / "map.html"
    out.write_text("previous map", encoding="utf-8")
    story = write_story("[[places]]\nname = \"Xyzzyville\"\n")
    assert main(["build", "--story", str(story), "--out", str(out)]) == 2
    assert out.read_text(encoding="utf-8") == "previous map"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_output_folder_that_cannot_be_made(tmp_path, capsys, gazetteer):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the output folder should be", encoding="utf-8")
    _fails_cleanly(["build", "--story", str(DEFAULT_STORY), "--out", str(blocker / "m.html")], capsys,
                   "cannot write output", "not-a-folder")


def test_python_dash_m_runs_without_traceback(tmp_path):
    """The real entry point, in a fresh process: exit code 2 and one line on a bad story."""
    result = subprocess.run([sys.executable, "-m", "idlibmap", "build", "--story", str(tmp_path / "x.toml")],
                            capture_output=True, text=True, cwd=ROOT, timeout=60, check=False)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
