"""Atom feeds, one per language for each content type that declares `feed=True` (RFC 4287)."""

from __future__ import annotations

from datetime import date, datetime, time, timezone
from xml.sax.saxutils import escape

from dostop.content import ContentType
from dostop.site import Site, gettext_for


def atom_feed(site: Site, content_type: ContentType, locale: str, limit: int = 20) -> str:
    _ = gettext_for(site, locale)
    identity = site.identity[locale]
    base = site.settings.site_url
    url_for = site.urls.url_for
    items = site.content.listing(content_type.name, locale)[:limit]

    def stamp(value: date) -> str:
        return datetime.combine(value, time(12), tzinfo=timezone.utc).isoformat()

    dates = [item.date for item in items if item.date]
    updated = stamp(max(dates)) if dates else "2017-01-01T00:00:00+00:00"
    feed_url = base + url_for(content_type.feed_route or "", locale)
    entries = []
    for item in items:
        link = base + url_for(content_type.item_route, locale, slug=item.slug)
        entries.append(
            "<entry>"
            f"<title>{escape(item.title)}</title>"
            f'<link rel="alternate" type="text/html" href="{escape(link)}"/>'
            f"<id>{escape(link)}</id>"
            f"<updated>{stamp(item.date) if item.date else updated}</updated>"
            f"<summary>{escape(item.summary)}</summary>"
            "</entry>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{locale}">'
        f"<title>{escape(identity.titled(_(content_type.labels.plural)))}</title>"
        f'<link rel="self" href="{escape(feed_url)}"/>'
        f'<link rel="alternate" type="text/html" href="{escape(base + url_for(content_type.list_route or "home", locale))}"/>'
        f"<id>{escape(feed_url)}</id><updated>{updated}</updated>"
        f"<author><name>{escape(identity.name)}</name></author>"
        + "".join(entries)
        + "</feed>"
    )
