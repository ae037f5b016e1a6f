"""Calls for proposals (razpisi): open ones first, soonest deadline at the top, then the closed
ones. The status is read from the clock at each request, never stored, and a cached page
expires when it next changes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from dostop.clock import start_of_day
from dostop.content.call_status import CallStatus, call_status
from dostop.content.dated_fields import Document, dated_filters, documents, moment
from dostop.content.declaration import ContentType, Field, HomeSection, Labels, newest_first
from dostop.content.model import ContentItem
from dostop.i18n import N_

if TYPE_CHECKING:  # the checker's module imports the declarations
    from dostop.content.fields import FieldChecker


@dataclass(frozen=True)
class Call(ContentItem):
    project: str = ""
    applicants: str = ""  # who may apply
    amount: str = ""  # the funds available, as the call states them
    contact: str = ""
    deadline: dt.datetime | None = None
    documents: tuple[Document, ...] = ()


def read_call(check: FieldChecker) -> dict[str, Any]:
    deadline = moment(check, "deadline", required=True, time_required=True)
    published = check.meta.get("date")
    if isinstance(deadline, dt.datetime) and published:
        try:
            day = dt.date.fromisoformat(str(published).strip())
        except ValueError:
            day = None  # reported with the date itself
        if day is not None and deadline < start_of_day(day):
            check.add(check.front.line("deadline"),
                      f"deadline: the call closes before it is published ({day.isoformat()})")
    return {"deadline": deadline if isinstance(deadline, dt.datetime) else None,
            "documents": documents(check)}


def status(item: ContentItem, now: dt.datetime) -> CallStatus:
    assert isinstance(item, Call) and item.deadline is not None
    return call_status(item.deadline, now)


def open_then_closed(items: tuple[ContentItem, ...],
                     now: dt.datetime) -> tuple[ContentItem, ...]:
    calls = [i for i in items if isinstance(i, Call) and i.deadline is not None]
    is_open = [c for c in calls if status(c, now).is_open]
    closed = [c for c in calls if not status(c, now).is_open]
    return (*sorted(is_open, key=lambda c: (c.deadline, c.slug)),
            *sorted(closed, key=lambda c: (c.deadline, c.slug), reverse=True))


def call_filters(locale: str, translations: Any) -> dict[str, Callable[..., Any]]:
    """`status_label`: a call's status as a phrase ("Rok se izteče čez 2 dneva")."""
    return {**dated_filters(locale, translations),
            "status_label": lambda state: CallStatus.label(state, translations.gettext,
                                                           translations.ngettext)}


STATUS_FILTER = ("all", "open", "closed")


def narrow_calls(items: tuple[ContentItem, ...], now: dt.datetime,
                 query: Mapping[str, str]) -> tuple[tuple[ContentItem, ...], dict[str, str]]:
    """?status=open|closed|all; anything else is the full list."""
    wanted = query.get("status", "all")
    wanted = wanted if wanted in STATUS_FILTER else "all"
    kept = tuple(item for item in items
                 if wanted == "all" or status(item, now).is_open == (wanted == "open"))
    return kept, {"status": wanted}


CALLS = ContentType(
    name="call",
    folder="calls",
    model=Call,
    paths={"sl": "/sl/razpisi/", "en": "/en/calls/"},
    fields=(Field("project", kind="reference", reference="project", filter=True),
            Field("applicants", required=True), Field("amount"), Field("contact", required=True)),
    sort_key=newest_first,
    reverse=True,
    date_required=True,  # the day the call is published
    feed=True,
    labels=Labels(
        plural=N_("Calls for proposals"),
        singular=N_("Call for proposals"),
        only_in={"sl": N_("This call is published only in Slovenian."),
                 "en": N_("This call is published only in English.")},
        feed=N_("Calls feed (Atom)"),
    ),
    list_template="pages/call_list.html",
    item_template="pages/call.html",
    state=status,
    changes_at=lambda item, now: status(item, now).changes_at,
    reader=read_call,
    arrange=open_then_closed,
    narrow=narrow_calls,
    template_filters=call_filters,
    home=HomeSection(heading=N_("Open calls for proposals"), count=3,
                     shows=lambda status: status.is_open, line="parts/home_call_line.html",
                     more=N_("All calls for proposals")),
)
