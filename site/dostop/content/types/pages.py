"""Plain pages (about, contact): one address segment each, no list page."""

from __future__ import annotations

from dataclasses import dataclass

from dostop.content.declaration import ContentType, Labels
from dostop.content.model import ContentItem
from dostop.i18n import N_


@dataclass(frozen=True)
class Page(ContentItem):
    pass


PAGES = ContentType(
    name="page",
    folder="pages",
    model=Page,
    # /sl/<slug>/ matches any single segment: the URL table puts it after every other route.
    paths={"sl": "/sl/", "en": "/en/"},
    list_route=None,
    in_navigation=False,
    labels=Labels(
        plural=N_("Pages"),
        singular=N_("Page"),
        only_in={"sl": N_("This page is available only in Slovenian."),
                 "en": N_("This page is available only in English.")},
    ),
)
