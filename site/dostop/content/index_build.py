"""The content index's first build: every file read and checked (on two processes when there
are many), its rows written as they come, each list numbered once at the end.

Files are read in chunks, each row's id being its file's place in path order, so a reader
process hands back rows ready to insert and the process that writes them does no work per
file beyond SQLite's. The items' own rows are small and kept until every file is read: each
list is then sorted in memory and its rows inserted with their positions, instead of being
inserted and updated again (content/index_write.py numbers lists after a change).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import pickle
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

from dostop.content.loader import Context, read_source
from dostop.content.problems import Problem

# Below this many files a first build reads them in this process: a second one costs more to
# start than it saves.
PARALLEL_FROM = 4000
CHUNK = 500

# An item's record is a few kB: pages of 16 kB hold several whole, where pages of 4 kB hold one
# and spill the rest (a fifth less time writing the records at 20,000 files).
PAGE_SIZE = 16384
ITEM_COLUMNS = ("id, path, mtime_ns, size, kind, locale, key, slug, only_here, sort_key, "
                "position")
PLACES = ", ".join("?" * len(ITEM_COLUMNS.split(",")))

_CONTEXT: Context | None = None  # what forked readers inherit


class Chunk(NamedTuple):
    """Some files' rows: the items' (without their positions), their records, links and
    references, and the problems that kept a file out."""

    items: list[tuple[Any, ...]]
    records: list[tuple[int, bytes]]
    links: list[tuple[Any, ...]]
    refs: list[tuple[str, str, str, str]]
    problems: list[Problem]


def read_chunk(files: list[str], first_id: int, context: Context) -> Chunk:
    chunk = Chunk([], [], [], [], [])
    for number, path in enumerate(files, start=first_id):
        source = read_source(path, None, None, context)
        if source.row is None:
            chunk.problems.extend(source.problems)
            continue
        *item, record = source.row
        chunk.items.append((number, *item))
        chunk.records.append((number, record))
        chunk.links.extend(source.links)
        chunk.refs.extend(source.refs)
    return chunk


def _read_in_child(task: tuple[list[str], int]) -> Chunk:
    assert _CONTEXT is not None
    return read_chunk(*task, _CONTEXT)


def _chunks(files: list[str], context: Context) -> Iterator[Chunk]:
    """The files read in path order, on two processes when there are many (forked: they
    inherit the declarations, which need not be picklable)."""
    tasks = [(files[i:i + CHUNK], i + 1) for i in range(0, len(files), CHUNK)]
    if len(files) < PARALLEL_FROM or (os.cpu_count() or 1) < 2:
        for task in tasks:
            yield read_chunk(*task, context)
        return
    global _CONTEXT
    _CONTEXT = context
    with multiprocessing.get_context("fork").Pool(2) as pool:
        yield from pool.imap(_read_in_child, tasks)


def build(db: sqlite3.Connection, files: list[str], context: Context) -> list[Problem]:
    """Writes the rows of `files` (paths below the content folder, in path order) into the
    empty tables of `db`; returns the problems of the files left out."""
    problems: list[Problem] = []
    items: list[tuple[Any, ...]] = []
    keys: list[Any] = []  # each item's sort key, read while the readers work
    for chunk in _chunks(files, context):
        problems += chunk.problems
        items += chunk.items
        keys += [pickle.loads(row[9]) for row in chunk.items]
        db.executemany("INSERT INTO records (id, item) VALUES (?, ?)", chunk.records)
        db.executemany("INSERT INTO links VALUES (?, ?, ?, ?, ?, ?)", chunk.links)
        db.executemany("INSERT INTO refs VALUES (?, ?, ?, ?)", chunk.refs)
    db.executemany(f"INSERT INTO items ({ITEM_COLUMNS}) VALUES ({PLACES})",
                   numbered(items, keys, context))
    return problems


def numbered(items: list[tuple[Any, ...]], keys: list[Any], context: Context
             ) -> list[tuple[Any, ...]]:
    """The item rows with their positions: each list in its type's declared order (a Python
    sort key, `keys[i]` the key of `items[i]`, so any declaration works), ties in path order
    as a stable sort leaves them."""
    lists: dict[tuple[str, str], list[tuple[Any, Any]]] = {}
    for row, key in zip(items, keys):
        lists.setdefault((row[4], row[5]), []).append((key, row[0]))
    positions: dict[int, int] = {}
    for (kind, _), entries in lists.items():
        ordered = sorted(entries, key=lambda entry: entry[0], reverse=context.types[kind].reverse)
        positions.update((row_id, position) for position, (_, row_id) in enumerate(ordered))
    # In path order, as the ids go: each row is appended to the table and its path index.
    return [(*row, positions[row[0]]) for row in items]


def build_file(path: Path, fill: Callable[[sqlite3.Connection], None]) -> None:
    """Makes the index file at `path` with `fill`, which builds into an empty database.

    Written under another name without a journal and renamed once complete: a journal (WAL)
    would write every page twice, and a build that stops half-way would leave a file that looks
    usable. Workers still serving the index it replaces keep reading their file."""
    for stale in path.parent.glob(f"{path.name}.building-*"):
        stale.unlink(missing_ok=True)
    building = f"{path}.building-{os.getpid()}"
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(building, isolation_level=None)
    try:
        db.execute(f"PRAGMA page_size = {PAGE_SIZE}")
        db.execute("PRAGMA journal_mode = MEMORY")
        db.execute("PRAGMA synchronous = OFF")
        fill(db)
        db.execute("PRAGMA journal_mode = WAL")
        db.close()
        handle = os.open(building, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)
        for suffix in ("-wal", "-shm"):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(f"{path}{suffix}")
        os.replace(building, path)
    except BaseException:
        db.close()
        with contextlib.suppress(FileNotFoundError):
            os.unlink(building)
        raise
