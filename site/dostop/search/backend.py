"""What every search backend offers the views: one protocol, one hit type, one error."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from markupsafe import escape

from dostop.content import ContentItem
from dostop.content.model import Kind

# A results page shows this many hits: the best ones, and the count of all (up to COUNT_CAP).
RESULT_LIMIT = 20
# Matches are counted up to here and no further, so a one-letter query costs no more at
# 100,000 items than at 10,000: "more than 1,000 results" says enough.
COUNT_CAP = 1000
# A query with more matches than this ranks only its newest RANK_WINDOW: ranking all 100,000
# matches of "k" costs in proportion to the archive (bench/README.md). A query with fewer
# matches (any query of more than a few letters, in practice) is ranked whole.
RANK_WINDOW = 200

# An item as search knows it: (kind, locale, slug), which is also its address.
ItemKey = tuple[Kind, str, str]


def item_key(item: ContentItem) -> ItemKey:
    return (item.kind, item.locale, item.slug)


@dataclass(frozen=True)
class Found:
    """What a results page shows of an item, as the index keeps it beside the words: enough to
    link to it and describe it, so a hit needs neither the item's body nor the item in memory."""

    kind: Kind
    locale: str
    slug: str
    key: str
    title: str
    title_html: str
    summary_html: str
    date: date | None


@dataclass(frozen=True)
class Document:
    """An item as a backend indexes it: what it shows (`found`) and the words it is found by."""

    found: Found
    summary: str
    body: str
    tags: str

    @classmethod
    def of(cls, item: ContentItem) -> Document:
        found = Found(item.kind, item.locale, item.slug, item.key, item.title,
                      item.title_html or str(escape(item.title)),
                      item.summary_html or str(escape(item.summary)), item.date)
        return cls(found, item.summary, item.text, " ".join(item.tags))


@dataclass(frozen=True)
class SearchHit:
    item: Found
    rank: float  # lower is better, comparable only within one search


class SearchUnavailable(Exception):
    """The index cannot answer now (its database is unreachable or damaged): the search page
    says so with a 503, and every other page is served as usual."""


def by_publication(items: Iterable[ContentItem]) -> Iterable[ContentItem]:
    """Oldest first: a backend numbers its rows in this order, so "newest" is a row order
    (RANK_WINDOW) and a tie in rank goes to the newer item. The content index's every-item
    list gives them in that order itself, a batch at a time, rather than all held to sort."""
    ordered = getattr(items, "in_publication_order", None)
    if ordered is not None:
        return ordered()  # type: ignore[no-any-return]
    return sorted(items, key=lambda item: (item.date or date.min, item.kind, item.slug))


def fingerprint(items: Iterable[ContentItem]) -> str:
    """A digest of everything search keeps of these items: an index built from the same digest
    needs no rebuild, so the second worker to start (or a restart) reuses the first one's."""
    digest = hashlib.blake2b(digest_size=16)
    for document in sorted(map(Document.of, items), key=lambda d: (d.found.kind, d.found.locale, d.found.slug)):
        digest.update(repr((document.found, document.summary, document.tags)).encode())
        digest.update(document.body.encode())
    return digest.hexdigest()


class SearchBackend(Protocol):
    def search(self, query: str, locale: str, limit: int = RESULT_LIMIT) -> list[SearchHit]:
        """The best matches in one language, best first; [] for a query without words.
        Raises SearchUnavailable when the index cannot be reached."""
        ...

    def count(self, query: str, locale: str, cap: int = COUNT_CAP) -> int:
        """How many items match, counted up to `cap + 1` (more than `cap` when it says so)."""
        ...

    def sync(self, items: Callable[[], Iterable[ContentItem]], stamp: str | None = None) -> bool:
        """Builds the index from `items()` unless it was built from the same content (`stamp`,
        by default a fingerprint of the items); True when it built."""
        ...

    def replace_all(self, items: Iterable[ContentItem]) -> None:
        """Indexes exactly these items, dropping whatever was indexed before."""
        ...

    def apply(self, upserted: Iterable[ContentItem], removed: Iterable[ItemKey],
              stamp: str | None = None) -> None:
        """Adds or replaces `upserted` and drops the items with the `removed` keys; `stamp`
        names the content after the change (so a restart finds the index current), None
        marks the index as not matching any stamp (the next sync rebuilds it)."""
        ...
