"""Mention rows (one per time an article names a place, see ``FEED_SCHEMA``) read and aggregated per place.

:func:`read_rows` streams checked rows from a .jsonl, .csv or .parquet file or a folder of parts;
:func:`aggregate` folds them into one :class:`MentionedPlace` per place, each article once.
"""

from __future__ import annotations

from .aggregate import ArticleInfo, ArticleMention, MentionedPlace, Mentions, aggregate
from .read import MentionRow, read_rows

__all__ = ["ArticleInfo", "ArticleMention", "MentionRow", "MentionedPlace", "Mentions", "aggregate", "read_rows"]
