"""Calendar files for a type that declares a `calendar` rule (events): one item's `.ics`
download and each language's feed of upcoming items, which calendar apps subscribe to. The rule
gives each item's time, place and notes; the rest of an entry is what every item has."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import Response

from dostop.content import ContentType
from dostop.content.declaration import CalendarData
from dostop.content.ical import MEDIA_TYPE, CalendarEntry, calendar
from dostop.content.model import ContentItem
from dostop.http.cache_control import PUBLIC_PAGE, public_until
from dostop.http.dependencies import depends_on, item_tag, list_tag
from dostop.i18n import content_language
from dostop.site import Site, gettext_for
from dostop.views.base import locale_of, not_found, site_of

View = Callable[[Request], Awaitable[Response]]


def calendar_data(site: Site, content_type: ContentType, item: ContentItem | None,
                  locale: str) -> CalendarData | None:
    """The item's calendar data by its type's rule, or None when it has no time."""
    assert content_type.calendar is not None
    if item is None:
        return None
    return content_type.calendar(item, gettext_for(site, locale))


def entry(site: Site, content_type: ContentType, item: ContentItem, data: CalendarData,
          locale: str) -> CalendarEntry:
    base = site.settings.site_url
    url = base + site.urls.url_for(content_type.item_route, locale, slug=item.slug)
    # Revised on the day it was announced (an item without a date: on its first day), so the
    # file is the same on every request.
    revised = item.date or data.when.starts_at.date()
    return CalendarEntry(
        # The same event in both languages is one entry, so a calendar holds it once.
        uid=f"{content_type.name}-{item.key}@{urlsplit(base).hostname or 'dostop'}",
        title=item.title, when=data.when, url=url, location=data.location,
        description="\n\n".join((item.summary, *data.notes, url)),
        updated=dt.datetime.combine(revised, dt.time(12), tzinfo=dt.UTC),
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
        data = calendar_data(site, content_type, found, locale)
        if found is None or data is None:
            raise not_found()
        depends_on(request, item_tag(found.kind, found.key))
        body = calendar([entry(site, content_type, found, data, locale)],
                        language=content_language(locale))
        return _response(body, locale, f"{found.slug}.ics", None, site.clock.now())

    return item_calendar


def calendar_feed_view(content_type: ContentType) -> View:
    async def calendar_feed(request: Request) -> Response:
        site, locale = site_of(request), locale_of(request)
        _ = gettext_for(site, locale)
        depends_on(request, list_tag(content_type.name))
        now = site.clock.now()
        upcoming = [(item, data) for item in content_type.at(
                        site.content.listing(content_type.name, locale), now)
                    if (data := calendar_data(site, content_type, item, locale)) is not None
                    and not data.when.is_past(now)]
        body = calendar([entry(site, content_type, item, data, locale)
                         for item, data in upcoming],
                        name=site.identity[locale].titled(_(content_type.labels.plural)),
                        language=content_language(locale))
        # The feed drops an event once it is over.
        ends = min((data.when.ends_at for _item, data in upcoming), default=None)
        return _response(body, locale, "calendar.ics", ends, now)

    return calendar_feed
