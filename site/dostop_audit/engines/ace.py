"""IBM Equal Access (accessibility-checker-engine's ace.js, pinned in package.json) in the page
and each frame, its results turned into axe's result shape so every report treats them alike.

ace.js declares `var ace` at its top level. The audit keeps it out of the page's globals (pages
that use the Ace code editor have a `window.ace` of their own) and under `window.__dostopAce`."""

from __future__ import annotations

from functools import cache
from typing import Any

from selenium.webdriver.remote.webdriver import WebDriver

from dostop_audit.engines.axe import TIMERS_AS_MICROTASKS, javascript_on
from dostop_audit.engines.frames import CSS_PATH, in_every_frame
from dostop_audit.engines.pinned import ACE_SCRIPT, script

ENGINE = "ibm-equal-access"
POLICY = "WCAG_2_2"
PREFIX = "ibm-"  # rule ids in reports: "ibm-" + ace's own rule id

# Results other than passes, each with a CSS path to its element and the WCAG criteria its rule
# is filed under in the policy. With a list of rules (arguments[1]), only those and the rules
# they depend on run (ace runs a rule on an element only where its dependencies passed there):
# the policy narrowed to them, under a name of its own.
_RUN = CSS_PATH + """
var callback = arguments[arguments.length - 1], policy = arguments[0], only = arguments[1];
try {
  var checker = new window.__dostopAce.Checker(), criteria = {}, run = policy;
  var narrowed = null, keep = {};
  var add = function (id) {
    var rule = checker.engine.ruleMap[id];
    if (keep[id] || !rule) { return; }
    keep[id] = true;
    (rule.dependencies || []).forEach(add);
  };
  (only || []).forEach(add);
  checker.getGuidelines().forEach(function (guideline) {
    if (guideline.id !== policy) { return; }
    guideline.checkpoints.forEach(function (checkpoint) {
      (checkpoint.rules || []).forEach(function (rule) {
        (criteria[rule.id] = criteria[rule.id] || []).push(checkpoint.num);
      });
      if (only) {
        checkpoint.rules = (checkpoint.rules || []).filter(function (rule) { return keep[rule.id]; });
      }
    });
    narrowed = guideline;
  });
  if (only && narrowed) {
    run = narrowed.id = policy + '_DOSTOP';
    checker.addGuideline(narrowed);
  }
  checker.check(document, [run]).then(function (report) {
    callback(report.results.filter(function (r) { return r.value[1] !== 'PASS'; }).map(function (r) {
      var node = null;
      try {
        node = document.evaluate(r.path.dom, document, null, XPathResult.FIRST_ORDERED_NODE_TYPE, null).singleNodeValue;
      } catch (e) { node = null; }
      return {rule: r.ruleId, reason: r.reasonId, level: r.value[0], outcome: r.value[1],
              message: r.message, snippet: r.snippet || '', target: node ? cssPath(node) : 'html',
              wcag: criteria[r.ruleId] || []};
    }));
  }, function (e) { callback({error: String(e)}); });
} catch (e) { callback({error: String(e)}); }
"""


@cache
def wrapped_source() -> str:
    """ace.js in a function of its own, leaving only `window.__dostopAce` behind."""
    return "(function () {\n" + script(ACE_SCRIPT) + "\n;window.__dostopAce = ace;\n})();\n"


def inject_and_run(driver: WebDriver, rules: list[str] | None = None
                   ) -> tuple[list[dict[str, Any]], list[str]]:
    """ace in the page and every frame: its raw results (target as a list of selectors, one
    per frame level, as axe writes them) and the frames it could not enter. `rules` (ace's
    own ids) runs only those; None, the whole policy."""
    def check(path: list[str]) -> list[dict[str, Any]]:
        if not driver.execute_script("return typeof window.__dostopAce === 'object'"):
            driver.execute_script(wrapped_source())
        if not javascript_on(driver):
            driver.execute_script(TIMERS_AS_MICROTASKS)
        found = driver.execute_async_script(_RUN, POLICY, rules)
        if isinstance(found, dict):
            raise RuntimeError(f"IBM Equal Access failed: {found['error']}")
        for item in found:
            item["target"] = [*path, item["target"]]
        return list(found)

    per_frame, skipped = in_every_frame(driver, check)
    return [item for frame in per_frame for item in frame], skipped


def as_axe_results(found: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(violations, incomplete) in axe's shape: FAIL is a violation, POTENTIAL and MANUAL need
    review. Rule id "ibm-<ace rule>"; each node keeps ace's reason id (its ACT mapping needs it)."""
    grouped: dict[tuple[str, bool], dict[str, Any]] = {}
    for item in found:
        failed = item["outcome"] == "FAIL"
        if not failed and item["outcome"] not in ("POTENTIAL", "MANUAL"):
            continue
        impact = "serious" if item["level"] == "VIOLATION" else "moderate"
        rule = grouped.setdefault((item["rule"], failed), {
            "id": PREFIX + item["rule"], "impact": impact, "engine": ENGINE,
            "help": item["message"], "description": item["message"],
            "helpUrl": f"https://able.ibm.com/rules/archives/latest/doc/en-US/{item['rule']}.html",
            "tags": ["wcag" + c.replace(".", "") for c in item["wcag"]], "nodes": []})
        rule["nodes"].append({"target": item["target"], "html": item["snippet"][:300],
                              "impact": impact, "reason": item["reason"],
                              "failureSummary": item["message"]})
    violations = [r for (_, failed), r in grouped.items() if failed]
    incomplete = [r for (_, failed), r in grouped.items() if not failed]
    return violations, incomplete
