"""Reads `site/content/<locale>/<folder>/<slug>.md`, each folder a declared content type's
(content/declaration.py), into rows of the content index (content/index.py).

Every problem is reported with its file and line, all at once, so an editor fixes them in one go.
"""

from __future__ import annotations

import os
import pickle
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple

from dostop.content import body, markdown
from dostop.content.checks import check_inline_text
from dostop.content.fields import FieldChecker
from dostop.content.frontmatter import FrontMatterError, parse
from dostop.content.declaration import ContentType, ContentTypes
from dostop.content.model import Block, ContentItem
from dostop.content.links import BROKEN, link_targets, route_patterns, taken_segments
from dostop.content.problems import ContentError, Problem, field_line, relative_name
from dostop.content.record import PICKLE, Records
from dostop.content.repository import ContentRepository
from dostop.content.types import DEFAULT_TYPES
from dostop.i18n import LOCALES

__all__ = ["ContentError", "Problem", "load_content", "load_file", "read_source"]

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
REQUIRED = ("title", "slug", "key", "summary")
# Lists, search results, feeds and the description meta tag show the summary whole.
SUMMARY_MAX = 200
# Characters with a meaning in inline Markdown (or its `{lang=..}` spans): text without them
# renders as itself, escaped, and holds nothing the inline checks look for.
INLINE_MARKUP = re.compile(r"[\\`*_\[\]!<&{\n]")


def load_file(
    path: Path, locale: str, kind: str | ContentType, root: Path, static_dir: Path | None = None
) -> tuple[ContentItem | None, list[Problem]]:
    """One file as an item of `kind` (a declared type, or the name of one of the engine's)."""
    declared = kind if isinstance(kind, ContentType) else ContentTypes(DEFAULT_TYPES)[kind]
    with open(path, "rb") as handle:
        data = handle.read()
    return _load(data, path, relative_name(path, root), locale, declared, static_dir)


def read_bytes(path: str) -> tuple[bytes, os.stat_result]:
    """A file's bytes and its stat, in four system calls (open() and its buffer take twice as
    many, a third of the time spent reading a content file)."""
    handle = os.open(path, os.O_RDONLY)
    try:
        stat = os.fstat(handle)
        data = os.read(handle, stat.st_size + 1)
        if len(data) > stat.st_size:  # it grew since: read on to the end
            parts = [data]
            while piece := os.read(handle, 65536):
                parts.append(piece)
            data = b"".join(parts)
        return data, stat
    finally:
        os.close(handle)


def decoded(data: bytes) -> str:
    """A file's text as `Path.read_text(encoding="utf-8-sig")` gives it (a byte-order mark
    dropped, every line ending made a newline), without the text layer: its utf-8-sig decoder
    is written in Python and took a fifth of the time spent reading a file."""
    text = data.decode("utf-8")
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def _load(data: bytes, source: Path, name: str, locale: str, declared: ContentType,
          static_dir: Path | None) -> tuple[ContentItem | None, list[Problem]]:
    try:
        text = decoded(data)
    except UnicodeDecodeError:
        return None, [Problem(name, 1, "file is not valid UTF-8")]
    try:
        front = parse(text)
    except FrontMatterError as error:
        return None, [Problem(name, error.line, error.message)]
    check = FieldChecker(name, front, static_dir)
    meta = front.fields
    title, slug, key, summary = (check.text(field, required=True) for field in REQUIRED)
    rendered: dict[str, str] = {}
    plain: dict[str, str] = {}
    for field, value in (("title", title), ("summary", summary)):
        if not INLINE_MARKUP.search(value):
            # Nothing for Markdown or the checks to find: the text, escaped as the renderer would.
            # html.escape(value, quote=False) with '"' too: without & or <, only > is escaped.
            rendered[field] = value.replace(">", "&gt;").replace('"', "&quot;")
            plain[field] = " ".join(value.split())  # what plain_text() gives back from it
            continue
        rendered[field] = markdown.render_inline(value)
        plain[field] = markdown.plain_text(rendered[field])
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
    blocks: Sequence[Block]
    if not images and body.is_plain(front.body):
        blocks = body.LazyBlocks(front.body)
    else:
        blocks = tuple(check.blocks(images))
    own = {f.name: check.date(f.required, f.name, declared.name) if f.kind == "date"
           else check.text(f.name, required=f.required) for f in declared.fields}
    if declared.reader is not None:
        own.update(declared.reader(check))
    if check.problems:
        return None, check.problems

    title_html, summary_html = rendered["title"], rendered["summary"]
    common: dict[str, Any] = {
        "kind": declared.name,
        "locale": locale,
        "slug": slug,
        "key": key,
        # Plain text for <title>, feeds and search; the *_html forms keep `lang` marks.
        "title": plain["title"],
        "summary": plain["summary"],
        "blocks": blocks,
        "source": source,
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


class Context:
    """What reading one file into the index needs besides the file: the declared types, the
    static folder, and the site's addresses (a link's target, a slug that an address takes)."""

    def __init__(self, root: Path, static_dir: Path | None,
                 types: tuple[ContentType, ...]) -> None:
        # Imported here: the URL table is built from the declarations in this package.
        from dostop.urls import UrlTable

        urls = UrlTable(types)
        self.root, self.static_dir, self.types = root, static_dir, ContentTypes(types)
        self.patterns = route_patterns(urls.paths)
        self.kind_of_route = urls.kind_of_route
        self.one_segment = {kind for route, kind in urls.kind_of_route.items()
                            if urls.last(route)}
        self.taken = {locale: taken_segments(urls.paths, locale) for locale in LOCALES}
        # Files are named by strings below these: a Path per file cost more than reading it.
        self.folder = os.path.join(root, "")
        self.prefix = relative_name(root / "-", root)[:-1]
        self.records = Records(root, types)


class Source(NamedTuple):
    """One file as the index stores it: its row (None if the file has problems), the pages
    its links could lead to, the keys its reference fields name, and its problems."""

    path: str
    row: tuple[Any, ...] | None
    links: list[tuple[str, int, str, str | None, str | None, str | None]]
    refs: list[tuple[str, str, str, str]]
    problems: list[Problem]


def read_source(path: str, mtime_ns: int | None, size: int | None, context: Context
                ) -> Source:
    """`path` (below the content folder, "sl/news/x.md") read and checked on its own; its
    mtime and size as the file read has them when not given."""
    declared = context.types
    parts = path.split("/")
    name = context.prefix + path
    if len(parts) != 3 or parts[0] not in LOCALES or parts[1] not in declared.by_folder:
        # A file in the wrong folder would silently never be published.
        return Source(path, None, [], [], [Problem(
            name, 1, "file is in the wrong place: content "
            f"goes in <{'|'.join(LOCALES)}>/<{'|'.join(declared.by_folder)}>/<slug>.md")])
    content_type = declared.by_folder[parts[1]]
    full = context.folder + path
    try:
        data, stat = read_bytes(full)
        if mtime_ns is None or size is None:
            mtime_ns, size = stat.st_mtime_ns, stat.st_size
    except FileNotFoundError:  # removed since it was listed: the next change says so
        return Source(path, None, [], [], [])
    except OSError as error:  # a folder named like a file, no permission
        return Source(path, None, [], [], [Problem(
            name, 0, f"cannot be read: {error.strerror or error}")])
    item, problems = _load(data, Path(full), name, parts[0], content_type, context.static_dir)
    if item is None:
        return Source(path, None, [], [], problems)
    links: list[tuple[str, int, str, str | None, str | None, str | None]] = []
    for line, href in item.links:
        targets = link_targets(href, context.patterns, context.kind_of_route)
        if targets == []:
            problems.append(Problem(name, line, BROKEN.format(href=href)))
        links.extend((path, line, href, *target) for target in targets or ())
    if item.kind in context.one_segment and item.slug in context.taken[item.locale]:
        # Such a route comes last in the routing table: this item could never be reached.
        problems.append(Problem(name, field_line(context.root.joinpath(*parts), "slug"),
                                f"slug '{item.slug}' is already the address "
                                f"{context.taken[item.locale][item.slug]}: choose another"))
    refs = [(path, field.name, field.reference, getattr(item, field.name))
            for field in content_type.fields
            if field.kind == "reference" and getattr(item, field.name)]
    if problems:
        return Source(path, None, [], [], problems)
    row = (path, mtime_ns, size, item.kind, item.locale, item.key, item.slug,
           item.extra.get("only_in_this_language") == "true",
           pickle.dumps(content_type.sort_key(item), PICKLE),
           context.records.encode(item))
    return Source(path, row, links, refs, [])


def load_content(root: Path, static_dir: Path | None = None,
                 types: tuple[ContentType, ...] = DEFAULT_TYPES) -> ContentRepository:
    """Loads and validates everything under `root`, a folder per declared type in each
    language, into an index in memory; raises ContentError listing every problem. With
    `static_dir`, every image must also exist there (the page would fail without it).
    The app keeps its index on disk instead (content/index.py)."""
    from dostop.content.index import ContentIndex

    return ContentRepository(ContentIndex(None, root, static_dir, types).open())
