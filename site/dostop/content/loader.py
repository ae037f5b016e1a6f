"""Reads `site/content/<locale>/<folder>/<slug>.md` into a validated ContentRepository: each
folder is a declared content type's (content/declaration.py).

Every problem is reported with its file and line, all at once, so an editor fixes them in one go.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from dostop.content import markdown
from dostop.content.checks import check_inline_text
from dostop.content.collection import check_collection
from dostop.content.fields import FieldChecker
from dostop.content.frontmatter import FrontMatterError, parse
from dostop.content.declaration import ContentType, ContentTypes
from dostop.content.model import ContentItem
from dostop.content.problems import ContentError, Problem, parts_below, relative_name
from dostop.content.repository import ContentRepository
from dostop.content.types import DEFAULT_TYPES
from dostop.i18n import LOCALES

__all__ = ["ContentError", "Problem", "load_content", "load_file"]

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
REQUIRED = ("title", "slug", "key", "summary")
# Lists, search results, feeds and the description meta tag show the summary whole.
SUMMARY_MAX = 200


def load_file(
    path: Path, locale: str, kind: str | ContentType, root: Path, static_dir: Path | None = None
) -> tuple[ContentItem | None, list[Problem]]:
    """One file as an item of `kind` (a declared type, or the name of one of the engine's)."""
    declared = kind if isinstance(kind, ContentType) else ContentTypes(DEFAULT_TYPES)[kind]
    name = relative_name(path, root)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        return None, [Problem(name, 1, "file is not valid UTF-8")]
    try:
        front = parse(text.replace("\r\n", "\n"))
    except FrontMatterError as error:
        return None, [Problem(name, error.line, error.message)]
    check = FieldChecker(name, front, static_dir)
    meta = front.fields
    title, slug, key, summary = (check.text(field, required=True) for field in REQUIRED)
    for field, value in (("title", title), ("summary", summary)):
        for message in check_inline_text(value, links_allowed=field != "title"):
            check.add(front.line(field), f"{field}: {message}")
    if len(summary) > SUMMARY_MAX:
        check.add(
            front.line("summary"),
            f"summary is {len(summary)} characters long: keep it to {SUMMARY_MAX} at most "
            "(one or two sentences)",
        )
    if slug and not SLUG.match(slug):
        check.add(
            front.line("slug"),
            f"slug '{slug}' must be lower-case letters, digits and single hyphens",
        )
    date = check.date(declared.date_required, kind=declared.name)
    tags, order, images = check.tags(), check.whole_number("order"), check.images()
    only_here = meta.get("only_in_this_language", False)
    if not isinstance(only_here, bool):
        check.add(
            front.line("only_in_this_language"), "only_in_this_language must be true or false"
        )
    blocks = check.blocks(images)
    own = {f.name: check.date(f.required, f.name, declared.name) if f.kind == "date"
           else check.text(f.name, required=f.required) for f in declared.fields}
    if declared.reader is not None:
        own.update(declared.reader(check))
    if check.problems:
        return None, check.problems

    title_html, summary_html = markdown.render_inline(title), markdown.render_inline(summary)
    common: dict[str, Any] = {
        "kind": declared.name,
        "locale": locale,
        "slug": slug,
        "key": key,
        # Plain text for <title>, feeds and search; the *_html forms keep `lang` marks.
        "title": markdown.plain_text(title_html),
        "summary": markdown.plain_text(summary_html),
        "blocks": tuple(blocks),
        "text": markdown.plain_text(" ".join(b.html for b in blocks)),
        "source": path,
        "date": date,
        "tags": tags,
        "images": tuple(images),
        "title_html": title_html,
        "summary_html": summary_html,
        "order": order,
        "extra": {"only_in_this_language": "true"} if only_here is True else {},
        "links": tuple(check.links),
    }
    return declared.model(**common, **own), []


def load_content(root: Path, static_dir: Path | None = None,
                 types: tuple[ContentType, ...] = DEFAULT_TYPES) -> ContentRepository:
    """Loads and validates everything under `root`, a folder per declared type in each
    language; raises ContentError listing every problem. With `static_dir`, every image must
    also exist there (the page would fail without it)."""
    declared = ContentTypes(types)
    items: list[ContentItem] = []
    problems: list[Problem] = []
    if not root.is_dir():
        raise ContentError([Problem(str(root), 0, "content folder does not exist")])
    for path in sorted(root.rglob("*.md")):
        parts = parts_below(path, root) or ()
        if len(parts) != 3 or parts[0] not in LOCALES or parts[1] not in declared.by_folder:
            # A file in the wrong folder would silently never be published.
            problems.append(
                Problem(
                    relative_name(path, root),
                    1,
                    "file is in the wrong place: content "
                    f"goes in <{'|'.join(LOCALES)}>/<{'|'.join(declared.by_folder)}>/<slug>.md",
                )
            )
            continue
        item, found = load_file(path, parts[0], declared.by_folder[parts[1]], root, static_dir)
        problems.extend(found)
        if item is not None:
            items.append(item)
    # Imported here: the URL table is built from the declarations in this package.
    from dostop.urls import UrlTable

    problems.extend(check_collection(items, root, declared, UrlTable(types)))
    if problems:
        raise ContentError(problems)
    return ContentRepository(items, types)
