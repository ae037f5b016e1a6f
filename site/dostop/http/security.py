"""Security headers on every response, built once at start-up (one place that builds headers)."""

from __future__ import annotations

from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "form-action 'self'",
    ]
)
# Only features Chromium knows: an unknown one is a console error, which audits count.
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
# Two years, as the HSTS preload list asks (https://hstspreload.org/#deployment-recommendations).
STRICT_TRANSPORT_SECURITY = "max-age=63072000; includeSubDomains"


def security_headers(https: bool) -> list[tuple[str, str]]:
    headers = [
        ("content-security-policy", CONTENT_SECURITY_POLICY),
        ("x-content-type-options", "nosniff"),
        ("referrer-policy", "strict-origin-when-cross-origin"),
        ("permissions-policy", PERMISSIONS_POLICY),
        ("cross-origin-opener-policy", "same-origin"),
        ("x-frame-options", "DENY"),
    ]
    if https:
        headers.append(("strict-transport-security", STRICT_TRANSPORT_SECURITY))
    return headers


def error_headers(request: Any, *, https: bool = False) -> dict[str, str]:
    """For the 500 page, which Starlette sends from outside our middlewares: the security
    headers and the request's id (dostop.http.access_log puts it in the request's state)."""
    headers = dict(security_headers(https))
    request_id = getattr(request.state, "request_id", "")
    if request_id:
        headers["x-request-id"] = request_id
    return headers


class SecurityHeadersMiddleware:
    """Adds the headers to every HTTP response, unless a view set one of them itself."""

    def __init__(self, app: ASGIApp, *, https: bool = False) -> None:
        self.app = app
        self.raw = [(name.encode(), value.encode()) for name, value in security_headers(https)]
        self.names = frozenset(name for name, _ in self.raw)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", ()))
                present = {name.lower() for name, _ in headers} & self.names
                headers.extend(h for h in self.raw if h[0] not in present)
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)
