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
thing with fewer copies. The content's version hash at start-up is part of the key; a change
published while the app runs drops only the pages it affects (`PageCache.drop_affected`, with
what each page declared it shows: http/dependencies.py).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from dostop.clock import Clock
from dostop.content.problems import parts_below
from dostop.http.dependencies import dependencies
from dostop.http.cache_control import PRIVATE_PAGE
from dostop.http.page_store import Entry, PageStore, make_entry, preferred_encoding
from dostop.memo import BoundedMemo

# The request headers that decide between a full page and an htmx fragment (htmx 4 sends
# HX-Request always, HX-Request-Type "partial" or "full", HX-Boosted, HX-History-Restore-Request).
FRAGMENT_HEADERS = ("HX-Request", "HX-Request-Type", "HX-Boosted", "HX-History-Restore-Request")
PAGE_VARY = ", ".join((*FRAGMENT_HEADERS, "Cookie"))
_KEYED_VARY = {h.lower() for h in FRAGMENT_HEADERS} | {"cookie", "accept-encoding"}

MAX_ENTRIES = 4096
MAX_BYTES = 64 * 1024 * 1024
MAX_QUERY_ENTRIES = 512


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
                digest.update("/".join(parts_below(path, root) or ()).encode() + b"\0")
                digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


class PageCache:
    """The pages a ResponseCache keeps, made by the app before its middleware, so that what
    publishes a content change can drop the pages it affects."""

    def __init__(self, max_entries: int = MAX_ENTRIES, max_bytes: int = MAX_BYTES) -> None:
        self.pages = PageStore(max_entries, max_bytes)
        # Pages with a query (search, ?page=N) get their own, smaller store: a stream of new
        # search terms must not push the home page and the articles out.
        self.query_pages = PageStore(min(max_entries, MAX_QUERY_ENTRIES), max_bytes // 4)
        # Counts the changes published: a page rendered from the content before one is not kept
        # after it (its request began before the swap, its response ended after).
        self.publications = 0

    def __len__(self) -> int:
        return len(self.pages) + len(self.query_pages)

    @property
    def hits(self) -> int:
        return self.pages.hits + self.query_pages.hits

    def drop_affected(self, affected: frozenset[str]) -> int:
        self.publications += 1
        return self.pages.drop_affected(affected) + self.query_pages.drop_affected(affected)

    def drop_all(self) -> int:
        self.publications += 1
        dropped = len(self)
        self.pages.clear()
        self.query_pages.clear()
        return dropped


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
                 max_bytes: int = MAX_BYTES, clock: Clock | None = None,
                 pages: PageCache | None = None) -> None:
        """`clock`: pages also change with the date (a content type with a `state`), so a
        page kept yesterday is not replayed today. `pages`: where to keep them (the app's,
        which publishing drops pages from); by default a cache of this middleware's own."""
        self.app = app
        self.version = version
        self.clock = clock
        self.pages = pages if pages is not None else PageCache(max_entries, max_bytes)
        self.store, self.query_store = self.pages.pages, self.pages.query_pages
        # Browsers send a handful of distinct Accept-Encoding values and visitors a handful of
        # preference sets; prefs.cache_key() builds a dict of every field (a third of a hit).
        self._encodings: BoundedMemo[bytes, str] = BoundedMemo(256)
        self._pref_keys: BoundedMemo[Any, Any] = BoundedMemo(4096)

    def _now(self) -> float:
        return self.clock.now().timestamp() if self.clock else time.time()

    def _prefs_key(self, prefs: Any) -> Any:
        if prefs is None:
            return None
        return self._pref_keys.remember(prefs, prefs.cache_key)

    def _encoding(self, accept_encoding: bytes) -> str:
        return self._encodings.remember(accept_encoding,
                                        lambda: preferred_encoding(accept_encoding))

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
        version = (self.version, self.clock.today()) if self.clock else self.version
        key = (version, scope["path"], scope["query_string"], state.get("locale"),
               self._prefs_key(state.get("prefs")), wants_fragment(hx))
        store = self.query_store if scope["query_string"] else self.store
        entry = store.get(key)
        if entry is not None and entry.expires is not None and self._now() >= entry.expires:
            entry = None  # its `Expires` has passed: a call's status has changed
        if entry is not None:
            await _replay(entry, self._encoding(accept_encoding), if_none_match, method, send)
            return
        if method == "HEAD":  # a HEAD answer carries no body to keep
            await self.app(scope, receive, _no_public_cookies(send))
            return

        start: Message | None = None
        chunks: list[bytes] = []
        publications = self.pages.publications

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
                entry = make_entry(list(start.get("headers", ())), b"".join(chunks),
                                   dependencies(scope))
                if publications == self.pages.publications:
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
