"""Which cached pages a content change affects, as the tags views declare
(http/dependencies.py). Pages that declare nothing (home, sitemap, search, site index) go with
any change; these tags name the rest."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from dostop.content import ContentItem, ContentRepository
from dostop.http.dependencies import item_tag, list_tag


def tags_of(item: ContentItem, repository: ContentRepository) -> set[str]:
    """The pages that show `item` as `repository` holds it: its own page in every language, its
    type's lists, the items it names and those that name it (a project's page lists its
    articles, an article's names its project), and the lists of types that refer to its type
    or that it refers to (the events list's project filter names projects)."""
    types = repository.types
    tags = {item_tag(item.kind, item.key), list_tag(item.kind)}
    for value in repository.related(item).values():
        related = value if isinstance(value, tuple) else (value,)
        tags.update(item_tag(other.kind, other.key) for other in related
                    if isinstance(other, ContentItem))
    tags.update(list_tag(other.name) for other, _ in types.referencing(item.kind))
    tags.update(list_tag(field.reference) for field in types[item.kind].fields
                if field.kind == "reference")
    return tags


def affected_by(paths: Iterable[Path], before: ContentRepository,
                after: ContentRepository) -> frozenset[str]:
    """The tags a change to `paths` (added, changed or removed files) affects: what each file's
    item showed before and what it shows after, so a renamed file or an article moved to
    another project drops the old pages and the new."""
    wanted = set(paths)
    tags: set[str] = set()
    for repository in (before, after):
        for item in repository.items:
            if item.source in wanted:
                tags |= tags_of(item, repository)
    return frozenset(tags)
