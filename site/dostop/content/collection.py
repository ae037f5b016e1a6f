"""Checks across files, run on the content index in SQL so that they stay quick at any size:
slugs, translation twins, references and links. (A slug that another address takes is checked
per file, when the file is read.)

A first build checks the whole index (`check_index`). A change checks only what it can break
(`check_changes`): the index it starts from passed every check, so a problem can only involve
an item it wrote or one it replaced. Both run the same queries, the second limited to those
items, so they find the same problems with the same messages."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from dostop.content.index_schema import Change, select_in
from dostop.content.links import BROKEN
from dostop.content.problems import Problem, field_line, relative_name
from dostop.i18n import LOCALES

# Each query runs on the whole index, or with a WHERE that limits it to one candidate.
DUPLICATE_SLUGS = ("SELECT kind, locale, slug FROM items {where} GROUP BY kind, locale, slug "
                   "HAVING COUNT(*) > 1")
# An item published in one language only says so (`only_in_this_language: true`); otherwise a
# missing twin is a mistake, such as a typo in `key`.
LONELY_KEYS = ("SELECT kind, key, GROUP_CONCAT(DISTINCT locale) FROM items {where} "
               "GROUP BY kind, key HAVING COUNT(DISTINCT locale) < ?")
# A link is good when any page it could be exists (links.link_targets).
BROKEN_LINKS = ("SELECT path, line, href FROM links AS l {where} GROUP BY path, line, href "
                "HAVING MAX(EXISTS (SELECT 1 FROM items AS i WHERE i.kind = l.kind "
                "AND i.locale = l.locale AND i.slug = l.slug)) = 0")
MISSING_REFS = ("SELECT path, field, value FROM refs AS r WHERE {where} NOT EXISTS "
                "(SELECT 1 FROM items AS i WHERE i.kind = r.kind AND i.key = r.value)")


def check_index(db: sqlite3.Connection, root: Path) -> list[Problem]:
    """Every check across files, on the whole index."""
    found = _Found(db, root)
    found.duplicates(db.execute(DUPLICATE_SLUGS.format(where="")).fetchall())
    found.lonely(db.execute(LONELY_KEYS.format(where=""), (len(LOCALES),)).fetchall())
    found.broken(db.execute(BROKEN_LINKS.format(where="")).fetchall())
    found.missing(db.execute(MISSING_REFS.format(where="")).fetchall())
    return found.problems


def check_changes(db: sqlite3.Connection, root: Path, written: list[str],
                  replaced: Iterable[Change]) -> list[Problem]:
    """The checks across files for a change to an index that passed them all: the items now
    at the paths `written`, and those `replaced` (as they were before the change, whether
    removed or written again). What a change can break: a slug it takes twice; a key whose
    twin it removed or renamed, or that it brings without one; a link or reference from a
    file it wrote, or to an item it removed or whose slug or key it changed."""
    found = _Found(db, root)
    new = list(select_in(db, "SELECT kind, locale, key, slug FROM items WHERE path IN ({})",
                         written))
    old = [(c.kind, c.locale, c.key, c.slug) for c in replaced]

    def each(sql: str, candidates: Iterable[tuple[Any, ...]],
             *extra: Any) -> list[tuple[Any, ...]]:
        return [row for candidate in sorted(set(candidates))
                for row in db.execute(sql, (*candidate, *extra))]

    found.duplicates(each(DUPLICATE_SLUGS.format(
        where="WHERE kind = ? AND locale = ? AND slug = ?"),
        [(kind, locale, slug) for kind, locale, _, slug in new]))
    found.lonely(each(LONELY_KEYS.format(where="WHERE kind = ? AND key = ?"),
                      [(kind, key) for kind, _, key, _ in new + old], len(LOCALES)))
    links = set(select_in(db, "SELECT path, line, href FROM links WHERE path IN ({})", written))
    links.update(each("SELECT path, line, href FROM links WHERE kind = ? AND locale = ? "
                      "AND slug = ?", [(kind, locale, slug) for kind, locale, _, slug in old]))
    found.broken(each(BROKEN_LINKS.format(where="WHERE path = ? AND line = ? AND href = ?"),
                      links))
    refs = set(each(MISSING_REFS.format(where="path = ? AND"), [(path,) for path in written]))
    refs.update(each(MISSING_REFS.format(where="kind = ? AND value = ? AND"),
                     [(kind, key) for kind, _, key, _ in old]))
    found.missing(sorted(refs))
    return found.problems


class _Found:
    """The problems each check's rows stand for, each at its file and line."""

    def __init__(self, db: sqlite3.Connection, root: Path) -> None:
        self.db, self.root = db, root
        self.problems: list[Problem] = []

    def _at(self, path: str, field: str) -> tuple[str, int]:
        full = self.root.joinpath(*path.split("/"))
        return relative_name(full, self.root), field_line(full, field)

    def duplicates(self, rows: list[tuple[Any, ...]]) -> None:
        for kind, locale, slug in rows:
            first, *others = [path for (path,) in self.db.execute(
                "SELECT path FROM items WHERE kind = ? AND locale = ? AND slug = ? "
                "ORDER BY path", (kind, locale, slug))]
            other = relative_name(self.root.joinpath(*first.split("/")), self.root)
            for path in others:
                self.problems.append(Problem(*self._at(path, "slug"),
                                             f"duplicate slug '{slug}' (also in {other})"))

    def lonely(self, rows: list[tuple[Any, ...]]) -> None:
        for kind, key, present in rows:
            missing = ", ".join(sorted(set(LOCALES) - set(present.split(","))))
            for (path,) in self.db.execute("SELECT path FROM items WHERE kind = ? AND key = ? "
                                           "AND NOT only_here", (kind, key)):
                self.problems.append(Problem(
                    *self._at(path, "key"), f"translation key '{key}' has no twin in: {missing}"))

    def broken(self, rows: list[tuple[Any, ...]]) -> None:
        for path, line, href in rows:
            name = relative_name(self.root.joinpath(*path.split("/")), self.root)
            self.problems.append(Problem(name, line, BROKEN.format(href=href)))

    def missing(self, rows: list[tuple[Any, ...]]) -> None:
        for path, field, value in rows:
            self.problems.append(Problem(*self._at(path, field),
                                         f"{field} '{value}' does not exist"))
