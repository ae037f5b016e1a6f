"""Template filters for the types that happen at a time (events, calls): dates as people write
them, a call's status and a document's attachment line.
Installed in each language's environment by templating.make_environment."""

from __future__ import annotations

import datetime as dt
from typing import Any

import jinja2

from dostop.content.call_status import CallStatus
from dostop.content.documents import DocumentInfo, describe
from dostop.content.event_dates import EventTime, format_event_time


def install(env: jinja2.Environment, locale: str, translations: Any) -> None:
    gettext, ngettext = translations.gettext, translations.ngettext

    def moment(value: dt.datetime) -> str:
        """A single moment (a deadline): "31. marca 2031 ob 12.00"."""
        return format_event_time(EventTime(value, value), locale, gettext)

    env.filters["event_time"] = lambda when: format_event_time(when, locale, gettext)
    env.filters["moment"] = moment
    env.filters["status_label"] = lambda status: CallStatus.label(status, gettext, ngettext)
    env.filters["attachment"] = lambda info: describe(info, locale, ngettext) \
        if isinstance(info, DocumentInfo) else ""
