"""Batch geoparsing: many articles (files, folders, a JSON Lines feed) into one row per place mention.

:mod:`.articles` reads the input as a stream of articles and per-article failures, :mod:`.rows` makes
the mention rows and their JSON Lines, CSV and GeoParquet forms, :mod:`.work` is what a worker does
with a chunk, :mod:`.local` runs chunks on local processes (``--jobs``), :mod:`.cluster` on a Dask
cluster (``--scheduler``), :mod:`.resume` writes outputs so that a re-run resumes exactly, and
:mod:`.batch` ties them together with a :mod:`.progress` bar.
"""

from __future__ import annotations

from .articles import Article, Failure
from .batch import BatchOptions, BatchSummary, run_batch
from .rows import COLUMNS, MentionRow

__all__ = ["COLUMNS", "Article", "BatchOptions", "BatchSummary", "Failure", "MentionRow", "run_batch"]
