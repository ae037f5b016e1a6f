"""Checks across files: slugs, translation twins, references, links and addresses."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from dostop.content.declaration import ContentTypes
from dostop.content.frontmatter import FrontMatterError, parse
from dostop.content.links import broken_link, route_patterns
from dostop.content.model import ContentItem
from dostop.content.problems import Problem, relative_name
from dostop.i18n import LOCALES

if TYPE_CHECKING:
    from dostop.urls import UrlTable


def _field_line(item: ContentItem, field: str) -> int:
    """The line of `field` in an item's file, for problems found across files."""
    try:
        return parse(item.source.read_text(encoding="utf-8-sig").replace("\r\n", "\n")).line(field)
    except (OSError, FrontMatterError):
        return 1


def _taken_segments(paths: Mapping[str, Mapping[str, str]], locale: str) -> dict[str, str]:
    """Other pages' addresses that look like a one-segment item's ("novice" → /sl/novice/)."""
    taken: dict[str, str] = {}
    for by_locale in paths.values():
        parts = by_locale.get(locale, "").strip("/").split("/")
        # Only an address of exactly one segment shadows a page: /sl/kontakt/obrazec/ does not.
        if len(parts) == 2 and by_locale[locale].endswith("/") and "{" not in parts[1]:
            taken[parts[1]] = by_locale[locale]
    return taken


def check_collection(items: list[ContentItem], root: Path, types: ContentTypes,
                     urls: UrlTable) -> list[Problem]:
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
    patterns = route_patterns(urls.paths)
    one_segment = {kind for route, kind in urls.kind_of_route.items() if urls.last(route)}
    taken = {locale: _taken_segments(urls.paths, locale) for locale in LOCALES}
    for item in items:
        for line, href in item.links:
            message = broken_link(href, slugs, patterns, urls.kind_of_route)
            if message:
                problems.append(Problem(relative_name(item.source, root), line, message))
        if item.kind in one_segment and item.slug in taken[item.locale]:
            # Such a route comes last in the routing table: this item could never be reached.
            problems.append(
                Problem(
                    relative_name(item.source, root),
                    _field_line(item, "slug"),
                    f"slug '{item.slug}' is already the address "
                    f"{taken[item.locale][item.slug]}: choose another",
                )
            )
        for field in types[item.kind].fields:
            value = getattr(item, field.name)
            if field.kind == "reference" and value and (field.reference, value) not in keys:
                problems.append(
                    Problem(
                        relative_name(item.source, root),
                        _field_line(item, field.name),
                        f"{field.name} '{value}' does not exist",
                    )
                )
    return problems
