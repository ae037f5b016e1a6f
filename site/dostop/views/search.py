from __future__ import annotations

from starlette.requests import Request
from starlette.responses import HTMLResponse

from dostop.site import gettext_for
from dostop.views.base import alternates_for, locale_of, render, site_of


async def search(request: Request) -> HTMLResponse:
    site = site_of(request)
    _ = gettext_for(site, locale_of(request))
    query = request.query_params.get("q", "")[:200]
    return render(request, "pages/search.html", {"query": query, "results": []},
                  title=_("Search"), alternates=alternates_for("search"))
