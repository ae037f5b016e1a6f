"""Markdown as the agency writes it, rendered with markdown-it-py.

Two additions to CommonMark, both needed for accessible text:
- a passage in another language: `[Roadmap: Culture and Creative Industry Strategy]{lang=en}`
  (WCAG 3.1.2, Language of Parts) via the attrs plugin;
- abbreviations, defined once per file as `*[KKI]: kulturne in kreativne industrije` and marked
  `<abbr title>` at their first use (WCAG 3.1.4, Abbreviations).
Raw HTML is not allowed: it is escaped, and `dostop content check` reports it.
"""

from __future__ import annotations

import html
import re

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from mdit_py_plugins.attrs import attrs_plugin

ABBR_DEFINITION = re.compile(r"^\*\[([^\]]+)\]:[ \t]*(.+?)[ \t]*$", re.MULTILINE)
IMAGE_MARKER = re.compile(r"^\[\[image:(\d+)\]\]$")
ALLOWED_SPAN_ATTRS = {"lang", "dir"}


def extract_abbreviations(text: str) -> tuple[str, dict[str, str]]:
    """Removes the definition lines (keeping line numbers) and returns them as a mapping."""
    found: dict[str, str] = {}

    def take(match: re.Match[str]) -> str:
        found[match.group(1).strip()] = match.group(2)
        return ""

    return ABBR_DEFINITION.sub(take, text), found


def _abbr_rule(state: StateCore) -> None:
    abbreviations: dict[str, str] = state.env.get("abbreviations", {})
    if not abbreviations:
        return
    pattern = re.compile(r"\b(" + "|".join(re.escape(a) for a in abbreviations) + r")\b")
    seen: set[str] = state.env.setdefault("abbr_seen", set())
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        children: list[Token] = []
        for token in block.children:
            if token.type != "text" or not pattern.search(token.content):
                children.append(token)
                continue
            position = 0
            for match in pattern.finditer(token.content):
                name = match.group(1)
                if name in seen:
                    continue
                seen.add(name)
                before = Token("text", "", 0, content=token.content[position : match.start()])
                tag = Token("html_inline", "", 0)
                tag.content = (
                    f'<abbr title="{html.escape(abbreviations[name])}">{html.escape(name)}</abbr>'
                )
                children.extend([before, tag])
                position = match.end()
            children.append(Token("text", "", 0, content=token.content[position:]))
        block.children = children


def _sanitize_spans(state: StateCore) -> None:
    """Only `lang` and `dir` survive on attribute spans; anything else would be a way in."""
    for block in state.tokens:
        for token in block.children or []:
            if token.attrs:
                token.attrs = {
                    k: v
                    for k, v in token.attrs.items()
                    if k in ALLOWED_SPAN_ATTRS
                    or (
                        token.type in {"link_open", "image"}
                        and k in {"href", "src", "alt", "title"}
                    )
                }


def make_renderer() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "typographer": False})
    md.use(attrs_plugin, spans=True)
    md.core.ruler.push("dostop_abbr", _abbr_rule)
    md.core.ruler.push("dostop_sanitize", _sanitize_spans)
    return md


_RENDERER = make_renderer()


def render(
    text: str, abbreviations: dict[str, str] | None = None, seen: set[str] | None = None
) -> str:
    """`seen` carries the abbreviations already explained across the pieces of one body
    (a body is rendered in pieces around its figures), so only the first use is marked."""
    env = {"abbreviations": abbreviations or {}, "abbr_seen": set() if seen is None else seen}
    return str(_RENDERER.render(text, env))


def render_tokens(tokens: list[Token]) -> str:
    """HTML from tokens `parse` made: a body without figures is parsed once, for its checks,
    and rendered from the same tokens (its abbreviations were marked while parsing)."""
    return str(_RENDERER.renderer.render(tokens, _RENDERER.options, {}))


def render_inline(text: str) -> str:
    return str(_RENDERER.renderInline(text, {}))


def parse_inline(text: str) -> list[Token]:
    tokens = _RENDERER.parseInline(text, {})
    return (tokens[0].children or []) if tokens else []


def parse(text: str, abbreviations: dict[str, str] | None = None) -> list[Token]:
    return _RENDERER.parse(text, {"abbreviations": abbreviations or {}})


TAG = re.compile(r"<[^>]+>")


def plain_text(rendered_html: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", TAG.sub(" ", rendered_html))).strip()
