"""/sitemap.xml: every public page in both languages, with each item's translations.

The sitemap protocol caps a file at 50,000 addresses (https://www.sitemaps.org/protocol.html).
A site with more lists them in numbered sitemaps, /sitemap-1.xml, /sitemap-2.xml, ..., and
/sitemap.xml becomes the sitemap index naming them, so `robots.txt` and crawlers keep the one
address. Each numbered sitemap reads only its own part of the index's lists, a batch at a time."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from xml.sax.saxutils import escape

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from dostop.http.cache_control import PUBLIC_PAGE
from dostop.i18n import LOCALES
from dostop.views.base import not_found, site_of

# Addresses in one sitemap file at most (the protocol's cap).
SITEMAP_URLS = 50_000
# The engine's own pages in the sitemap, beside each content type's list and items.
SITEMAP_PAGES = ("search", "accessibility", "site_index", "newsletter", "contact_form", "feedback")
XMLNS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'

# A run of the sitemap's <url> lines: how many, and a reader of those from `start` to `stop`.
Section = tuple[int, Callable[[int, int], Iterable[str]]]
LINK = '<xhtml:link rel="alternate" hreflang="{}" href="{}{}{}"/>'


def sections(request: Request) -> list[Section]:
    """Every public page in sitemap order: per language, the engine's pages, then each
    type's items in the order of its list."""
    site = site_of(request)
    base, urls, content = site.settings.site_url, site.urls, site.content
    lists = [t.list_route for t in content.types.listed() if t.list_route]
    found: list[Section] = []
    for locale in LOCALES:
        names = ["home", *lists, *SITEMAP_PAGES] + ["patterns"] * site.settings.show_patterns
        pages = [f"<url><loc>{escape(base + urls.url_for(name, locale))}</loc></url>"
                 for name in names]
        found.append((len(pages), lambda start, stop, pages=pages: pages[start:stop]))
        for declared in content.types:
            # An item's address around its slug, in each language. Slugs are lower-case
            # letters, digits and hyphens (the content check): nothing in them to escape.
            around = {lang: escape(base + urls.path_for(declared.item_route, lang)).split(
                "{slug}") for lang in LOCALES}

            def items(start: int, stop: int, kind: str = declared.name, locale: str = locale,
                      around: dict[str, list[str]] = around) -> Iterator[str]:
                before, after = around[locale]
                for slug, twins in content.addresses(kind, locale, start, stop):
                    links = "".join(LINK.format(lang, around[lang][0], twin, around[lang][1])
                                    for lang, twin in twins.items())
                    yield f"<url><loc>{before}{slug}{after}</loc>{links}</url>"
            found.append((len(content.listing(declared.name, locale)), items))
    return found


def _urlset(found: list[Section], start: int, stop: int) -> str:
    """The <url> lines `start` to `stop` of all sections, as a sitemap."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             f'<urlset {XMLNS} xmlns:xhtml="http://www.w3.org/1999/xhtml">']
    offset = 0
    for size, read in found:
        if offset < stop and start < offset + size:
            lines.extend(read(max(start - offset, 0), min(stop - offset, size)))
        offset += size
    lines.append("</urlset>")
    return "\n".join(lines)


async def _urlset_page(found: list[Section], start: int, stop: int) -> Response:
    # Off the event loop: a file of 50,000 addresses takes a while to write.
    return _xml(await run_in_threadpool(_urlset, found, start, stop))


def _xml(body: str) -> Response:
    # A function of the content only: kept by shared caches and by cache.ResponseCache (but
    # for a file of many thousand addresses, too large to keep beside the pages), and dropped
    # by any publication (it declares no dependencies: http/dependencies.py).
    return Response(body, media_type="application/xml", headers={"cache-control": PUBLIC_PAGE})


async def sitemap(request: Request) -> Response:
    """The sitemap, or the index of the numbered sitemaps when there are more addresses than
    one file may hold."""
    base = site_of(request).settings.site_url
    found = sections(request)
    total = sum(size for size, _ in found)
    if total <= SITEMAP_URLS:
        return await _urlset_page(found, 0, total)
    files = "".join(f"\n<sitemap><loc>{escape(f'{base}/sitemap-{number}.xml')}</loc></sitemap>"
                    for number in range(1, -(-total // SITEMAP_URLS) + 1))
    return _xml(f'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex {XMLNS}>{files}\n'
                "</sitemapindex>")


async def numbered_sitemap(request: Request) -> Response:
    """/sitemap-N.xml: the Nth run of SITEMAP_URLS addresses, when the sitemap is an index."""
    number: int = request.path_params["number"]
    found = sections(request)
    total = sum(size for size, _ in found)
    if total <= SITEMAP_URLS or not 1 <= number <= -(-total // SITEMAP_URLS):
        raise not_found()
    start = (number - 1) * SITEMAP_URLS
    return await _urlset_page(found, start, start + SITEMAP_URLS)
