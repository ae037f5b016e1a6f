"""Editorial accessibility checks on content, each with a plain message an editor can act on."""

from __future__ import annotations

import re
from collections.abc import Iterator

from markdown_it.token import Token

# Alt text that is really a file name: underscores, an extension, or a camera's own name.
FILE_EXTENSION = re.compile(r"\.(jpe?g|png|gif|webp|svg|tiff?|heic|bmp)$", re.IGNORECASE)
CAMERA_NAME = re.compile(r"^(IMG|DSC|DSCN|DSCF|PXL|GOPR|P\d{3}|_MG)[_\- ]?\d+", re.IGNORECASE)
# Raw HTML is switched off in the renderer, so it would show as text; the check says so early.
RAW_HTML = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>|<!--")
VAGUE_LINKS = {
    "click here", "here", "read more", "more", "link", "this link",
    "klikni tukaj", "kliknite tukaj", "tukaj", "preberi več", "preberite več", "več", "povezava",
}


def check_alt_text(alt: str) -> list[str]:
    if not alt:
        return ["alt text is missing: describe what the picture shows"]
    if "_" in alt or FILE_EXTENSION.search(alt) or CAMERA_NAME.match(alt):
        return [f"alt text '{alt}' looks like a file name: describe what the picture shows"]
    return []


def check_body(tokens: list[Token], locale: str) -> Iterator[tuple[int, str]]:
    """Yields (line within the body, message). The page title is the <h1>, so body headings
    start at level 2 and never skip a level (WCAG 1.3.1)."""
    previous_level = 1
    for index, token in enumerate(tokens):
        line = (token.map[0] if token.map else 0)
        if token.type == "heading_open":
            level = int(token.tag[1])
            if level == 1:
                yield line, "a body heading cannot be level 1: the title is the page's only <h1>"
            elif level > previous_level + 1:
                yield line, (f"heading level skipped: h{previous_level} is followed by h{level}")
            previous_level = level
        if token.type == "html_block":
            yield line, "raw HTML is not allowed in content: use Markdown"
        if token.type == "inline":
            yield from ((line, m) for m in _check_inline(token.children or []))


def _check_inline(children: list[Token]) -> Iterator[str]:
    link_text: list[str] | None = None
    for token in children:
        if token.type == "text" and RAW_HTML.search(token.content):
            yield "raw HTML is not allowed in content: use Markdown"
        if token.type == "link_open":
            link_text = []
        elif token.type == "link_close" and link_text is not None:
            text = " ".join("".join(link_text).split())
            if not text:
                yield "a link has no text: say where it leads"
            elif text.lower().strip(" .!»«") in VAGUE_LINKS:
                yield f"link text '{text}' does not say where it leads: name the destination"
            link_text = None
        elif link_text is not None and token.type in {"text", "code_inline"}:
            link_text.append(token.content)
        elif link_text is not None and token.type == "image":
            link_text.append(token.content)
