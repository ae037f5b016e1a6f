"""Every public URL, per language, in one table (the URL contract in DESIGN.md): the engine's
fixed pages here, and each declared content type's list, item and feed addresses.

`site.urls.url_for("article", "sl", slug=...)` builds a link; app.py turns the table into
routes. The module-level `PATHS`, `url_for` and `path_for` are the table of a site with the
engine's own content types.
"""

from __future__ import annotations

from collections.abc import Iterable

from dostop.content.declaration import ContentType
from dostop.content.types import DEFAULT_TYPES
from dostop.i18n import PSEUDO

HOME: dict[str, dict[str, str]] = {"home": {"sl": "/sl/", "en": "/en/"}}
# The engine's own pages, after the content types' lists and items.
FIXED: dict[str, dict[str, str]] = {
    "search": {"sl": "/sl/iskanje/", "en": "/en/search/"},
    "accessibility": {"sl": "/sl/dostopnost/", "en": "/en/accessibility/"},
    "site_index": {"sl": "/sl/kazalo/", "en": "/en/site-index/"},
    "patterns": {"sl": "/sl/vzorci/", "en": "/en/patterns/"},
    # Forms: the newsletter replaces the plain page of the same address.
    "newsletter": {"sl": "/sl/e-novice/", "en": "/en/newsletter/"},
    "newsletter_confirm": {"sl": "/sl/e-novice/potrditev/", "en": "/en/newsletter/confirm/"},
    "newsletter_unsubscribe": {"sl": "/sl/e-novice/odjava/", "en": "/en/newsletter/unsubscribe/"},
    "contact_form": {"sl": "/sl/kontakt/obrazec/", "en": "/en/contact/form/"},
    "feedback": {"sl": "/sl/dostopnost/povratne-informacije/", "en": "/en/accessibility/feedback/"},
}


def _catch_all(paths: dict[str, str]) -> bool:
    """/sl/{slug}/ matches any single segment, so it must come after every other route."""
    return any(path.split("/")[2].startswith("{") for path in paths.values())


class UrlTable:
    """One site's addresses: the fixed pages and its content types' routes, in routing order."""

    def __init__(self, types: Iterable[ContentType]) -> None:
        types = tuple(types)
        declared = [name_paths for t in types for name_paths in t.route_paths().items()]
        self.paths: dict[str, dict[str, str]] = {
            **HOME,
            **{name: paths for name, paths in declared if not _catch_all(paths)},
            **FIXED,
            **{name: paths for name, paths in declared if _catch_all(paths)},
        }
        # Which type's item each item route shows (the content check follows links with it).
        self.kind_of_route = {t.item_route: t.name for t in types}

    def last(self, name: str) -> bool:
        """Whether the route matches any single segment, so it comes last in routing."""
        return _catch_all(self.paths[name])

    def path_for(self, name: str, locale: str) -> str:
        if locale == PSEUDO:
            return "/" + PSEUDO + self.paths[name]["en"][len("/en"):]
        return self.paths[name][locale]

    def url_for(self, name: str, locale: str, **params: str) -> str:
        path = self.path_for(name, locale)
        for key, value in params.items():
            path = path.replace("{" + key + "}", value)
        return path


DEFAULT = UrlTable(DEFAULT_TYPES)
PATHS = DEFAULT.paths
path_for = DEFAULT.path_for
url_for = DEFAULT.url_for
