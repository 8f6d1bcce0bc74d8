"""An output that is one of the build's inputs (story, article, lock file) is refused, links included."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from idlibmap.cli import main
from idlibmap.errors import OptionError
from idlibmap.files import same_file
from idlibmap.pipeline import refuse_overwriting

from .conftest import DEFAULT_STORY, ROOT

ARTICLE = ROOT / "benchmarks" / "geoparse" / "articles" / "turkey-greece-border.txt"


def refused(args: list[str], capsys, *fragments: str) -> None:
    assert main(args) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and err.startswith("idlibmap: error: --") and "Traceback" not in err, err
    for fragment in fragments:
        assert fragment in err, err


def test_out_equal_to_the_story_is_refused(tmp_path, capsys, gazetteer):
    story = tmp_path / "story.html"  # a TOML story under an .html name
    story.write_bytes(DEFAULT_STORY.read_bytes())
    refused(["build", "--story", str(story), "--out", str(story)], capsys, "--out: ", "would overwrite the story file")
    assert story.read_bytes() == DEFAULT_STORY.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["story.html"]


@pytest.mark.parametrize("link", ["symlink", "hard link", "symlinked folder"])
def test_out_reaching_the_story_through_a_link_is_refused(tmp_path, capsys, gazetteer, link):
    story = tmp_path / "stories" / "story.html"
    story.parent.mkdir()
    story.write_bytes(DEFAULT_STORY.read_bytes())
    if link == "symlink":
        out = tmp_path / "map.html"
        out.symlink_to(story)
    elif link == "hard link":
        out = tmp_path / "map.html"
        os.link(story, out)
    else:
        (tmp_path / "maps").symlink_to(story.parent, target_is_directory=True)
        out = tmp_path / "maps" / "story.html"
    refused(["build", "--story", str(story), "--out", str(out)], capsys, "would overwrite the story file")
    assert story.read_bytes() == DEFAULT_STORY.read_bytes()


def test_an_output_beside_the_map_equal_to_the_article_is_refused(tmp_path, capsys, gazetteer):
    article = tmp_path / "report.geojson"  # the .geojson written beside report.html
    article.write_bytes(ARTICLE.read_bytes())
    refused(["build", "--article", str(article), "--out", str(tmp_path / "report.html")], capsys,
            "report.geojson' would overwrite the article")
    assert article.read_bytes() == ARTICLE.read_bytes()


def test_an_output_equal_to_the_lock_file_is_refused(tmp_path, capsys, gazetteer):
    lock = tmp_path / "m.alt.txt"  # the alt text's name
    lock.write_text('{"version": 1, "places": {}}\n', encoding="utf-8")
    refused(["build", "--story", str(DEFAULT_STORY), "--out", str(tmp_path / "m.html"), "--lock", str(lock)],
            capsys, "would overwrite the geocoding lock file")
    assert lock.read_text(encoding="utf-8") == '{"version": 1, "places": {}}\n'


def test_the_lock_written_with_the_map_must_not_be_one_of_its_files(tmp_path):
    with pytest.raises(OptionError) as raised:
        refuse_overwriting([tmp_path / "a" / ".." / "m.geojson"], {tmp_path / "m.geojson": "map file"}, "lock_path")
    assert raised.value.option == "lock_path"


def test_same_file_sees_through_links_and_dots(tmp_path):
    real = tmp_path / "a.txt"
    real.write_text("x", encoding="utf-8")
    (tmp_path / "l.txt").symlink_to(real)
    assert same_file(tmp_path / "l.txt", real) and same_file(tmp_path / "d" / ".." / "a.txt", real)
    assert same_file(tmp_path / "new.txt", tmp_path / "." / "new.txt")  # neither exists yet
    assert not same_file(tmp_path / "b.txt", real)
    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    assert not same_file(loop / "x", real)
    assert not same_file(Path("a\x00b"), real)
