"""Full-text search over the site's content: a backend protocol (search/backend.py), the query
cleaning every backend shares (search/query.py), and two backends: SQLite FTS5 in a file under
var/ (the default, search/fts5.py) and PostgreSQL when DATABASE_URL names it (search/postgres.py).
Either way every worker process searches one shared index instead of building its own."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
import atexit
import logging
import shutil
import tempfile
from pathlib import Path

from dostop.content import ContentItem
from dostop.search.backend import (
    COUNT_CAP, RESULT_LIMIT, Document, Found, ItemKey, SearchBackend, SearchHit, SearchUnavailable,
    fingerprint, item_key,
)
from dostop.search.fts5 import WEIGHTS, Fts5Search, match_expression
from dostop.search.query import MAX_QUERY_CHARS, MAX_TERMS, clean_query, query_terms
from dostop.settings import Settings

log = logging.getLogger("dostop.search")

__all__ = [
    "COUNT_CAP", "MAX_QUERY_CHARS", "MAX_TERMS", "RESULT_LIMIT", "WEIGHTS", "Document", "Found",
    "Fts5Search", "ItemKey", "SearchBackend", "SearchHit", "SearchUnavailable", "clean_query",
    "fingerprint", "index_path", "item_key", "match_expression", "open_search", "query_terms",
]


def index_path(settings: Settings) -> Path:
    """DOSTOP_SEARCH_INDEX, or a file under var/ named after the content folder, so two sites
    (or test apps) that share var/ with different content never share an index."""
    if settings.search_index is not None:
        return settings.search_index
    folder = str(settings.content_dir.resolve()).encode()
    return settings.var_dir / f"search-{hashlib.blake2b(folder, digest_size=4).hexdigest()}.sqlite3"


def open_search(settings: Settings, items: Callable[[], Iterable[ContentItem]],
                stamp: str | None = None) -> SearchBackend:
    """The backend the settings name, built from `items()` if it is missing or stale (`stamp`
    names the content it must hold: by default a fingerprint of every item)."""
    from dostop.storage.database import database_url

    url = database_url(settings.database_url, settings.var_dir)
    if url.startswith("postgresql"):
        from dostop.search.postgres import PostgresSearch
        from dostop.storage.database import make_engine

        return PostgresSearch(make_engine(url), items, stamp)
    try:
        index = Fts5Search(index_path(settings))
    except OSError as error:
        # var/ cannot be written (a full disk, a read-only mount): search still answers, from a
        # private file this process builds, as the content index falls back to memory.
        folder = tempfile.mkdtemp(prefix="dostop-search-")
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        private = Path(folder) / "search.sqlite3"
        log.warning("search index %s cannot be written (%s): building a private one in %s",
                    index_path(settings), error, private)
        index = Fts5Search(private)
    index.sync(items, stamp)
    return index

