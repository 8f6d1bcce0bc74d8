"""The answer cache: disposable, so a damaged one is set aside with a warning and rebuilt."""

from __future__ import annotations

import json
import os
import stat

from idlibmap.online import AnswerCache

from ..conftest import build_map
from .support import NOMINATIM_SARAQIB, STORY, positions


def test_a_damaged_answer_cache_is_set_aside_with_a_warning(write_story, tmp_path, options, fake, gazetteer):
    cache = AnswerCache(options.cache_dir, fake.url)
    cache.path.parent.mkdir(parents=True)
    cache.path.write_text("{{{", encoding="utf-8")
    result = build_map(write_story(STORY), tmp_path / "m.html", gazetteer=gazetteer, geocoding=options)
    assert any("ignored a damaged geocoding cache" in w for w in result.warnings)
    assert positions(tmp_path / "m.html")["Saraqeb"] == NOMINATIM_SARAQIB
    assert json.loads(cache.path.read_text(encoding="utf-8"))["url"] == fake.url


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
