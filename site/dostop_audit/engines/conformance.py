"""Scoring against the ACT Rules test suite as the W3C implementation pages do. For one ACT rule,
its procedures' findings on a test case give the outcome: "failed" when one reports a failure,
"cantTell" when one needs review, otherwise "passed". Over the rule's test cases:

- complete: every failed example failed, and no passed or inapplicable example did;
- partial: no passed or inapplicable example failed, and some failed example failed or cantTell;
- inconsistent: a passed or inapplicable example failed;
- untested: none of the above (no procedure, or nothing found)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from dostop_audit.engines.act import table
from dostop_audit.engines.suite import TestCase

# {"violations": [...], "incomplete": [...], "advice": [...]}: a finding reported apart from the
# AA violations (level AAA, or a technique beyond what WCAG requires) is still a failed outcome
# for its ACT rule.
Results = Mapping[str, Sequence[dict[str, Any]]]
CONSISTENCIES = ("complete", "partial", "inconsistent", "untested")


def _fails(act_id: str, rule_results: Iterable[dict[str, Any]], procedure: str | None) -> bool:
    counted = {procedure} if procedure is not None else set(procedures(act_id))
    for result in rule_results:
        # Only the rule's procedures count, as on the W3C pages (with an entry's twins from
        # another engine, where a run merged them).
        if not counted & {result["id"], *result.get("also_found_by", [])}:
            continue
        # The entry's own ACT rules, as the JSON report carries them, narrowed per node where a
        # node names its own (IBM's reasons).
        for node in result.get("nodes") or [{}]:
            if act_id in node.get("act_rules", result.get("act_rules", [])):
                return True
    return False


def outcome(act_id: str, results: Results, procedure: str | None = None) -> str:
    """The outcome for ACT rule `act_id` of one page's annotated results, from all the rule's
    procedures or only from `procedure` (a reported rule id)."""
    if _fails(act_id, [*results.get("violations", []), *results.get("advice", [])], procedure):
        return "failed"
    if _fails(act_id, results.get("incomplete", []), procedure):
        return "cantTell"
    return "passed"


def consistency(cases: Sequence[TestCase], outcomes: Sequence[str]) -> str:
    false_alarm = any(case.expected != "failed" and result == "failed"
                      for case, result in zip(cases, outcomes))
    if false_alarm:
        return "inconsistent"
    on_failed = [result for case, result in zip(cases, outcomes) if case.expected == "failed"]
    if on_failed and all(result == "failed" for result in on_failed):
        return "complete"
    if any(result in ("failed", "cantTell") for result in on_failed):
        return "partial"
    return "untested"


def procedures(act_id: str) -> list[str]:
    """The reported rule ids that count for `act_id`, in table order, once each."""
    return list(dict.fromkeys(p["rule"] for p in table().get(act_id, {}).get("procedures", [])))


def score(cases: Mapping[str, Sequence[TestCase]],
          results: Mapping[str, Results]) -> dict[str, dict[str, Any]]:
    """Per ACT rule: its consistency, the outcome per test case, and the failed examples
    missed or the passed/inapplicable ones failed (by title), from `results` (test case id →
    that page's annotated results). Rules whose cases were not all run are left out."""
    scored: dict[str, dict[str, Any]] = {}
    for act_id, rule_cases in sorted(cases.items()):
        if not all(case.id in results for case in rule_cases):
            continue
        outcomes = [outcome(act_id, results[case.id]) for case in rule_cases]
        wrong = [case.title for case, result in zip(rule_cases, outcomes)
                 if (case.expected == "failed") != (result == "failed")]
        scored[act_id] = {"consistency": consistency(rule_cases, outcomes),
                          "procedures": procedures(act_id),
                          "outcomes": dict(zip((c.id for c in rule_cases), outcomes)),
                          "wrong": wrong}
    return scored


def counts(scored: Mapping[str, Mapping[str, Any]]) -> dict[str, int]:
    totals = dict.fromkeys(CONSISTENCIES, 0)
    for entry in scored.values():
        totals[entry["consistency"]] += 1
    return totals
