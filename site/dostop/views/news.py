from __future__ import annotations

from math import ceil

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from dostop.http.cache_control import PUBLIC_PAGE
from dostop.content import Article
from dostop.feeds import atom_feed
from dostop.site import gettext_for
from dostop.views.base import (
    alternates_for, item_alternates, locale_of, not_found, page_number, render, site_of,
)


async def news_list(request: Request) -> HTMLResponse:
    site = site_of(request)
    locale = locale_of(request)
    _ = gettext_for(site, locale)
    news = site.content.news(locale)
    per_page = site.settings.news_per_page
    pages = max(1, ceil(len(news) / per_page))
    page = page_number(request)
    if page > pages:
        raise not_found()
    items = news[(page - 1) * per_page : page * per_page]
    title = _("News") if page == 1 else _("News – page %(page)s of %(pages)s") % {
        "page": page, "pages": pages}
    return render(
        request, "pages/news_list.html",
        {"items": items, "page": page, "pages": pages, "total": len(news)},
        title=title, alternates=alternates_for("news_list"),
    )


async def article(request: Request) -> HTMLResponse:
    site = site_of(request)
    item = site.content.get("news", locale_of(request), request.path_params["slug"])
    if not isinstance(item, Article):
        raise not_found()
    return render(
        request, "pages/article.html",
        {"article": item, "project": site.content.project_of(item)},
        title=item.title, alternates=item_alternates(request, item, "article", "news_list"),
    )


async def news_feed(request: Request) -> Response:
    site = site_of(request)
    locale = locale_of(request)
    body = atom_feed(site, locale)
    return Response(body, media_type="application/atom+xml; charset=utf-8",
                    headers={"content-language": locale, "cache-control": PUBLIC_PAGE})
