"""A content type, declared once: where its files live, what they hold, how they are sorted,
where they are published in each language and what the interface calls them.

Everything else reads the declaration: the loader and its checks, the repository, the URL table
and its routes, the generic list, item and feed views, the sitemap, the site index, search
results, the navigation and the untranslated-item notice. docs/content-types.md shows how to add
one; dostop/content/types/ holds the engine's own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from dostop.content.event_dates import EventTime
from dostop.content.model import ContentItem

FieldKind = Literal["text", "date", "reference"]


@dataclass(frozen=True)
class Field:
    """A front-matter field of one type, beyond those every item has (title, slug, key,
    summary, date, tags, order, images): it becomes the model's attribute of the same name.
    A `reference` holds another type's translation key (`reference` names that type), and the
    content check refuses one that leads nowhere. With a `label` (a msgid marked with N_()),
    the generic item page shows the field's value under it; `in_list` shows it on the generic
    list too, under each title after the date (a project's period). A reference with `filter`
    narrows the type's list (?<name>=<key>: the items that name that one), and the list
    template gets the referenced items that its items name as `choices[<name>]`, the key in
    effect as `filters[<name>]` (events and calls by project)."""

    name: str
    kind: FieldKind = "text"
    required: bool = False
    reference: str = ""
    label: str = ""
    in_list: bool = False
    filter: bool = False


@dataclass(frozen=True)
class Labels:
    """What the interface calls the type, as msgids marked with N_() and translated per page:
    `plural` heads its list, navigation and site index; `singular` marks a search hit;
    `only_in` (per language) says an item exists in that language only; `feed` names the
    type's Atom feed in links to it; `states` names each state a `state` rule returns."""

    plural: str
    singular: str
    only_in: Mapping[str, str] = field(default_factory=dict)
    feed: str = ""
    states: Mapping[str, str] = field(default_factory=dict)


def by_order_then_title(item: ContentItem) -> Any:
    return (item.order, item.title)


def newest_first(item: ContentItem) -> Any:
    """Sort key for dated types; declare `reverse=True` with it."""
    return (item.date, item.slug)


# A type whose items change state with the clock (a call that closes at its deadline): given
# an item and the request's moment (dostop.clock; `now.date()` for a rule by the day), its
# state: a name from `labels.states` for the generic templates, or a richer value (a call's
# status with its days left) for a type's own templates.
StateRule = Callable[[ContentItem, dt.datetime], Any]
# When an item's page or list entry next changes (a deadline, an event's start), or None: a
# cached page showing it expires then.
ChangeRule = Callable[[ContentItem, dt.datetime], "dt.datetime | None"]
# Reads a type's structured fields (times, lists, mappings) from a file's front matter,
# reporting each problem at its line through the checker (a content.fields.FieldChecker):
# field name → value for the model.
FieldReader = Callable[[Any], dict[str, Any]]
# Puts a type's list in the order it has at the request's moment (events: upcoming first).
Arrangement = Callable[[tuple[ContentItem, ...], dt.datetime], tuple[ContentItem, ...]]
# The Jinja filters a type's templates use (an event's time as people write it), made for one
# language from its locale and translations: name → function. Every declared type's filters
# are in every page's environment, since other pages show its items too (the home page).
TemplateFilters = Callable[[str, Any], Mapping[str, Callable[..., Any]]]


@dataclass(frozen=True)
class CalendarData:
    """What an item's calendar entry holds beyond its title, summary and address."""

    when: EventTime
    location: str
    notes: tuple[str, ...] = ()  # plain text after the summary (an event's venue access)


# An item's calendar entry, given gettext for the entry's language; None: it has no time.
CalendarRule = Callable[[ContentItem, Callable[[str], str]], "CalendarData | None"]
# Narrows a type's list by the query beyond its filter fields (?status=open): the items left
# and the filter values in effect. A value that means nothing is dropped: the full list, never
# an error.
Narrowing = Callable[[tuple[ContentItem, ...], dt.datetime, Mapping[str, str]],
                     tuple[tuple[ContentItem, ...], dict[str, str]]]


@dataclass(frozen=True)
class HomeSection:
    """A type's section on the home page; sections follow the types' declared order. Under
    `heading` (a msgid marked with N_(); the element's id is `d-home-<type name>`), the first
    `count` items (0: all, for a list that stays short) of the list as it stands at the
    request's moment, only those whose state `shows` keeps (an event still to come, a call
    still open: the type needs a `state` rule); as cards (title, date and summary) or as a list
    of links, each followed by the part `line` if given (an event's time). With `more` (a
    msgid), a link to the whole list. A section with no items is left out: an empty heading
    tells a visitor nothing."""

    heading: str
    count: int = 0
    shows: Callable[[Any], bool] | None = None
    cards: bool = False
    line: str = ""
    more: str = ""


@dataclass(frozen=True)
class ContentType:
    """One kind of content. `name` is each item's `kind` (and travels in `?untranslated=`);
    files are read from `content/<locale>/<folder>/<slug>.md` into `model`, with `fields` on
    top of the common ones. `paths` gives, per language, the address of the list page (items
    are at `<path><slug>/`, the feed at `<path>feed.xml`). Route names default to
    `<name>_list`, `<name>` and `<name>_feed`; `list_route=None` declares a type without a
    list page (its untranslated items fall back to the home page)."""

    name: str
    folder: str
    model: type[ContentItem]
    paths: Mapping[str, str]
    labels: Labels
    fields: tuple[Field, ...] = ()
    sort_key: Callable[[ContentItem], Any] = by_order_then_title
    reverse: bool = False
    date_required: bool = False
    item_route: str = ""
    list_route: str | None = ""
    feed: bool = False
    # iCalendar files: one per item at `<path><slug>.ics`, and the upcoming items of each
    # language at `<path>calendar.ics`, which calendar apps subscribe to (events).
    calendar: CalendarRule | None = None
    per_page: int = 0  # 0: the whole list on one page
    # In the main navigation, after home, in the order the types are declared.
    in_navigation: bool = True
    list_template: str = "pages/item_list.html"
    item_template: str = "pages/item.html"
    state: StateRule | None = None
    changes_at: ChangeRule | None = None
    reader: FieldReader | None = None
    arrange: Arrangement | None = None
    narrow: Narrowing | None = None
    template_filters: TemplateFilters | None = None
    home: HomeSection | None = None

    def __post_init__(self) -> None:
        if not self.item_route:
            object.__setattr__(self, "item_route", self.name)
        if self.list_route == "":
            object.__setattr__(self, "list_route", f"{self.name}_list")
        for declared in self.fields:
            # Only a reference names items the list can be narrowed to; dropping the filter
            # quietly would leave the site's author looking for a control that never comes.
            if declared.filter and declared.kind != "reference":
                raise ValueError(f"content type {self.name!r}: field {declared.name!r} has "
                                 f"filter=True but is of kind {declared.kind!r}; only a "
                                 "reference can filter a list")
        if self.home is not None and self.home.shows is not None and self.state is None:
            raise ValueError(f"content type {self.name!r}: its home section chooses items by "
                             "state (shows), but the type has no state rule")
        if self.home is not None and self.home.count < 0:
            raise ValueError(f"content type {self.name!r}: its home section's count is "
                             f"{self.home.count}; write 0 (all) or more")

    @property
    def filter_fields(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.filter)

    @property
    def feed_route(self) -> str | None:
        return f"{self.name}_feed" if self.feed and self.list_route else None

    @property
    def dated(self) -> bool:
        """Whether an item's state depends on the clock, so its pages change without the
        content changing."""
        return self.state is not None

    def next_change(self, items: Iterable[ContentItem], now: dt.datetime) -> dt.datetime | None:
        """The first moment at which a page showing `items` would read differently."""
        if self.changes_at is None:
            return None
        moments = [m for m in (self.changes_at(item, now) for item in items) if m is not None]
        return min(moments, default=None)

    def at(self, items: tuple[ContentItem, ...], now: dt.datetime) -> tuple[ContentItem, ...]:
        """The list in the order it has at `now`."""
        return self.arrange(items, now) if self.arrange else items

    @property
    def fallback_route(self) -> str:
        """Where the language switcher leads from an item that has no translation."""
        return self.list_route or "home"

    def route_paths(self) -> dict[str, dict[str, str]]:
        """This type's routes in the URL table: name → {locale: path}."""
        routes: dict[str, dict[str, str]] = {}
        if self.list_route:
            routes[self.list_route] = dict(self.paths)
        if self.feed_route:
            routes[self.feed_route] = {lang: p + "feed.xml" for lang, p in self.paths.items()}
        if self.calendar:
            # The feed first: "calendar.ics" would also match "{slug}.ics".
            routes[self.calendar_route] = {lang: p + "calendar.ics"
                                           for lang, p in self.paths.items()}
            routes[self.item_calendar_route] = {lang: p + "{slug}.ics"
                                                for lang, p in self.paths.items()}
        routes[self.item_route] = {lang: p + "{slug}/" for lang, p in self.paths.items()}
        return routes

    @property
    def calendar_route(self) -> str:
        return f"{self.name}_calendar"

    @property
    def item_calendar_route(self) -> str:
        return f"{self.item_route}_ics"

    def sorted(self, items: list[ContentItem]) -> tuple[ContentItem, ...]:
        return tuple(sorted(items, key=self.sort_key, reverse=self.reverse))


class ContentTypes:
    """The declared types of one site, in declaration order, found by name or by route."""

    def __init__(self, types: tuple[ContentType, ...]) -> None:
        self.all = types
        self.by_name = {t.name: t for t in types}
        self.by_folder = {t.folder: t for t in types}
        self.by_item_route = {t.item_route: t for t in types}
        for what, values in (("the name", [t.name for t in types]),
                             ("the folder", [t.folder for t in types])):
            repeated = sorted({v for v in values if values.count(v) > 1})
            if repeated:
                raise ValueError(f"two content types share {what} {repeated[0]!r}")

    def __iter__(self) -> Any:
        return iter(self.all)

    def __getitem__(self, name: str) -> ContentType:
        return self.by_name[name]

    def listed(self) -> tuple[ContentType, ...]:
        """The types with a list page."""
        return tuple(t for t in self.all if t.list_route)

    def referencing(self, name: str) -> list[tuple[ContentType, Field]]:
        """(type, field) pairs whose field holds a key of type `name`."""
        return [(t, f) for t in self.all for f in t.fields
                if f.kind == "reference" and f.reference == name]
