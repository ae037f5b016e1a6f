"""Every rule engine on the page as it is now, in one call: axe-core and IBM Equal Access, both
the versions pinned in package.json, in the page and all its frames."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

from selenium.common.exceptions import WebDriverException
from selenium.webdriver.remote.webdriver import WebDriver

from dostop_audit.engines import ace, axe, own
from dostop_audit.engines.act import annotate, table
from dostop_audit.engines.pinned import ACE_SCRIPT, AXE_SCRIPT, version

ENGINES = (axe.ENGINE, ace.ENGINE)
# axe's level AAA rules the audit also runs (WCAG 1.4.6 enhanced contrast; 2.2.4 and 3.2.5, a
# page that refreshes or redirects after a delay). The audit's target is AA, so what they find
# is reported apart ("advice"), never as a violation, unless the caller switched the rule on itself
# (Dostop's accessibility mode promises AAA contrast). They count for their ACT rules only.
AAA_RULES = ("color-contrast-enhanced", "meta-refresh-no-exceptions")


@dataclass
class EngineResults:
    """axe's result shape, merged: each rule result also says its "engine", "act_rules",
    "wcag" and "en_301_549". `errors` names an engine that failed on this page, and why;
    `skipped_frames` the frames no engine could enter."""

    violations: list[dict[str, Any]] = field(default_factory=list)
    incomplete: list[dict[str, Any]] = field(default_factory=list)
    advice: list[dict[str, Any]] = field(default_factory=list)  # AAA_RULES' findings
    passes: list[str] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)
    skipped_frames: list[str] = field(default_factory=list)


def versions() -> dict[str, str]:
    return {axe.ENGINE: version(AXE_SCRIPT), ace.ENGINE: version(ACE_SCRIPT)}


def run_engines(driver: WebDriver, *, tags: tuple[str, ...] | None = None,
                rules: dict[str, dict[str, bool]] | None = None,
                engines: tuple[str, ...] = ENGINES, ibm_rules: str = "mapped",
                aaa: bool = False, procedures: bool = False) -> EngineResults:
    """Injects the pinned axe-core and IBM Equal Access (policy WCAG 2.2) into the page and every
    frame, runs them, and returns their findings together. `tags` and `rules` are axe's
    (`runOnly` tags; rule id → {"enabled": bool}); IBM runs its WCAG 2.2 policy (in "mapped"
    mode only the rules that count for an ACT rule, and those they depend on).
    IBM's results are those its rules give for an ACT rule in act-rules.json (`ibm_rules=
    "mapped"`: what axe misses, checked against the suite), or all it finds at its violation
    level (`"all"`). `aaa` also runs AAA_RULES, their findings in `advice`; `procedures` runs
    Dostop's own (engines/own.py) after them. An engine that fails is recorded in `errors`;
    the others' are kept."""
    results = EngineResults()
    if procedures:
        try:
            own.watch(driver)
        except WebDriverException as error:
            results.errors[own.ENGINE] = _short(error)
    apart = {rule for rule in AAA_RULES if aaa and rule not in (rules or {})}
    if axe.ENGINE in engines:
        try:
            results.skipped_frames += axe.inject(driver)
            found = axe.run(driver, tags=tags,
                            rules={**{rule: {"enabled": True} for rule in apart}, **(rules or {})} or None)
            for result in found.get("violations", []):
                (results.advice if result["id"] in apart else results.violations).append(
                    annotate(result, axe.ENGINE))
            results.incomplete += [annotate(r, axe.ENGINE) for r in found.get("incomplete", [])
                                   if r["id"] not in apart]
            results.passes += [r["id"] for r in found.get("passes", [])]
        except (WebDriverException, RuntimeError) as error:
            results.errors[axe.ENGINE] = _short(error)
    if ace.ENGINE in engines:
        try:
            found_ace, skipped = ace.inject_and_run(
                driver, _mapped_ibm_rules() if ibm_rules == "mapped" else None)
            violations, incomplete = ace.as_axe_results(found_ace)
            results.violations += _ibm_kept([annotate(r, ace.ENGINE) for r in violations], ibm_rules)
            results.incomplete += _ibm_kept([annotate(r, ace.ENGINE) for r in incomplete], ibm_rules)
            results.skipped_frames += [s for s in skipped if s not in results.skipped_frames]
        except (WebDriverException, RuntimeError) as error:
            results.errors[ace.ENGINE] = _short(error)
    if procedures:
        try:
            violations, beyond = own.run(driver, results.violations, results.incomplete)
            results.violations += violations
            results.advice += beyond if aaa else []
        except WebDriverException as error:
            results.errors[own.ENGINE] = _short(error)
    return results


@cache
def _mapped_ibm_rules() -> list[str]:
    """IBM's rules that count for some ACT rule: in "mapped" mode only these run (the rest of
    its policy, which would be left out of the results, takes 60% of its time)."""
    return sorted({procedure["rule"].removeprefix(ace.PREFIX) for entry in table().values()
                   for procedure in entry["procedures"] if procedure["rule"].startswith(ace.PREFIX)})


def _ibm_kept(found: list[dict[str, Any]], scope: str) -> list[dict[str, Any]]:
    if scope == "all":
        return [r for r in found if r["impact"] == "serious"]  # ace's VIOLATION level
    kept = []
    for result in found:
        nodes = [n for n in result["nodes"] if n.get("act_rules")]
        if nodes:
            kept.append({**result, "nodes": nodes})
    return kept


def _short(error: BaseException) -> str:
    text = getattr(error, "msg", None) or str(error)
    return str(text).strip().splitlines()[0][:300] if text else type(error).__name__
