from __future__ import annotations

from collections.abc import Iterable

from dostop.content.model import Article, ContentItem, Kind, Page, Project
from dostop.i18n import PSEUDO


class ContentRepository:
    """All content, indexed once: by slug, by translation key, and news newest first."""

    def __init__(self, items: Iterable[ContentItem]) -> None:
        self.items = tuple(items)
        self._by_slug: dict[tuple[Kind, str, str], ContentItem] = {}
        self._by_key: dict[tuple[Kind, str, str], ContentItem] = {}
        for item in self.items:
            self._by_slug[(item.kind, item.locale, item.slug)] = item
            self._by_key[(item.kind, item.key, item.locale)] = item
        self._news: dict[str, tuple[Article, ...]] = {}
        self._projects: dict[str, tuple[Project, ...]] = {}
        self._pages: dict[str, tuple[Page, ...]] = {}
        for locale in {i.locale for i in self.items}:
            mine = [i for i in self.items if i.locale == locale]
            self._news[locale] = tuple(sorted(
                (i for i in mine if isinstance(i, Article)),
                key=lambda a: (a.date, a.slug), reverse=True))
            self._projects[locale] = tuple(sorted(
                (i for i in mine if isinstance(i, Project)), key=lambda p: (p.order, p.title)))
            self._pages[locale] = tuple(sorted(
                (i for i in mine if isinstance(i, Page)), key=lambda p: (p.order, p.title)))
        # The QA pseudo-locale shows the English content: only the interface text is transformed.
        for index in (self._by_slug, self._by_key):
            for (kind, first, second), item in list(index.items()):
                if item.locale == "en":
                    key = (kind, PSEUDO, second) if first == "en" else (kind, first, PSEUDO)
                    index[key] = item  # type: ignore[index]
        for lists in (self._news, self._projects, self._pages):
            lists[PSEUDO] = lists.get("en", ())  # type: ignore[index]

    def get(self, kind: Kind, locale: str, slug: str) -> ContentItem | None:
        return self._by_slug.get((kind, locale, slug))

    def page_by_key(self, key: str, locale: str) -> Page | None:
        item = self._by_key.get(("page", key, locale))
        return item if isinstance(item, Page) else None

    def translation(self, item: ContentItem, locale: str) -> ContentItem | None:
        return self._by_key.get((item.kind, item.key, locale))

    def news(self, locale: str) -> tuple[Article, ...]:
        return self._news.get(locale, ())

    def projects(self, locale: str) -> tuple[Project, ...]:
        return self._projects.get(locale, ())

    def pages(self, locale: str) -> tuple[Page, ...]:
        return self._pages.get(locale, ())

    def news_of_project(self, project: Project) -> tuple[Article, ...]:
        return tuple(a for a in self.news(project.locale) if a.project == project.key)

    def project_of(self, article: Article) -> Project | None:
        item = self._by_key.get(("project", article.project, article.locale))
        return item if isinstance(item, Project) else None
