"""HTML as a small tree for tests that read markup the way a parser does (components' roles and
labels, a page's microdata): elements with their attributes, and their text in document order."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    content: list[Element | str] = field(default_factory=list)  # in document order

    @property
    def children(self) -> list[Element]:
        return [c for c in self.content if isinstance(c, Element)]

    @property
    def text(self) -> str:
        """Its own text, without its children's."""
        return "".join(c for c in self.content if isinstance(c, str))

    def text_content(self) -> str:
        """All its text as the DOM's textContent gives it: in order, spaces as written."""
        return "".join(c if isinstance(c, str) else c.text_content() for c in self.content)

    def all_text(self) -> str:
        return " ".join((self.text + " " + " ".join(c.all_text() for c in self.children)).split())

    def walk(self) -> list[Element]:
        """Every element below this one, in document order."""
        found = []
        for child in self.children:
            found.append(child)
            found.extend(child.walk())
        return found

    def find_all(self, tag: str | None = None, **attrs: str) -> list[Element]:
        return [e for e in self.walk() if (tag is None or e.tag == tag) and all(
            e.attrs.get(name.rstrip("_").replace("_", "-")) == value
            for name, value in attrs.items())]

    def find(self, tag: str | None = None, **attrs: str) -> Element:
        found = self.find_all(tag, **attrs)
        assert found, f"no <{tag}> with {attrs}"
        return found[0]


class TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.root = Element("root", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {name: value or "" for name, value in attrs})
        self.stack[-1].content.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, 0, -1):
            if self.stack[index].tag == tag:
                del self.stack[index:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].content.append(data)


def parse(html: str) -> Element:
    builder = TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root
