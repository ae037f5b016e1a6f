from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

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
    text: str  # plain text of the body, for search
    source: Path
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
