from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from markupsafe import escape
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse

from dostop.http.cache import PAGE_VARY, wants_fragment
from dostop.http.cache_control import PRIVATE_PAGE, PUBLIC_PAGE, REVALIDATE
from dostop.content import ContentItem
from dostop.i18n import LOCALES, Untranslated, content_language
from dostop.site import Site
from dostop.urls import DEFAULT, UrlTable


@dataclass(frozen=True)
class Alternate:
    """The same page in another language: where it is, and whether it is the page itself
    or the nearest existing page (when the item has no translation)."""

    locale: str
    url: str
    exact: bool = True


def site_of(request: Request) -> Site:
    site: Site = request.app.state.site
    return site


def locale_of(request: Request) -> str:
    locale: str = request.state.locale
    return locale


def alternates_for(name: str, urls: UrlTable = DEFAULT, **params: str) -> list[Alternate]:
    """A page in each language; `urls` is the site's table when `name` is a content type's."""
    return [Alternate(locale, urls.url_for(name, locale, **params)) for locale in LOCALES]


def item_alternates(request: Request, item: ContentItem) -> list[Alternate]:
    """Alternates for a content item: its translation, or its type's list page if it has none
    (the language switcher never leads to a 404)."""
    site = site_of(request)
    declared = site.content.types[item.kind]
    result = []
    for locale in LOCALES:
        twin = site.content.translation(item, locale)
        if twin is not None:
            result.append(Alternate(locale, site.urls.url_for(declared.item_route, locale,
                                                              slug=twin.slug)))
        else:
            # The list page says why it is not the item (components/untranslated_notice).
            why = Untranslated(item.kind, item.locale, item.slug).query
            result.append(Alternate(locale, site.urls.url_for(declared.fallback_route, locale)
                                    + why, exact=False))
    return result


def untranslated_item(request: Request) -> tuple[Untranslated | None, ContentItem | None]:
    """`?untranslated=`: why the switcher led here, and the item it names (None for the older
    form without a slug). Nothing at all when it cannot be true: an item in this page's own
    language, an item that does not exist, or one that has a translation here after all (a
    crafted link must not make the site say something false)."""
    content = site_of(request).content
    why = Untranslated.parse(request.query_params.get(Untranslated.PARAMETER, ""),
                             content.types.by_name)
    page_language = content_language(locale_of(request))
    if why is None or why.locale == page_language:
        return None, None
    if not why.slug:
        return why, None
    item = content.get(why.kind, why.locale, why.slug)
    if item is None or content.translation(item, page_language) is not None:
        return None, None
    return why, item


def is_fragment_request(request: Request) -> bool:
    """An htmx request that wants a fragment: not a boosted navigation, not a history restore."""
    return wants_fragment(request.headers)


def render(
    request: Request,
    template_name: str,
    context: dict[str, Any],
    *,
    title: str,
    alternates: list[Alternate] | None = None,
    status: int = 200,
    headers: dict[str, str] | None = None,
    cacheable: bool = True,
) -> HTMLResponse:
    """Renders a full page, or the template's `fragment` block for an htmx request.

    A 200 answer to GET is public: the same for every visitor with the same language and
    preferences, so `cache.ResponseCache` and shared caches keep it. Pass `cacheable=False`
    for a page that shows something of this visitor's own."""
    site = site_of(request)
    locale = locale_of(request)
    env = site.environment(locale)
    template = env.get_template(template_name)
    prefs = request.state.prefs
    untranslated, original_item = untranslated_item(request)
    original = None
    if untranslated is not None and original_item is not None:
        original = site.urls.url_for(site.content.types[untranslated.kind].item_route,
                                     untranslated.locale, slug=original_item.slug)
        # The switcher leads back to the item the visitor came from, not to its language's
        # list (no hreflang: the item is not a translation of this page).
        alternates = [Alternate(a.locale, original, exact=False)
                      if a.locale == untranslated.locale else a
                      for a in alternates or []]
    document_title = site.identity[locale].titled(title)
    full_context = {
        "request_path": request.url.path,
        "prefs": prefs,
        "html_attributes": prefs.html_attributes(),
        "page_title": title,
        "document_title": document_title,
        "alternates": alternates or [],
        "site_url": site.settings.site_url,
        "untranslated": untranslated,
        "untranslated_url": original,
        "untranslated_title": original_item.title if original_item is not None else "",
        "fragment_request": is_fragment_request(request),
        **context,
    }
    if full_context["fragment_request"] and "fragment" in template.blocks:
        # The fragment carries the page's <title>, which htmx applies and takes out of the swap,
        # so the tab and the history entry name the page the address now shows.
        body = (f"<title>{escape(document_title)}</title>"
                + "".join(template.blocks["fragment"](template.new_context(full_context))))
    else:
        body = template.render(full_context)
    response = HTMLResponse(body, status_code=status, headers=headers)
    response.headers["content-language"] = content_language(locale)
    response.headers["vary"] = PAGE_VARY
    if "cache-control" not in response.headers:
        if request.method not in ("GET", "HEAD") or not cacheable:
            response.headers["cache-control"] = PRIVATE_PAGE
        else:
            response.headers["cache-control"] = PUBLIC_PAGE if status == 200 else REVALIDATE
    return response


def not_found() -> HTTPException:
    return HTTPException(status_code=404)


def page_number(request: Request) -> int:
    """`?page=N`: anything but a small positive whole number is a 404, never an error."""
    raw = request.query_params.get("page", "1")
    if not raw.isdigit() or len(raw) > 6 or int(raw) < 1:
        raise not_found()
    return int(raw)
