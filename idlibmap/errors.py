"""Error types: every user-facing failure is an :class:`IdlibmapError`.

The CLI turns these into one line and exit code 2. Each subclass also inherits
the matching built-in exception so library callers can catch either.
"""

from __future__ import annotations

from pathlib import Path


class IdlibmapError(Exception):
    """Root of every error the program reports to a user."""


def located(message: str, path: str | Path | None = None, line: int | None = None) -> str:
    """Prefix ``message`` with ``path:line:`` when they are known."""
    if path is None:
        return message
    where = f"{path}:{line}" if line else str(path)
    return f"{where}: {message}"


class LocatedError(IdlibmapError):
    """An error about a file (and a line in it), named at the start of its message."""

    def __init__(self, message: str, path: str | Path | None = None, line: int | None = None):
        super().__init__(located(message, path, line))
        self.path = path
        self.line = line


class StoryError(LocatedError, ValueError):
    """A story file is missing, unreadable, malformed or inconsistent."""


class GeocodeError(StoryError, LookupError):
    """A place name cannot be resolved to a location."""


class GazetteerError(IdlibmapError, OSError):
    """The offline gazetteer index cannot be built or opened."""


class BoundaryError(IdlibmapError, LookupError):
    """Boundary data is missing, or a derived shape cannot be made."""


class OptionError(IdlibmapError, ValueError):
    """A build or lookup option has a value that cannot be used.

    ``option`` is the keyword argument's name (``"dpi"``, ``"user_agent"``); the message speaks of
    the value, never of a command-line flag, and the CLI names its own flag in front of it.
    """

    def __init__(self, message: str, option: str):
        super().__init__(message)
        self.option = option


class OutputError(IdlibmapError, OSError):
    """An output file cannot be written."""


class LockFileError(LocatedError, ValueError):
    """The geocoding lock file (``geodata/geocode.lock.json``) is unreadable or malformed."""


class ArticleError(LocatedError, ValueError):
    """An article file is missing, unreadable, not text, or names no place."""


class FeedError(LocatedError, ValueError):
    """A batch's input (feed, files, folders) or its options cannot be used at all."""


class MentionsError(LocatedError, ValueError):
    """A file of mention rows (``places --out``) is missing, unreadable, malformed or empty."""
