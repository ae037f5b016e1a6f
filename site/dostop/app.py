"""The app factory and its one routing table."""

from __future__ import annotations

import gc
from dataclasses import replace
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.routing import BaseRoute, Route

from dostop.assets import AssetStore
from dostop.clock import Clock
from dostop.content import ContentRepository
from dostop.content.index import ContentIndex
from dostop.http.access_log import AccessLogMiddleware
from dostop.http.cache import PageCache, ResponseCache
from dostop.http.context import RequestContextMiddleware
from dostop.http.language_choice import LanguageChoiceMiddleware
from dostop.http.security import SecurityHeadersMiddleware
from dostop.identity import load_identity
from dostop.i18n import LOCALES, PSEUDO, PseudoTranslations, load_translations
from dostop.http.preferences import PreferencesCodec
from dostop.publishing import Indexed, Publisher
from dostop.search import open_search
from dostop.settings import Settings
from dostop.site import Site
from dostop.statement import load_statement
from dostop.templating import COMPONENTS, make_environments
from dostop.urls import UrlTable
from dostop.views import accessibility, errors, forms, meta, pages, search, sitemap
from dostop.views.content import type_views

Endpoint = Callable[..., Any]

# The engine's own pages: name in urls.FIXED → (view, methods). Each content type's list,
# item and feed views come from its declaration (views/content.py).
PAGE_VIEWS: dict[str, tuple[Endpoint, list[str]]] = {
    "home": (pages.home, ["GET", "HEAD"]),
    "search": (search.search, ["GET", "HEAD"]),
    "accessibility": (accessibility.accessibility, ["GET", "HEAD", "POST"]),
    "site_index": (pages.site_index, ["GET", "HEAD"]),
    "patterns": (pages.patterns, ["GET", "HEAD"]),
    "newsletter": (forms.newsletter, ["GET", "HEAD", "POST"]),
    "newsletter_confirm": (forms.newsletter_confirm, ["GET", "HEAD", "POST"]),
    "newsletter_unsubscribe": (forms.newsletter_unsubscribe, ["GET", "HEAD", "POST"]),
    "contact_form": (forms.contact_form, ["GET", "HEAD", "POST"]),
    "feedback": (forms.feedback, ["GET", "HEAD", "POST"]),
}


def routes(settings: Settings, site: Site) -> list[BaseRoute]:
    table: list[BaseRoute] = [
        Route("/", meta.root, methods=["GET", "HEAD"]),
        Route("/healthz", meta.healthz, methods=["GET", "HEAD"]),
        Route("/readyz", meta.readyz, methods=["GET", "HEAD"]),
        Route("/sitemap.xml", sitemap.sitemap, methods=["GET", "HEAD"]),
        Route("/sitemap-{number:int}.xml", sitemap.numbered_sitemap, methods=["GET", "HEAD"]),
        Route("/robots.txt", meta.robots, methods=["GET", "HEAD"]),
        Route("/favicon.ico", meta.favicon, methods=["GET", "HEAD"]),
        Route("/static/{path:path}", meta.static, methods=["GET", "HEAD"]),
    ]
    locales: list[str] = list(LOCALES) + ([PSEUDO] if settings.pseudo_locale else [])
    views = dict(PAGE_VIEWS)
    for content_type in site.content.types:
        views.update((name, (view, ["GET", "HEAD"]))
                     for name, view in type_views(content_type).items())
    assert set(views) == set(site.urls.paths), "every URL in the table needs a view"
    for name in site.urls.paths:  # in routing order: a one-segment item route comes last
        view, methods = views[name]
        for locale in locales:
            table.append(Route(site.urls.path_for(name, locale), view, methods=methods,
                               name=f"{name}:{locale}"))
    return table


def build_site(settings: Settings, clock: Clock | None = None) -> Site:
    """Opens the content index (building it if needed) and everything else, once; raises
    ContentError if the content is invalid and there is no last good index to serve."""
    index = ContentIndex(settings.content_index, settings.content_dir, settings.static_dir,
                         settings.content_types)
    content = ContentRepository(index.open())
    identity = load_identity(settings.content_dir)
    # The site's own mail comes from its publisher unless the environment says otherwise.
    settings = replace(settings, mail_from=settings.mail_from or identity["sl"].sender,
                       staff_email=settings.staff_email or identity["sl"].email)
    urls = UrlTable(settings.content_types)
    translations: dict[str, Any] = {
        locale: load_translations(settings.locales_dir, locale) for locale in LOCALES
    }
    if settings.pseudo_locale:
        translations[PSEUDO] = PseudoTranslations(translations["en"])
    assets = AssetStore(settings.static_dir, settings.vendor_dir, COMPONENTS)
    globals_ = {
        "asset_url": assets.url,
        "settings": settings,
        # The accessibility statement's findings, as the last `dostop audit --statement` wrote them.
        "statement": load_statement(settings.content_dir / "statement.json"),
    }
    site = Site(
        settings=settings,
        content=content,
        translations=translations,
        environments={},
        assets=assets,
        codec=PreferencesCodec(settings.secret_key),
        # The content index's version names the content: no worker reads every item to check.
        search=open_search(settings, lambda: content.items, content.version),
        urls=urls,
        identity=identity,
        clock=clock or Clock(),
    )
    # Templates ask the site for its content at each use, as the views do.
    site.environments = make_environments(translations, globals_, lambda: site.content, urls,
                                          identity, auto_reload=settings.debug)
    return site


def _publishing(publisher: Publisher | None) -> Callable[[Starlette], Any]:
    """Publishes content changes while the server runs (docs/publishing.md)."""

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if publisher is not None:
            publisher.start()
        try:
            yield
        finally:
            if publisher is not None:
                await publisher.stop()

    return lifespan


def create_app(settings: Settings | None = None, clock: Clock | None = None) -> Starlette:
    """Builds the Dostop app. Without `settings`, reads them from the environment; without
    `clock`, it reads the system time (tests pass a clock.FixedClock)."""
    settings = settings or Settings.from_env()
    site = build_site(settings, clock)
    pages = PageCache()
    publisher = (Publisher(site, pages, Indexed(site), interval=settings.publish_interval,
                           settle=settings.publish_settle)
                 if settings.publish_interval > 0 else None)
    app = Starlette(
        debug=settings.debug,
        routes=routes(settings, site),
        # Outermost first. Pure ASGI only. A cached page is replayed before routing, with the
        # security headers it was stored with (bench/README.md has the figures).
        middleware=[
            Middleware(AccessLogMiddleware),
            Middleware(RequestContextMiddleware, codec=site.codec,
                       pseudo_locale=settings.pseudo_locale),
            Middleware(ResponseCache, version=site.content.version, pages=pages,
                       clock=site.clock if any(t.dated for t in settings.content_types)
                       else None),
            Middleware(SecurityHeadersMiddleware, https=settings.https),
            Middleware(LanguageChoiceMiddleware, codec=site.codec, https=settings.https),
        ],
        exception_handlers={HTTPException: errors.http_error, Exception: errors.server_error},
        lifespan=_publishing(publisher),
    )
    app.state.site = site
    app.state.pages = pages
    app.state.publisher = publisher
    # The content, templates and caches built above live as long as the process: move them out
    # of the collector's reach, so a full collection during a request does not walk them all
    # (it showed as p99 latency). https://docs.python.org/3/library/gc.html#gc.freeze
    gc.freeze()
    return app
