"""Localized error pages: the visitor keeps the site's header, navigation and search."""

from __future__ import annotations

import logging

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from dostop.http.security import error_headers
from dostop.site import gettext_for
from dostop.views.base import locale_of, render, site_of

log = logging.getLogger("dostop.errors")


async def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    site = site_of(request)
    _ = gettext_for(site, locale_of(request))
    if exc.status_code == 404:
        title = _("Page not found")
    elif exc.status_code == 405:
        title = _("This address does not accept that kind of request")
    else:
        title = _("The request could not be handled")
    return render(request, "pages/error.html", {"status": exc.status_code}, title=title,
                  status=exc.status_code, headers=dict(exc.headers or {}))


async def server_error(request: Request, exc: Exception) -> Response:
    log.exception("unhandled error", exc_info=exc)
    # Starlette answers a 500 outside our middlewares: the headers they add come from here.
    headers = error_headers(request)
    try:
        site = site_of(request)
        _ = gettext_for(site, locale_of(request))
        headers = error_headers(request, https=site.settings.https)
        return render(request, "pages/error.html", {"status": 500},
                      title=_("Sorry, something went wrong on our side"), status=500,
                      headers=headers)
    except Exception:  # noqa: BLE001 - the error page itself must never fail
        return PlainTextResponse("Internal Server Error", status_code=500,  # i18n: ignore
                                 headers=headers)
