"""Which cached pages a content change affects, as the tags views declare
(http/dependencies.py). Pages that declare nothing (home, sitemap, search, site index) go with
any change; these tags name the rest."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from dostop.content import ContentItem, ContentRepository
from dostop.http.dependencies import every_item_tag, item_tag, list_tag


class Changed(Protocol):
    """An item a commit to the content index added, changed or removed."""

    kind: str
    locale: str
    key: str


def tags_of(change: Changed, repository: ContentRepository) -> set[str]:
    """The pages that show the changed item: its own page in every language and its type's
    lists; every page of a type it refers to (an article moved from one project to another
    leaves both project pages out of date, and the index no longer knows the old one); the
    pages of the items that refer to it (an article's page names its project), and the lists
    of the types it refers to or that refer to it (the events list filters by project)."""
    types = repository.types
    kind = change.kind
    tags = {item_tag(kind, change.key), list_tag(kind)}
    for field in types[kind].fields:
        if field.kind == "reference":
            tags |= {every_item_tag(field.reference), list_tag(field.reference)}
    tags.update(list_tag(other.name) for other, _ in types.referencing(kind))
    item = repository.by_key(kind, change.key, change.locale)
    if item is not None:
        for value in repository.related(item).values():
            related = value if isinstance(value, tuple) else (value,)
            tags.update(item_tag(other.kind, other.key) for other in related
                        if isinstance(other, ContentItem))
    return tags


def affected_by(changes: Iterable[Changed], repository: ContentRepository) -> frozenset[str]:
    """The tags the changes affect, read with the content as it is after them."""
    tags: set[str] = set()
    for change in changes:
        tags |= tags_of(change, repository)
    return frozenset(tags)
