"""Who may post a form: same-origin browsers (Sec-Fetch-Site, Origin; `dostop.http.origin`) and
not too often (a keyed hash of the client address), and which pages may prefill the feedback
form. No per-visitor token is needed, so the form pages stay cacheable."""

from __future__ import annotations

import hashlib
import hmac
from urllib.parse import urlsplit

from starlette.requests import Request

from dostop.forms.fields import is_site_path
from dostop.http.origin import is_same_origin


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def own_origins(request: Request, site_url: str) -> set[str]:
    host = request.headers.get("host", "")
    return {origin_of(site_url), f"{request.url.scheme}://{host}".lower()}


def is_cross_site(request: Request) -> bool:
    """True for a POST another site made the browser send (the one rule, in dostop.http.origin)."""
    return not is_same_origin(request.method, request.headers)


def client_key(request: Request, secret: str) -> str:
    """A keyed hash of the client's address: enough to count submissions, not to find anyone."""
    address = request.client.host if request.client else "unknown"
    return hmac.new(secret.encode(), address.encode(), hashlib.sha256).hexdigest()[:32]


def same_site_path(value: str, request: Request, site_url: str) -> str:
    """`value` as a path on this site (from `?page=` or Referer), or "" if it is not one."""
    value = value.strip()
    if not value or len(value) > 500:
        return ""
    if value.startswith("/"):
        return value if is_site_path(value) else ""
    parts = urlsplit(value)
    if origin_of(value) not in own_origins(request, site_url):
        return ""
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return path if is_site_path(path) else ""
