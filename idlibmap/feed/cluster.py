"""The ``--scheduler ADDRESS`` engine: the same chunks geoparsed on an existing Dask distributed cluster.

dask is imported here only, and only for ``--scheduler``. Each worker thread keeps its own geoparser
(and gazetteer connection) in :data:`_local`, opened on its first chunk: the gazetteer index is built
on a worker's first use, from the data installed with idlibmap. The client streams the input, keeps
a bounded number of chunks in flight, and hands back each result as it completes.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from ..errors import FeedError
from .articles import Article, Failure, Item
from .work import ChunkResult, Worker

CONNECT_TIMEOUT_S = 3
# tcp://host:port, tls://..., or host:port (tcp): checked before a client is made, which would otherwise
# wait out its timeout on an address it cannot parse
_ADDRESS = re.compile(r"(?:(?:tcp|tls|ws|wss|inproc|ucx)://)?(?:\[[0-9a-fA-F:.]+\]|[^\s/:\[\]]+)(?::\d+)?(?:/\S*)?")
IN_FLIGHT_PER_THREAD = 3

_local = threading.local()
_opening = threading.Lock()


def parse_chunk(number: int, items: list[Item], text_format: str | None = None) -> ChunkResult:
    """Run on a Dask worker: geoparse one chunk with this thread's cached geoparser (rows encoded as lines
    of ``text_format``, if given)."""
    worker = getattr(_local, "worker", None)
    if worker is None:
        with _opening:  # the first thread of a worker builds the index if missing; the others then open it
            worker = _local.worker = Worker()
    result: ChunkResult = worker.chunk(number, items, text_format)
    return result


def connect(address: str, timeout: float = CONNECT_TIMEOUT_S) -> Any:
    """A client of the scheduler at ``address``; a :class:`FeedError` when it cannot be reached in ``timeout``."""
    if not _ADDRESS.fullmatch(address):
        raise FeedError(f"{address!r} is not a scheduler address (tcp://HOST:PORT, or HOST:PORT)")
    try:
        from dask.distributed import Client
    except ImportError as err:
        raise FeedError(f"--scheduler needs dask.distributed ({err.name} is missing): "
                        "pip install 'idlibmap[cluster]'") from err
    try:
        return Client(address, timeout=timeout, set_as_default=False)
    except (OSError, TimeoutError, ValueError, TypeError) as err:
        reason = " ".join(str(err).split()) or type(err).__name__
        raise FeedError(f"cannot reach the Dask scheduler at {address!r} within {timeout:g} s: {reason}") from err


def run_cluster(chunks: Iterable[tuple[int, list[Item]]], client: Any,
                text_format: str | None = None) -> Iterator[ChunkResult]:
    """Geoparse ``chunks`` on the cluster ``client`` (from :func:`connect`) is connected to; results in the
    order they complete, their rows encoded as lines of ``text_format`` (``.jsonl``, ``.csv``) if given."""
    from dask.distributed import as_completed

    threads = max(1, sum(client.nthreads().values()))
    waiting = iter(chunks)
    submitted: dict[Any, tuple[int, list[Item]]] = {}

    def submit(chunk: tuple[int, list[Item]]) -> Any:
        future = client.submit(parse_chunk, *chunk, text_format, pure=False)
        submitted[future.key] = chunk
        return future

    pending = as_completed([submit(chunk) for chunk in islice(waiting, threads * IN_FLIGHT_PER_THREAD)],
                           loop=client.loop)
    for future in pending:
        chunk = submitted.pop(future.key)
        try:
            result: ChunkResult = future.result()
        except Exception as err:  # a worker died on this chunk (KilledWorker) or could not run it
            result = _failed(chunk, f"the cluster could not parse its chunk: {type(err).__name__}: {err}")
        future.release()
        following = next(waiting, None)
        if following is not None:
            pending.add(submit(following))
        yield result


def _failed(chunk: tuple[int, list[Item]], reason: str) -> ChunkResult:
    number, items = chunk
    failures = [item if isinstance(item, Failure) else Failure(item.id, " ".join(reason.split()))
                for item in items if isinstance(item, Article | Failure)]
    return ChunkResult(number, failures=failures)
