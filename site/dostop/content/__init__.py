"""The site's content: Markdown files with front matter, declared by type, checked and indexed."""

from dostop.content.declaration import (CalendarData, ContentType, ContentTypes, Field,
                                       HomeSection, Labels)
from dostop.content.event_dates import EventTime
from dostop.content.loader import ContentError, load_content
from dostop.content.model import ContentItem, Image
from dostop.content.repository import ContentRepository
from dostop.content.types import DEFAULT_TYPES, Article, Page, Project

__all__ = [
    "DEFAULT_TYPES", "Article", "CalendarData", "ContentError", "ContentItem", "ContentRepository",
    "ContentType", "ContentTypes", "EventTime", "Field", "HomeSection", "Image", "Labels", "Page",
    "Project",
    "load_content",
]
