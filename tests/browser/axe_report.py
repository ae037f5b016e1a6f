"""axe's "needs review" results: collected over a run, written to reports/axe-incomplete.json
and listed in pytest's terminal summary, never hidden. Also how many axe runs took how long."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

REPORT = Path(__file__).resolve().parents[2] / "reports" / "axe-incomplete.json"


class AxeLog:
    def __init__(self, path: Path = REPORT) -> None:
        self.path = path
        self.incomplete: list[dict[str, Any]] = []
        self.runs = 0
        self.seconds = 0.0

    def record(self, page: str, state: str, result: dict[str, Any], seconds: float) -> None:
        """One axe run; `seconds` is its page load, interaction and axe together."""
        self.runs += 1
        self.seconds += seconds
        for item in result.get("incomplete", []):
            self.incomplete.append({
                "page": page, "state": state, "rule": item["id"], "impact": item.get("impact"),
                "help": item.get("help"), "helpUrl": item.get("helpUrl"),
                "nodes": [{"target": node.get("target"), "html": node.get("html", "")[:300],
                           "summary": node.get("failureSummary", "")}
                          for node in item.get("nodes", [])],
            })

    def write(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(json.dumps({"runs": self.runs, "incomplete": self.incomplete},
                                        ensure_ascii=False, indent=1), encoding="utf-8")

    def summary_lines(self) -> list[str]:
        lines = [f"axe: {self.runs} runs (pages × states) in {self.seconds:.0f} s; "
                 f"needs review: {len(self.incomplete)} results, written to {self.path}"]
        by_rule: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for item in self.incomplete:
            by_rule[item["rule"]].append(item)
        for rule, items in sorted(by_rule.items()):
            pages = sorted({f"{i['page']} [{i['state']}]" for i in items})
            nodes = sum(len(i["nodes"]) for i in items)
            more = f" and {len(pages) - 3} more" if len(pages) > 3 else ""
            lines.append(f"  {rule}: {nodes} elements on {len(pages)} pages: "
                         f"{', '.join(pages[:3])}{more}")
        return lines
