"""Keeping each list's positions in the content index right as items come and go, moving as
few rows as it can.

A list (one type in one language) is read a page at a time by position (content/repository.py),
so its positions must stay contiguous: first, first + 1, ... first + n - 1. The first need not
be 0: an item placed or removed near the start moves the rows before it, one near the end
those after it, whichever are fewer. So an article newer than all others (the usual addition,
at the top of a newest-first list) moves no other row, and no change moves more than half the
list; numbering the whole list again after a first build rewrites each of its 100,000 rows."""

from __future__ import annotations

import pickle
import sqlite3
from typing import Any

# (path, kind, locale, position, pickled sort key) of a row as it was before a change.
Replaced = tuple[str, str, str, int, bytes]


def comes_before(a: tuple[Any, str], b: tuple[Any, str], reverse: bool) -> bool:
    """Whether a list shows (sort key, path) `a` before `b`: in the key's order (largest first
    when the type says `reverse`), ties in path order, as a stable sort of the files taken in
    path order puts them (IndexWriter._number)."""
    first, second = (b[0], a[0]) if reverse else (a[0], b[0])
    if first < second:
        return True
    if second < first:
        return False
    return a[1] < b[1]


class ListPositions:
    """One list's positions while a change moves rows in and out, within a budget of rows
    moved (a large change, such as a `git pull` of many files, costs less numbered whole)."""

    def __init__(self, db: sqlite3.Connection, kind: str, locale: str, reverse: bool,
                 leaving: list[int]) -> None:
        self.db, self.group, self.reverse = db, (kind, locale), reverse
        where = "FROM items WHERE kind = ? AND locale = ? AND position IS NOT NULL"
        # Two queries: SQLite answers MIN and MAX from the index only one at a time.
        low = db.execute(f"SELECT MIN(position) {where}", self.group).fetchone()[0]
        high = db.execute(f"SELECT MAX(position) {where}", self.group).fetchone()[0]
        # The range the list held before the rows `leaving` left it.
        self.first = min([p for p in (low, *leaving) if p is not None], default=0)
        self.last = max([p for p in (high, *leaving) if p is not None], default=-1)
        self.budget = self.last - self.first + 1
        self.leaving = sorted(leaving)

    def _shift(self, start: int, stop: int, by: int) -> bool:
        """Moves the rows at positions start..stop by `by`; False if over the budget."""
        self.budget -= stop - start + 1
        if self.budget < 0:
            return False
        if start <= stop:
            self.db.execute("UPDATE items SET position = position + ? WHERE kind = ? AND "
                            "locale = ? AND position BETWEEN ? AND ?",
                            (by, *self.group, start, stop))
        return True

    def close_gaps(self) -> bool:
        """Closes the gap each leaving row left, moving the smaller side towards it."""
        while self.leaving:
            gap = self.leaving.pop()
            if gap - self.first < self.last - gap:
                if not self._shift(self.first, gap - 1, +1):
                    return False
                self.first += 1
                self.leaving = [p + 1 if p < gap else p for p in self.leaving]
            else:
                if not self._shift(gap + 1, self.last, -1):
                    return False
                self.last -= 1
                self.leaving = [p - 1 if p > gap else p for p in self.leaving]
        return True

    def place(self, row_id: int, key: Any, path: str) -> bool:
        """Gives the row `row_id` its place: found by halving (a few reads by position),
        made by moving the smaller side of the list away from it."""
        low, high = self.first, self.last + 1
        while low < high:
            middle = (low + high) // 2
            other_key, other_path = self.db.execute(
                "SELECT sort_key, path FROM items WHERE kind = ? AND locale = ? "
                "AND position = ?", (*self.group, middle)).fetchone()
            if comes_before((key, path), (pickle.loads(other_key), other_path), self.reverse):
                high = middle
            else:
                low = middle + 1
        if self.first > self.last:  # an empty list
            self.first = self.last = position = 0
        elif low - self.first < self.last + 1 - low:
            if not self._shift(self.first, low - 1, -1):
                return False
            self.first -= 1
            position = low - 1
        else:
            if not self._shift(low, self.last, +1):
                return False
            self.last += 1
            position = low
        self.db.execute("UPDATE items SET position = ? WHERE id = ?", (position, row_id))
        return True
