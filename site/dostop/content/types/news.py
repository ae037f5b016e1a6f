"""News: dated articles, newest first, six to a page, with an Atom feed per language."""

from __future__ import annotations

from dataclasses import dataclass

from dostop.content.declaration import ContentType, Field, HomeSection, Labels, newest_first
from dostop.content.model import ContentItem
from dostop.i18n import N_


@dataclass(frozen=True)
class Article(ContentItem):
    project: str = ""  # the project's translation key


NEWS = ContentType(
    name="news",
    folder="news",
    model=Article,
    paths={"sl": "/sl/novice/", "en": "/en/news/"},
    item_route="article",
    fields=(Field("project", kind="reference", reference="project"),),
    sort_key=newest_first,
    reverse=True,
    date_required=True,
    feed=True,
    per_page=6,
    labels=Labels(
        plural=N_("News"),
        singular=N_("News item"),
        only_in={"sl": N_("This news item is available only in Slovenian."),
                 "en": N_("This news item is available only in English.")},
        feed=N_("News feed (Atom)"),
    ),
    list_template="pages/news_list.html",
    item_template="pages/article.html",
    home=HomeSection(heading=N_("Latest news"), count=4, cards=True, more=N_("All news")),
)
