"""The content index's tables, what a change reports, and what decides that an index file
can be used as it is (content/index.py)."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from dostop.content.declaration import ContentType
from dostop.content.model import ContentItem
from dostop.content.problems import Problem

SCHEMA_VERSION = "1"
TABLES = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
-- A list's positions are contiguous from its lowest, which need not be 0
-- (content/index_order.py), and NULL only inside a commit that is placing the row.
CREATE TABLE IF NOT EXISTS items (
    id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE, mtime_ns INTEGER NOT NULL,
    size INTEGER NOT NULL, kind TEXT NOT NULL, locale TEXT NOT NULL, key TEXT NOT NULL,
    slug TEXT NOT NULL, only_here INTEGER NOT NULL, sort_key BLOB NOT NULL,
    position INTEGER);
-- Each item's own values (content/record.py), apart: the rows above stay small, so what scans
-- or renumbers them does not read or rewrite the items themselves.
CREATE TABLE IF NOT EXISTS records (id INTEGER PRIMARY KEY, item BLOB NOT NULL);
CREATE VIEW IF NOT EXISTS item_rows AS
    SELECT items.*, records.item FROM items JOIN records ON records.id = items.id;
-- One row per page a link could lead to (content/links.py: link_targets).
CREATE TABLE IF NOT EXISTS links (path TEXT NOT NULL, line INTEGER NOT NULL,
    href TEXT NOT NULL, kind TEXT NOT NULL, locale TEXT NOT NULL, slug TEXT NOT NULL);
-- The key each reference field names (an article's project).
CREATE TABLE IF NOT EXISTS refs (path TEXT NOT NULL, field TEXT NOT NULL, kind TEXT NOT NULL,
    value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS changes (generation INTEGER NOT NULL, kind TEXT NOT NULL,
    locale TEXT NOT NULL, key TEXT NOT NULL, slug TEXT NOT NULL, path TEXT NOT NULL,
    removed INTEGER NOT NULL);
"""
# Made after a first build's rows are in: one sort instead of 200,000 inserts into each.
INDEXES = """
CREATE INDEX IF NOT EXISTS items_slug ON items (kind, locale, slug);
CREATE INDEX IF NOT EXISTS items_key ON items (kind, key, locale);
CREATE INDEX IF NOT EXISTS items_position ON items (kind, locale, position);
CREATE INDEX IF NOT EXISTS links_path ON links (path);
CREATE INDEX IF NOT EXISTS links_target ON links (kind, locale, slug);
CREATE INDEX IF NOT EXISTS refs_path ON refs (path);
CREATE INDEX IF NOT EXISTS refs_value ON refs (kind, value);
CREATE INDEX IF NOT EXISTS changes_generation ON changes (generation);
"""


@dataclass(frozen=True)
class Change:
    """One item that a commit added, changed or removed. `apply` reports a changed file twice:
    as it was (`item` None) and as it is (`item` the new one)."""

    kind: str
    locale: str
    key: str
    slug: str
    path: str  # below the content folder: "sl/news/x.md"
    item: ContentItem | None = None
    removed: bool = False


@dataclass(frozen=True)
class ApplyResult:
    """What `ContentIndex.apply` did: committed (`ok`) or refused with the content's problems,
    each at its file and line; what changed (old and new items); the generation now."""

    ok: bool
    problems: tuple[Problem, ...]
    affected: tuple[Change, ...]
    generation: int


def code_version(types: tuple[ContentType, ...]) -> str:
    """Changes with the code that reads content and with the declared types: an index written
    by other code holds items pickled in another shape, so it is built again."""
    digest = hashlib.blake2b(SCHEMA_VERSION.encode(), digest_size=8)
    package = Path(__file__).parent
    for source in sorted(package.rglob("*.py")):
        digest.update(source.read_bytes())
    for declared in types:
        digest.update(repr((declared.name, declared.folder, declared.model.__qualname__,
                            declared.model.__module__, declared.fields)).encode())
    return digest.hexdigest()


def scan(root: Path) -> dict[str, tuple[int, int]]:
    """Every Markdown file below `root`: path ("sl/news/x.md") → (mtime_ns, size)."""
    found: dict[str, tuple[int, int]] = {}
    for path, entry in _markdown(root):
        try:
            stat = entry.stat()
        except FileNotFoundError:
            continue
        found[path] = (stat.st_mtime_ns, stat.st_size)
    return found


def markdown_files(root: Path) -> list[str]:
    """Every Markdown file below `root`, in path order, without a stat each (a first build
    takes the mtime and size from the file it reads)."""
    return sorted(path for path, _ in _markdown(root))


def _markdown(root: Path) -> Iterator[tuple[str, os.DirEntry[str]]]:
    """(path below `root`, entry) of each Markdown file, as os.walk finds them: folders that
    are links are not entered, folders that cannot be listed are passed over."""
    folders = [("", os.fspath(root))]
    while folders:
        prefix, folder = folders.pop()
        try:
            listing = os.scandir(folder)
        except OSError:
            continue
        # Entry by entry: a folder of 100,000 files held whole stayed in a worker's memory.
        with listing:
            for entry in listing:
                try:
                    is_folder = entry.is_dir()
                except OSError:
                    is_folder = False
                if is_folder:
                    if not entry.is_symlink():
                        folders.append((f"{prefix}{entry.name}/", entry.path))
                elif entry.name.endswith(".md"):
                    yield prefix + entry.name, entry


def select_in(db: sqlite3.Connection, sql: str, values: list[str]) -> Iterator[tuple]:  # type: ignore[type-arg]
    """`sql` with `IN ({})` for `values`, a few hundred at a time (SQLite caps parameters)."""
    for start in range(0, len(values), 500):
        part = values[start:start + 500]
        yield from db.execute(sql.format(",".join("?" * len(part))), part)
