"""Writes the accessibility statement's data from an audit report; the site reads it with
`dostop.statement.load_statement`. Fields the staff write by hand survive a new audit."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from dostop.statement import EDITORIAL
from dostop_audit.report_html import by_rule


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
