"""A problem in the content: file, line and a plain message an editor can act on."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class ContentError(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("invalid content:\n" + "\n".join(str(p) for p in self.problems))


def parts_below(path: Path, root: Path) -> tuple[str, ...] | None:
    """`path`'s parts below `root`, or None if it is not below it: what Path.relative_to gives,
    without its cost, which counts at start-up, where it runs once per content file
    (bench/README.md)."""
    depth = len(root.parts)
    return path.parts[depth:] if path.parts[:depth] == root.parts else None


def relative_name(path: Path, root: Path) -> str:
    """`path` as messages name it: from the content folder's parent ("content/sl/news/x.md")."""
    parts = parts_below(path, root.parent)
    return os.path.join(*parts) if parts else str(path)


def field_line(path: Path, field: str) -> int:
    """The line of `field` in a file's front matter, for problems found across files."""
    from dostop.content.frontmatter import FrontMatterError, parse

    try:
        return parse(path.read_text(encoding="utf-8-sig").replace("\r\n", "\n")).line(field)
    except (OSError, FrontMatterError):
        return 1
