"""The pages every declared content type gets: its list, one item, and its Atom feed.

Each view is made for one type (content/declaration.py) when the routes are built; the type
names the templates, and the template sees `content_type`, the items, and for one item what
the repository relates to it (an article's `project`, a project's `news`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable, Iterable, Mapping
from math import ceil

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from dostop.http.cache_control import PUBLIC_PAGE, public_until
from dostop.http.dependencies import depends_on, every_item_tag, item_tag, list_tag
from dostop.content import ContentType
from dostop.content.model import ContentItem
from dostop.content.listing import Listing
from dostop.views.feeds import atom_feed
from dostop.site import Site, gettext_for
from dostop.views.calendar import calendar_feed_view, item_calendar_view
from dostop.views.base import (
    alternates_for, item_alternates, locale_of, not_found, page_number, render, site_of,
)

View = Callable[[Request], Awaitable[Response]]


def list_view(content_type: ContentType) -> View:
    async def item_list(request: Request) -> HTMLResponse:
        site = site_of(request)
        locale = locale_of(request)
        _ = gettext_for(site, locale)
        depends_on(request, list_tag(content_type.name))
        now = site.clock.now()
        items = everything = content_type.at(site.content.listing(content_type.name, locale),
                                             now)
        items, filters, choices = by_filter_fields(site, content_type, items, locale,
                                                   request.query_params)
        if content_type.narrow is not None:
            items, narrowed = content_type.narrow(items, now, request.query_params)
            filters.update(narrowed)
        title = _(content_type.labels.plural)
        page, pages = 1, 1
        if content_type.per_page:
            per_page = content_type.per_page
            pages = max(1, ceil(len(items) / per_page))
            page = page_number(request)
            if page > pages:
                raise not_found()
            if page > 1:
                # Two messages, not one around the other: each is translated whole.
                title += " – " + _("page %(page)s of %(pages)s") % {"page": page, "pages": pages}
            shown = items[(page - 1) * per_page : page * per_page]
        else:
            shown = items
        return render(
            request, content_type.list_template,
            {"content_type": content_type, "items": shown, "page": page, "pages": pages,
             "total": len(items), "now": now, "today": now.date(),
             # Each shown item with its state at this moment (a call's status, an event past).
             "entries": [(i, content_type.state(i, now) if content_type.state else "")
                         for i in shown],
             "filters": filters, "choices": choices},
            title=title, alternates=alternates_for(content_type.list_route or "home",
                                                  site.urls),
            headers=expiry_headers(content_type, everything, now),
        )

    return item_list


def item_view(content_type: ContentType) -> View:
    async def item(request: Request) -> HTMLResponse:
        site = site_of(request)
        found = site.content.get(content_type.name, locale_of(request),
                                 request.path_params["slug"])
        if found is None:
            raise not_found()
        # What it shows of related items (a project's articles) is named by the change to them.
        depends_on(request, item_tag(found.kind, found.key), every_item_tag(found.kind))
        now = site.clock.now()
        state = content_type.state(found, now) if content_type.state else ""
        related = site.content.related(found)
        return render(
            request, content_type.item_template,
            {"content_type": content_type, "item": found, "state": state, "related": related,
             "now": now, **related},
            title=found.title, alternates=item_alternates(request, found),
            headers=expiry_headers(content_type, (found,), now),
        )

    return item


Items = Listing | tuple[ContentItem, ...]


def by_filter_fields(site: Site, content_type: ContentType, items: Items, locale: str,
                     query: Mapping[str, str],
                     ) -> tuple[Items, dict[str, str], dict[str, list[ContentItem]]]:
    """The list narrowed by each reference field declared `filter` (?project=cre-hub), the
    key in effect for each, and each field's choices: the referenced items that the list's
    items name, in their own type's order. A key that no item names is ignored."""
    filters: dict[str, str] = {}
    choices: dict[str, list[ContentItem]] = {}
    for field in content_type.filter_fields:
        keys = (items.values(field.name) if isinstance(items, Listing)
                else {getattr(item, field.name, "") for item in items})
        choices[field.name] = [referenced for referenced
                               in site.content.listing(field.reference, locale)
                               if referenced.key in keys]
        wanted = query.get(field.name, "")
        filters[field.name] = wanted if wanted and wanted in keys else ""
        if filters[field.name]:
            items = tuple(item for item in items if getattr(item, field.name, "") == wanted)
    return items, filters, choices


def expiry_headers(content_type: ContentType, shown: Iterable[ContentItem],
                   now: dt.datetime) -> dict[str, str] | None:
    """A page that shows a state read from the clock is kept only until that state changes."""
    changes = content_type.next_change(shown, now)
    return public_until(changes, now) if changes is not None else None


def feed_view(content_type: ContentType) -> View:
    async def feed(request: Request) -> Response:
        locale = locale_of(request)
        depends_on(request, list_tag(content_type.name))
        body = atom_feed(site_of(request), content_type, locale)
        return Response(body, media_type="application/atom+xml; charset=utf-8",
                        headers={"content-language": locale, "cache-control": PUBLIC_PAGE})

    return feed


def type_views(content_type: ContentType) -> dict[str, View]:
    """Route name → view, for each route the type declares."""
    views: dict[str, View] = {content_type.item_route: item_view(content_type)}
    if content_type.list_route:
        views[content_type.list_route] = list_view(content_type)
    if content_type.feed_route:
        views[content_type.feed_route] = feed_view(content_type)
    if content_type.calendar:
        views[content_type.calendar_route] = calendar_feed_view(content_type)
        views[content_type.item_calendar_route] = item_calendar_view(content_type)
    return views
