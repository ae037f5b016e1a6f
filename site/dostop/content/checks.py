"""Editorial accessibility checks on content, each with a plain message an editor can act on."""

from __future__ import annotations

import re
from collections.abc import Iterator

from markdown_it.token import Token

from dostop.content.markdown import parse_inline

# Alt text that is really a file name: underscores, an extension, or a camera's own name.
FILE_EXTENSION = re.compile(r"\.(jpe?g|png|gif|webp|svg|tiff?|heic|bmp)$", re.IGNORECASE)
CAMERA_NAME = re.compile(r"^(IMG|DSC|DSCN|DSCF|PXL|GOPR|P\d{3}|_MG)[_\- ]?\d+", re.IGNORECASE)
# Raw HTML is switched off in the renderer, so it would show as text; the check says so early.
RAW_HTML = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>|<!--")
# A language tag as BCP 47 writes it (en, sl, de-AT): axe's valid-lang rule, WCAG 3.1.2.
LANGUAGE_TAG = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
VAGUE_LINKS = {
    "click here",
    "here",
    "read more",
    "more",
    "link",
    "this link",
    "klikni tukaj",
    "kliknite tukaj",
    "tukaj",
    "preberi več",
    "preberite več",
    "več",
    "povezava",
}


def check_alt_text(alt: str) -> list[str]:
    if not alt:
        return ["alt text is missing: describe what the picture shows"]
    if "_" in alt or FILE_EXTENSION.search(alt) or CAMERA_NAME.match(alt):
        return [f"alt text '{alt}' looks like a file name: describe what the picture shows"]
    return []


def check_body(tokens: list[Token]) -> Iterator[tuple[int, str]]:
    """Yields (line within the body, counted from 0, message). The page title is the <h1>,
    so body headings start at level 2 and never skip a level (WCAG 1.3.1)."""
    previous_level = 1
    for token in tokens:
        line = token.map[0] if token.map else 0
        if token.type == "heading_open":
            level = int(token.tag[1])
            if level == 1:
                yield line, "a body heading cannot be level 1: the title is the page's only <h1>"
            elif level > previous_level + 1 and previous_level == 1:
                first = "the first heading after the title is h2"
                yield line, f"heading level skipped: {first}, not h{level}"
            elif level > previous_level + 1:
                yield line, f"heading level skipped: h{previous_level} is followed by h{level}"
            previous_level = level
        if token.type == "html_block":
            yield line, "raw HTML is not allowed in content: use Markdown"
        if token.type == "inline":
            for offset, message in _check_inline(token.children or []):
                yield line + offset, message


def check_inline_text(text: str, *, links_allowed: bool = True) -> list[str]:
    """Checks a one-line field such as a title, which is Markdown too. A title is itself the
    link in every list, and a link inside a link is invalid HTML that screen readers garble."""
    tokens = parse_inline(text)
    problems = [message for _, message in _check_inline(tokens)]
    if not links_allowed and any(t.type in {"link_open", "image"} for t in tokens):
        problems.append("a title cannot hold a link or an image: it becomes a link in lists")
    return problems


def _check_inline(children: list[Token]) -> Iterator[tuple[int, str]]:
    """Yields (line offset within the paragraph, message): a paragraph spans several lines,
    and the editor is sent to the one with the problem."""
    offset = 0
    link_text: list[str] | None = None
    link_line = 0
    for token in children:
        if token.type in {"softbreak", "hardbreak"}:
            offset += 1
        if token.type == "text" and RAW_HTML.search(token.content):
            yield offset, "raw HTML is not allowed in content: use Markdown"
        if token.type == "image":
            # A Markdown image would have no size, no credit and no hashed URL.
            yield (
                offset,
                (
                    f"image {token.attrs.get('src', '')} in the text: list it under 'images' "
                    "(with alt, width and height) and place it with [[image:N]]"
                ),
            )
        if token.type == "span_open":
            lang = str(token.attrs.get("lang", ""))
            if "lang" in token.attrs and not LANGUAGE_TAG.match(lang):
                yield (
                    offset,
                    (
                        f"language '{lang}' is not a language code: "
                        "write it like {lang=en} or {lang=de}"
                    ),
                )
        if token.type == "link_open":
            link_text, link_line = [], offset
        elif token.type == "link_close" and link_text is not None:
            text = " ".join("".join(link_text).split())
            if not text:
                yield link_line, "a link has no text: say where it leads"
            elif text.lower().strip(" .!»«") in VAGUE_LINKS:
                yield (
                    link_line,
                    f"link text '{text}' does not say where it leads: name the destination",
                )
            link_text = None
        elif link_text is not None and token.type in {"text", "code_inline", "image"}:
            link_text.append(token.content)
        elif link_text is not None and token.type in {"softbreak", "hardbreak"}:
            link_text.append(" ")
