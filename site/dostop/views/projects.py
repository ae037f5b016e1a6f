from __future__ import annotations

from starlette.requests import Request
from starlette.responses import HTMLResponse

from dostop.content import Project
from dostop.site import gettext_for
from dostop.views.base import alternates_for, item_alternates, locale_of, not_found, render, site_of


async def project_list(request: Request) -> HTMLResponse:
    site = site_of(request)
    locale = locale_of(request)
    _ = gettext_for(site, locale)
    return render(request, "pages/project_list.html", {"items": site.content.projects(locale)},
                  title=_("Projects"), alternates=alternates_for("project_list"))


async def project(request: Request) -> HTMLResponse:
    site = site_of(request)
    item = site.content.get("project", locale_of(request), request.path_params["slug"])
    if not isinstance(item, Project):
        raise not_found()
    return render(
        request, "pages/project.html",
        {"project": item, "news": site.content.news_of_project(item)},
        title=item.title, alternates=item_alternates(request, item, "project", "project_list"),
    )
