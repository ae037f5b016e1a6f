"""The accessibility statement's data (`site/content/statement.json`): what the last audit found,
written by `dostop audit ... --statement PATH`, read once at start-up by the site.

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

from dostop.audit.report_html import by_rule
from dostop.urls import PATHS

STATUSES = ("full", "partial", "not")
EDITORIAL = ("non_accessible", "status", "reviewed")


@dataclass(frozen=True)
class Statement:
    prepared: date | None = None
    status: str = "partial"
    audit: dict[str, Any] = field(default_factory=dict)
    findings: list[dict[str, Any]] = field(default_factory=list)
    non_accessible: list[dict[str, str]] = field(default_factory=list)
    # The accessibility feedback form's route name when the site has one, else the contact page.
    feedback_route: str | None = None


def load_statement(path: Path) -> Statement:
    feedback = "feedback" if "feedback" in PATHS else None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Statement(feedback_route=feedback)
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
        feedback_route=feedback,
    )


def statement_data(report: dict[str, Any], previous: dict[str, Any] | None = None) -> dict[str, Any]:
    """The statement's findings from an audit report, keeping the staff's own fields."""
    findings = [
        {"rule": rule["id"], "impact": rule["impact"], "help": rule["help"],
         "criteria": rule["criteria"], "pages": len({p["url"] for p in rule["pages"]}),
         "elements": rule["elements"]}
        for rule in by_rule(report) if rule["criteria"]
    ]
    data: dict[str, Any] = {
        "prepared": report["date"][:10],
        "computed_status": "partial" if findings else "full",
        "audit": {
            "date": report["date"],
            "start_url": report["scope"]["start_url"],
            "pages": report["summary"]["pages"],
            "tool": f"{report['tool']['name']} {report['tool']['version']}",
            "axe_core": report["axe_core"],
            "browser": f"{report['browser']['name']} {report['browser']['version']}",
            "tags": report["options"]["tags"],
            "modes": report["options"]["modes"],
        },
        "findings": findings,
        "non_accessible": [],
    }
    for key in EDITORIAL:
        if previous and key in previous:
            data[key] = previous[key]
    return data


def write_statement(report: dict[str, Any], path: Path) -> dict[str, Any]:
    previous = None
    if path.exists():
        previous = json.loads(path.read_text(encoding="utf-8"))
    data = statement_data(report, previous)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return data
