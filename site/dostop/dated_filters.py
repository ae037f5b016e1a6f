"""Template filters for the types that happen at a time (events, calls): dates as people write
them, a call's status, a document's attachment line, and an event's schema.org data block.
Installed in each language's environment by templating.make_environment."""

from __future__ import annotations

import datetime as dt
from typing import Any

import jinja2
from markupsafe import Markup

from dostop.content.call_status import CallStatus
from dostop.content.documents import DocumentInfo, describe
from dostop.content.event_dates import EventTime, format_event_time
from dostop.content.jsonld import EventData, event_object, to_data_block
from dostop.i18n import content_language


def install(env: jinja2.Environment, locale: str, translations: Any) -> None:
    gettext, ngettext = translations.gettext, translations.ngettext

    def moment(value: dt.datetime) -> str:
        """A single moment (a deadline): "31. marca 2031 ob 12.00"."""
        return format_event_time(EventTime(value, value), locale, gettext)

    def json_ld(item: Any, url: str) -> Markup:
        data = EventData(
            title=item.title, when=item.when, url=url, language=content_language(locale),
            description=item.summary, place_name=item.place, address=item.place,
            online_url=item.online, organiser=item.organiser, access=item.access,
            access_labels=tuple(p.label(gettext) for p in item.access.provisions)
            if item.access else (),
        )
        return Markup(to_data_block(event_object(data)))  # "<" is escaped inside

    env.filters["event_time"] = lambda when: format_event_time(when, locale, gettext)
    env.filters["moment"] = moment
    env.filters["status_label"] = lambda status: CallStatus.label(status, gettext, ngettext)
    env.filters["attachment"] = lambda info: describe(info, locale, ngettext) \
        if isinstance(info, DocumentInfo) else ""
    env.filters["event_json_ld"] = json_ld
