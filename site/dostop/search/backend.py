"""What every search backend offers the views: one protocol, one hit type."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from dostop.content import ContentItem
from dostop.content.model import Kind

RESULT_LIMIT = 100

# An item as search knows it: (kind, locale, slug), which is also its address.
ItemKey = tuple[Kind, str, str]


def item_key(item: ContentItem) -> ItemKey:
    return (item.kind, item.locale, item.slug)


@dataclass(frozen=True)
class SearchHit:
    item: ContentItem
    rank: float


class SearchBackend(Protocol):
    def search(self, query: str, locale: str, limit: int = RESULT_LIMIT) -> list[SearchHit]:
        """The best matches in one language, best first; [] for a query without words."""
        ...

    def replace_all(self, items: Iterable[ContentItem]) -> None:
        """Indexes exactly these items, dropping whatever was indexed before."""
        ...

    def apply(self, upserted: Iterable[ContentItem], removed: Iterable[ItemKey]) -> None:
        """Adds or replaces `upserted` and drops the items with the `removed` keys."""
        ...
