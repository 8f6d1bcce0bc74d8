"""A batch: input stream -> chunks -> an engine (local processes or a Dask cluster) -> the row outputs."""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

from ..errors import FeedError, OptionError
from .articles import Item, check_readable, count_items, item_id, read_feed, read_files
from .progress import Progress
from .resume import RowSink, row_format
from .work import ChunkResult

LOCAL_CHUNK = 32  # articles per task for --jobs (small: results come back in order)
CLUSTER_CHUNK = 250  # articles per task on a cluster (fewer, larger tasks for the scheduler)


@dataclass(frozen=True)
class BatchOptions:
    """What a batch reads, where it writes, and how it runs."""

    out: Path
    inputs: Sequence[Path] = ()
    feed: Path | None = None
    jobs: int = 1
    scheduler: str | None = None
    chunk: int | None = None
    progress: bool | None = None  # None: when stderr is a terminal

    def checked(self) -> BatchOptions:
        """Refuse options that cannot work, before anything is read or written."""
        row_format(self.out)
        if self.jobs < 1:
            raise OptionError(f"must be at least 1, not {self.jobs}", "jobs")
        if self.chunk is not None and self.chunk < 1:
            raise OptionError(f"must be at least 1, not {self.chunk}", "chunk")
        if self.feed is not None:
            check_readable(self.feed, "feed")
        for given in self.inputs:
            if not given.exists():
                raise FeedError("article file or folder not found", given)
        return self


@dataclass
class BatchSummary:
    """What a batch did: articles geoparsed, failed, skipped as done by an earlier run; rows; time."""

    articles: int
    failed: int
    skipped: int
    failed_before: int
    mentions: int
    seconds: float
    errors_path: Path

    @property
    def rate(self) -> float:
        return self.articles / self.seconds if self.seconds > 0 else 0.0


def chunked(items: Iterable[Item], size: int) -> Iterator[tuple[int, list[Item]]]:
    """Numbered lists of ``size`` items, read lazily."""
    stream = iter(items)
    number = 0
    while chunk := list(islice(stream, size)):
        yield number, chunk
        number += 1


def run_batch(options: BatchOptions) -> BatchSummary:
    """Geoparse every article of the input not done by an earlier run into ``options.out``."""
    options = options.checked()
    started = time.perf_counter()
    client = None
    if options.scheduler is not None:  # an unreachable scheduler is found before any output is made
        from .cluster import connect

        client = connect(options.scheduler)
    sink = RowSink(options.out)
    skipped = 0
    try:
        earlier = sink.open()
        items = read_feed(options.feed) if options.feed is not None else read_files(options.inputs)

        def todo() -> Iterator[Item]:
            nonlocal skipped
            for item in items:
                if item_id(item) in earlier.done:
                    skipped += 1
                else:
                    yield item

        progress = Progress(None, enabled=options.progress)
        if progress.enabled:
            progress.total = count_items(options.feed, options.inputs) - len(earlier.done)
        results = _engine(options, client, chunked(todo(), options.chunk or (CLUSTER_CHUNK if options.scheduler
                                                                       else LOCAL_CHUNK)))
        articles = 0
        for result in results:
            sink.add(result)
            articles += result.articles
            progress.advance(result.articles)
        sink.finish()
        progress.close()
    finally:
        sink.close()
        if client is not None:
            client.close()
    return BatchSummary(articles, sink.failures, skipped, earlier.failed, sink.rows_written,
                        time.perf_counter() - started, sink.errors_path)


def _engine(options: BatchOptions, client: Any, chunks: Iterator[tuple[int, list[Item]]]) -> Iterator[ChunkResult]:
    out_format = row_format(options.out)
    text_format = None if out_format == ".parquet" else out_format  # text rows are encoded by the workers
    if client is not None:
        from .cluster import run_cluster

        return run_cluster(chunks, client, text_format)
    from .local import run_local

    return run_local(chunks, options.jobs, text_format)
