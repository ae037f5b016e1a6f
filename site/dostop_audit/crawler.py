"""Finds the pages to audit: the sitemap (and sitemap indexes) plus the links on each page,
same origin only, breadth first. Plain HTTP, no browser: the browser only audits.

Anything not audited is reported with its reason (off-site, not HTML, excluded, beyond the
limits); links that answer 4xx/5xx are reported separately as dead links.
"""

from __future__ import annotations

import re
import threading
import urllib.error
import urllib.request
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit, urlunsplit
from xml.etree import ElementTree

USER_AGENT = "dostop-audit/0.1 (+https://github.com/; accessibility audit)"
HTML_TYPES = ("text/html", "application/xhtml+xml")
MAX_BODY = 5 * 1024 * 1024
MAX_SITEMAPS = 50


class SiteDown(RuntimeError):
    """The start page cannot be fetched: the audit cannot run."""


@dataclass(frozen=True)
class Response:
    status: int  # 0 when there was no HTTP answer at all
    url: str  # after redirects
    content_type: str
    body: bytes
    error: str = ""


Fetch = Callable[[str], Response]


@dataclass(frozen=True)
class Page:
    url: str
    depth: int
    found_on: str  # the page that links here, "sitemap" or "start"


@dataclass(frozen=True)
class Skipped:
    url: str
    reason: str
    found_on: str


@dataclass
class DeadLink:
    url: str
    status: int
    error: str
    found_on: list[str] = field(default_factory=list)


@dataclass
class CrawlResult:
    start_url: str
    pages: list[Page] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    dead_links: list[DeadLink] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)


def fetch_http(url: str, timeout: float = 15.0) -> Response:
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT,
                                                   "Accept": "text/html,application/xml;q=0.9,*/*;q=0.5"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            content_type = answer.headers.get("content-type", "")
            wanted = any(t in content_type for t in HTML_TYPES + ("xml",))
            body = answer.read(MAX_BODY) if wanted else b""
            return Response(answer.status, answer.geturl(), content_type, body)
    except urllib.error.HTTPError as error:
        return Response(error.code, error.geturl() or url, error.headers.get("content-type", ""), b"")
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", error)
        return Response(0, url, "", b"", error=str(reason))


def normalize(url: str) -> str:
    """One spelling per page: no fragment, lower-case scheme and host, no default port."""
    url, _fragment = urldefrag(url)
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    port = parts.port
    if port and not ((parts.scheme == "http" and port == 80) or (parts.scheme == "https" and port == 443)):
        host = f"{host}:{port}"
    return urlunsplit((parts.scheme.lower(), host, parts.path or "/", parts.query, ""))


def origin_of(url: str) -> str:
    parts = urlsplit(normalize(url))
    return f"{parts.scheme}://{parts.netloc}"


class _LinkParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.base: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        href = values.get("href")
        if tag == "base" and href and self.base is None:
            self.base = href
        elif tag in ("a", "area") and href:
            self.links.append(href.strip())


def extract_links(html: bytes, page_url: str) -> list[str]:
    parser = _LinkParser()
    parser.feed(html.decode("utf-8", errors="replace"))
    base = urljoin(page_url, parser.base) if parser.base else page_url
    return [urljoin(base, href) for href in parser.links]


def sitemap_urls(fetch: Fetch, origin: str) -> tuple[list[str], list[str]]:
    """Page URLs from robots.txt's sitemaps or /sitemap.xml, following sitemap indexes.
    Returns (page URLs, sitemaps read)."""
    queue = deque([origin + "/sitemap.xml"])
    robots = fetch(origin + "/robots.txt")
    if robots.status == 200 and robots.body:
        listed = re.findall(rb"(?im)^\s*sitemap:\s*(\S+)", robots.body)
        queue.extendleft(normalize(u.decode("utf-8", "replace")) for u in reversed(listed))
    seen: set[str] = set()
    read: list[str] = []
    pages: list[str] = []
    while queue and len(read) < MAX_SITEMAPS:
        url = normalize(queue.popleft())
        if url in seen or origin_of(url) != origin:
            continue
        seen.add(url)
        answer = fetch(url)
        if answer.status != 200 or not answer.body:
            continue
        try:
            root = ElementTree.fromstring(answer.body)
        except ElementTree.ParseError:
            continue
        read.append(url)
        locs = [el.text.strip() for el in root.iter() if el.tag.endswith("}loc") or el.tag == "loc"
                if el.text]
        if root.tag.endswith("sitemapindex"):
            queue.extend(locs)
        else:
            pages.extend(locs)
    return pages, read


@dataclass
class CrawlLimits:
    max_pages: int = 500
    depth: int | None = None  # link steps from the start page and the sitemap's pages
    include: tuple[str, ...] = ()  # regular expressions searched in the URL
    exclude: tuple[str, ...] = ()


def crawl(start_url: str, limits: CrawlLimits | None = None, *, fetch: Fetch = fetch_http,
          stop: threading.Event | None = None,
          on_page: Callable[[Page], None] | None = None) -> CrawlResult:
    """Breadth-first crawl from `start_url`. Raises SiteDown if the start page cannot be read."""
    limits = limits or CrawlLimits()
    include = [re.compile(p) for p in limits.include]
    exclude = [re.compile(p) for p in limits.exclude]
    start = normalize(start_url)
    origin = origin_of(start)
    result = CrawlResult(start_url=start)
    first = fetch(start)
    if first.status == 0:
        raise SiteDown(f"{start} cannot be reached: {first.error}")
    if first.status >= 400:
        raise SiteDown(f"{start} answered HTTP {first.status}")

    seen: set[str] = set()  # queued or read
    done: set[str] = set()  # read, by the address it finally answered at
    skipped_seen: set[str] = set()
    dead: dict[str, DeadLink] = {}
    referrers: dict[str, list[str]] = {}  # same-origin link → the pages it is on
    queue: deque[tuple[str, int, str]] = deque([(start, 0, "start")])
    seen.add(start)
    listed, result.sitemaps = sitemap_urls(fetch, origin)
    for url in listed:
        url = normalize(url)
        if origin_of(url) != origin:
            _skip(result, skipped_seen, url, "off-site", "sitemap")
        elif url not in seen:
            seen.add(url)
            queue.append((url, 0, "sitemap"))

    prefetched = {start: first}
    while queue:
        if stop is not None and stop.is_set():
            break
        url, depth, found_on = queue.popleft()
        if any(p.search(url) for p in exclude):
            _skip(result, skipped_seen, url, "excluded by --exclude", found_on)
            continue
        if len(result.pages) >= limits.max_pages:
            _skip(result, skipped_seen, url, "beyond --max-pages", found_on)
            continue
        answer = prefetched.pop(url, None) or fetch(url)
        final = normalize(answer.url)
        if answer.status == 0 or answer.status >= 400:
            dead[url] = DeadLink(url, answer.status, answer.error, referrers.get(url, [found_on]))
            continue
        if origin_of(final) != origin:
            _skip(result, skipped_seen, url, "redirects off-site", found_on)
            continue
        if final in done:  # a redirect to a page already read
            continue
        done.add(final)
        seen.add(final)
        if not any(t in answer.content_type for t in HTML_TYPES):
            kind = answer.content_type.split(";")[0].strip() or "unknown type"
            _skip(result, skipped_seen, final, f"not HTML ({kind})", found_on)
            continue
        if include and not any(p.search(final) for p in include):
            _skip(result, skipped_seen, final, "not matched by --include", found_on)
        else:
            page = Page(final, depth, found_on)
            result.pages.append(page)
            if on_page:
                on_page(page)
        for link in extract_links(answer.body, final):
            scheme = urlsplit(link).scheme.lower()
            if scheme not in ("http", "https"):
                _skip(result, skipped_seen, link.split("?")[0], f"not a web page ({scheme}:)", final)
                continue
            link = normalize(link)
            if origin_of(link) != origin:
                _skip(result, skipped_seen, link, "off-site", final)
            elif link in dead:
                dead[link].found_on.append(final)
            elif link in seen:
                referrers.setdefault(link, []).append(final)
            else:
                referrers[link] = [final]
                seen.add(link)
                if limits.depth is not None and depth + 1 > limits.depth:
                    _skip(result, skipped_seen, link, "deeper than --depth", final)
                else:
                    queue.append((link, depth + 1, final))
    result.dead_links = list(dead.values())
    return result


def _skip(result: CrawlResult, seen: set[str], url: str, reason: str, found_on: str) -> None:
    if url not in seen:
        seen.add(url)
        result.skipped.append(Skipped(url, reason, found_on))
