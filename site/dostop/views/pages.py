from __future__ import annotations

import datetime as dt

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse

from dostop.content.declaration import ContentType
from dostop.content.model import ContentItem
from dostop.http.cache_control import public_until
from dostop.i18n import content_language
from dostop.search import SearchUnavailable
from dostop.site import gettext_for
from dostop.templating import component_names
from dostop.views.base import alternates_for, locale_of, render, site_of

# The site index lists at most this many items of a type that has a list page, in the list's
# order, then says how many there are and links to the list. A page of every item of a large
# archive is one nobody can read (a screen reader's list of links, 10,000 long), and costs
# seconds to render each time once it is too big for the page cache.
SITE_INDEX_ITEMS = 100
# The pattern page's search example: a prefix, to show that words are found by their beginning.
PATTERN_QUERIES = {"sl": "kultur", "en": "creativ"}


async def home(request: Request) -> HTMLResponse:
    """The identity's tagline, then a section for each type that declares one (HomeSection),
    in the types' order. A page that shows a dated type's states (an event to come, a call
    still open) is cached no later than the first of them changes."""
    site = site_of(request)
    locale = locale_of(request)
    now = site.clock.now()
    sections: list[tuple[ContentType, list[tuple[ContentItem, object]]]] = []
    changes: list[dt.datetime] = []
    for content_type in site.content.types:
        section = content_type.home
        if section is None:
            continue
        listed = content_type.at(site.content.listing(content_type.name, locale), now)
        limit = section.count or None
        # Without a choice by state, only the items shown are read (the list may be long).
        entries = [(item, content_type.state(item, now) if content_type.state else "")
                   for item in (listed if section.shows else listed[:limit])]
        if section.shows:
            entries = [entry for entry in entries if section.shows(entry[1])][:limit]
        if entries:
            sections.append((content_type, entries))
        if (moment := content_type.next_change(listed, now)) is not None:
            changes.append(moment)
    return render(
        request, "pages/home.html", {"sections": sections},
        title=site.identity[locale].name, alternates=alternates_for("home"),
        headers=public_until(min(changes), now) if changes else None,
    )


async def site_index(request: Request) -> HTMLResponse:
    """Every page: the main ones, then each content type's items under its own heading (the
    first SITE_INDEX_ITEMS of a type with a list page, and how many it has in all)."""
    site = site_of(request)
    locale = locale_of(request)
    _ = gettext_for(site, locale)
    lists = []
    for content_type in site.content.types:
        listing = site.content.listing(content_type.name, locale)
        shown = listing[:SITE_INDEX_ITEMS] if content_type.list_route else listing
        lists.append((content_type, shown, len(listing)))
    return render(
        request, "pages/site_index.html", {"lists": lists},
        title=_("Site index"), alternates=alternates_for("site_index"),
    )


async def patterns(request: Request) -> HTMLResponse:
    """Every component, with examples in this page's language: hidden from navigation, listed in
    the sitemap only with `show_patterns`, and checked by the axe suite like any page."""
    site = site_of(request)
    locale = locale_of(request)
    _ = gettext_for(site, locale)
    content_locale = content_language(locale)
    news = site.content.news(content_locale)
    images = [image for article in news for image in article.images]
    sample_query = PATTERN_QUERIES.get(content_locale, "")
    try:
        sample_hits = await run_in_threadpool(site.search.search, sample_query, content_locale, 3)
    except SearchUnavailable:
        sample_hits = []  # the example shows its "no results" state; the page is served
    return render(
        request, "pages/patterns.html",
        {"sample_news": news[:2], "sample_image": images[0] if images else None,
         "sample_query": sample_query,
         "sample_hits": sample_hits,
         "components": component_names()},
        title=_("Component patterns"), alternates=alternates_for("patterns"),
    )
