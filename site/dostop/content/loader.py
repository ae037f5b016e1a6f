"""Reads `site/content/<locale>/<kind>/<slug>.md` into a validated ContentRepository.

Every problem is reported with its file and line, all at once, so an editor fixes them in one go.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from dostop.content import markdown
from dostop.content.checks import check_alt_text, check_body
from dostop.content.model import Article, Block, ContentItem, Image, Kind, Page, Project
from dostop.content.repository import ContentRepository
from dostop.i18n import LOCALES

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


def _split_front_matter(text: str) -> tuple[str, str, int] | None:
    """Returns (front matter, body, line number where the body starts) or None if absent."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return None
    for index in range(1, len(lines)):
        if lines[index].strip() == "---":
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1 :]), index + 2
    return None


def _relative(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root.parent))
    except ValueError:
        return str(path)


def load_file(path: Path, locale: str, kind: Kind, root: Path) -> tuple[ContentItem | None, list[Problem]]:
    name = _relative(path, root)
    problems: list[Problem] = []
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return None, [Problem(name, 1, "file is not valid UTF-8")]
    split = _split_front_matter(text)
    if split is None:
        return None, [Problem(name, 1, "front matter missing: start the file with '---', "
                                       "the fields, and another '---'")]
    raw_meta, body, body_line = split
    try:
        meta = yaml.safe_load(raw_meta) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = (mark.line + 2) if mark is not None else 1
        problem = getattr(error, "problem", None) or "invalid YAML"
        return None, [Problem(name, line, f"front matter is not valid YAML: {problem}")]
    if not isinstance(meta, dict):
        return None, [Problem(name, 2, "front matter must be a list of 'field: value' lines")]

    def meta_line(field: str) -> int:
        for number, line in enumerate(raw_meta.split("\n"), start=2):
            if line.startswith(f"{field}:"):
                return number
        return 1

    for field in REQUIRED:
        if not str(meta.get(field) or "").strip():
            problems.append(Problem(name, 1, f"front matter field '{field}' is missing or empty"))
    slug = str(meta.get("slug") or "")
    if slug and not SLUG.match(slug):
        problems.append(Problem(name, meta_line("slug"), f"slug '{slug}' must be lower-case "
                                "letters, digits and single hyphens"))
    date = meta.get("date")
    if kind == "news" and not isinstance(date, dt.date):
        problems.append(Problem(name, meta_line("date"), "news needs a 'date' as YYYY-MM-DD"))
        date = None
    if isinstance(date, dt.datetime):
        date = date.date()

    images: list[Image] = []
    for index, raw in enumerate(meta.get("images") or []):
        line = meta_line("images")
        if not isinstance(raw, dict) or not raw.get("src"):
            problems.append(Problem(name, line, f"image {index + 1} needs at least 'src' and 'alt'"))
            continue
        alt = str(raw.get("alt") or "").strip()
        for message in check_alt_text(alt):
            problems.append(Problem(name, line, f"image {index + 1} ({raw['src']}): {message}"))
        try:
            width, height = int(raw.get("width", 0)), int(raw.get("height", 0))
        except (TypeError, ValueError):
            width = height = 0
        if width <= 0 or height <= 0:
            problems.append(Problem(name, line, f"image {index + 1} needs 'width' and 'height' "
                                    "in pixels (they keep the layout from jumping)"))
        images.append(Image(src=str(raw["src"]), alt=alt, width=width, height=height,
                            credit=str(raw.get("credit") or ""), caption=str(raw.get("caption") or "")))

    body, abbreviations = markdown.extract_abbreviations(body)
    tokens = markdown.parse(body, abbreviations)
    for line, message in check_body(tokens, locale):
        problems.append(Problem(name, body_line + line, message))

    blocks: list[Block] = []
    chunk: list[str] = []
    for line in body.split("\n"):
        marker = markdown.IMAGE_MARKER.match(line.strip())
        if marker:
            blocks.append(Block(html=markdown.render("\n".join(chunk), abbreviations)))
            chunk = []
            number = int(marker.group(1))
            if 1 <= number <= len(images):
                blocks.append(Block(image=images[number - 1]))
            else:
                problems.append(Problem(name, body_line, f"[[image:{number}]] names no image"))
        else:
            chunk.append(line)
    blocks.append(Block(html=markdown.render("\n".join(chunk), abbreviations)))
    blocks = [b for b in blocks if b.image or b.html.strip()]

    if problems:
        return None, problems
    common: dict[str, Any] = dict(
        kind=kind, locale=locale, slug=slug, key=str(meta["key"]), title=str(meta["title"]),
        summary=str(meta["summary"]), blocks=tuple(blocks),
        text=markdown.plain_text("".join(b.html for b in blocks)), source=path, date=date,
        tags=tuple(str(t) for t in meta.get("tags") or ()), images=tuple(images),
        title_html=markdown.render_inline(str(meta["title"])),
        summary_html=markdown.render_inline(str(meta["summary"])),
        order=int(meta.get("order", 0) or 0),
        extra={"only_in_this_language": "true"} if meta.get("only_in_this_language") else {},
    )
    item: ContentItem
    if kind == "news":
        item = Article(**common, project=str(meta.get("project") or ""))
    elif kind == "project":
        item = Project(**common, status=str(meta.get("status") or ""),
                       period=str(meta.get("period") or ""), programme=str(meta.get("programme") or ""))
    else:
        item = Page(**common)
    return item, []


def load_content(root: Path) -> ContentRepository:
    """Loads and validates everything under `root`; raises ContentError listing every problem."""
    items: list[ContentItem] = []
    problems: list[Problem] = []
    if not root.is_dir():
        raise ContentError([Problem(str(root), 0, "content folder does not exist")])
    for locale in LOCALES:
        for dirname, kind in KIND_DIRS.items():
            folder = root / locale / dirname
            for path in sorted(folder.glob("*.md")) if folder.is_dir() else []:
                item, found = load_file(path, locale, kind, root)
                problems.extend(found)
                if item is not None:
                    items.append(item)
    problems.extend(_check_collection(items, root))
    if problems:
        raise ContentError(problems)
    return ContentRepository(items)


def _check_collection(items: list[ContentItem], root: Path) -> list[Problem]:
    problems: list[Problem] = []
    seen_slugs: dict[tuple[str, str, str], ContentItem] = {}
    keys: dict[tuple[str, str], set[str]] = {}
    for item in items:
        name = _relative(item.source, root)
        slot = (item.kind, item.locale, item.slug)
        if slot in seen_slugs:
            other = _relative(seen_slugs[slot].source, root)
            problems.append(Problem(name, 1, f"duplicate slug '{item.slug}' (also in {other})"))
        seen_slugs[slot] = item
        keys.setdefault((item.kind, item.key), set()).add(item.locale)
    for item in items:
        present = keys[(item.kind, item.key)]
        # An item published in one language only says so (`only_in_this_language: true`);
        # otherwise a missing twin is a mistake, such as a typo in `key`.
        if len(present) < len(LOCALES) and item.extra.get("only_in_this_language") != "true":
            missing = ", ".join(sorted(set(LOCALES) - present))
            problems.append(Problem(_relative(item.source, root), 1,
                                    f"translation key '{item.key}' has no twin in: {missing}"))
    for item in items:
        if isinstance(item, Article) and item.project and ("project", item.project) not in keys:
            problems.append(Problem(_relative(item.source, root), 1,
                                    f"project '{item.project}' does not exist"))
    return problems
