"""The agency's content: Markdown files with front matter, loaded once and validated."""

from dostop.content.loader import ContentError, load_content
from dostop.content.model import Article, ContentItem, Image, Page, Project
from dostop.content.repository import ContentRepository

__all__ = [
    "Article", "ContentError", "ContentItem", "ContentRepository", "Image", "Page", "Project",
    "load_content",
]
