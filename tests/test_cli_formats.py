"""The build command's --format, --dpi and --embed options."""

from __future__ import annotations

import pytest

from idlibmap.cli import main

from .conftest import DEFAULT_STORY


def test_help_lists_the_formats(capsys):
    with pytest.raises(SystemExit):
        main(["build", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    for text in ("--format", "html,png,svg,pdf,geojson", "default: html,geojson", "--dpi", "--embed", "--size",
                 "a4-landscape, a4-portrait, letter-landscape, letter-portrait, column, two-column, web"):
        assert text in out


def test_default_build_writes_html_geojson_alt_text_and_sources_only(built_map):
    names = sorted(p.name for p in built_map.html_path.parent.iterdir())
    assert names == ["idlib_map.alt.txt", "idlib_map.geojson", "idlib_map.html", "idlib_map.sources.txt"]


def test_any_subset_of_formats(tmp_path, gazetteer, capsys):
    out = tmp_path / "maps" / "story.html"
    assert main(["build", "--story", str(DEFAULT_STORY), "--out", str(out), "--format", "svg, PNG", "--dpi", "40"]) == 0
    assert sorted(p.name for p in out.parent.iterdir()) == ["story.alt.txt", "story.png", "story.sources.txt",
                                                             "story.svg"]
    printed = capsys.readouterr().out
    assert f"wrote {out.with_suffix('.png')}" in printed and f"wrote {out.with_suffix('.svg')}" in printed


@pytest.mark.parametrize("args, fragment", [
    (["--format", "html,jpg"], "--format: unknown output format 'jpg'; choose from html, png, svg, pdf, geojson"),
    (["--format", ","], "--format: at least one output format is needed"),
    (["--dpi", "5", "--format", "png"], "--dpi: the resolution must be between 30 and 1200 dpi, got 5"),
    (["--format", "png", "--embed"], "--embed: the embed snippet frames the HTML map: add html to the formats"),
])
def test_bad_options_fail_cleanly_and_write_nothing(tmp_path, gazetteer, capsys, args, fragment):
    out = tmp_path / "out" / "idlib_map.html"
    assert main(["build", "--story", str(DEFAULT_STORY), "--out", str(out), *args]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("idlibmap: error: ") and fragment in err[0]
    assert not out.parent.exists()


def test_dpi_must_be_a_number(capsys):
    with pytest.raises(SystemExit) as done:
        main(["build", "--dpi", "high"])
    assert done.value.code == 2 and "--dpi" in capsys.readouterr().err
