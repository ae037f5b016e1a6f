"""Per-request context: the locale from the path and the preferences from the cookie.

Both land in `scope["state"]` (read as `request.state.locale` / `request.state.prefs`).
"""

from __future__ import annotations

from http.cookies import SimpleCookie

from starlette.types import ASGIApp, Receive, Scope, Send

from dostop.i18n import DEFAULT_LOCALE, locale_from_path
from dostop.memo import BoundedMemo
from dostop.http.preferences import COOKIE_NAME, Preferences, PreferencesCodec


def read_cookie(scope: Scope, name: str) -> str | None:
    for key, value in scope.get("headers", []):
        if key == b"cookie":
            try:
                jar = SimpleCookie(value.decode("latin-1"))
            except Exception:  # noqa: BLE001 - a malformed cookie header is ignored, not an error
                continue
            if name in jar:
                return jar[name].value
    return None


class RequestContextMiddleware:
    def __init__(self, app: ASGIApp, *, codec: PreferencesCodec, pseudo_locale: bool) -> None:
        self.app = app
        self.codec = codec
        self.pseudo_locale = pseudo_locale
        # Cookie header → verified preferences. Parsing and checking the signature cost more
        # than replaying a cached page; visitors send the same few cookies again and again.
        self._seen: BoundedMemo[bytes, Preferences] = BoundedMemo(4096)

    def preferences(self, scope: Scope) -> Preferences:
        raw = b"; ".join(value for key, value in scope.get("headers", []) if key == b"cookie")
        prefs = self._seen.get(raw)
        if prefs is None:
            prefs = self.codec.loads(read_cookie(scope, COOKIE_NAME))
            if len(raw) <= 4096:  # no room for a hostile client's giant cookies
                self._seen.put(raw, prefs)
        return prefs

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            state = scope.setdefault("state", {})
            path_locale = locale_from_path(scope["path"], pseudo=self.pseudo_locale)
            prefs = self.preferences(scope)
            state["prefs"] = prefs
            state["path_locale"] = path_locale
            # Pages outside a language prefix (404 for /xyz, /healthz) use the saved language.
            state["locale"] = path_locale or prefs.language or DEFAULT_LOCALE
        await self.app(scope, receive, send)
