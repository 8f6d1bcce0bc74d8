"""The compiled geoparser: the same places as its Python source, and the source runs wherever the build is stale."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from idlibmap.geoparse import compiled

from .conftest import ROOT

SOURCES = ROOT / "idlibmap" / "geoparse"
ARTICLES = sorted((ROOT / "benchmarks" / "geoparse" / "articles").glob("*.txt"))

PARSE_ALL = """
import json, sys
from pathlib import Path
from idlibmap.gazetteer import Gazetteer
from idlibmap.geoparse import Geoparser, compiled
parser = Geoparser(Gazetteer.open())
places = [[place.to_json() for place in parser.parse(Path(path).read_text(encoding="utf-8")).places]
          for path in sys.argv[1:]]
print(json.dumps({"compiled": compiled.in_use(), "places": places}))
"""


def _parse_in_subprocess(pure: bool) -> dict[str, object]:
    environ = {key: value for key, value in os.environ.items() if key != compiled.PURE_PYTHON_VARIABLE}
    if pure:
        environ[compiled.PURE_PYTHON_VARIABLE] = "1"
    done = subprocess.run([sys.executable, "-c", PARSE_ALL, *map(str, ARTICLES)], capture_output=True, text=True,
                          env=environ, cwd=ROOT, check=True, timeout=120)
    result: dict[str, object] = json.loads(done.stdout)
    return result


def test_the_python_source_finds_the_same_places_as_the_build_in_use():
    assert len(ARTICLES) >= 5
    source = _parse_in_subprocess(pure=True)
    default = _parse_in_subprocess(pure=False)
    assert source["compiled"] is False
    assert source["places"] == default["places"]
    if os.environ.get("CI"):  # a clean install compiles it: CI tests what users run
        assert default["compiled"] is True


def _copy_sources(folder: Path) -> None:
    for name in compiled.MODULES:
        shutil.copyfile(SOURCES / f"{name}.py", folder / f"{name}.py")


def _fake_build(folder: Path, group: bool = True) -> None:
    suffix = compiled.importlib.machinery.EXTENSION_SUFFIXES[0]
    for name in compiled.MODULES:
        (folder / f"{name}{suffix}").write_bytes(b"")
    if group:
        (folder / f"{compiled.GROUP_LIBRARY}{suffix}").write_bytes(b"")
    (folder / compiled.DIGEST_FILE).write_text(compiled.digest_lines(folder), encoding="utf-8")


def test_an_edited_source_is_named_and_run_instead_of_its_stale_build(tmp_path):
    _copy_sources(tmp_path)
    assert compiled.reason_for_source(tmp_path, {}) is None  # nothing built: the source runs anyway, silently
    _fake_build(tmp_path)
    assert compiled.reason_for_source(tmp_path, {}) is None  # built from these very sources
    with (tmp_path / "tokens.py").open("a", encoding="utf-8") as source:
        source.write("# edited after the build\n")
    assert compiled.changed_sources(tmp_path, (tmp_path / compiled.DIGEST_FILE).read_text()) == ["tokens.py"]
    assert compiled.reason_for_source(tmp_path, {}) == "tokens.py changed since the geoparser was compiled"


def test_asked_for_or_incomplete_the_source_runs(tmp_path):
    _copy_sources(tmp_path)
    _fake_build(tmp_path, group=False)
    assert "incomplete" in (compiled.reason_for_source(tmp_path, {}) or "")
    assert compiled.reason_for_source(tmp_path, {compiled.PURE_PYTHON_VARIABLE: "1"}) == ""  # asked: no warning
    (tmp_path / compiled.DIGEST_FILE).unlink()
    _fake_build(tmp_path)
    (tmp_path / compiled.DIGEST_FILE).unlink()
    assert compiled.changed_sources(tmp_path, "") == [f"{name}.py" for name in compiled.MODULES]
    assert "changed since" in (compiled.reason_for_source(tmp_path, {}) or "")
