"""The visitor's preferences: one signed cookie, no server-side session.

A tampered, expired or malformed cookie is ignored (defaults apply); it is never an error.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields, replace
from typing import Any

from itsdangerous import BadSignature, URLSafeSerializer

COOKIE_NAME = "dostop_prefs"
COOKIE_MAX_AGE = 365 * 24 * 3600

CONTRASTS = ("default", "high", "dark")
TEXT_SIZES = (100, 125, 150, 200)


@dataclass(frozen=True)
class Preferences:
    # "auto" follows the operating system (prefers-contrast, prefers-reduced-motion, forced-colors);
    # an explicit "on" or "off" by the visitor wins.
    mode: str = "off"
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

    def cache_key(self) -> tuple[Any, ...]:
        """Everything about these preferences that changes a rendered page."""
        return tuple(v for k, v in asdict(self).items() if k != "language")


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
