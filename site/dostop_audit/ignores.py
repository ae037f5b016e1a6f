"""`--ignore RULE[:SELECTOR] REASON`: findings set aside with the reason, matched in the page
(selectors match there)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from selenium.webdriver.remote.webdriver import WebDriver


@dataclass(frozen=True)
class Ignore:
    """`--ignore RULE[:SELECTOR] REASON`: a rule everywhere, or only on elements inside SELECTOR."""

    rule: str
    selector: str | None
    reason: str

    @classmethod
    def parse(cls, spec: str, reason: str) -> Ignore:
        rule, _, selector = spec.partition(":")  # rule ids never contain ":", selectors may
        if not rule.strip():
            raise ValueError(f"--ignore {spec!r}: name a rule, e.g. region or region:#cookie")
        if len(reason.strip()) < 3:
            raise ValueError(f"--ignore {spec!r}: give the reason why it is ignored")
        return cls(rule.strip(), selector.strip() or None, reason.strip())

    def as_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "selector": self.selector, "reason": self.reason}


# Returns, for each node, whether it lies inside an element matching the selector.
_INSIDE = """
var targets = arguments[0], selector = arguments[1];
return targets.map(function (target) {
  try {
    var element = document.querySelector(target);
    return Boolean(element && element.closest(selector));
  } catch (error) { return null; }
});
"""


def apply_ignores(driver: WebDriver, violations: list[dict[str, Any]],
                  ignores: tuple[Ignore, ...]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Splits violations into (kept, ignored); an ignored entry carries its reason."""
    kept: list[dict[str, Any]] = []
    ignored: list[dict[str, Any]] = []
    for violation in violations:
        nodes = list(violation.get("nodes", []))
        for rule_ignore in (i for i in ignores if i.rule == violation["id"]):
            if not nodes:
                break
            if rule_ignore.selector is None:
                matched = [True] * len(nodes)
            else:
                # Nodes in frames or shadow trees have several selectors: those stay reported.
                targets = [n["target"][0] if len(n.get("target", [])) == 1 else "" for n in nodes]
                matched = [bool(m) for m in driver.execute_script(_INSIDE, targets, rule_ignore.selector)]
            hits = [n for n, m in zip(nodes, matched) if m]
            if hits:
                ignored.append({**violation, "nodes": hits, "reason": rule_ignore.reason,
                                "ignore": rule_ignore.as_dict()})
            nodes = [n for n, m in zip(nodes, matched) if not m]
        if nodes:
            kept.append({**violation, "nodes": nodes})
    return kept, ignored
