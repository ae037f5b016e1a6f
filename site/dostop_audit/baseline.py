"""Compares an audit with an earlier one (`--baseline previous.json`): what is new, what was
fixed. A finding is one failing element: page, mode, rule and the element's selector."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

Report = dict[str, Any]
Key = tuple[str, str, str, str]


class BaselineError(ValueError):
    pass


def load_baseline(path: Path) -> Report:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BaselineError(f"cannot read the baseline {path}: {error}") from None
    if not isinstance(data, dict) or not isinstance(data.get("pages"), list):
        raise BaselineError(f"{path} is not a report written by dostop audit --json")
    return data


def findings(report: Report) -> dict[Key, dict[str, Any]]:
    result: dict[Key, dict[str, Any]] = {}
    for page in report["pages"]:
        for violation in page.get("violations", []):
            for node in violation.get("nodes", []):
                target = " ".join(map(str, node.get("target", [])))
                key = (page["url"], str(page.get("mode")), violation["id"], target)
                result[key] = {"url": page["url"], "mode": page.get("mode"),
                               "rule": violation["id"], "impact": violation.get("impact"),
                               "help": violation.get("help", ""), "target": target,
                               "html": node.get("html", "")}
    return result


def compare(previous: Report, current: Report) -> dict[str, list[dict[str, Any]]]:
    """New: in this run, not in the baseline. Fixed: in the baseline, gone from a page this run
    audited (a page left out this time proves nothing)."""
    before, now = findings(previous), findings(current)
    audited = {(p["url"], str(p.get("mode"))) for p in current["pages"] if not p.get("error")}
    return {
        "new": [now[k] for k in now if k not in before],
        "fixed": [before[k] for k in before if k not in now and (k[0], k[1]) in audited],
    }
