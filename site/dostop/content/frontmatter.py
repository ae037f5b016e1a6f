"""Front matter: the YAML fields between two `---` lines at the top of a content file.

Parsed from YAML's node tree, so every field keeps the line it is on in the file: an editor
is told `news/x.md:7`, not just the file. Dates stay text and are checked by the loader, so a
wrong date such as 2017-13-45 is a plain message with its line, never a crash.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

TIMESTAMP = "tag:yaml.org,2002:timestamp"


# libyaml's C scanner where PyYAML was built with it: start-up is mostly YAML parsing, and the
# pure-Python scanner is several times slower (bench/startup.py). Marks and messages are the same.
_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_SafeLoader):  # type: ignore[valid-type,misc]
    """SafeLoader without the implicit timestamp type (it raises bare ValueErrors)."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != TIMESTAMP]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

# YAML's own words for the mistakes editors make most, in plain language.
YAML_HINTS = (
    ("quoted scalar", "a quoted value is not closed: add the closing quotation mark"),
    (
        "mapping values are not allowed",
        "a value contains ': ': put the whole value in quotation marks",
    ),
    ("flow sequence", "a list in [ ] is not closed or its items are not separated by commas"),
    ("flow mapping", "a group in { } is not closed"),
    ("'\\t'", "use spaces, not tabs, to indent"),
)


class FrontMatterError(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass(frozen=True)
class FrontMatter:
    fields: dict[str, Any]
    # Line in the file of each field, by path: "title", "images.0" (the item), "images.0.alt".
    lines: dict[str, int] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1  # the file line on which the body starts

    def line(self, *path: str | int, default: int = 1) -> int:
        """The line of the most precise part of `path` that exists (a field, then its item...)."""
        found = default
        for end in range(1, len(path) + 1):
            found = self.lines.get(".".join(str(p) for p in path[:end]), found)
        return found


def parse(text: str) -> FrontMatter:
    head, body, end = _split(text)
    simple = _simple(head)
    if simple is not None:
        return FrontMatter(fields=simple[0], lines=simple[1], body=body, body_line=end + 2)
    raw = "\n".join(head)
    loader = _Loader(raw)
    try:
        node = loader.get_single_node()
        fields = loader.construct_document(node) if node is not None else {}
    except yaml.MarkedYAMLError as error:
        raise _yaml_error(error) from None
    except yaml.YAMLError as error:
        raise FrontMatterError(2, f"front matter is not valid YAML: {error}") from None
    finally:
        loader.dispose()
    if not isinstance(fields, dict):
        raise FrontMatterError(2, "front matter must be 'field: value' lines")
    field_lines: dict[str, int] = {}
    _collect_lines(node, "", field_lines)
    return FrontMatter(fields=fields, lines=field_lines, body=body, body_line=end + 2)


def _split(text: str) -> tuple[list[str], str, int]:
    """The lines between the opening '---' and the closing one, the body after it, and the
    closing line's index. Only the lines around a '---' are looked at (a closing line holds
    one), not every line: the body is taken whole, not split and joined."""
    opening = text.find("\n")
    if (text if opening < 0 else text[:opening]).strip() != "---":
        raise FrontMatterError(
            1,
            "front matter missing: start the file with a line '---', "
            "then the fields, then another '---'",
        )
    start = search = opening + 1
    while opening >= 0:
        found = text.find("---", search)
        if found < 0:
            break
        line_start = text.rfind("\n", 0, found) + 1
        line_end = text.find("\n", found)
        if (text[line_start:] if line_end < 0 else text[line_start:line_end]).strip() == "---":
            head = text[start:line_start - 1].split("\n") if line_start > start else []
            return head, "" if line_end < 0 else text[line_end + 1:], len(head) + 1
        if line_end < 0:
            break
        search = line_end + 1
    raise FrontMatterError(1, "front matter is not closed: add a line '---' after the last field")


# Most files' front matter is `field: value` lines whose values are a double-quoted text
# without escapes, a plain word or phrase, or a flow list of plain words. Such lines mean the
# same to YAML as they read, so they are taken without it (YAML was most of the time spent
# reading a file). Anything else (a value YAML would read as a number, a boolean or null,
# nesting, comments, escapes, a field given twice) is left to YAML and its messages.
_FIELD = re.compile(r'([A-Za-z_][A-Za-z0-9_]*): +(?:"([^"\\]*)"|\[([^\[\]{}"\'#&*!|>%@`]*)\]|'
                    r'([^\s"\'\[\]{}#&*!|>%@`,?:\-][^#]*?))[ \t]*$')
_RISKY = re.compile(r": |:$|\t")


def _plain(value: str) -> bool:
    """Whether YAML reads this plain scalar as the text itself (not a number, bool, null)."""
    if not value or _RISKY.search(value):
        return False
    return not any(regexp.match(value)
                   for _, regexp in _Loader.yaml_implicit_resolvers.get(value[0], []))


def _simple(lines: list[str]) -> tuple[dict[str, Any], dict[str, int]] | None:
    fields: dict[str, Any] = {}
    positions: dict[str, int] = {}
    for number, line in enumerate(lines, start=2):
        if not line.strip():
            continue
        match = _FIELD.fullmatch(line)
        if match is None or match[1] in fields:
            return None
        name, quoted, listed, plain = match.groups()
        value: Any
        if quoted is not None:
            value = quoted
        elif listed is not None:
            value = [item.strip() for item in listed.split(",")] if listed.strip() else []
            if not all(_plain(item) for item in value):
                return None
            for index in range(len(value)):
                positions[f"{name}.{index}"] = number
        elif _plain(plain):
            value = plain
        else:
            return None
        fields[name], positions[name] = value, number
    return fields, positions


def _yaml_error(error: yaml.MarkedYAMLError) -> FrontMatterError:
    words = f"{error.context or ''} {error.problem or ''}"
    mark = error.problem_mark
    # An unclosed quote or bracket is reported where YAML gave up (often the end); the
    # line where it was opened is the one to fix.
    if error.context_mark is not None and ("quoted scalar" in words or "flow" in words):
        mark = error.context_mark
    line = mark.line + 2 if mark is not None else 2  # +1 for 1-based, +1 for the opening '---'
    hint = next((text for needle, text in YAML_HINTS if needle in words), error.problem)
    return FrontMatterError(line, f"front matter is not valid YAML: {hint}")


def _collect_lines(node: yaml.Node | None, prefix: str, lines: dict[str, int]) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key, value in node.value:
            name = f"{prefix}{key.value}"
            if name in seen:
                raise FrontMatterError(
                    key.start_mark.line + 2, f"field '{name}' appears twice: keep one"
                )
            seen.add(name)
            lines[name] = key.start_mark.line + 2
            _collect_lines(value, name + ".", lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines[f"{prefix}{index}"] = item.start_mark.line + 2
            _collect_lines(item, f"{prefix}{index}.", lines)
