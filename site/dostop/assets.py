"""Static assets: our CSS and JS modules bundled into one file each, htmx from npm, and the
files under static/. Built once at start-up, with content-hashed names so browsers and shared
caches may keep them forever, and precompressed (gzip, brotli) for clients that accept it.
"""

from __future__ import annotations

import gzip
import hashlib
import mimetypes
from dataclasses import dataclass
from pathlib import Path

import brotli

COMPRESSIBLE = {"text/css", "text/javascript", "image/svg+xml", "application/json"}


@dataclass(frozen=True)
class Asset:
    path: str  # the public, hashed path, e.g. /static/dostop.3f2a1c9b.css
    body: bytes
    media_type: str
    etag: str
    gzip: bytes | None = None
    brotli: bytes | None = None


def _media_type(name: str) -> str:
    if name.endswith(".js"):
        return "text/javascript"
    return mimetypes.guess_type(name)[0] or "application/octet-stream"


def _asset(logical: str, body: bytes) -> Asset:
    digest = hashlib.sha256(body).hexdigest()
    stem, dot, ext = logical.rpartition(".")
    media_type = _media_type(logical)
    compressible = media_type in COMPRESSIBLE and len(body) > 512
    return Asset(
        path=f"/static/{stem}.{digest[:10]}.{ext}",
        body=body,
        media_type=media_type,
        etag=f'"{digest[:32]}"',
        gzip=gzip.compress(body, compresslevel=9, mtime=0) if compressible else None,
        brotli=brotli.compress(body, quality=11) if compressible else None,
    )


def bundle(static: Path, components: Path, suffix: str, *, first: str,
           last: str | None = None) -> list[Path]:
    """The files of one bundle, in cascade order: `first` (the base rules, or the module
    registry every script registers with), then each component's own file by component name,
    then the site-wide files by name, and `last` (the accessibility mode, whose rules must win
    over every component's)."""
    own = sorted(p for p in static.glob(f"*{suffix}") if p.name not in (first, last))
    parts = sorted(components.glob(f"*/*{suffix}"), key=lambda p: (p.parent.name, p.name))
    tail = [static / last] if last else []
    return [static / first, *parts, *own, *tail]


class AssetStore:
    """Maps logical names ("dostop.css", "img/cre-hub.svg") to hashed public paths and bytes."""

    def __init__(self, static_dir: Path, vendor_dir: Path, components_dir: Path) -> None:
        self.by_name: dict[str, Asset] = {}
        self.by_path: dict[str, Asset] = {}
        # One stylesheet and one script: every extra request costs a first visit.
        self._add("dostop.css", b"\n".join(p.read_bytes() for p in bundle(
            static_dir / "css", components_dir, ".css", first="base.css", last="mode.css")))
        self._add("dostop.js", b"\n".join(p.read_bytes() for p in bundle(
            static_dir / "js", components_dir, ".js", first="core.js")))
        htmx = vendor_dir / "htmx.min.js"
        if not htmx.exists():
            raise RuntimeError(f"{htmx} is missing: run 'npm ci' (make run does it for you)")
        self._add("htmx.min.js", htmx.read_bytes())
        for path in sorted(static_dir.rglob("*")):
            if path.is_file() and path.parent.name not in {"css", "js"}:
                self._add(str(path.relative_to(static_dir)), path.read_bytes())

    def _add(self, name: str, body: bytes) -> None:
        asset = _asset(name, body)
        self.by_name[name] = asset
        self.by_path[asset.path] = asset

    def url(self, name: str) -> str:
        return self.by_name[name].path
