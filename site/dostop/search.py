"""Full-text search over news, projects and pages: SQLite FTS5 in memory, built once at start-up.

The tokenizer folds diacritics (`unicode61 remove_diacritics 2`), so "c" finds "č" and "sola" finds
"šola"; every query term is a quoted prefix (`"term"*`), so a visitor's words can never be FTS
syntax, and results are ranked by bm25 with the title weighted above the summary and the body.
"""

from __future__ import annotations

import re
import sqlite3
import threading
from collections.abc import Iterable
from dataclasses import dataclass

from dostop.content import ContentItem, ContentRepository

# What a visitor may ask: longer queries are cut, not refused (a 10 kB paste still gets results).
MAX_QUERY_CHARS = 200
MAX_TERMS = 12
# bm25 column weights, in the order of the indexed columns: title, summary, body, tags.
WEIGHTS = (10.0, 4.0, 1.0, 2.0)
RESULT_LIMIT = 100

# A term is a run of letters or digits; everything else (quotes, *, :, -, ^, markup) separates terms.
TERM = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class SearchHit:
    item: ContentItem
    rank: float


def clean_query(raw: str) -> str:
    """The query as the visitor will see it again in the form: cut to size, whitespace collapsed."""
    return " ".join(raw[:MAX_QUERY_CHARS].split())


def match_expression(query: str) -> str:
    """The FTS5 MATCH expression for a visitor's query, or "" if it has no words.

    Each term is quoted (doubling any quote, although TERM admits none) and made a prefix;
    terms are joined by FTS5's implicit AND."""
    terms = TERM.findall(clean_query(query))[:MAX_TERMS]
    return " ".join('"' + term.replace('"', '""') + '"*' for term in terms)


class SearchIndex:
    """One in-memory FTS5 table per language; read-only after `__init__`.

    A table per language, not one table with a locale column: a query scores only its own
    language's matches, and bm25's word statistics come from that language. The ranking is the
    table's `rank` setting, so `ORDER BY rank LIMIT` lets FTS5 keep only the best rows: at
    10,000 articles per language a common word ranked in about half the time (bench/README.md)."""

    def __init__(self, items: Iterable[ContentItem]) -> None:
        self._items: list[ContentItem] = []
        # The app serves from one event loop, but tests and threaded servers may call from
        # other threads: one connection, guarded by a lock (queries take microseconds).
        self._lock = threading.Lock()
        self._db = sqlite3.connect(":memory:", check_same_thread=False)
        rows: dict[str, list[tuple[int, str, str, str, str]]] = {}
        for item in items:
            rows.setdefault(item.locale, []).append(
                (len(self._items), item.title, item.summary, item.text, " ".join(item.tags)))
            self._items.append(item)
        self._tables: dict[str, str] = {}
        weights = ", ".join(str(w) for w in WEIGHTS)
        for number, (locale, locale_rows) in enumerate(sorted(rows.items())):
            table = f"entries_{number}"  # never a visitor's or an editor's text in SQL
            self._db.execute(
                f"CREATE VIRTUAL TABLE {table} USING fts5(title, summary, body, tags, "
                "tokenize = 'unicode61 remove_diacritics 2')"
            )
            self._db.execute(f"INSERT INTO {table} ({table}, rank) VALUES ('rank', ?)",
                             (f"bm25({weights})",))
            self._db.executemany(
                f"INSERT INTO {table} (rowid, title, summary, body, tags) VALUES (?, ?, ?, ?, ?)",
                locale_rows,
            )
            self._tables[locale] = table
        self._db.commit()

    @classmethod
    def from_content(cls, content: ContentRepository) -> SearchIndex:
        return cls(content.items)

    def __len__(self) -> int:
        return len(self._items)

    def search(self, query: str, locale: str, limit: int = RESULT_LIMIT) -> list[SearchHit]:
        """The best matches in one language, best first; [] for a query without words."""
        expression = match_expression(query)
        if not expression:
            return []
        table = self._tables.get(locale)
        if table is None:
            return []
        sql = f"SELECT rowid, rank FROM {table} WHERE {table} MATCH ? ORDER BY rank LIMIT ?"
        try:
            with self._lock:
                rows = self._db.execute(sql, (expression, limit)).fetchall()
        except sqlite3.OperationalError:
            # A term the tokenizer reads as no token at all: no match, never a 500.
            return []
        return [SearchHit(self._items[rowid], rank) for rowid, rank in rows]
