"""The engine's own content types. A site lists the types it publishes in `Settings.content_types`
(these by default); docs/content-types.md shows how to declare another."""

from dostop.content.types.news import NEWS, Article
from dostop.content.types.pages import PAGES, Page
from dostop.content.types.projects import PROJECTS, Project

DEFAULT_TYPES = (NEWS, PROJECTS, PAGES)

__all__ = ["DEFAULT_TYPES", "NEWS", "PAGES", "PROJECTS", "Article", "Page", "Project"]
