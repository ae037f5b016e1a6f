"""The search page: a plain GET form whose results htmx swaps in live (templates/pages/search.html)."""

from __future__ import annotations

import logging
from math import ceil

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse

from dostop.i18n import content_language
from dostop.search import (
    COUNT_CAP, RESULT_LIMIT, SearchBackend, SearchHit, SearchUnavailable, clean_query,
)
from dostop.search.backend import RANK_WINDOW
from dostop.site import gettext_for
from dostop.views.base import alternates_for, locale_of, not_found, page_number, render, site_of

log = logging.getLogger("dostop.search")

# How soon a visitor (or a crawler) may ask again after search was unavailable.
RETRY_AFTER = "30"
# Results are paged RESULT_LIMIT at a time, up to the RANK_WINDOW best: a broad query ranks only
# its newest RANK_WINDOW matches, and a visitor past the tenth page is better served by another
# word than by more pages.
MAX_PAGES = ceil(RANK_WINDOW / RESULT_LIMIT)


def results(index: SearchBackend, query: str, locale: str,
            page: int = 1) -> tuple[list[SearchHit], int]:
    """The hits of one results page and how many match (counted up to COUNT_CAP + 1, and only
    when there are more than the page shows)."""
    wanted = page * RESULT_LIMIT
    hits = index.search(query, locale, wanted)
    total = index.count(query, locale) if len(hits) == wanted else len(hits)
    return hits[wanted - RESULT_LIMIT:], total


async def search(request: Request) -> HTMLResponse:
    site = site_of(request)
    locale = locale_of(request)
    _ = gettext_for(site, locale)
    query = clean_query(request.query_params.get("q", ""))
    page = page_number(request)
    if page > MAX_PAGES:
        raise not_found()
    hits: list[SearchHit] = []
    total = 0
    unavailable = False
    if query:
        try:
            # Off the event loop: a query waits on the index (a file, or PostgreSQL), and
            # cached pages keep being served meanwhile.
            hits, total = await run_in_threadpool(results, site.search, query,
                                                  content_language(locale), page)
        except SearchUnavailable:
            unavailable = True  # the backend logged why, once
    pages = ceil(min(total, RANK_WINDOW) / RESULT_LIMIT) if hits else 1
    if page > pages and not unavailable and query:
        raise not_found()
    if unavailable:
        title = _("Search is unavailable right now")
    elif query:
        title = _("Search results for “%(query)s”") % {"query": query}
        if page > 1:
            title += " – " + _("page %(page)s of %(pages)s") % {"page": page, "pages": pages}
    else:
        title = _("Search")
    return render(request, "pages/search.html",
                  {"query": query, "hits": hits, "total": min(total, COUNT_CAP),
                   "more": total > COUNT_CAP, "unavailable": unavailable,
                   "page": page, "pages": pages, "per_page": RESULT_LIMIT},
                  title=title, alternates=alternates_for("search"),
                  status=503 if unavailable else 200,
                  headers={"retry-after": RETRY_AFTER} if unavailable else None)
