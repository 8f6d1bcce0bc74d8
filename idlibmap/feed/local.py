"""The ``--jobs N`` engine: chunks of articles geoparsed by N local processes, results in input order.

Each worker process opens the gazetteer once (its initializer) and reuses one geoparser. At most
:data:`IN_FLIGHT_PER_JOB` chunks per worker are queued or being parsed at any time, so however large
the input, memory stays flat. ``jobs=1`` runs in this process, with no pool.
"""

from __future__ import annotations

import collections
import multiprocessing
import signal
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from ..errors import FeedError
from .articles import Item
from .work import ChunkResult, Worker

IN_FLIGHT_PER_JOB = 3

_worker: Worker | None = None


def _start_worker() -> None:
    global _worker
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the command's to handle: it ends the pool
    _worker = Worker()


def _parse_chunk(number: int, items: list[Item], text_format: str | None) -> ChunkResult:
    assert _worker is not None, "the pool's initializer opens the gazetteer"
    return _worker.chunk(number, items, text_format)


def run_local(chunks: Iterable[tuple[int, list[Item]]], jobs: int,
              text_format: str | None = None) -> Iterator[ChunkResult]:
    """Geoparse ``chunks`` ((number, items) pairs) with ``jobs`` processes; results in the order given, their
    rows encoded as lines of ``text_format`` (``.jsonl``, ``.csv``) if one is given."""
    if jobs == 1:
        worker = Worker()
        try:
            for number, items in chunks:
                yield worker.chunk(number, items, text_format)
        finally:
            worker.gazetteer.close()
        return
    from ..gazetteer import Gazetteer

    Gazetteer.open().close()  # built here if missing, once, rather than by every worker at once
    context = multiprocessing.get_context("spawn")  # no state copied from this process; same on every platform
    # An executor, not a Pool: a worker that dies (killed, or unable to start) breaks it with an error
    # instead of being replaced for ever while the batch waits.
    pool = ProcessPoolExecutor(jobs, mp_context=context, initializer=_start_worker)
    try:
        pending: collections.deque[Future[ChunkResult]] = collections.deque()
        for number, items in chunks:
            pending.append(pool.submit(_parse_chunk, number, items, text_format))
            while len(pending) >= jobs * IN_FLIGHT_PER_JOB:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    except BrokenProcessPool as err:
        raise FeedError("a worker process stopped or could not start (from Python, run the batch from a "
                        "script file with an `if __name__ == \"__main__\":` guard, or with jobs=1)") from err
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
