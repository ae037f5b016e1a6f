"""Pages for machines and the address bar: /, /healthz, /robots.txt, static files (and the
sitemap: views/sitemap.py)."""

from __future__ import annotations

import logging

from sqlalchemy import text
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response

from dostop.http.cache_control import FIXED_NAME_ASSET, IMMUTABLE, PROBE, PUBLIC_PAGE, REVALIDATE
from dostop.http.dependencies import depends_on
from dostop.http.page_store import preferred_encoding
from dostop.i18n import negotiate_locale
from dostop.urls import url_for
from dostop.storage import Storage
from dostop.views.base import not_found, site_of
from dostop.views.form_flow import UNAVAILABLE, storage_of

log = logging.getLogger("dostop.health")


async def root(request: Request) -> RedirectResponse:
    """`/` → the saved language, else Accept-Language, else Slovenian (303, so never cached
    as permanent)."""
    prefs = request.state.prefs
    locale = prefs.language or negotiate_locale(request.headers.get("accept-language", ""))
    return RedirectResponse(url_for("home", locale), status_code=303,
                            headers={"vary": "Accept-Language, Cookie", "cache-control": REVALIDATE})


async def healthz(request: Request) -> PlainTextResponse:
    site_of(request)  # the content loaded and the templates built, or the app would not be up
    return PlainTextResponse("ok", headers={"cache-control": PROBE})


async def readyz(request: Request) -> PlainTextResponse:
    """Readiness (for a load balancer): 200 when the submissions database answers, 503 when it
    is down or cannot be opened. Pages are served either way; `/healthz` says only that."""
    try:
        storage = await run_in_threadpool(storage_of, request)
        await run_in_threadpool(_ping, storage)
    except UNAVAILABLE as error:
        log.warning("readiness: database unavailable (%s)", type(error).__name__)
        return PlainTextResponse("database unavailable", status_code=503,
                                 headers={"cache-control": PROBE, "retry-after": "30"})
    return PlainTextResponse("ok", headers={"cache-control": PROBE})


def _ping(storage: Storage) -> None:
    with storage.engine.connect() as connection:
        connection.execute(text("SELECT 1"))


async def robots(request: Request) -> PlainTextResponse:
    base = site_of(request).settings.site_url
    depends_on(request)  # no content
    return PlainTextResponse(f"User-agent: *\nAllow: /\nSitemap: {base}/sitemap.xml\n",
                             headers={"cache-control": PUBLIC_PAGE})


async def static(request: Request) -> Response:
    asset = site_of(request).assets.by_path.get(request.url.path)
    if asset is None:
        raise not_found()
    depends_on(request)  # no content
    headers = {"cache-control": IMMUTABLE, "etag": asset.etag,
               "vary": "Accept-Encoding"}
    if request.headers.get("if-none-match") == asset.etag:
        return Response(status_code=304, headers=headers)
    # The same choice as cached pages get, among the copies this file has (a small file has none).
    copies = {"br": asset.brotli, "gzip": asset.gzip}
    coding = preferred_encoding(request.headers.get("accept-encoding", "").encode("latin-1"),
                                tuple(name for name, body in copies.items() if body is not None))
    if coding:
        headers["content-encoding"] = coding
    return Response(copies.get(coding) or asset.body, media_type=asset.media_type, headers=headers)


async def favicon(request: Request) -> Response:
    asset = site_of(request).assets.by_name["favicon.ico"]
    depends_on(request)  # no content
    return Response(asset.body, media_type="image/x-icon",
                    headers={"cache-control": FIXED_NAME_ASSET})
