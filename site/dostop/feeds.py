"""Atom feeds of news, one per language (RFC 4287)."""

from __future__ import annotations

from datetime import datetime, time, timezone
from xml.sax.saxutils import escape

from dostop.site import Site, gettext_for
from dostop.urls import url_for


def atom_feed(site: Site, locale: str, limit: int = 20) -> str:
    _ = gettext_for(site, locale)
    base = site.settings.site_url
    news = site.content.news(locale)[:limit]

    def stamp(value: object) -> str:
        return datetime.combine(value, time(12), tzinfo=timezone.utc).isoformat()  # type: ignore[arg-type]

    updated = stamp(news[0].date) if news else "2017-01-01T00:00:00+00:00"
    feed_url = base + url_for("news_feed", locale)
    entries = []
    for article in news:
        link = base + url_for("article", locale, slug=article.slug)
        entries.append(
            "<entry>"
            f"<title>{escape(article.title)}</title>"
            f'<link rel="alternate" type="text/html" href="{escape(link)}"/>'
            f"<id>{escape(link)}</id>"
            f"<updated>{stamp(article.date)}</updated>"
            f"<summary>{escape(article.summary)}</summary>"
            "</entry>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{locale}">'
        f"<title>{escape(_('News') + ' – ' + _('RRA LUR'))}</title>"
        f'<link rel="self" href="{escape(feed_url)}"/>'
        f'<link rel="alternate" type="text/html" href="{escape(base + url_for("news_list", locale))}"/>'
        f"<id>{escape(feed_url)}</id><updated>{updated}</updated>"
        f"<author><name>{escape(_('Ljubljana Urban Region Development Agency'))}</name></author>"
        + "".join(entries)
        + "</feed>"
    )
