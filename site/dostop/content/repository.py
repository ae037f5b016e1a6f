from __future__ import annotations

from collections.abc import Iterable

from dostop.content.declaration import ContentType, ContentTypes
from dostop.content.model import ContentItem, Kind
from dostop.content.types import DEFAULT_TYPES
from dostop.i18n import PSEUDO


class ContentRepository:
    """All content, indexed once: by slug, by translation key, and each type's list in the
    order its declaration gives."""

    def __init__(self, items: Iterable[ContentItem],
                 types: tuple[ContentType, ...] = DEFAULT_TYPES) -> None:
        self.items = tuple(items)
        self.types = ContentTypes(types)
        self._by_slug: dict[tuple[Kind, str, str], ContentItem] = {}
        self._by_key: dict[tuple[Kind, str, str], ContentItem] = {}
        for item in self.items:
            self._by_slug[(item.kind, item.locale, item.slug)] = item
            self._by_key[(item.kind, item.key, item.locale)] = item
        grouped: dict[tuple[Kind, str], list[ContentItem]] = {}
        for item in self.items:
            grouped.setdefault((item.kind, item.locale), []).append(item)
        self._lists = {(kind, locale): self.types[kind].sorted(mine)
                       for (kind, locale), mine in grouped.items()}
        # The QA pseudo-locale shows the English content: only the interface text is transformed.
        for index in (self._by_slug, self._by_key):
            for (kind, first, second), item in list(index.items()):
                if item.locale == "en":
                    key = (kind, PSEUDO, second) if first == "en" else (kind, first, PSEUDO)
                    index[key] = item
        for (kind, locale), listed in list(self._lists.items()):
            if locale == "en":
                self._lists[(kind, PSEUDO)] = listed

    def get(self, kind: Kind, locale: str, slug: str) -> ContentItem | None:
        return self._by_slug.get((kind, locale, slug))

    def by_key(self, kind: Kind, key: str, locale: str) -> ContentItem | None:
        return self._by_key.get((kind, key, locale))

    def page_by_key(self, key: str, locale: str) -> ContentItem | None:
        return self.by_key("page", key, locale)

    def translation(self, item: ContentItem, locale: str) -> ContentItem | None:
        return self._by_key.get((item.kind, item.key, locale))

    def listing(self, kind: Kind, locale: str) -> tuple[ContentItem, ...]:
        """The items of one type in one language, in the declared order."""
        return self._lists.get((kind, locale), ())

    def related(self, item: ContentItem) -> dict[str, object]:
        """What an item's page shows beside it, by name: each item its reference fields name
        (an article's `project`), and the items of other types that name it (a project's
        `news`), in their declared order."""
        found: dict[str, object] = {}
        for field in self.types[item.kind].fields:
            if field.kind == "reference":
                found[field.name] = self.by_key(field.reference, getattr(item, field.name),
                                                item.locale)
        for other, field in self.types.referencing(item.kind):
            found[other.name] = tuple(i for i in self.listing(other.name, item.locale)
                                      if getattr(i, field.name) == item.key)
        return found

    # Shorthands for the engine's own types (the home page, tests and benchmarks use them).
    def news(self, locale: str) -> tuple[ContentItem, ...]:
        return self.listing("news", locale)

    def projects(self, locale: str) -> tuple[ContentItem, ...]:
        return self.listing("project", locale)

    def pages(self, locale: str) -> tuple[ContentItem, ...]:
        return self.listing("page", locale)
