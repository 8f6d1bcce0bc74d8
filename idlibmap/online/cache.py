"""Nominatim's answers on disk, one JSON file per server, so a repeated build makes no request."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from ..errors import IdlibmapError, OutputError
from ..files import read_input, write_atomically
from .answers import Answer, answer_from_json
from .json_text import parse_json

MAX_CACHE_BYTES = 64 * 1024 * 1024


class _Unreadable(IdlibmapError):
    """The cache file cannot be read; the message says why (the warning names the file)."""

    def __init__(self, message: str, path: Path):
        super().__init__(message)
        self.path = path


def _answers_from_json(data: Any, url: str) -> dict[str, list[Answer]]:
    """The answers a cache file holds; raise ValueError when it is not a cache for ``url`` of the right shape."""
    if not isinstance(data, dict) or data.get("url") != url or not isinstance(data.get("answers"), dict):
        raise ValueError("unexpected layout")
    answers: dict[str, list[Answer]] = {}
    for key, results in data["answers"].items():
        if not isinstance(results, list):
            raise ValueError(f"the answer for '{key[:40]}' is not a list")
        answers[key] = [answer_from_json(result) for result in results]
    return answers


class AnswerCache:
    """Nominatim's answers on disk, one JSON file per server (``nominatim-<hash of the URL>.json``).

    Only real answers are kept (including "nothing found"); failures are not, so they are retried.
    The cache is disposable: a damaged file is set aside (renamed to ``….json.damaged``) with a
    warning, and rebuilt from the answers of the next requests.
    """

    def __init__(self, cache_dir: Path, url: str):
        digest = hashlib.sha1(url.encode("utf-8")).hexdigest()[:12]
        self.path = Path(cache_dir) / f"nominatim-{digest}.json"
        self.url = url
        self.warning: str | None = None
        self._answers: dict[str, list[Answer]] = {}
        try:
            data = read_input(self.path, MAX_CACHE_BYTES, "geocoding cache", _Unreadable)
        except _Unreadable as err:
            if not isinstance(err.__cause__, FileNotFoundError):  # a missing cache is simply empty
                self.warning = f"ignored the geocoding cache {self.path} ({err}); it will be rebuilt"
            return
        try:
            self._answers = _answers_from_json(parse_json(data.decode("utf-8")), url)
        except ValueError as err:  # JSONTextError, UnicodeDecodeError, or the wrong shape
            self.warning = f"ignored a damaged geocoding cache {self.path} ({err}); {self._set_aside()}"

    def _set_aside(self) -> str:
        """Move the damaged file out of the way, so it can be looked at; say what happened."""
        aside = self.path.with_name(f"{self.path.name}.damaged")
        try:
            self.path.replace(aside)
        except OSError:
            return "it will be rebuilt"
        return f"set it aside as {aside.name}; it will be rebuilt"

    def get(self, key: str) -> list[Answer] | None:
        return self._answers.get(key)

    def put(self, key: str, results: list[Answer]) -> None:
        """Remember an answer and save the cache at once (temporary file, then rename)."""
        self._answers[key] = results
        text = json.dumps({"url": self.url, "answers": self._answers}, ensure_ascii=False, sort_keys=True)
        try:
            write_atomically({self.path: text})
        except OutputError as err:
            reason = getattr(err.__cause__, "strerror", None) or err
            self.warning = f"cannot save the geocoding cache {self.path}: {reason}"
