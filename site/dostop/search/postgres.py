"""The shared backend: PostgreSQL full-text search, used when DATABASE_URL names PostgreSQL, so
every process on every machine behind the load balancer searches one index.

Each item is one row with a `tsvector`: the title weighted A, the summary B, the body and tags C
(`setweight`), ranked by `ts_rank` so a title match comes before a summary match before a body
match. Diacritics are folded by `unaccent` on both sides, so "sola" finds "šola" and "šola" finds
"Sola". The text configuration is 'simple' (lowercase, no stemming) for every language:
PostgreSQL has no Slovenian stemmer, and an English one would make the two languages behave
differently; prefix matching (`'term':*`) gives what stemming would for the words a visitor
starts to type. Each language is apart: a query names its `locale`, and the ranking compares
only that language's rows. A GIN index answers the match.

The tables are created at start-up, not by a migration: they hold nothing that cannot be built
again from the content, and a changed layout (SCHEMA) is simply dropped and rebuilt.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from dostop.content import ContentItem
from dostop.search.backend import (
    COUNT_CAP, RANK_WINDOW, RESULT_LIMIT, Document, Found, ItemKey, SearchHit, SearchUnavailable,
    by_publication, fingerprint,
)
from dostop.search.query import query_terms

log = logging.getLogger("dostop.search")

SCHEMA = "1"
# ts_rank's weights for D, C, B, A: a title word counts five times a body word.
WEIGHTS = "{0.1, 0.2, 0.4, 1.0}"
# Normalization 1 divides by 1 + log(length): a long body that repeats a word does not outrank
# a short title about it.
NORMALIZATION = 1
# A tsvector holds at most 1 MB; positions stop counting at 16,383 words anyway.
MAX_BODY_CHARS = 100_000
# One key for pg_advisory_xact_lock: processes that start together set up and build in turn.
LOCK_KEY = 0x646F73746F70  # "dostop"
# After a failure, the next query tries the database again no sooner than this.
RETRY_SECONDS = 2.0

# Folds diacritics; in the server's contrib package, created by the processes at start-up.
EXTENSION = "unaccent"
MISSING_UNACCENT = (
    "PostgreSQL search needs the unaccent extension, and this server cannot create it (%s). "
    "Install the server's contrib package (Debian: postgresql-contrib), or have the database "
    "owner run CREATE EXTENSION unaccent; search answers 503 until then."
)

DOCUMENT = (
    "setweight(to_tsvector('simple', unaccent(:title)), 'A') || "
    "setweight(to_tsvector('simple', unaccent(:summary)), 'B') || "
    "setweight(to_tsvector('simple', unaccent(:body || ' ' || :tags)), 'C')"
)


def tsquery(query: str) -> str:
    """The `to_tsquery` text for a visitor's query, or "" if it has no words: every term
    quoted as a lexeme (quotes and backslashes doubled, although a term admits neither) and
    made a prefix, all of them required. The visitor's text is never tsquery syntax."""
    quoted = ("'" + term.replace("\\", "\\\\").replace("'", "''") + "':*"
              for term in query_terms(query))
    return " & ".join(quoted)


INSERT_BATCH = 500
INSERT = (
    "INSERT INTO search_items (kind, locale, slug, key, title, title_html, summary_html, date, "
    f"document) VALUES (:kind, :locale, :slug, :key, :title, :title_html, :summary_html, :date, "
    f"{DOCUMENT}) ON CONFLICT (kind, locale, slug) DO UPDATE SET key = excluded.key, "
    "title = excluded.title, title_html = excluded.title_html, "
    "summary_html = excluded.summary_html, date = excluded.date, document = excluded.document")


def _insert_rows(connection: Connection, rows: list[dict[str, Any]]) -> None:
    if rows:
        connection.execute(text(INSERT), rows)


class PostgresSearch:
    def __init__(self, engine: Engine, items: Callable[[], Iterable[ContentItem]],
                 stamp: str | None = None) -> None:
        """`items` gives the content to build from when the shared index is missing or stale
        (`stamp` names it, as in `sync`); if PostgreSQL is down now, the first query after it
        is back builds (or reuses) it."""
        self.engine = engine
        self._items = items
        self._stamp = stamp
        self._ready = False
        self._lock = threading.Lock()
        self._next_try = 0.0
        self._down = False  # so a fault is logged once, when it starts, not on every query
        try:
            self._ensure_ready()
        except SearchUnavailable:
            pass  # logged; the search page says search is unavailable, other pages are served

    # --- set-up --------------------------------------------------------------------------------

    @contextmanager
    def _locked(self) -> Iterator[Connection]:
        with self.engine.begin() as connection:
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK_KEY})
            yield connection

    def _ensure_ready(self) -> None:
        if self._ready:
            return
        with self._lock:
            if self._ready:
                return
            if time.monotonic() < self._next_try:
                raise SearchUnavailable("PostgreSQL was unreachable a moment ago")
            self.sync(self._items, self._stamp)
            self._ready = True
            if self._down:
                log.info("search: PostgreSQL answers again")
                self._down = False

    def _failed(self, error: Exception) -> SearchUnavailable:
        """Notes a fault: logged when it starts; the next query checks (and if needed
        rebuilds) the shared index before it searches, after RETRY_SECONDS."""
        self._ready = False
        self._next_try = time.monotonic() + RETRY_SECONDS
        if not self._down:
            log.error("search: PostgreSQL unavailable (%s: %s)", type(error).__name__,
                      str(error).strip().splitlines()[0] if str(error).strip() else "")
            self._down = True
        return SearchUnavailable(type(error).__name__)

    def _create(self, connection: Connection) -> None:
        try:
            with connection.begin_nested():
                connection.execute(text(f"CREATE EXTENSION IF NOT EXISTS {EXTENSION}"))
        except DBAPIError as error:
            if not self._down:
                log.error(MISSING_UNACCENT, str(error.orig).strip().splitlines()[0])
                self._down = True
            self._ready = False
            self._next_try = time.monotonic() + RETRY_SECONDS
            raise SearchUnavailable("the unaccent extension is missing") from error
        connection.execute(text(
            "CREATE TABLE IF NOT EXISTS search_meta (name text PRIMARY KEY, value text NOT NULL)"))
        version = connection.execute(
            text("SELECT value FROM search_meta WHERE name = 'schema'")).scalar()
        if version == SCHEMA:
            return
        connection.execute(text("DROP TABLE IF EXISTS search_items"))
        connection.execute(text("DELETE FROM search_meta"))
        connection.execute(text(
            "CREATE TABLE search_items (id bigserial PRIMARY KEY, kind text NOT NULL, "
            "locale text NOT NULL, slug text NOT NULL, key text NOT NULL, title text NOT NULL, "
            "title_html text NOT NULL, summary_html text NOT NULL, date date, "
            "document tsvector NOT NULL, UNIQUE (kind, locale, slug))"))
        connection.execute(text(
            "CREATE INDEX search_items_document ON search_items USING gin (document)"))
        connection.execute(text("INSERT INTO search_meta VALUES ('schema', :v)"), {"v": SCHEMA})

    @contextmanager
    def _writing(self) -> Iterator[Connection]:
        try:
            with self._locked() as connection:
                self._create(connection)
                yield connection
        except SQLAlchemyError as error:
            raise self._failed(error) from error

    # --- writing -------------------------------------------------------------------------------

    def sync(self, items: Callable[[], Iterable[ContentItem]], stamp: str | None = None) -> bool:
        """Builds the shared index from `items()` unless it holds the same content already;
        `items` is kept, for the first query after a fault to build from."""
        self._items, self._stamp = items, stamp
        stamp = stamp or fingerprint(items())
        with self._writing() as connection:
            stored = connection.execute(
                text("SELECT value FROM search_meta WHERE name = 'stamp'")).scalar()
            if stored == stamp:
                return False
            connection.execute(text("DELETE FROM search_items"))
            self._insert(connection, by_publication(items()))
            self._set_stamp(connection, stamp)
        log.info("search index built in PostgreSQL")
        return True

    def replace_all(self, items: Iterable[ContentItem]) -> None:
        with self._writing() as connection:
            connection.execute(text("DELETE FROM search_items"))
            self._insert(connection, by_publication(items))
            self._set_stamp(connection, None)

    def apply(self, upserted: Iterable[ContentItem], removed: Iterable[ItemKey],
              stamp: str | None = None) -> None:
        """Adds or replaces `upserted` and drops `removed` in one transaction; every process
        may apply the same change (the result is the same)."""
        with self._writing() as connection:
            for kind, locale, slug in removed:
                connection.execute(text("DELETE FROM search_items WHERE kind = :kind AND "
                                        "locale = :locale AND slug = :slug"),
                                   {"kind": kind, "locale": locale, "slug": slug})
            self._insert(connection, upserted)
            self._set_stamp(connection, stamp)
        self._stamp = stamp

    @staticmethod
    def _set_stamp(connection: Connection, stamp: str | None) -> None:
        connection.execute(text("DELETE FROM search_meta WHERE name = 'stamp'"))
        if stamp is not None:
            connection.execute(text("INSERT INTO search_meta VALUES ('stamp', :v)"), {"v": stamp})

    @staticmethod
    def _insert(connection: Connection, items: Iterable[ContentItem]) -> None:
        # A batch at a time: a first build at 100,000 items per language must not hold them all.
        rows: list[dict[str, Any]] = []
        for item in items:
            if len(rows) == INSERT_BATCH:
                _insert_rows(connection, rows)
                rows = []
            document = Document.of(item)
            found = document.found
            rows.append({
                "kind": found.kind, "locale": found.locale, "slug": found.slug, "key": found.key,
                "title": found.title, "title_html": found.title_html,
                "summary_html": found.summary_html, "date": found.date,
                "summary": document.summary, "body": document.body[:MAX_BODY_CHARS],
                "tags": document.tags,
            })
        _insert_rows(connection, rows)

    # --- reading -------------------------------------------------------------------------------

    def search(self, query: str, locale: str, limit: int = RESULT_LIMIT) -> list[SearchHit]:
        # Only the newest RANK_WINDOW matches are ranked (ts_rank reads each row's tsvector).
        rows = self._read(
            "SELECT kind, locale, slug, key, title, title_html, summary_html, date, "
            f"ts_rank('{WEIGHTS}', document, q, {NORMALIZATION}) AS rank FROM ("
            "SELECT * FROM search_items, to_tsquery('simple', unaccent(:q)) AS q "
            "WHERE locale = :locale AND document @@ q ORDER BY id DESC LIMIT :window) AS newest "
            "ORDER BY rank DESC, id DESC LIMIT :limit", query, locale, limit)
        return [SearchHit(Found(*row[:8]), -float(row[8])) for row in rows]

    def count(self, query: str, locale: str, cap: int = COUNT_CAP) -> int:
        rows = self._read(
            "SELECT count(*) FROM (SELECT 1 FROM search_items, "
            "to_tsquery('simple', unaccent(:q)) AS q WHERE locale = :locale AND document @@ q "
            "LIMIT :limit) AS matches", query, locale, cap + 1)
        return int(rows[0][0]) if rows else 0

    def _read(self, sql: str, query: str, locale: str, limit: int) -> list[Any]:
        expression = tsquery(query)
        if not expression:
            return []
        self._ensure_ready()
        try:
            with self.engine.connect() as connection:
                return list(connection.execute(text(sql), {
                    "q": expression, "locale": locale, "limit": limit, "window": RANK_WINDOW,
                }).all())
        except SQLAlchemyError as error:
            raise self._failed(error) from error
