"""The progress bar: drawn on a terminal only, with articles done, rate and time left."""

from __future__ import annotations

import io

from idlibmap.cli import main
from idlibmap.feed.progress import Progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_bar_shows_articles_rate_and_time_left():
    progress = Progress(1000, Terminal())
    progress.done = 250
    line = progress.line(elapsed=5.0)
    assert "250/1,000 articles" in line and "50/s" in line and "0:15 left" in line and line.count("#") == 6


def test_the_bar_is_drawn_on_a_terminal_and_cleared_at_the_end():
    stream = Terminal()
    progress = Progress(10, stream)
    progress.advance(4)
    progress.close()
    assert stream.getvalue().startswith("\r[") and "4/10 articles" in stream.getvalue()
    assert stream.getvalue().endswith("\r\x1b[K")


def test_nothing_is_drawn_when_stderr_is_not_a_terminal(feed, tmp_path, gazetteer, capsys):
    assert Progress(10, io.StringIO()).enabled is False
    assert main(["places", "--feed", str(feed), "--out", str(tmp_path / "rows.jsonl"), "--jobs", "1"]) == 0
    captured = capsys.readouterr()
    assert captured.err == "" and len(captured.out.splitlines()) == 1
