"""Calendar files for a type that declares `calendar` (events): one item's `.ics` download and
each language's feed of upcoming items, which calendar apps subscribe to."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import Response

from dostop.content import ContentType
from dostop.content.ical import MEDIA_TYPE, CalendarEntry, calendar
from dostop.content.model import ContentItem
from dostop.content.types.events import Event
from dostop.http.cache_control import PUBLIC_PAGE, public_until
from dostop.http.dependencies import depends_on, item_tag, list_tag
from dostop.i18n import content_language
from dostop.site import Site, gettext_for
from dostop.views.base import locale_of, not_found, site_of

View = Callable[[Request], Awaitable[Response]]


def entry(site: Site, content_type: ContentType, item: Event, locale: str) -> CalendarEntry:
    _ = gettext_for(site, locale)
    base = site.settings.site_url
    url = base + site.urls.url_for(content_type.item_route, locale, slug=item.slug)
    description = [item.summary]
    if item.access is not None:
        description.append(item.access.as_text(_))
    description.append(url)
    assert item.when is not None and item.date is not None
    return CalendarEntry(
        # The same event in both languages is one entry, so a calendar holds it once.
        uid=f"{content_type.name}-{item.key}@{urlsplit(base).hostname or 'dostop'}",
        title=item.title, when=item.when, url=url,
        location=item.place or item.online, description="\n\n".join(description),
        # Revised on the day it was announced: the file is the same on every request.
        updated=dt.datetime.combine(item.date, dt.time(12), tzinfo=dt.UTC),
    )


def _response(body: bytes, locale: str, filename: str,
              expires: dt.datetime | None, now: dt.datetime) -> Response:
    headers = {"content-language": content_language(locale),
               "content-disposition": f'attachment; filename="{filename}"'}
    if expires is not None:
        headers.update(public_until(expires, now))
    else:
        headers["cache-control"] = PUBLIC_PAGE
    return Response(body, media_type=MEDIA_TYPE, headers=headers)


def item_calendar_view(content_type: ContentType) -> View:
    async def item_calendar(request: Request) -> Response:
        site, locale = site_of(request), locale_of(request)
        found = site.content.get(content_type.name, locale, request.path_params["slug"])
        if not isinstance(found, Event) or found.when is None:
            raise not_found()
        depends_on(request, item_tag(found.kind, found.key))
        body = calendar([entry(site, content_type, found, locale)],
                        language=content_language(locale))
        return _response(body, locale, f"{found.slug}.ics", None, site.clock.now())

    return item_calendar


def calendar_feed_view(content_type: ContentType) -> View:
    async def calendar_feed(request: Request) -> Response:
        site, locale = site_of(request), locale_of(request)
        _ = gettext_for(site, locale)
        depends_on(request, list_tag(content_type.name))
        now = site.clock.now()
        upcoming: list[ContentItem] = [
            item for item in content_type.at(site.content.listing(content_type.name, locale),
                                             now)
            if isinstance(item, Event) and item.when is not None and not item.when.is_past(now)]
        body = calendar([entry(site, content_type, item, locale) for item in upcoming
                         if isinstance(item, Event)],
                        name=site.identity[locale].titled(_(content_type.labels.plural)),
                        language=content_language(locale))
        # The feed drops an event once it is over.
        ends = min((i.when.ends_at for i in upcoming if isinstance(i, Event) and i.when),
                   default=None)
        return _response(body, locale, "calendar.ics", ends, now)

    return calendar_feed
