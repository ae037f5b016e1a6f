"""The accessibility statement's data (`site/content/statement.json`): what the last audit found,
written by `dostop audit ... --statement PATH`, read once at start-up by the site.

The reading half lives here, in the site, so the web server never imports the audit package
(and with it Selenium); the writing half is `dostop_audit.statement`.

Only WCAG failures count towards compliance (best-practice rules are advice, not the law).
Fields the staff write by hand (`non_accessible`: content not accessible and why, in both
languages; `status` to override the computed one) survive a new audit.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any


STATUSES = ("full", "partial", "not")
EDITORIAL = ("non_accessible", "status", "reviewed")


@dataclass(frozen=True)
class Statement:
    prepared: date | None = None
    status: str = "partial"
    audit: dict[str, Any] = field(default_factory=dict)
    findings: list[dict[str, Any]] = field(default_factory=list)
    non_accessible: list[dict[str, str]] = field(default_factory=list)


def load_statement(path: Path) -> Statement:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Statement()
    except (OSError, ValueError) as error:
        raise ValueError(f"{path}: not a statement data file ({error})") from None
    prepared = data.get("prepared")
    status = data.get("status") or data.get("computed_status") or "partial"
    return Statement(
        prepared=date.fromisoformat(prepared) if prepared else None,
        status=status if status in STATUSES else "partial",
        audit=data.get("audit", {}),
        findings=data.get("findings", []),
        non_accessible=[item for item in data.get("non_accessible", [])
                        if isinstance(item, dict) and item.get("sl") and item.get("en")],
    )
