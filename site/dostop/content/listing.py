"""A list of content read from the content index as it is sliced or walked
(content/repository.py answers its queries)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, overload

from dostop.content.model import ContentItem

if TYPE_CHECKING:
    from dostop.content.repository import ContentRepository

BATCH = 256


class Listing(Sequence[ContentItem]):
    """One type's list in one language (or, with no kind, every item), read from the index
    as it is sliced or walked; its length is counted once per generation."""

    __slots__ = ("_repository", "kind", "locale")

    def __init__(self, repository: ContentRepository, kind: str, locale: str) -> None:
        self._repository, self.kind, self.locale = repository, kind, locale

    def __len__(self) -> int:
        return self._repository._count(self.kind, self.locale)

    @overload
    def __getitem__(self, index: int) -> ContentItem: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[ContentItem, ...]: ...
    def __getitem__(self, index: int | slice) -> ContentItem | tuple[ContentItem, ...]:
        if isinstance(index, slice):
            start, stop, step = index.indices(len(self))
            if step == 1:
                return tuple(self._repository._slice(self.kind, self.locale, start, stop))
            return tuple(self)[index]
        position = index + len(self) if index < 0 else index
        found = self._repository._slice(self.kind, self.locale, position, position + 1)
        if position < 0 or not found:
            raise IndexError(index)
        return found[0]

    def __iter__(self) -> Iterator[ContentItem]:
        if not self.kind:
            yield from (item for _path, item in self._repository._by_path())
            return
        for start in range(0, len(self), BATCH):
            yield from self._repository._slice(self.kind, self.locale, start, start + BATCH)

    def __bool__(self) -> bool:
        return len(self) > 0

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence):
            return tuple(self) == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self.kind, self.locale, len(self)))

    def __repr__(self) -> str:
        return f"<Listing {self.kind or 'all'} {self.locale} ({len(self)} items)>"

    def in_publication_order(self) -> Iterator[ContentItem]:
        """Its items oldest first (search's order), read a batch at a time."""
        return self._repository._in_publication_order(self.kind, self.locale)

    def values(self, field: str) -> set[str]:
        """The keys a reference field holds across the list (a list filter's choices), from
        the index rather than by reading every item."""
        return self._repository._values(self.kind, self.locale, field)

