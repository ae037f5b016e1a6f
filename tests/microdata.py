"""A small microdata reader for tests: the items a search engine reads from a page, found by
the HTML Standard's algorithm (section 5.2.5 "Microdata": an item's properties are its
descendants up to the next itemscope, plus the elements its itemref names)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Union

from html_tree import Element, parse

URL_VALUED = {"a": "href", "area": "href", "link": "href", "audio": "src", "embed": "src",
              "iframe": "src", "img": "src", "source": "src", "track": "src", "video": "src",
              "object": "data"}

Value = Union[str, "Item"]


@dataclass
class Item:
    type: str
    properties: dict[str, list[Value]]

    def one(self, name: str) -> Value:
        """The property's only value (an AssertionError names it when it has none or more)."""
        values = self.properties.get(name, [])
        assert len(values) == 1, f"{self.type} {name}: {values}"
        return values[0]


def top_level_items(html: str) -> list[Item]:
    elements = parse(html).walk()
    ids = {e.attrs["id"]: e for e in elements if "id" in e.attrs}
    return [_item(e, ids) for e in elements if "itemscope" in e.attrs and "itemprop" not in e.attrs]


def _item(root: Element, ids: dict[str, Element]) -> Item:
    properties: dict[str, list[Value]] = {}
    pending = root.children + [ids[ref] for ref in root.attrs.get("itemref", "").split()]
    while pending:
        element = pending.pop(0)
        for name in element.attrs.get("itemprop", "").split():
            properties.setdefault(name, []).append(_value(element, ids))
        if "itemscope" not in element.attrs:
            pending[:0] = element.children  # depth first: document order
    return Item(root.attrs.get("itemtype", ""), properties)


def _value(element: Element, ids: dict[str, Element]) -> Value:
    if "itemscope" in element.attrs:
        return _item(element, ids)
    if element.tag == "meta":
        return element.attrs.get("content", "")
    if element.tag in URL_VALUED:
        return element.attrs.get(URL_VALUED[element.tag], "")
    if element.tag in ("data", "meter"):
        return element.attrs.get("value", "")
    if element.tag == "time" and "datetime" in element.attrs:
        return element.attrs["datetime"]
    return element.text_content()
