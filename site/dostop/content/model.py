from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

# The name of an item's content type (content/types/): "news", "project", "page", ...
Kind = str


@dataclass(frozen=True)
class Image:
    """A picture in the content: `src` is relative to static/img; alt text is required."""

    src: str
    alt: str
    width: int
    height: int
    credit: str = ""
    caption: str = ""


@dataclass(frozen=True)
class Block:
    """A piece of a body: rendered HTML, or the place where the item's image `image` stands."""

    html: str = ""
    image: Image | None = None


class _SearchText:
    """`ContentItem.text`, made when first asked: only search reads it, so neither reading
    the content (a tenth of a first build's time) nor showing a page pays for it, and the
    content index need not store each body twice."""

    def __get__(self, item: ContentItem | None, owner: type | None = None) -> Any:
        if item is None:
            return None  # the field's default
        text = item.__dict__.get("_text")
        if text is None:
            from dostop.content.body import search_text  # body.py imports this module

            text = item.__dict__["_text"] = search_text(item.blocks)
        return text

    def __set__(self, item: ContentItem, value: str | None) -> None:
        item.__dict__["_text"] = value


@dataclass(frozen=True)
class ContentItem:
    """What every item has; a content type's model adds its own fields."""

    kind: Kind
    locale: str
    slug: str
    key: str
    title: str
    summary: str
    blocks: tuple[Block, ...]
    source: Path
    # The plain text of the body, for search: made from `blocks` when first asked (None).
    text: str = _SearchText()  # type: ignore[assignment]
    date: date | None = None
    tags: tuple[str, ...] = ()
    images: tuple[Image, ...] = ()
    # Where a title or summary contains words in another language, mark them like the body:
    # "[English words]{lang=en}" (the rendered forms live in title_html / summary_html).
    title_html: str = ""
    summary_html: str = ""
    order: int = 0
    extra: dict[str, str] = field(default_factory=dict)
    # Links from the body to this site's own pages: (line in the source file, href).
    links: tuple[tuple[int, str], ...] = ()
