"""Links from content to the site's own pages: each must lead to a page that exists.

A link such as `/sl/novice/razpis-2018/` written by hand breaks when a slug changes; the check
finds it before a visitor meets a 404 (WCAG 2.4.4 cannot help a link that leads nowhere).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from urllib.parse import urlsplit

from markdown_it.token import Token

from dostop.content.model import Kind

# Addresses outside the localized table (app.routes); /static/ is left out on purpose:
# static files are served under content-hashed names, so a hand-written /static/ link breaks.
FIXED = {"/", "/sitemap.xml", "/robots.txt", "/healthz", "/favicon.ico"}

RoutePatterns = list[tuple[str, str, re.Pattern[str]]]


def route_patterns(paths: Mapping[str, Mapping[str, str]]) -> RoutePatterns:
    """(route name, locale, regex) for each address in a URL table."""
    patterns = []
    for name, by_locale in paths.items():
        for locale, path in by_locale.items():
            regex = re.escape(path).replace(re.escape("{slug}"), "(?P<slug>[^/]+)")
            patterns.append((name, locale, re.compile(f"^{regex}$")))
    return patterns


def internal_links(tokens: list[Token]) -> Iterator[tuple[int, str]]:
    """Yields (line within the body, counted from 0, href) for each link to this site."""
    for block in tokens:
        offset = 0
        for token in block.children or []:
            if token.type in {"softbreak", "hardbreak"}:
                offset += 1
            href = str(token.attrs.get("href", "")) if token.type == "link_open" else ""
            if href.startswith("/") and not href.startswith("//"):
                yield (block.map[0] if block.map else 0) + offset, href


BROKEN = "link to {href} leads to no page of this site: check the address"


def link_targets(href: str, patterns: RoutePatterns,
                 kind_of_route: Mapping[str, Kind]) -> list[tuple[Kind, str, str]] | None:
    """The items (kind, locale, slug) `href` could lead to, any one of which must exist; None
    when it leads to a page that is always there (home, a list, the sitemap), and [] when it
    matches no address of this site at all."""
    path = urlsplit(href).path
    if path in FIXED:
        return None
    targets = []
    for name, locale, pattern in patterns:
        match = pattern.match(path)
        if match is None:
            continue
        kind = kind_of_route.get(name)
        if kind is None:
            return None
        targets.append((kind, locale, match["slug"]))
    return targets


def taken_segments(paths: Mapping[str, Mapping[str, str]], locale: str) -> dict[str, str]:
    """Other pages' addresses that look like a one-segment item's ("novice" → /sl/novice/)."""
    taken: dict[str, str] = {}
    for by_locale in paths.values():
        parts = by_locale.get(locale, "").strip("/").split("/")
        # Only an address of exactly one segment shadows a page: /sl/kontakt/obrazec/ does not.
        if len(parts) == 2 and by_locale[locale].endswith("/") and "{" not in parts[1]:
            taken[parts[1]] = by_locale[locale]
    return taken
