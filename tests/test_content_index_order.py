"""A list's positions in the content index, kept by moving rows in and out: after any run of
additions and removals the list reads in the order a full sort gives, ties in path order,
from any first position, with no gap."""

from __future__ import annotations

import pickle
import random
import sqlite3

import pytest

from dostop.content.index_order import ListPositions


def order(db: sqlite3.Connection) -> list[str]:
    rows = db.execute("SELECT position, path FROM items ORDER BY position").fetchall()
    positions = [position for position, _ in rows]
    assert positions == list(range(positions[0], positions[0] + len(rows))), "contiguous"
    return [path for _, path in rows]


def expected(db: sqlite3.Connection, reverse: bool) -> list[str]:
    rows = sorted(db.execute("SELECT path, sort_key FROM items").fetchall())
    ranked = sorted(rows, key=lambda row: pickle.loads(row[1]), reverse=reverse)
    return [path for path, _ in ranked]


@pytest.mark.parametrize("reverse", [False, True])
def test_items_moved_in_and_out_keep_the_list_in_order(reverse: bool) -> None:
    rng = random.Random(18)
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, path TEXT, kind TEXT, locale TEXT, "
               "position INTEGER, sort_key BLOB)")
    made = 0

    def add(count: int) -> list[tuple[int, int, str]]:
        nonlocal made
        new = []
        for _ in range(count):
            made += 1
            # Few distinct keys: most places are ties, broken by path.
            key, path = rng.randrange(6), f"p{rng.randrange(10**6):06d}-{made}"
            row_id = db.execute("INSERT INTO items (path, kind, locale, sort_key) "
                                "VALUES (?, 'news', 'sl', ?)",
                                (path, pickle.dumps(key))).lastrowid
            new.append((key, row_id or 0, path))
        return new

    moved_whole = 0
    for step in range(60):
        rows = db.execute("SELECT id, position FROM items").fetchall()
        gone = rng.sample(rows, min(len(rows), rng.choice([0, 0, 1, 2, 3])))
        db.executemany("DELETE FROM items WHERE id = ?", [(row_id,) for row_id, _ in gone])
        new = add(rng.choice([0, 1, 1, 2, 5]) if step else 40)  # into an empty list first
        positions = ListPositions(db, "news", "sl", reverse, [p for _, p in gone])
        if not (positions.close_gaps() and all(
                positions.place(row_id, key, path) for key, row_id, path in new)):
            moved_whole += 1  # what IndexWriter does then: number the list whole
            for position, path in enumerate(expected(db, reverse)):
                db.execute("UPDATE items SET position = ? WHERE path = ?", (position, path))
        if db.execute("SELECT COUNT(*) FROM items").fetchone()[0]:
            assert order(db) == expected(db, reverse), f"step {step}"
    # Both ways were taken: rows moved in place, and (past the budget) the list numbered whole.
    assert 0 < moved_whole < 40
