"""Every public URL, per language, in one table (the URL contract in DESIGN.md).

`url_for("article", "sl", slug=...)` builds a link; app.py turns the table into routes.
"""

from __future__ import annotations

from dostop.i18n import PSEUDO

PATHS: dict[str, dict[str, str]] = {
    "home": {"sl": "/sl/", "en": "/en/"},
    "news_list": {"sl": "/sl/novice/", "en": "/en/news/"},
    "news_feed": {"sl": "/sl/novice/feed.xml", "en": "/en/news/feed.xml"},
    "article": {"sl": "/sl/novice/{slug}/", "en": "/en/news/{slug}/"},
    "project_list": {"sl": "/sl/projekti/", "en": "/en/projects/"},
    "project": {"sl": "/sl/projekti/{slug}/", "en": "/en/projects/{slug}/"},
    "search": {"sl": "/sl/iskanje/", "en": "/en/search/"},
    "accessibility": {"sl": "/sl/dostopnost/", "en": "/en/accessibility/"},
    "site_index": {"sl": "/sl/kazalo/", "en": "/en/site-index/"},
    "patterns": {"sl": "/sl/vzorci/", "en": "/en/patterns/"},
    # Forms (issue 7): the newsletter replaces the plain page of the same address.
    "newsletter": {"sl": "/sl/e-novice/", "en": "/en/newsletter/"},
    "newsletter_confirm": {"sl": "/sl/e-novice/potrditev/", "en": "/en/newsletter/confirm/"},
    "newsletter_unsubscribe": {"sl": "/sl/e-novice/odjava/", "en": "/en/newsletter/unsubscribe/"},
    "contact_form": {"sl": "/sl/kontakt/obrazec/", "en": "/en/contact/form/"},
    "feedback": {"sl": "/sl/dostopnost/povratne-informacije/", "en": "/en/accessibility/feedback/"},
    # Plain pages (about, contact, ...) last: their pattern matches any single segment.
    "page": {"sl": "/sl/{slug}/", "en": "/en/{slug}/"},
}


def path_for(name: str, locale: str) -> str:
    if locale == PSEUDO:
        return "/" + PSEUDO + PATHS[name]["en"][len("/en"):]
    return PATHS[name][locale]


def url_for(name: str, locale: str, **params: str) -> str:
    path = path_for(name, locale)
    for key, value in params.items():
        path = path.replace("{" + key + "}", value)
    return path
