"""The answer cache: disposable, so a damaged one is set aside with a warning and rebuilt."""

from __future__ import annotations

import json
import os
import stat

import pytest

from idlibmap.online import AnswerCache

from ..conftest import build_map
from .support import NOMINATIM_SARAQIB, STORY, positions

ANSWER = {"id": "osm:node/1", "lat": 35.0, "lon": 36.0, "name": "Old", "country_code": "SY", "feature_type": "city"}


@pytest.mark.parametrize("content", [
    "{{{",
    "[" * 200_000 + "]" * 200_000,  # RecursionError in Python's JSON decoder
    '{"url": "URL", "answers": {"Saraqeb": [{"lat": 1' + "0" * 5000 + '}]}}',  # ValueError: over 4,300 digits
    json.dumps({"url": "URL", "answers": {"Saraqeb": ANSWER}}),  # an object where a list belongs
    json.dumps({"url": "URL", "answers": {"Saraqeb": [1, 2]}}),  # numbers where answers belong
    json.dumps({"url": "URL", "answers": {"Saraqeb": [{**ANSWER, "lat": "35.0"}]}}),
    json.dumps({"url": "URL", "answers": {"Saraqeb": [{**ANSWER, "name": ["Old"]}]}}),
])
def test_a_damaged_answer_cache_is_set_aside_with_a_warning(write_story, tmp_path, options, fake, gazetteer,
                                                            content):
    cache = AnswerCache(options.cache_dir, fake.url)
    cache.path.parent.mkdir(parents=True)
    content = content.replace('"URL"', json.dumps(fake.url))
    cache.path.write_text(content, encoding="utf-8")
    result = build_map(write_story(STORY), tmp_path / "m.html", gazetteer=gazetteer, geocoding=options)
    assert any("ignored a damaged geocoding cache" in w and f"set it aside as {cache.path.name}.damaged" in w
               for w in result.warnings), result.warnings
    assert positions(tmp_path / "m.html")["Saraqeb"] == NOMINATIM_SARAQIB
    assert sorted(fake.queries()) == ["Kafranbel", "Saraqeb"]  # nothing of the damaged cache was used
    assert json.loads(cache.path.read_text(encoding="utf-8"))["url"] == fake.url  # rebuilt...
    assert AnswerCache(options.cache_dir, fake.url).warning is None  # ...and sound
    assert cache.path.with_name(f"{cache.path.name}.damaged").read_text(encoding="utf-8") == content  # kept


def test_the_answer_cache_and_the_lock_file_get_the_umasks_permissions(write_story, tmp_path, options, fake,
                                                                       gazetteer):
    old = os.umask(0o022)
    try:
        build_map(write_story(STORY), tmp_path / "m.html", gazetteer=gazetteer, geocoding=options)
    finally:
        os.umask(old)
    cache = AnswerCache(options.cache_dir, fake.url)
    assert cache.get("Saraqeb") is not None  # the answers were saved...
    assert stat.S_IMODE(cache.path.stat().st_mode) == 0o644  # ...readable like any file the user writes
    assert stat.S_IMODE(options.lock_path.stat().st_mode) == 0o644
    assert not list(tmp_path.rglob(".*.tmp"))
