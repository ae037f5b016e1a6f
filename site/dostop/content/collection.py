"""Checks across files: slugs, translation twins, projects, links and addresses."""

from __future__ import annotations

from pathlib import Path

from dostop.content.frontmatter import FrontMatterError, parse
from dostop.content.links import broken_link
from dostop.content.model import Article, ContentItem, Page
from dostop.content.problems import Problem, relative_name
from dostop.i18n import LOCALES
from dostop.urls import PATHS


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


def check_collection(items: list[ContentItem], root: Path) -> list[Problem]:
    problems: list[Problem] = []
    seen_slugs: dict[tuple[str, str, str], ContentItem] = {}
    keys: dict[tuple[str, str], set[str]] = {}
    for item in items:
        name = relative_name(item.source, root)
        slot = (item.kind, item.locale, item.slug)
        if slot in seen_slugs:
            other = relative_name(seen_slugs[slot].source, root)
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
                    relative_name(item.source, root),
                    _field_line(item, "key"),
                    f"translation key '{item.key}' has no twin in: {missing}",
                )
            )
    slugs = {(item.kind, item.locale, item.slug) for item in items}
    for item in items:
        for line, href in item.links:
            message = broken_link(href, slugs)
            if message:
                problems.append(Problem(relative_name(item.source, root), line, message))
        taken = _taken_segments(item.locale)
        if isinstance(item, Page) and item.slug in taken:
            # The page route comes last in the routing table: this page could never be reached.
            problems.append(
                Problem(
                    relative_name(item.source, root),
                    _field_line(item, "slug"),
                    f"slug '{item.slug}' is already the address {taken[item.slug]}: choose another",
                )
            )
        if isinstance(item, Article) and item.project and ("project", item.project) not in keys:
            problems.append(
                Problem(
                    relative_name(item.source, root),
                    _field_line(item, "project"),
                    f"project '{item.project}' does not exist",
                )
            )
    return problems
