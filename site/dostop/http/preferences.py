"""The visitor's preferences: one signed cookie, no server-side session.

A tampered, expired or malformed cookie is ignored (defaults apply); it is never an error.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields, replace
from collections.abc import Mapping, Sequence
from typing import Any

from itsdangerous import BadSignature, URLSafeSerializer
from starlette.responses import Response

COOKIE_NAME = "dostop_prefs"
COOKIE_MAX_AGE = 365 * 24 * 3600

CONTRASTS = ("default", "high", "dark")
TEXT_SIZES = (100, 125, 150, 200)


@dataclass(frozen=True)
class Preferences:
    # The accessibility mode (Ctrl+U): a preset of the options below, see static/css/mode.css.
    mode: str = "off"
    # "default" follows the operating system (prefers-contrast, forced-colors); "high" or "dark"
    # chosen by the visitor wins. The same for reduced_motion=False and prefers-reduced-motion.
    contrast: str = "default"
    text_size: int = 100
    text_spacing: bool = False
    underline_links: bool = False
    reduced_motion: bool = False
    readable_font: bool = False
    shortcuts: bool = True
    language: str = ""

    @classmethod
    def from_mapping(cls, data: dict[str, Any]) -> Preferences:
        """Keeps only known fields with valid values; anything else falls back to the default."""
        base = cls()
        clean: dict[str, Any] = {}
        for f in fields(cls):
            if f.name not in data:
                continue
            value = data[f.name]
            default = getattr(base, f.name)
            if isinstance(default, bool):
                if isinstance(value, bool):
                    clean[f.name] = value
            elif isinstance(default, int):
                if isinstance(value, int) and not isinstance(value, bool) and value in TEXT_SIZES:
                    clean[f.name] = value
            elif isinstance(value, str) and _valid_choice(f.name, value):
                clean[f.name] = value
        return replace(base, **clean)

    def html_attributes(self) -> dict[str, str]:
        """The data attributes on <html> that our CSS reads: rendered by the server, so the
        page never flashes into the mode after load."""
        return {
            "data-accessibility-mode": self.mode,
            "data-contrast": self.contrast,
            "data-text-size": str(self.text_size),
            "data-text-spacing": _onoff(self.text_spacing),
            "data-underline-links": _onoff(self.underline_links),
            "data-reduced-motion": _onoff(self.reduced_motion),
            "data-readable-font": _onoff(self.readable_font),
            "data-shortcuts": _onoff(self.shortcuts),
        }

    def with_form(self, form: Mapping[str, Sequence[str]]) -> Preferences:
        """These preferences updated from a settings form (field name → submitted values).

        Only the fields present change, so a script may send `mode=on` alone. A checkbox comes
        after a hidden field of the same name ("off", then "on" when ticked): the last value wins.
        Raises InvalidPreference for a value the form cannot have sent.
        """
        changes: dict[str, Any] = {}
        for name in FORM_FIELDS:
            values = form.get(name)
            if not values:
                continue
            raw = values[-1]
            default = getattr(Preferences(), name)
            value: Any
            if isinstance(default, bool):
                if raw not in {"on", "off"}:
                    raise InvalidPreference(name)
                value = raw == "on"
            elif isinstance(default, int):
                if raw not in {str(size) for size in TEXT_SIZES}:
                    raise InvalidPreference(name)
                value = int(raw)
            else:
                if not _valid_choice(name, raw):
                    raise InvalidPreference(name)
                value = raw
            changes[name] = value
        return replace(self, **changes)

    def reset(self) -> Preferences:
        """The defaults for every accessibility option; the chosen language stays."""
        return Preferences(language=self.language)

    def cache_key(self) -> tuple[Any, ...]:
        """Everything about these preferences that changes a rendered page."""
        return tuple(v for k, v in asdict(self).items() if k != "language")


# The options the settings form sets (language is set by the language switcher).
FORM_FIELDS = ("mode", "contrast", "text_size", "text_spacing", "underline_links",
               "reduced_motion", "readable_font", "shortcuts")


class InvalidPreference(ValueError):
    """A settings form sent a value it cannot offer: `field` names the field."""

    def __init__(self, field: str) -> None:
        super().__init__(field)
        self.field = field


def _onoff(value: bool) -> str:
    return "on" if value else "off"


def _valid_choice(name: str, value: str) -> bool:
    if name == "mode":
        return value in {"on", "off"}
    if name == "contrast":
        return value in CONTRASTS
    if name == "language":
        return value in {"", "sl", "en"}
    return False


class PreferencesCodec:
    def __init__(self, secret_key: str) -> None:
        # The salt is in every cookie visitors have saved: changing it (even to follow a module's
        # new name) silently resets everyone's settings.
        self._serializer = URLSafeSerializer(secret_key, salt="dostop.preferences")

    def dumps(self, prefs: Preferences) -> str:
        data = {k: v for k, v in asdict(prefs).items() if getattr(Preferences(), k) != v}
        return self._serializer.dumps(data)

    def loads(self, raw: str | None) -> Preferences:
        if not raw or len(raw) > 4096:
            return Preferences()
        try:
            data = self._serializer.loads(raw)
        except (BadSignature, ValueError, json.JSONDecodeError, UnicodeDecodeError):
            return Preferences()
        if not isinstance(data, dict):
            return Preferences()
        return Preferences.from_mapping(data)


def store(response: Response, codec: PreferencesCodec, prefs: Preferences, *, secure: bool) -> None:
    """Saves the preferences in the visitor's cookie (or removes it when all are defaults,
    so the visitor gets the same cached pages as everyone else). HttpOnly: scripts read the
    state from <html data-*>, never from the cookie."""
    if prefs == Preferences():
        response.delete_cookie(COOKIE_NAME, path="/", secure=secure, httponly=True, samesite="lax")
        return
    response.set_cookie(COOKIE_NAME, codec.dumps(prefs), max_age=COOKIE_MAX_AGE, path="/",
                        secure=secure, httponly=True, samesite="lax")
