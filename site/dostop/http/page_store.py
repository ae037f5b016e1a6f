"""Cached pages: each with its identity, gzip and brotli bytes and a strong ETag per encoding,
kept in a bounded LRU store (used by cache.ResponseCache)."""

from __future__ import annotations

import gzip
import hashlib
from email.utils import parsedate_to_datetime
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import brotli

COMPRESS_FROM = 512  # bytes: below this, compression saves less than its headers cost

RawHeaders = list[tuple[bytes, bytes]]

# Representation metadata a 304 leaves out (RFC 9110, 15.4.5).
_NOT_IN_304 = {b"content-length", b"content-type", b"content-language", b"content-encoding"}


@dataclass(frozen=True)
class Variant:
    """One encoding of a cached page: its bytes and its headers, built once."""

    etag: bytes
    body: bytes
    headers: RawHeaders
    not_modified_headers: RawHeaders


class Entry:
    """A cached page: its identity bytes at once, gzip and brotli the first time a client
    asks for them (a miss costs no compression a client did not ask for)."""

    __slots__ = ("base", "body", "tag", "identity", "gzip", "brotli", "size", "expires",
                 "depends_on")

    def __init__(self, base: RawHeaders, body: bytes,
                 depends_on: frozenset[str] | None = None) -> None:
        self.base = base
        # What in the content the page shows (http/dependencies.py): publishing a change drops
        # only the pages that name what changed. None: it may show anything, any change drops it.
        self.depends_on = depends_on
        # When the page stops being true (an `Expires` header: a call's status changes), as a
        # POSIX timestamp; None: as long as the content does not change.
        self.expires = _expires(base)
        self.body = body
        self.tag = hashlib.blake2b(body, digest_size=12).hexdigest().encode()
        self.identity = _variant(base, body, b'"' + self.tag + b'"', None)
        self.gzip: Variant | None = None
        self.brotli: Variant | None = None
        # Budgeted at its largest: identity plus both encodings, which are smaller.
        self.size = len(body) * 2 if len(body) > COMPRESS_FROM else len(body)

    def variant(self, encoding: str) -> Variant:
        if not encoding or len(self.body) <= COMPRESS_FROM:
            return self.identity
        if encoding == "br":
            if self.brotli is None:
                self.brotli = _variant(self.base, brotli.compress(self.body, quality=5),
                                       b'"' + self.tag + b'-br"', b"br")
            return self.brotli
        if self.gzip is None:
            self.gzip = _variant(self.base, gzip.compress(self.body, 6, mtime=0),
                                 b'"' + self.tag + b'-gz"', b"gzip")
        return self.gzip

    def matching(self, if_none_match: bytes) -> Variant | None:
        """The variant whose ETag If-None-Match names (weak comparison, RFC 9110 13.1.2)."""
        variants = [v for v in (self.identity, self.gzip, self.brotli) if v is not None]
        for candidate in if_none_match.split(b","):
            candidate = candidate.strip()
            if candidate == b"*":
                return variants[0]
            if candidate.startswith(b"W/"):
                candidate = candidate[2:]
            for variant in variants:
                if variant.etag == candidate:
                    return variant
        return None


def _variant(base: RawHeaders, body: bytes, etag: bytes, encoding: bytes | None) -> Variant:
    headers = list(base)
    if encoding is not None:
        headers.append((b"content-encoding", encoding))
    headers.append((b"etag", etag))
    not_modified = [(k, v) for k, v in headers if k not in _NOT_IN_304]
    headers.append((b"content-length", str(len(body)).encode()))
    return Variant(etag=etag, body=body, headers=headers, not_modified_headers=not_modified)


def _expires(headers: RawHeaders) -> float | None:
    for name, value in headers:
        if name == b"expires":
            try:
                return parsedate_to_datetime(value.decode("latin-1")).timestamp()
            except (TypeError, ValueError):
                return None
    return None


def make_entry(headers: RawHeaders, body: bytes,
               depends_on: frozenset[str] | None = None) -> Entry:
    """A page with strong ETags: a strong validator names exact bytes, so each encoding
    has its own."""
    base: RawHeaders = []
    vary = b""
    for name, value in headers:
        if name in (b"content-length", b"etag", b"content-encoding"):
            continue
        if name == b"vary":
            vary = value
            continue
        base.append((name, value))
    # We choose the encoding, so Accept-Encoding joins whatever the page already varies on
    # (once: a static file names it itself).
    if b"accept-encoding" not in vary.lower():
        vary = vary + b", Accept-Encoding" if vary else b"Accept-Encoding"
    base.append((b"vary", vary))
    return Entry(base, body, depends_on)


def preferred_encoding(accept_encoding: bytes, available: tuple[str, ...] = ("br", "gzip")) -> str:
    """"br", "gzip" or "" from an Accept-Encoding header (a coding with q=0 is refused): the
    first of `available` (in the order we prefer them) that the client accepts."""
    accepted = accepted_codings(accept_encoding)
    return next((coding for coding in available if coding in accepted), "")


def accepted_codings(accept_encoding: bytes) -> set[str]:
    """The codings an Accept-Encoding header admits; "*" admits gzip (brotli must be named,
    as browsers do, since some proxies mangle it)."""
    accepted: set[str] = set()
    for part in accept_encoding.decode("latin-1").lower().split(","):
        coding, _, params = part.partition(";")
        quality = params.strip().removeprefix("q=")
        try:
            if params and float(quality) <= 0:
                continue
        except ValueError:
            continue
        accepted.add(coding.strip())
    if "*" in accepted:
        accepted.add("gzip")
    return accepted


class PageStore:
    """A bounded LRU of cached pages, by entries and by bytes."""

    def __init__(self, max_entries: int = 4096, max_bytes: int = 64 * 1024 * 1024) -> None:
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self.bytes = 0
        # Pages replayed and pages dropped because the content changed, for the tests and
        # the benchmarks to read (a hit is otherwise indistinguishable from a fresh render).
        self.hits = 0
        self.dropped = 0
        self._entries: OrderedDict[tuple[Any, ...], Entry] = OrderedDict()

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: tuple[Any, ...]) -> Entry | None:
        entry = self._entries.get(key)
        if entry is not None:
            self._entries.move_to_end(key)
            self.hits += 1
        return entry

    def put(self, key: tuple[Any, ...], entry: Entry) -> None:
        if entry.size > self.max_bytes // 8:
            return  # one huge page must not push out everything else
        old = self._entries.pop(key, None)
        if old is not None:
            self.bytes -= old.size
        self._entries[key] = entry
        self.bytes += entry.size
        while len(self._entries) > self.max_entries or self.bytes > self.max_bytes:
            _, evicted = self._entries.popitem(last=False)
            self.bytes -= evicted.size

    def drop(self, key: tuple[Any, ...]) -> None:
        entry = self._entries.pop(key, None)
        if entry is not None:
            self.bytes -= entry.size

    def drop_affected(self, affected: frozenset[str]) -> int:
        """Drops every page that depends on something in `affected`, or on all the content
        (no declared dependencies); keeps the rest. Returns how many were dropped."""
        doomed = [key for key, entry in self._entries.items()
                  if entry.depends_on is None or not entry.depends_on.isdisjoint(affected)]
        for key in doomed:
            self.drop(key)
        self.dropped += len(doomed)
        return len(doomed)

    def clear(self) -> None:
        self._entries.clear()
        self.bytes = 0
