"""The fields and body of one content file, checked: each problem at the line it concerns."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from dostop.content import markdown
from dostop.content.checks import check_alt_text, check_body
from dostop.content.frontmatter import FrontMatter
from dostop.content.links import internal_links
from dostop.content.model import Block, Image
from dostop.content.problems import Problem


class FieldChecker:
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

    def date(self, required: bool, field: str = "date", kind: str = "") -> dt.date | None:
        """`kind` names the content type in the message when a required date is missing."""
        value = self.meta.get(field)
        if value is None:
            if required:
                self.add(self.front.line(field), f"{kind or 'this item'} needs a '{field}' "
                         "as YYYY-MM-DD")
            return None
        try:
            return dt.date.fromisoformat(str(value).strip())
        except ValueError:
            self.add(
                self.front.line(field), f"{field} '{value}' is not a date: write it as YYYY-MM-DD"
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
        if not images and "[[image:" not in body:
            # One piece: render the tokens the checks already have (a second parse was a
            # sixth of start-up; bench/README.md).
            return [b for b in [Block(html=markdown.render_tokens(tokens))] if b.html.strip()]
        seen: set[str] = set()  # abbreviations are explained once per body, not once per piece
        blocks: list[Block] = []
        chunk: list[str] = []
        placed: set[int] = set()
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
                placed.add(number)
            else:
                self.add(
                    self.front.body_line + offset,
                    f"[[image:{number}]] names no image: this file has {len(images)} in 'images'",
                )
        blocks.append(Block(html=markdown.render("\n".join(chunk), abbreviations, seen)))
        for number in sorted(set(range(1, len(images) + 1)) - placed):
            # Pictures appear only where a marker stands: a listed one would never be seen.
            self.add(
                self.front.line("images", number - 1),
                f"image {number} is never placed: put [[image:{number}]] on its own line "
                "where it belongs in the text",
            )
        return [b for b in blocks if b.image or b.html.strip()]
