"""One bounded memo for the hot paths that remember a derived value by its input.

Visitors send the same few cookies, Accept-Encoding values and settings again and again, so
remembering what they turn into saves real time on every request; but the inputs come from
outside, and a flood of distinct ones must not grow memory. So a memo holds at most `size`
entries and, when full, forgets them all: cheaper than an LRU on a hit (a plain dict lookup),
and the few hot keys come back at once.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class BoundedMemo(Generic[K, V]):
    def __init__(self, size: int) -> None:
        self.size = size
        self._values: dict[K, V] = {}

    def __len__(self) -> int:
        return len(self._values)

    def get(self, key: K) -> V | None:
        return self._values.get(key)

    def put(self, key: K, value: V) -> V:
        if len(self._values) >= self.size:
            self._values.clear()
        self._values[key] = value
        return value

    def remember(self, key: K, make: Callable[[], V]) -> V:
        """The value for `key`, made by `make()` the first time (and after the memo forgot)."""
        value = self._values.get(key)
        if value is None:
            value = self.put(key, make())
        return value
