"""The rule engines' scripts as pinned in package.json (`npm ci` puts them in node_modules):
the audit injects exactly these, never a copy bundled with a Python package."""

from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path

# site/dostop_audit/engines/pinned.py → the checkout's node_modules; DOSTOP_NODE_MODULES elsewhere.
NODE_MODULES = Path(os.environ.get("DOSTOP_NODE_MODULES")
                    or Path(__file__).resolve().parents[3] / "node_modules")
AXE_SCRIPT = NODE_MODULES / "axe-core" / "axe.min.js"
ACE_SCRIPT = NODE_MODULES / "accessibility-checker-engine" / "ace.js"


class EngineMissing(RuntimeError):
    pass


def script_path(path: Path) -> Path:
    if not path.is_file():
        raise EngineMissing(f"{path} not found: run `npm ci --ignore-scripts` in the checkout "
                            "(or set DOSTOP_NODE_MODULES to a node_modules with it)")
    return path


@cache
def script(path: Path) -> str:
    """An engine's source, read once per process (it is injected into every page)."""
    return script_path(path).read_text(encoding="utf-8")


@cache
def version(path: Path) -> str:
    """The installed version, from the engine's own package.json."""
    manifest = path.parent / "package.json"
    return str(json.loads(manifest.read_text(encoding="utf-8")).get("version", "")) \
        if manifest.is_file() else ""
