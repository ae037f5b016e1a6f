"""Reads `site/content/<locale>/<kind>/<slug>.md` into a validated ContentRepository.

Every problem is reported with its file and line, all at once, so an editor fixes them in one go.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dostop.content import markdown
from dostop.content.checks import check_alt_text, check_body, check_inline_text
from dostop.content.frontmatter import FrontMatter, FrontMatterError, parse
from dostop.content.links import broken_link, internal_links
from dostop.content.model import Article, Block, ContentItem, Image, Kind, Page, Project
from dostop.content.repository import ContentRepository
from dostop.i18n import LOCALES
from dostop.urls import PATHS

KIND_DIRS: dict[str, Kind] = {"news": "news", "projects": "project", "pages": "page"}
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
REQUIRED = ("title", "slug", "key", "summary")


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class ContentError(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("invalid content:\n" + "\n".join(str(p) for p in self.problems))


def _relative(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root.parent))
    except ValueError:
        return str(path)


class _FileChecker:
    """Collects the problems of one file, each at the line of the field it concerns."""

    def __init__(self, name: str, front: FrontMatter, static_dir: Path | None) -> None:
        self.name = name
        self.front = front
        self.static_dir = static_dir
        self.meta = front.fields
        self.problems: list[Problem] = []
        self.links: list[tuple[int, str]] = []  # checked once every file is loaded

    def add(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.name, line, message))

    def text(self, field: str, required: bool = False) -> str:
        value = self.meta.get(field)
        if isinstance(value, (dict, list)):
            self.add(self.front.line(field), f"field '{field}' must be text, not a list")
            return ""
        text = "" if value is None else str(value).strip()
        if required and not text:
            self.add(self.front.line(field), f"front matter field '{field}' is missing or empty")
        return text

    def date(self, required: bool) -> dt.date | None:
        value = self.meta.get("date")
        if value is None:
            if required:
                self.add(self.front.line("date"), "news needs a 'date' as YYYY-MM-DD")
            return None
        try:
            return dt.date.fromisoformat(str(value).strip())
        except ValueError:
            self.add(
                self.front.line("date"), f"date '{value}' is not a date: write it as YYYY-MM-DD"
            )
            return None

    def whole_number(self, field: str) -> int:
        value = self.meta.get(field, 0) or 0
        if isinstance(value, bool) or not isinstance(value, int):
            self.add(self.front.line(field), f"field '{field}' must be a whole number")
            return 0
        return value

    def tags(self) -> tuple[str, ...]:
        value = self.meta.get("tags") or []
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or any(isinstance(t, (dict, list)) for t in value):
            self.add(self.front.line("tags"), "tags must be a list, like [cci, mobility]")
            return ()
        return tuple(str(t) for t in value)

    def images(self) -> list[Image]:
        raw_images = self.meta.get("images") or []
        if not isinstance(raw_images, list):
            self.add(
                self.front.line("images"), "images must be a list: each item starts with '- src:'"
            )
            return []
        images: list[Image] = []
        for index, raw in enumerate(raw_images):
            number = index + 1
            if not isinstance(raw, dict) or not raw.get("src"):
                self.add(
                    self.front.line("images", index),
                    f"image {number} needs at least 'src' and 'alt'",
                )
                continue
            alt = str(raw.get("alt") or "").strip()
            self.image_file(str(raw["src"]), number, self.front.line("images", index, "src"))
            for message in check_alt_text(alt):
                self.add(
                    self.front.line("images", index, "alt"),
                    f"image {number} ({raw['src']}): {message}",
                )
            width, height = raw.get("width"), raw.get("height")
            if not (
                isinstance(width, int) and isinstance(height, int) and width > 0 and height > 0
            ):
                self.add(
                    self.front.line("images", index),
                    f"image {number} needs 'width' and 'height' "
                    "in pixels (they keep the layout from jumping)",
                )
                width = height = 0
            images.append(
                Image(
                    src=str(raw["src"]),
                    alt=alt,
                    width=width,
                    height=height,
                    credit=str(raw.get("credit") or ""),
                    caption=str(raw.get("caption") or ""),
                )
            )
        return images

    def image_file(self, src: str, number: int, line: int) -> None:
        """Pictures are our own files under static/: no third-party requests (DESIGN.md)."""
        if "://" in src or src.startswith(("/", "//")) or ".." in src.split("/"):
            self.add(
                line, f"image {number} ({src}): give a path under static/, like img/picture.svg"
            )
        elif self.static_dir is not None and not (self.static_dir / src).is_file():
            self.add(line, f"image {number} ({src}): there is no such file in static/")

    def blocks(self, images: list[Image]) -> list[Block]:
        """Checks the body, then renders it: HTML pieces and figures where `[[image:N]]` stands."""
        body, abbreviations = markdown.extract_abbreviations(self.front.body)
        tokens = markdown.parse(body, abbreviations)
        for line, message in check_body(tokens):
            self.add(self.front.body_line + line, message)
        self.links = [(self.front.body_line + line, href) for line, href in internal_links(tokens)]
        seen: set[str] = set()  # abbreviations are explained once per body, not once per piece
        blocks: list[Block] = []
        chunk: list[str] = []
        for offset, text in enumerate(body.split("\n")):
            marker = markdown.IMAGE_MARKER.match(text.strip())
            if not marker:
                chunk.append(text)
                continue
            blocks.append(Block(html=markdown.render("\n".join(chunk), abbreviations, seen)))
            chunk = []
            number = int(marker.group(1))
            if 1 <= number <= len(images):
                blocks.append(Block(image=images[number - 1]))
            else:
                self.add(
                    self.front.body_line + offset,
                    f"[[image:{number}]] names no image: this file has {len(images)} in 'images'",
                )
        blocks.append(Block(html=markdown.render("\n".join(chunk), abbreviations, seen)))
        return [b for b in blocks if b.image or b.html.strip()]


def load_file(
    path: Path, locale: str, kind: Kind, root: Path, static_dir: Path | None = None
) -> tuple[ContentItem | None, list[Problem]]:
    name = _relative(path, root)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        return None, [Problem(name, 1, "file is not valid UTF-8")]
    try:
        front = parse(text.replace("\r\n", "\n"))
    except FrontMatterError as error:
        return None, [Problem(name, error.line, error.message)]
    check = _FileChecker(name, front, static_dir)
    meta = front.fields
    title, slug, key, summary = (check.text(field, required=True) for field in REQUIRED)
    for field, value in (("title", title), ("summary", summary)):
        for message in check_inline_text(value, links_allowed=field != "title"):
            check.add(front.line(field), f"{field}: {message}")
    if slug and not SLUG.match(slug):
        check.add(
            front.line("slug"),
            f"slug '{slug}' must be lower-case letters, digits and single hyphens",
        )
    date = check.date(required=kind == "news")
    tags, order, images = check.tags(), check.whole_number("order"), check.images()
    only_here = meta.get("only_in_this_language", False)
    if not isinstance(only_here, bool):
        check.add(
            front.line("only_in_this_language"), "only_in_this_language must be true or false"
        )
    blocks = check.blocks(images)
    project, status = check.text("project"), check.text("status")
    period, programme = check.text("period"), check.text("programme")
    if check.problems:
        return None, check.problems

    title_html, summary_html = markdown.render_inline(title), markdown.render_inline(summary)
    common: dict[str, Any] = {
        "kind": kind,
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
    item: ContentItem
    if kind == "news":
        item = Article(**common, project=project)
    elif kind == "project":
        item = Project(**common, status=status, period=period, programme=programme)
    else:
        item = Page(**common)
    return item, []


def load_content(root: Path, static_dir: Path | None = None) -> ContentRepository:
    """Loads and validates everything under `root`; raises ContentError listing every problem.
    With `static_dir`, every image must also exist there (the page would fail without it)."""
    items: list[ContentItem] = []
    problems: list[Problem] = []
    if not root.is_dir():
        raise ContentError([Problem(str(root), 0, "content folder does not exist")])
    for path in sorted(root.rglob("*.md")):
        parts = path.relative_to(root).parts
        if len(parts) != 3 or parts[0] not in LOCALES or parts[1] not in KIND_DIRS:
            # A file in the wrong folder would silently never be published.
            problems.append(
                Problem(
                    _relative(path, root),
                    1,
                    "file is in the wrong place: content "
                    f"goes in <{'|'.join(LOCALES)}>/<{'|'.join(KIND_DIRS)}>/<slug>.md",
                )
            )
            continue
        item, found = load_file(path, parts[0], KIND_DIRS[parts[1]], root, static_dir)
        problems.extend(found)
        if item is not None:
            items.append(item)
    problems.extend(_check_collection(items, root))
    if problems:
        raise ContentError(problems)
    return ContentRepository(items)


def _field_line(item: ContentItem, field: str) -> int:
    """The line of `field` in an item's file, for problems found across files."""
    try:
        return parse(item.source.read_text(encoding="utf-8-sig").replace("\r\n", "\n")).line(field)
    except (OSError, FrontMatterError):
        return 1


def _taken_segments(locale: str) -> dict[str, str]:
    """Other pages' addresses that look like a plain page's ("novice" → /sl/novice/)."""
    taken: dict[str, str] = {}
    for name, paths in PATHS.items():
        parts = paths.get(locale, "").strip("/").split("/")
        # Only an address of exactly one segment shadows a page: /sl/kontakt/obrazec/ does not.
        if name != "page" and len(parts) == 2 and paths[locale].endswith("/"):
            taken[parts[1]] = paths[locale]
    return taken


def _check_collection(items: list[ContentItem], root: Path) -> list[Problem]:
    problems: list[Problem] = []
    seen_slugs: dict[tuple[str, str, str], ContentItem] = {}
    keys: dict[tuple[str, str], set[str]] = {}
    for item in items:
        name = _relative(item.source, root)
        slot = (item.kind, item.locale, item.slug)
        if slot in seen_slugs:
            other = _relative(seen_slugs[slot].source, root)
            problems.append(
                Problem(
                    name,
                    _field_line(item, "slug"),
                    f"duplicate slug '{item.slug}' (also in {other})",
                )
            )
        else:
            seen_slugs[slot] = item
        keys.setdefault((item.kind, item.key), set()).add(item.locale)
    for item in items:
        present = keys[(item.kind, item.key)]
        # An item published in one language only says so (`only_in_this_language: true`);
        # otherwise a missing twin is a mistake, such as a typo in `key`.
        if len(present) < len(LOCALES) and item.extra.get("only_in_this_language") != "true":
            missing = ", ".join(sorted(set(LOCALES) - present))
            problems.append(
                Problem(
                    _relative(item.source, root),
                    _field_line(item, "key"),
                    f"translation key '{item.key}' has no twin in: {missing}",
                )
            )
    slugs = {(item.kind, item.locale, item.slug) for item in items}
    for item in items:
        for line, href in item.links:
            message = broken_link(href, slugs)
            if message:
                problems.append(Problem(_relative(item.source, root), line, message))
        taken = _taken_segments(item.locale)
        if isinstance(item, Page) and item.slug in taken:
            # The page route comes last in the routing table: this page could never be reached.
            problems.append(
                Problem(
                    _relative(item.source, root),
                    _field_line(item, "slug"),
                    f"slug '{item.slug}' is already the address {taken[item.slug]}: choose another",
                )
            )
        if isinstance(item, Article) and item.project and ("project", item.project) not in keys:
            problems.append(
                Problem(
                    _relative(item.source, root),
                    _field_line(item, "project"),
                    f"project '{item.project}' does not exist",
                )
            )
    return problems
