"""The search page: a plain GET form whose results htmx swaps in live (templates/pages/search.html)."""

from __future__ import annotations

import logging

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse

from dostop.i18n import content_language
from dostop.search import (
    COUNT_CAP, RESULT_LIMIT, SearchBackend, SearchHit, SearchUnavailable, clean_query,
)
from dostop.site import gettext_for
from dostop.views.base import alternates_for, locale_of, render, site_of

log = logging.getLogger("dostop.search")

# How soon a visitor (or a crawler) may ask again after search was unavailable.
RETRY_AFTER = "30"


def results(index: SearchBackend, query: str, locale: str) -> tuple[list[SearchHit], int]:
    """The best hits and how many match (counted up to COUNT_CAP + 1, and only when there
    are more than the page shows)."""
    hits = index.search(query, locale, RESULT_LIMIT)
    return hits, index.count(query, locale) if len(hits) == RESULT_LIMIT else len(hits)


async def search(request: Request) -> HTMLResponse:
    site = site_of(request)
    locale = locale_of(request)
    _ = gettext_for(site, locale)
    query = clean_query(request.query_params.get("q", ""))
    hits: list[SearchHit] = []
    total = 0
    unavailable = False
    if query:
        try:
            # Off the event loop: a query waits on the index (a file, or PostgreSQL), and
            # cached pages keep being served meanwhile.
            hits, total = await run_in_threadpool(results, site.search, query,
                                                  content_language(locale))
        except SearchUnavailable:
            unavailable = True  # the backend logged why, once
    if unavailable:
        title = _("Search is unavailable right now")
    elif query:
        title = _("Search results for “%(query)s”") % {"query": query}
    else:
        title = _("Search")
    return render(request, "pages/search.html",
                  {"query": query, "hits": hits, "total": min(total, COUNT_CAP),
                   "more": total > COUNT_CAP, "unavailable": unavailable},
                  title=title, alternates=alternates_for("search"),
                  status=503 if unavailable else 200,
                  headers={"retry-after": RETRY_AFTER} if unavailable else None)
