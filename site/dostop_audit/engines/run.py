"""Every rule engine on the page as it is now, in one call: axe-core and IBM Equal Access, both
the versions pinned in package.json, in the page and all its frames."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from selenium.common.exceptions import WebDriverException
from selenium.webdriver.remote.webdriver import WebDriver

from dostop_audit.engines import ace, axe
from dostop_audit.engines.act import annotate
from dostop_audit.engines.pinned import ACE_SCRIPT, AXE_SCRIPT, version

ENGINES = (axe.ENGINE, ace.ENGINE)


@dataclass
class EngineResults:
    """axe's result shape, merged: each rule result also says its "engine", "act_rules",
    "wcag" and "en_301_549". `errors` names an engine that failed on this page, and why;
    `skipped_frames` the frames no engine could enter."""

    violations: list[dict[str, Any]] = field(default_factory=list)
    incomplete: list[dict[str, Any]] = field(default_factory=list)
    passes: list[str] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)
    skipped_frames: list[str] = field(default_factory=list)


def versions() -> dict[str, str]:
    return {axe.ENGINE: version(AXE_SCRIPT), ace.ENGINE: version(ACE_SCRIPT)}


def run_engines(driver: WebDriver, *, tags: tuple[str, ...] | None = None,
                rules: dict[str, dict[str, bool]] | None = None,
                engines: tuple[str, ...] = ENGINES, ibm_rules: str = "mapped") -> EngineResults:
    """Injects the pinned axe-core and IBM Equal Access (policy WCAG 2.2) into the page and every
    frame, runs them, and returns their findings together. `tags` and `rules` are axe's
    (`runOnly` tags; rule id → {"enabled": bool}); IBM runs its whole WCAG 2.2 policy.
    IBM's results are those its rules give for an ACT rule in act-rules.json (`ibm_rules=
    "mapped"`: what axe misses, checked against the suite), or all it finds at its violation
    level (`"all"`). An engine that fails is recorded in `errors`; the other's are kept."""
    results = EngineResults()
    if axe.ENGINE in engines:
        try:
            results.skipped_frames += axe.inject(driver)
            found = axe.run(driver, tags=tags, rules=rules)
            results.violations += [annotate(r, axe.ENGINE) for r in found.get("violations", [])]
            results.incomplete += [annotate(r, axe.ENGINE) for r in found.get("incomplete", [])]
            results.passes += [r["id"] for r in found.get("passes", [])]
        except (WebDriverException, RuntimeError) as error:
            results.errors[axe.ENGINE] = _short(error)
    if ace.ENGINE in engines:
        try:
            found_ace, skipped = ace.inject_and_run(driver)
            violations, incomplete = ace.as_axe_results(found_ace)
            results.violations += _ibm_kept([annotate(r, ace.ENGINE) for r in violations], ibm_rules)
            results.incomplete += _ibm_kept([annotate(r, ace.ENGINE) for r in incomplete], ibm_rules)
            results.skipped_frames += [s for s in skipped if s not in results.skipped_frames]
        except (WebDriverException, RuntimeError) as error:
            results.errors[ace.ENGINE] = _short(error)
    return results


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
