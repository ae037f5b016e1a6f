"""The search page: a plain GET form whose results htmx swaps in live (templates/pages/search.html)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import HTMLResponse

from dostop.i18n import content_language
from dostop.search import clean_query
from dostop.site import gettext_for
from dostop.views.base import alternates_for, locale_of, render, site_of


async def search(request: Request) -> HTMLResponse:
    site = site_of(request)
    locale = locale_of(request)
    _ = gettext_for(site, locale)
    query = clean_query(request.query_params.get("q", ""))
    hits = site.search.search(query, content_language(locale)) if query else []
    title = _("Search results for “%(query)s”") % {"query": query} if query else _("Search")
    return render(request, "pages/search.html", {"query": query, "hits": hits},
                  title=title, alternates=alternates_for("search"))
