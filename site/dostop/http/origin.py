"""Cross-site request refusal for our forms, without tokens in pages (pages stay cacheable).

The browser says where a request comes from: `Sec-Fetch-Site` (all current browsers) and
`Origin` (every POST). A form may be sent from our own pages only. Requests with neither
header are not from a browser (curl, monitoring) and carry no ambient cookies to abuse, so
they pass: the same rule as Go's net/http CrossOriginProtection
(https://words.filippo.io/csrf/, https://developer.mozilla.org/docs/Web/HTTP/Headers/Sec-Fetch-Site).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.datastructures import Headers

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def is_same_origin(method: str, headers: Headers) -> bool:
    """True when a request may change state: a safe method, or sent from our own origin."""
    if method.upper() in SAFE_METHODS:
        return True
    fetch_site = headers.get("sec-fetch-site")
    if fetch_site is not None:
        # "none": the visitor's own action (a bookmark, the address bar), never a page's.
        return fetch_site in {"same-origin", "none"}
    origin = headers.get("origin")
    if origin is None:
        return True
    if origin == "null":
        return False
    host = headers.get("host", "")
    return bool(host) and urlsplit(origin).netloc.lower() == host.lower()
