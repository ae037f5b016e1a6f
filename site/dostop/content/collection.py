"""Checks across files, run on the content index in SQL so that they stay quick at any size:
slugs, translation twins, references and links. (A slug that another address takes is checked
per file, when the file is read.)"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from dostop.content.links import BROKEN
from dostop.content.problems import Problem, field_line, relative_name
from dostop.i18n import LOCALES


def check_index(db: sqlite3.Connection, root: Path) -> list[Problem]:
    def at(path: str, field: str) -> tuple[str, int]:
        full = root.joinpath(*path.split("/"))
        return relative_name(full, root), field_line(full, field)

    problems: list[Problem] = []
    duplicates = db.execute("SELECT kind, locale, slug FROM items GROUP BY kind, locale, slug "
                            "HAVING COUNT(*) > 1").fetchall()
    for kind, locale, slug in duplicates:
        first, *others = [path for (path,) in db.execute(
            "SELECT path FROM items WHERE kind = ? AND locale = ? AND slug = ? ORDER BY path",
            (kind, locale, slug))]
        other = relative_name(root.joinpath(*first.split("/")), root)
        for path in others:
            problems.append(Problem(*at(path, "slug"),
                                    f"duplicate slug '{slug}' (also in {other})"))
    # An item published in one language only says so (`only_in_this_language: true`);
    # otherwise a missing twin is a mistake, such as a typo in `key`.
    lonely = db.execute("SELECT kind, key, GROUP_CONCAT(DISTINCT locale) FROM items "
                        "GROUP BY kind, key HAVING COUNT(DISTINCT locale) < ?",
                        (len(LOCALES),)).fetchall()
    for kind, key, present in lonely:
        missing = ", ".join(sorted(set(LOCALES) - set(present.split(","))))
        for (path,) in db.execute("SELECT path FROM items WHERE kind = ? AND key = ? "
                                  "AND NOT only_here", (kind, key)):
            problems.append(Problem(*at(path, "key"),
                                    f"translation key '{key}' has no twin in: {missing}"))
    # A link is good when any page it could be exists (links.link_targets).
    for path, line, href in db.execute(
            "SELECT path, line, href FROM links AS l GROUP BY path, line, href HAVING MAX("
            "EXISTS (SELECT 1 FROM items AS i WHERE i.kind = l.kind AND i.locale = l.locale "
            "AND i.slug = l.slug)) = 0"):
        name = relative_name(root.joinpath(*path.split("/")), root)
        problems.append(Problem(name, line, BROKEN.format(href=href)))
    for path, field, value in db.execute(
            "SELECT path, field, value FROM refs AS r WHERE NOT EXISTS "
            "(SELECT 1 FROM items AS i WHERE i.kind = r.kind AND i.key = r.value)"):
        problems.append(Problem(*at(path, field), f"{field} '{value}' does not exist"))
    return problems
