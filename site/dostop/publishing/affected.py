"""Which cached pages a content change affects, as the tags views declare
(http/dependencies.py). Pages that declare nothing (home, sitemap, search, site index) go with
any change; these tags name the rest.

Worked out from what the index records of each change (type, key) and the declarations alone,
with no query: the publisher drops the pages on the event loop, where a query per change of a
large `git pull` would hold every request up."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from dostop.content import ContentTypes
from dostop.http.dependencies import every_item_tag, item_tag, list_tag


class Changed(Protocol):
    """An item a commit to the content index added, changed or removed."""

    kind: str
    key: str


def tags_of(change: Changed, types: ContentTypes) -> set[str]:
    """The pages that may show the changed item: its own page in every language and its type's
    lists; every page and list of a type it refers to (an article moved from one project to
    another leaves both project pages out of date, and the index no longer knows the old one);
    every page and list of a type that refers to it (an article's page names its project, the
    events list filters by project)."""
    kind = change.kind
    tags = {item_tag(kind, change.key), list_tag(kind)}
    related = [f.reference for f in types[kind].fields if f.kind == "reference"]
    related += [other.name for other, _ in types.referencing(kind)]
    for name in related:
        tags |= {every_item_tag(name), list_tag(name)}
    return tags


def affected_by(changes: Iterable[Changed], types: ContentTypes) -> frozenset[str]:
    tags: set[str] = set()
    for change in changes:
        tags |= tags_of(change, types)
    return frozenset(tags)
