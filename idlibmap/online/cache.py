"""Nominatim's answers on disk, one JSON file per server, so a repeated build makes no request."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from ..errors import OutputError
from ..files import write_atomically


class AnswerCache:
    """Nominatim's answers on disk, one JSON file per server (``nominatim-<hash of the URL>.json``).

    Only real answers are kept (including "nothing found"); failures are not, so they are retried.
    The cache is disposable: a damaged file is set aside with a warning and rebuilt.
    """

    def __init__(self, cache_dir: Path, url: str):
        digest = hashlib.sha1(url.encode("utf-8")).hexdigest()[:12]
        self.path = Path(cache_dir) / f"nominatim-{digest}.json"
        self.url = url
        self.warning: str | None = None
        self._answers: dict[str, list[dict[str, Any]]] = {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if not isinstance(data, dict) or data.get("url") != url or not isinstance(data.get("answers"), dict):
                raise ValueError("unexpected layout")
            self._answers = {k: v for k, v in data["answers"].items() if isinstance(v, list)}
        except FileNotFoundError:
            pass
        except (OSError, ValueError) as err:
            self.warning = f"ignored a damaged geocoding cache {self.path} ({err}); it will be rebuilt"

    def get(self, key: str) -> list[dict[str, Any]] | None:
        return self._answers.get(key)

    def put(self, key: str, results: list[dict[str, Any]]) -> None:
        """Remember an answer and save the cache at once (temporary file, then rename)."""
        self._answers[key] = results
        text = json.dumps({"url": self.url, "answers": self._answers}, ensure_ascii=False, sort_keys=True)
        try:
            write_atomically({self.path: text})
        except OutputError as err:
            reason = getattr(err.__cause__, "strerror", None) or err
            self.warning = f"cannot save the geocoding cache {self.path}: {reason}"
