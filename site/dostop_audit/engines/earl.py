"""The audit as an ACT implementation report: EARL 1.0 in JSON-LD, in the shape the W3C ACT
implementation pages read (https://www.w3.org/WAI/standards-guidelines/act/implementations/).
One TestSubject per audited page; one Assertion per procedure (a reported rule id) that found
something there, failed or cantTell, and, where `procedures` names the ones that apply to a
page, a passed assertion for each that found nothing."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from dostop import __version__

CONTEXT = "https://act-rules.github.io/earl-context.json"
WCAG2 = "https://www.w3.org/TR/WCAG22/#"


def _assertion(procedure: str, outcome: str, act_rules: Iterable[str],
               wcag: Iterable[str]) -> dict[str, Any]:
    return {"@type": "Assertion", "mode": "earl:automatic",
            "assertedBy": {"@type": "earl:Software", "title": "dostop audit", "release": __version__},
            "test": {"@type": "TestCase", "title": procedure,
                     "isPartOf": [f"WCAG2:{c}" for c in wcag] + [f"ACT:{a}" for a in act_rules]},
            "result": {"@type": "TestResult", "outcome": f"earl:{outcome}"}}


def earl_graph(pages: Iterable[dict[str, Any]],
               procedures: Callable[[str], Iterable[str]] | None = None) -> dict[str, Any]:
    """`pages`: the JSON report's pages (url, violations, incomplete, advice); `procedures(url)`: the
    rule ids that apply there, to report as passed when they found nothing."""
    graph = []
    for page in pages:
        found: dict[str, tuple[str, dict[str, Any]]] = {}
        for kind, outcome in (("incomplete", "cantTell"), ("violations", "failed"), ("advice", "failed")):
            for result in page.get(kind, []):
                found[result["id"]] = (outcome, result)  # failed wins over cantTell
        assertions = [_assertion(rule_id, outcome, result.get("act_rules", []), result.get("wcag", []))
                      for rule_id, (outcome, result) in sorted(found.items())]
        for rule_id in procedures(page["url"]) if procedures else ():
            if rule_id not in found:
                assertions.append(_assertion(rule_id, "passed", [], []))
        graph.append({"@type": "TestSubject", "source": page["url"], "assertions": assertions})
    return {"@context": CONTEXT, "@graph": graph}


def write_earl(pages: Iterable[dict[str, Any]], path: Path,
               procedures: Callable[[str], Iterable[str]] | None = None) -> None:
    path.write_text(json.dumps(earl_graph(pages, procedures), ensure_ascii=False, indent=1) + "\n",
                    encoding="utf-8")
