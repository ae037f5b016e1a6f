from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING, Any

from dostop.content.declaration import ContentTypes
from dostop.content.model import ContentItem, Kind
from dostop.content.listing import BATCH, Listing
from dostop.content.record import COLUMNS
from dostop.i18n import LOCALES, PSEUDO
from dostop.memo import BoundedMemo

if TYPE_CHECKING:
    from dostop.content.index import Change, ContentIndex

# Items looked up by slug or key (an article page, its translation, its project) stay in
# memory this many at a time; lists read their page of items from the index each time.
MEMO_SIZE = 2048
ADDRESS_BATCH = 2048


def _content_locale(locale: str) -> str:
    # The QA pseudo-locale shows the English content: only the interface text is transformed.
    return "en" if locale == PSEUDO else locale


class ContentRepository:
    """The content, answered from the content index (content/index.py): each type's list in
    the order its declaration gives, an item by slug or by translation key, what relates to
    an item. It reads one snapshot of the index; lookups by slug and key are remembered (a
    bounded memo). `refresh` moves it to the latest commit; the publisher instead swaps in a
    new repository (content/index_source.py), in the same moment as it drops cached pages."""

    def __init__(self, index: ContentIndex) -> None:
        self.index = index
        self.types = ContentTypes(index.types)
        self._lock = threading.Lock()
        self._snapshot = index.path is not None
        self._open()

    def _open(self) -> None:
        """Reads the index file now at its path (all or nothing: on an error the repository
        keeps reading the one it had)."""
        file, db = self.index.file_id(), self.index.connect()
        try:
            if self._snapshot:
                # One read transaction for as long as this repository serves: it reads the
                # index as it was when opened (WAL keeps that snapshot) until `refresh`, so a
                # page never mixes two versions and a commit shows only once the worker takes it.
                db.execute("BEGIN")
            meta = self.index.meta(db)
            if "generation" not in meta:
                raise sqlite3.OperationalError(f"content index {self.index.path} is being built")
        except sqlite3.DatabaseError:
            db.close()
            raise
        self._file, self._db = file, db
        self.generation, self.build = int(meta["generation"]), meta.get("build", "")
        self._memo: BoundedMemo[tuple[str, ...], ContentItem] = BoundedMemo(MEMO_SIZE)
        self._extents: dict[tuple[str, str], tuple[int, int]] = {}

    @property
    def file(self) -> tuple[int, int] | None:
        """The index file it reads (see ContentIndex.file_id)."""
        return self._file

    @property
    def version(self) -> str:
        """Changes whenever the content does (the page cache keys on it)."""
        return f"{self.build}.{self.generation}"

    # --- reading the index ---

    def _query(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            return self._db.execute(sql, params).fetchall()

    def _one(self, sql: str, params: tuple[Any, ...], memo_key: tuple[str, ...]
             ) -> ContentItem | None:
        found = self._memo.get(memo_key)
        if found is None:
            rows = self._query(sql, params)
            if not rows:
                return None
            found = self._memo.put(memo_key, self.index.context.records.decode(rows[0]))
        return found

    def refresh(self) -> list[Change]:
        """Moves to the index as it is now (after commits by this or other processes):
        forgets what was remembered and returns what changed (empty when nothing did).
        Cheap when nothing did: one small read. An index built again (deleted or damaged
        while the site ran) is read from its start: its `build` differs, and no change is
        listed, since everything may have."""
        now = self.index.file_id()
        if self._snapshot and now != self._file:
            if now is None:
                raise FileNotFoundError(f"content index {self.index.path} was deleted; serving "
                                        "what it held until it is built again")
            with self._lock:
                old = self._db
                self._open()
            old.close()
            return []
        if self.index.latest_generation() == self.generation:
            return []
        with self._lock:
            if self._snapshot:
                self._db.execute("COMMIT")
                self._db.execute("BEGIN")
            now = int(self.index.meta(self._db)["generation"])
            changes = self.index.changes_since(self._db, self.generation)
        self.generation = now
        self._memo = BoundedMemo(MEMO_SIZE)
        self._extents = {}
        return changes

    def changes_since(self, generation: int) -> list[Change]:
        with self._lock:
            return self.index.changes_since(self._db, generation)

    # --- what the views ask ---

    def get(self, kind: Kind, locale: str, slug: str) -> ContentItem | None:
        locale = _content_locale(locale)
        return self._one(f"SELECT {COLUMNS} FROM item_rows WHERE kind = ? AND locale = ? "
                         "AND slug = ?", (kind, locale, slug), ("slug", kind, locale, slug))

    def by_key(self, kind: Kind, key: str, locale: str) -> ContentItem | None:
        locale = _content_locale(locale)
        return self._one(f"SELECT {COLUMNS} FROM item_rows WHERE kind = ? AND key = ? "
                         "AND locale = ?", (kind, key, locale), ("key", kind, key, locale))

    def page_by_key(self, key: str, locale: str) -> ContentItem | None:
        return self.by_key("page", key, locale)

    def translation(self, item: ContentItem, locale: str) -> ContentItem | None:
        return self.by_key(item.kind, item.key, locale)

    def listing(self, kind: Kind, locale: str) -> Listing:
        """The items of one type in one language, in the declared order: a sequence read
        from the index a slice at a time."""
        return Listing(self, kind, _content_locale(locale))

    @property
    def items(self) -> Listing:
        """Every item, in the order of their files' paths."""
        return Listing(self, "", "")

    def related(self, item: ContentItem) -> dict[str, object]:
        """What an item's page shows beside it, by name: each item its reference fields name
        (an article's `project`), and the items of other types that name it (a project's
        `news`), in their declared order."""
        found: dict[str, object] = {}
        for field in self.types[item.kind].fields:
            if field.kind == "reference":
                found[field.name] = self.by_key(field.reference, getattr(item, field.name),
                                                item.locale)
        for other, field in self.types.referencing(item.kind):
            found[other.name] = tuple(self._decode(self._query(
                "SELECT i.kind, i.locale, i.slug, i.key, i.path, i.item "
                "FROM refs AS r JOIN item_rows AS i ON i.path = r.path "
                "WHERE r.kind = ? AND r.value = ? AND r.field = ? AND i.kind = ? "
                "AND i.locale = ? ORDER BY i.position",
                (item.kind, item.key, field.name, other.name, item.locale))))
        return found

    def addresses(self, kind: Kind, locale: str, start: int, stop: int
                  ) -> Iterator[tuple[str, dict[str, str]]]:
        """The slugs of a list's items `start` to `stop` (by position in the list), each with
        the slug of the item in every language that has it, the item's own included: what the
        sitemap writes, read from the index's columns a batch at a time without reading the
        items themselves."""
        first = self._extent(kind, locale)[1]
        for begin in range(start, stop, ADDRESS_BATCH):
            for slug, twins in self._query(
                    "SELECT i.slug, GROUP_CONCAT(t.locale || ' ' || t.slug) FROM items AS i "
                    "JOIN items AS t ON t.kind = i.kind AND t.key = i.key WHERE i.kind = ? "
                    "AND i.locale = ? AND i.position >= ? AND i.position < ? "
                    "GROUP BY i.position ORDER BY i.position",
                    (kind, locale, first + begin, first + min(begin + ADDRESS_BATCH, stop))):
                found = dict(twin.split(" ") for twin in twins.split(","))
                yield slug, {lang: found[lang] for lang in LOCALES if lang in found}

    # Shorthands for the engine's own types (the home page, tests and benchmarks use them).
    def news(self, locale: str) -> Listing:
        return self.listing("news", locale)

    def projects(self, locale: str) -> Listing:
        return self.listing("project", locale)

    def pages(self, locale: str) -> Listing:
        return self.listing("page", locale)

    # --- for Listing ---

    def _decode(self, rows: list[tuple[Any, ...]]) -> list[ContentItem]:
        decode = self.index.context.records.decode
        return [decode(row) for row in rows]

    def _count(self, kind: str, locale: str) -> int:
        return self._extent(kind, locale)[0]

    def _extent(self, kind: str, locale: str) -> tuple[int, int]:
        """A list's length and its first position (a list may be numbered from any position:
        content/index_order.py), read once per generation."""
        extent = self._extents.get((kind, locale))
        if extent is None:
            if kind:
                count, first = self._query("SELECT COUNT(*), MIN(position) FROM items "
                                           "WHERE kind = ? AND locale = ?", (kind, locale))[0]
            else:
                count, first = self._query("SELECT COUNT(*) FROM items")[0][0], 0
            extent = self._extents[(kind, locale)] = (int(count), first or 0)
        return extent

    def _slice(self, kind: str, locale: str, start: int, stop: int) -> list[ContentItem]:
        if start >= stop:
            return []
        if kind:
            # By position, not OFFSET: the last page of 100,000 items costs what the first does.
            first = self._extent(kind, locale)[1]
            return self._decode(self._query(
                f"SELECT {COLUMNS} FROM item_rows WHERE kind = ? AND locale = ? AND position >= ? "
                "AND position < ? ORDER BY position", (kind, locale, first + start, first + stop)))
        return self._decode(self._query(f"SELECT {COLUMNS} FROM item_rows ORDER BY path "
                                        "LIMIT ? OFFSET ?", (stop - start, start)))

    def _by_path(self, kind: str = "", locale: str = "") -> Iterator[tuple[str, ContentItem]]:
        """(path, item) for every item, or every item of one list, in path order, a batch at
        a time: never the whole archive in memory."""
        after = ""
        while rows := self._query(
                f"SELECT {COLUMNS} FROM item_rows WHERE path > ? AND (? = '' OR kind = ? AND "
                "locale = ?) ORDER BY path LIMIT ?", (after, kind, kind, locale, BATCH)):
            after = rows[-1][4]
            yield from zip((row[4] for row in rows), self._decode(rows))

    def _in_publication_order(self, kind: str, locale: str) -> Iterator[ContentItem]:
        """Every item, oldest first as search numbers them (search/backend.py `by_publication`,
        ties in path order), without holding them all: their sort keys are read in one walk,
        then the items a batch at a time by path (sorting the items themselves would hold the
        whole archive in memory at once)."""
        keys = sorted((item.date or date.min, item.kind, item.slug, n, path)
                      for n, (path, item) in enumerate(self._by_path(kind, locale)))
        for begin in range(0, len(keys), BATCH):
            paths = [key[-1] for key in keys[begin:begin + BATCH]]
            rows = self._query(f"SELECT {COLUMNS} FROM item_rows WHERE path IN "
                               f"({', '.join('?' * len(paths))})", tuple(paths))
            found = {row[4]: item for row, item in zip(rows, self._decode(rows))}
            yield from (found[path] for path in paths if path in found)

    def _values(self, kind: str, locale: str, field: str) -> set[str]:
        return {value for (value,) in self._query(
            # CROSS JOIN keeps this order: the references first (the items that have one),
            # not every item of the list, whose cost would grow with the list.
            "SELECT DISTINCT r.value FROM refs AS r CROSS JOIN items AS i ON i.path = r.path "
            "WHERE i.kind = ? AND i.locale = ? AND r.field = ?", (kind, locale, field))}
