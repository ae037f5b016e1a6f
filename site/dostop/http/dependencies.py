"""What a page shows of the content, as tags the page cache keeps beside it.

Publishing a change (dostop/publishing) names the tags it affects, and the cache drops the pages
that carry one of them and keeps every other page. A view says what it shows with
`depends_on(request, ...)`; a page that says nothing may show anything (home, the sitemap,
search results, the site index), so any change drops it. `depends_on(request)` with no tags is a
page no content change alters (a static file).
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.types import Scope

STATE_KEY = "depends_on"


def item_tag(kind: str, key: str) -> str:
    """One item in every language (its page links to its translations), with its calendar file."""
    return f"item:{kind}:{key}"


def every_item_tag(kind: str) -> str:
    """Every item page of a type: a change to an item that refers to one of them (an article
    naming a project) may also concern the one it referred to before."""
    return f"items:{kind}"


def list_tag(kind: str) -> str:
    """A type's lists in every language: its pages, its feeds, its calendar feed."""
    return f"list:{kind}"


def depends_on(request: Request, *tags: str) -> None:
    request.scope.setdefault("state", {})[STATE_KEY] = frozenset(tags)


def dependencies(scope: Scope) -> frozenset[str] | None:
    """The tags the view declared for this request's page, or None if it declared none."""
    found: frozenset[str] | None = (scope.get("state") or {}).get(STATE_KEY)
    return found
