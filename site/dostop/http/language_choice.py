"""Remembers the language a visitor chooses with the language switcher.

The switcher's links carry a marker, `?set-language=1`. A request with the marker is answered
with a 303 to the same address without it, and, when the saved language differs, the
preferences cookie with `language` set. Why a marker and a redirect, not a cookie on every page:
a public page must be the same for everyone (DESIGN.md) so caches can keep it, and a page that
sets a cookie cannot be shared. This way only the small redirect is personal (never cached); the
page it leads to stays public, and its address stays clean for bookmarks and sharing.
A visitor who follows any other link into /en/ or /sl/ keeps their saved choice.

Then `/` redirects to the saved language (views/meta.py).
"""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import parse_qsl, quote, urlencode

from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from dostop.http.cache_control import PRIVATE_PAGE
from dostop.i18n import LOCALES
from dostop.http.preferences import Preferences, PreferencesCodec, store

CHOICE_PARAMETER = "set-language"


def choice_url(url: str) -> str:
    """A switcher link: the page in the other language, with the marker that saves the choice."""
    return f"{url}{'&' if '?' in url else '?'}{CHOICE_PARAMETER}=1"


class LanguageChoiceMiddleware:
    """Runs inside RequestContextMiddleware: it reads the path's locale and the preferences.
    The page cache never answers a marked request: it only keeps public answers, and the one
    answer to a marked address is this private redirect."""

    def __init__(self, app: ASGIApp, *, codec: PreferencesCodec, https: bool) -> None:
        self.app = app
        self.codec = codec
        self.https = https

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in {"GET", "HEAD"}:
            await self.app(scope, receive, send)
            return
        query = scope.get("query_string", b"").decode("latin-1")
        params = parse_qsl(query, keep_blank_values=True)
        locale = scope.get("state", {}).get("path_locale")
        if locale not in LOCALES or not any(name == CHOICE_PARAMETER for name, _ in params):
            await self.app(scope, receive, send)
            return
        rest = urlencode([(name, value) for name, value in params if name != CHOICE_PARAMETER])
        location = quote(scope["path"]) + (f"?{rest}" if rest else "")
        # Not cacheable: the answer depends on this visitor's cookie and may set it.
        response = Response(status_code=303, headers={"location": location,
                                                      "cache-control": PRIVATE_PAGE})
        prefs: Preferences = scope["state"]["prefs"]
        if prefs.language != locale:
            store(response, self.codec, replace(prefs, language=locale), secure=self.https)
        await response(scope, receive, send)
