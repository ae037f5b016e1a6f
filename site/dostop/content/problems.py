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


def relative_name(path: Path, root: Path) -> str:
    """`path` as messages name it: from the content folder's parent ("content/sl/news/x.md").
    String work, not Path.relative_to: that was a sixth of start-up at 6,000 files."""
    text, base = str(path), str(root.parent)
    if base == ".":
        return text
    prefix = base if base.endswith(os.sep) else base + os.sep
    return text[len(prefix):] if text.startswith(prefix) else text
