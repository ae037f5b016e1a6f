"""Which ACT rules, WCAG 2.2 success criteria and EN 301 549 clauses a finding fails.

`act-rules.json` (beside this module) is the implementation mapping: per ACT rule, the
procedures (engine rule ids as reports show them, with IBM's reason ids where only some of a
rule's outcomes match the ACT rule) that count. Only procedures that raise no false alarm on
the rule's test cases are listed; bench/act/run.py and tests/test_act_suite.py check that."""

from __future__ import annotations

import json
import re
from functools import cache
from importlib.resources import files
from typing import Any

# WCAG 2.1 A and AA: the criteria EN 301 549 V3.2.1 takes over for web pages, as clause 9.x.y.z.
_EN_WCAG = frozenset("""
1.1.1 1.2.1 1.2.2 1.2.3 1.2.4 1.2.5 1.3.1 1.3.2 1.3.3 1.3.4 1.3.5 1.4.1 1.4.2 1.4.3 1.4.4 1.4.5
1.4.10 1.4.11 1.4.12 1.4.13 2.1.1 2.1.2 2.1.4 2.2.1 2.2.2 2.3.1 2.4.1 2.4.2 2.4.3 2.4.4 2.4.5
2.4.6 2.4.7 2.5.1 2.5.2 2.5.3 2.5.4 3.1.1 3.1.2 3.2.1 3.2.2 3.2.3 3.2.4 3.3.1 3.3.2 3.3.3 3.3.4
4.1.1 4.1.2 4.1.3""".split())
_CRITERION_TAG = re.compile(r"wcag(\d)(\d)(\d+)")


@cache
def table() -> dict[str, dict[str, Any]]:
    """ACT rule id → {"name", "wcag", "procedures": [{"rule", "reasons"?}]}."""
    text = files("dostop_audit.engines").joinpath("act-rules.json").read_text(encoding="utf-8")
    rules: dict[str, dict[str, Any]] = json.loads(text)["rules"]
    return rules


@cache
def _by_rule() -> dict[str, list[tuple[str, frozenset[str] | None]]]:
    index: dict[str, list[tuple[str, frozenset[str] | None]]] = {}
    for act_id, entry in table().items():
        for procedure in entry["procedures"]:
            reasons = procedure.get("reasons")
            index.setdefault(procedure["rule"], []).append(
                (act_id, frozenset(reasons) if reasons is not None else None))
    return index


def act_rules_of(rule_id: str, node: dict[str, Any] | None = None) -> list[str]:
    """The ACT rules a result of `rule_id` (on `node`, whose IBM reason may narrow it) fails."""
    reason = (node or {}).get("reason")
    return sorted({act_id for act_id, reasons in _by_rule().get(rule_id, [])
                   if reasons is None or reason is None or reason in reasons})


def criteria_of(tags: list[str]) -> list[str]:
    """WCAG success criteria from axe-style tags ("wcag1410" → "1.4.10")."""
    found = []
    for tag in tags:
        match = _CRITERION_TAG.fullmatch(tag)
        if match:
            criterion = ".".join(match.groups())
            if criterion not in found:
                found.append(criterion)
    return found


def en_clauses(wcag: list[str], tags: list[str]) -> list[str]:
    """EN 301 549 clauses: axe's own EN tags, else clause 9 for WCAG 2.1 A/AA criteria."""
    clauses = [tag[3:] for tag in tags if tag.startswith("EN-9.")]
    return clauses or [f"9.{criterion}" for criterion in wcag if criterion in _EN_WCAG]


def annotate(result: dict[str, Any], engine: str) -> dict[str, Any]:
    """Adds "engine", "act_rules", "wcag" and "en_301_549" to one rule's result (axe's shape);
    a node whose own ACT rules differ from the rule's (IBM reasons) carries its own list."""
    tags = list(result.get("tags", []))
    act_rules = sorted({a for node in result.get("nodes", []) or [{}]
                        for a in act_rules_of(result["id"], node)})
    wcag = criteria_of(tags)
    for act_id in act_rules:
        for criterion in table()[act_id].get("wcag", []):
            if criterion not in wcag:
                wcag.append(criterion)
    for node in result.get("nodes", []):
        if "reason" in node:
            node["act_rules"] = act_rules_of(result["id"], node)
    result.update(engine=result.get("engine", engine), act_rules=act_rules, wcag=wcag,
                  en_301_549=en_clauses(wcag, tags))
    return result
