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


class AssetStore:
    """Maps logical names ("dostop.css", "img/cre-hub.svg") to hashed public paths and bytes."""

    def __init__(self, static_dir: Path, vendor_dir: Path) -> None:
        self.by_name: dict[str, Asset] = {}
        self.by_path: dict[str, Asset] = {}
        css = sorted((static_dir / "css").glob("*.css"))
        js = sorted((static_dir / "js").glob("*.js"))
        # One stylesheet and one script: every extra request costs a first visit.
        self._add("dostop.css", b"\n".join(p.read_bytes() for p in css))
        self._add("dostop.js", b"\n".join(p.read_bytes() for p in js))
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
