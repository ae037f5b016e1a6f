"""HTTP caching: each public page is rendered once per variant and replayed from memory.

A public page is a function of the content, the language, the visitor's preferences, the path
with its query, and whether htmx asked for a fragment (DESIGN.md: no per-visitor tokens in
pages). So `ResponseCache`, a pure ASGI middleware, keeps every response that declares itself
public (`Cache-Control: public`, status 200, no `Set-Cookie`) under exactly that key, with a
strong ETag per encoding and gzip and brotli bodies compressed once. A hit never reaches the
router or the view: it costs a dictionary lookup.

HTTP caches in front (nginx, a CDN, the browser) see `Vary: HX-Request, HX-Request-Type,
HX-Boosted, HX-History-Restore-Request, Cookie, Accept-Encoding`. The page renders the visitor's
accessibility mode from the preferences cookie, so `Cookie` must be in `Vary`: a visitor without
the cookie (most visitors) shares one copy; a shared cache keys everyone else on their cookie.
Inside the app we key on the verified preferences instead of the raw header, which is the same
thing with fewer copies. Content loads once at start-up; its version hash is part of the key.
"""

from __future__ import annotations

import gzip
import hashlib
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import brotli
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# Shared caches may keep a public page a minute, and serve it stale while they fetch a fresh
# copy for ten more (RFC 5861). Content only changes with a deploy, which restarts the app.
PUBLIC_PAGE = "public, max-age=60, stale-while-revalidate=600"
# A page for this visitor only (a form with their errors): never kept anywhere.
PRIVATE_PAGE = "private, no-store"
# Errors and other non-200 answers: a cache must ask again each time.
REVALIDATE = "no-cache"

# The request headers that decide between a full page and an htmx fragment (htmx 4 sends
# HX-Request always, HX-Request-Type "partial" or "full", HX-Boosted, HX-History-Restore-Request).
FRAGMENT_HEADERS = ("HX-Request", "HX-Request-Type", "HX-Boosted", "HX-History-Restore-Request")
PAGE_VARY = ", ".join((*FRAGMENT_HEADERS, "Cookie"))
_KEYED_VARY = {h.lower() for h in FRAGMENT_HEADERS} | {"cookie", "accept-encoding"}

MAX_ENTRIES = 4096
MAX_BYTES = 64 * 1024 * 1024
# Pages with a query (search, ?page=N) get their own, smaller store: a stream of new search
# terms must not push the home page and the articles out.
MAX_QUERY_ENTRIES = 512
COMPRESS_FROM = 512  # bytes: below this, compression saves less than its headers cost


def wants_fragment(headers: Mapping[str, str]) -> bool:
    """An htmx request that wants a fragment: not a boosted navigation, not a history restore,
    not a request for the full page. `headers` has lower-case names."""
    if headers.get("hx-request") != "true":
        return False
    if headers.get("hx-boosted") or headers.get("hx-history-restore-request"):
        return False
    return headers.get("hx-request-type", "partial") != "full"


def content_version(root: Path) -> str:
    """A hash of every content file (names and bytes): a new version empties the page cache."""
    digest = hashlib.blake2b(digest_size=8)
    if root.is_dir():
        for path in sorted(root.rglob("*")):
            if path.is_file():
                digest.update(str(path.relative_to(root)).encode() + b"\0")
                digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


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

    __slots__ = ("base", "body", "tag", "identity", "gzip", "brotli", "size")

    def __init__(self, base: RawHeaders, body: bytes) -> None:
        self.base = base
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


def make_entry(headers: RawHeaders, body: bytes) -> Entry:
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
    # We choose the encoding, so Accept-Encoding joins whatever the page already varies on.
    base.append((b"vary", vary + b", Accept-Encoding" if vary else b"Accept-Encoding"))
    return Entry(base, body)


def preferred_encoding(accept_encoding: bytes) -> str:
    """"br", "gzip" or "" from an Accept-Encoding header (a coding with q=0 is refused)."""
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
    if "br" in accepted:
        return "br"
    if "gzip" in accepted or "*" in accepted:
        return "gzip"
    return ""


class PageStore:
    """A bounded LRU of cached pages, by entries and by bytes."""

    def __init__(self, max_entries: int = MAX_ENTRIES, max_bytes: int = MAX_BYTES) -> None:
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self.bytes = 0
        self._entries: OrderedDict[tuple[Any, ...], Entry] = OrderedDict()

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: tuple[Any, ...]) -> Entry | None:
        entry = self._entries.get(key)
        if entry is not None:
            self._entries.move_to_end(key)
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

    def clear(self) -> None:
        self._entries.clear()
        self.bytes = 0


def _storable(message: Message) -> bool:
    """A response that says it may be kept by anyone, and that no request header outside our
    key changes."""
    if message["status"] != 200:
        return False
    public = False
    for name, value in message.get("headers", ()):
        if name == b"set-cookie" or name == b"content-encoding":
            return False
        if name == b"cache-control":
            public = value.startswith(b"public")
        elif name == b"vary":
            names = {v.strip().lower() for v in value.decode("latin-1").split(",")}
            if not names <= _KEYED_VARY:
                return False
    return public


def _never_public_with_cookie(message: Message) -> None:
    """A response that sets a cookie is for one visitor: no cache may keep it."""
    headers = message.get("headers", ())
    if not any(name == b"set-cookie" for name, _ in headers):
        return
    message["headers"] = [(k, v) for k, v in headers if k != b"cache-control"]
    message["headers"].append((b"cache-control", PRIVATE_PAGE.encode()))


class ResponseCache:
    """Pure ASGI: replays cached public pages, and keeps new ones. Runs after
    RequestContextMiddleware (it keys on the locale and the verified preferences)."""

    def __init__(self, app: ASGIApp, *, version: str, max_entries: int = MAX_ENTRIES,
                 max_bytes: int = MAX_BYTES) -> None:
        self.app = app
        self.version = version
        self.store = PageStore(max_entries, max_bytes)
        self.query_store = PageStore(min(max_entries, MAX_QUERY_ENTRIES), max_bytes // 4)
        self._encodings: dict[bytes, str] = {}
        self._pref_keys: dict[Any, Any] = {}

    def _prefs_key(self, prefs: Any) -> Any:
        """prefs.cache_key(), remembered: it builds a dict of every field (a third of a hit)."""
        if prefs is None:
            return None
        key = self._pref_keys.get(prefs)
        if key is None:
            key = prefs.cache_key()
            if len(self._pref_keys) >= 4096:
                self._pref_keys.clear()
            self._pref_keys[prefs] = key
        return key

    def _encoding(self, accept_encoding: bytes) -> str:
        encoding = self._encodings.get(accept_encoding)
        if encoding is None:
            encoding = preferred_encoding(accept_encoding)
            if len(self._encodings) < 256:  # browsers send a handful of distinct values
                self._encodings[accept_encoding] = encoding
        return encoding

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        method = scope["method"]
        if method not in ("GET", "HEAD"):
            await self.app(scope, receive, _no_public_cookies(send))
            return
        hx: dict[str, str] = {}
        accept_encoding = if_none_match = b""
        for name, value in scope["headers"]:
            if name.startswith(b"hx-"):
                hx[name.decode("latin-1")] = value.decode("latin-1")
            elif name == b"accept-encoding":
                accept_encoding = value
            elif name == b"if-none-match":
                if_none_match = value
        state = scope.get("state") or {}
        key = (self.version, scope["path"], scope["query_string"], state.get("locale"),
               self._prefs_key(state.get("prefs")), wants_fragment(hx))
        store = self.query_store if scope["query_string"] else self.store
        entry = store.get(key)
        if entry is not None:
            await _replay(entry, self._encoding(accept_encoding), if_none_match, method, send)
            return
        if method == "HEAD":  # a HEAD answer carries no body to keep
            await self.app(scope, receive, _no_public_cookies(send))
            return

        start: Message | None = None
        chunks: list[bytes] = []

        async def capture(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                if _storable(message):
                    start = message
                    return
                _never_public_with_cookie(message)
            elif message["type"] == "http.response.body" and start is not None:
                chunks.append(message.get("body", b""))
                if message.get("more_body", False):
                    return
                entry = make_entry(list(start.get("headers", ())), b"".join(chunks))
                store.put(key, entry)
                await _replay(entry, self._encoding(accept_encoding), if_none_match, method, send)
                return
            await send(message)

        await self.app(scope, receive, capture)


def _no_public_cookies(send: Send) -> Send:
    async def guarded(message: Message) -> None:
        if message["type"] == "http.response.start":
            _never_public_with_cookie(message)
        await send(message)

    return guarded


async def _replay(entry: Entry, encoding: str, if_none_match: bytes, method: str,
                  send: Send) -> None:
    if if_none_match:
        held = entry.matching(if_none_match)
        if held is not None:
            await send({"type": "http.response.start", "status": 304,
                        "headers": held.not_modified_headers})
            await send({"type": "http.response.body", "body": b""})
            return
    variant = entry.variant(encoding)
    await send({"type": "http.response.start", "status": 200, "headers": variant.headers})
    await send({"type": "http.response.body", "body": b"" if method == "HEAD" else variant.body})
