"""A progress bar for a batch on stderr, drawn only when stderr is a terminal."""

from __future__ import annotations

import sys
import time
from typing import TextIO

BAR_WIDTH = 24
REDRAW_S = 0.2


def _duration(seconds: float) -> str:
    seconds = int(seconds)
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


class Progress:
    """Articles done, articles per second and time left, redrawn in place at most five times a second."""

    def __init__(self, total: int | None, stream: TextIO | None = None, enabled: bool | None = None):
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.total = total
        self.done = 0
        self.started = time.perf_counter()
        self._drawn = 0.0

    def advance(self, articles: int) -> None:
        self.done += articles
        now = time.perf_counter()
        if self.enabled and now - self._drawn >= REDRAW_S:
            self._drawn = now
            self.stream.write("\r" + self.line(now - self.started))
            self.stream.flush()

    def line(self, elapsed: float) -> str:
        """The bar as text: ``[#####-----] 1,200/10,000 articles  410/s  0:21 left``."""
        rate = self.done / elapsed if elapsed > 0 else 0.0
        if self.total:
            share = min(1.0, self.done / self.total)
            filled = round(share * BAR_WIDTH)
            left = f"  {_duration((self.total - self.done) / rate)} left" if rate > 0 and self.total > self.done else ""
            return f"[{'#' * filled}{'-' * (BAR_WIDTH - filled)}] {self.done:,}/{self.total:,} articles  " \
                   f"{rate:,.0f}/s{left}\x1b[K"
        return f"{self.done:,} articles  {rate:,.0f}/s\x1b[K"

    def close(self) -> None:
        if self.enabled and self._drawn:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
