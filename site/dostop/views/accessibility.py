from __future__ import annotations

from starlette.requests import Request
from starlette.responses import HTMLResponse

from dostop.site import gettext_for
from dostop.views.base import alternates_for, locale_of, render, site_of


async def accessibility(request: Request) -> HTMLResponse:
    site = site_of(request)
    _ = gettext_for(site, locale_of(request))
    return render(request, "pages/accessibility.html", {},
                  title=_("Accessibility"), alternates=alternates_for("accessibility"))
