"""A body rendered the first time a page shows it, not when the content is read.

A body of plain paragraphs (no link, heading, HTML, image or abbreviation: `is_plain`) gives
the editorial checks nothing to find, so reading it need not parse its Markdown; its HTML is
made on first use and kept with the item. Search reads `plain_text`, which needs no rendering.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import overload

from dostop.content import markdown
from dostop.content.model import Block

# What the checks look at starts with one of these: a link or image `[`, HTML or an autolink
# `<`, an entity that could decode to `<` (`&lt;`), a heading `#` at the start of a line, or a
# setext heading's underline (also a thematic break, which is harmless but rare).
_MARKUP = re.compile(r"[<\[&]|^ {0,3}#|^ {0,3}(?:=+|-+)[ \t]*$", re.MULTILINE)
_EMPHASIS = re.compile(r"[*_`\\]")


def is_plain(body: str) -> bool:
    # `in` first: a scan in C for each character is several times quicker than the pattern,
    # which is needed only when a line might start a heading.
    if "<" in body or "[" in body or "&" in body:
        return False
    return not ("#" in body or "=" in body or "-" in body) or _MARKUP.search(body) is None


def search_text(blocks: Sequence[Block]) -> str:
    """The plain text of a body's blocks, for search: a plain body's from its source, without
    rendering it."""
    if isinstance(blocks, LazyBlocks):
        return plain_text(blocks.source)
    return markdown.plain_text(" ".join(b.html for b in blocks))


def plain_text(body: str) -> str:
    """A plain body's words, for search: emphasis marks and escapes dropped, each run of
    whitespace one space (as `" ".join(text.split())` gives them)."""
    if "*" in body or "_" in body or "`" in body or "\\" in body:
        body = _EMPHASIS.sub("", body)
    if any(space in body for space in _OTHER_SPACE):
        return " ".join(body.split())
    # Only spaces and newlines: replacing them costs a few scans of the text, where split()
    # made an object per word (most of the time spent on a plain body).
    text = body.replace("\n", " ")
    while "  " in text:
        text = text.replace("  ", " ")
    return text.strip(" ")


# Whitespace to str.split() besides the space and the newline (no character past U+3000 is).
_OTHER_SPACE = tuple(c for c in map(chr, range(0x3001)) if c.isspace() and c not in " \n")


class LazyBlocks(Sequence[Block]):
    """An item's `blocks`, rendered from `source` (a plain body) on first use."""

    __slots__ = ("source", "_blocks")

    def __init__(self, source: str) -> None:
        self.source = source
        self._blocks: tuple[Block, ...] | None = None

    def _rendered(self) -> tuple[Block, ...]:
        if self._blocks is None:
            html = markdown.render(self.source)
            self._blocks = (Block(html=html),) if html.strip() else ()
        return self._blocks

    @overload
    def __getitem__(self, index: int) -> Block: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Block]: ...
    def __getitem__(self, index: int | slice) -> Block | Sequence[Block]:
        return self._rendered()[index]

    def __len__(self) -> int:
        return len(self._rendered())

    def __iter__(self) -> Iterator[Block]:
        return iter(self._rendered())

    def __eq__(self, other: object) -> bool:
        return tuple(self) == tuple(other) if isinstance(other, Sequence) else NotImplemented

    def __hash__(self) -> int:
        return hash(self.source)

    def __repr__(self) -> str:
        return f"LazyBlocks({self.source[:40]!r}...)"
