"""An item as the content index stores it: the columns it is found by (kind, locale, slug,
key, path) and, in `item`, the values of its other fields in the model's field order, pickled
as one tuple. The item is made again from these on read.

Pickling the item object itself cost most of a first build's time per file: its source Path
is taken apart to be pickled, and every field's name goes in with its value. The columns hold
what they already say, and the source is the content folder joined with the path.
"""

from __future__ import annotations

import dataclasses
import os
import pickle
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from dostop.content.body import LazyBlocks
from dostop.content.declaration import ContentType
from dostop.content.model import ContentItem

# The columns `decode` reads, in its order: a query selects them as `SELECT {COLUMNS} FROM
# item_rows` (the items joined with their records: content/index_schema.py).
COLUMNS = "kind, locale, slug, key, path, item"
# Kept in columns (or, the source, derived from one) rather than in the pickled values; the
# search text is made from the body when asked (ContentItem.text).
IN_COLUMNS = ("kind", "locale", "slug", "key", "source", "text")
PICKLE = pickle.HIGHEST_PROTOCOL


class Records:
    """Encodes and decodes the items of the declared `types` for a content folder `root`."""

    def __init__(self, root: Path, types: Iterable[ContentType]) -> None:
        self.folder = os.path.join(root, "")
        self.stored: dict[str, tuple[type[ContentItem], tuple[str, ...], bool]] = {}
        for declared in types:
            model = declared.model
            names = tuple(f.name for f in dataclasses.fields(model) if f.name not in IN_COLUMNS)
            # A site's own model may compute in __post_init__ or keep its fields in slots:
            # it is made by its __init__.
            plain = not hasattr(model, "__post_init__") and not hasattr(model, "__slots__")
            self.stored[declared.name] = (model, names, plain)

    def encode(self, item: ContentItem) -> bytes:
        names = self.stored[item.kind][1]
        values = [getattr(item, name) for name in names]
        blocks = item.blocks
        if isinstance(blocks, LazyBlocks):
            # Its source alone, as a str where rendered blocks would be a tuple: pickling the
            # object would call back into Python for its state.
            values[names.index("blocks")] = blocks.source
        return pickle.dumps(tuple(values), PICKLE)

    def decode(self, row: tuple[Any, ...]) -> ContentItem:
        """An item from a row of `COLUMNS`."""
        kind, locale, slug, key, path, blob = row
        model, names, plain = self.stored[kind]
        values = dict(zip(names, pickle.loads(blob)))
        if type(values["blocks"]) is str:
            values["blocks"] = LazyBlocks(values["blocks"])
        values.update(kind=kind, locale=locale, slug=slug, key=key,
                      source=Path(self.folder + path))
        if not plain:
            return model(**values)
        item = model.__new__(model)
        # What the dataclass __init__ would do, without a call per field: the values were
        # checked when the file was read, and the models compute nothing on creation.
        item.__dict__.update(values)
        return item
