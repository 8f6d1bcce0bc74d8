"""JSON text from a file or a server, read without crashing whatever it holds.

:func:`json.loads` raises more than :class:`json.JSONDecodeError`: JSON nested deeper than the
interpreter's recursion limit raises :class:`RecursionError`, and an integer longer than Python's
limit on digits (4,300 by default) raises a plain :class:`ValueError`. :func:`parse_json` turns all
three into one :class:`JSONTextError` that says what is wrong in words.
"""

from __future__ import annotations

import json
import sys
from typing import Any


class JSONTextError(ValueError):
    """Text that cannot be read as JSON; ``line`` is set for a syntax error, None for JSON too complex to read."""

    def __init__(self, reason: str, line: int | None = None):
        super().__init__(reason)
        self.reason = reason
        self.line = line


def parse_json(text: str) -> Any:
    """The value ``text`` holds; raise :class:`JSONTextError` for anything that is not readable JSON."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        raise JSONTextError(err.msg, err.lineno) from err
    except RecursionError as err:  # the C decoder stops cleanly at the recursion limit
        raise JSONTextError("nested too deeply") from err
    except ValueError as err:  # the only other ValueError json.loads raises: an integer with too many digits
        raise JSONTextError(f"a number has more than {sys.get_int_max_str_digits():,} digits") from err
