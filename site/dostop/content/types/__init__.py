"""The engine's own content types. A site lists the types it publishes in `Settings.content_types`
(these by default; DOSTOP_CONTENT_TYPES names a site's own list); docs/content-types.md shows how
to declare another."""

from dostop.content.types.calls import CALLS, Call
from dostop.content.types.events import EVENTS, Event
from dostop.content.types.news import NEWS, Article
from dostop.content.types.pages import PAGES, Page
from dostop.content.types.projects import PROJECTS, Project

DEFAULT_TYPES = (NEWS, EVENTS, CALLS, PROJECTS, PAGES)

__all__ = ["CALLS", "DEFAULT_TYPES", "EVENTS", "NEWS", "PAGES", "PROJECTS",
           "Article", "Call", "Event", "Page", "Project"]
