"""The rule engines package.json pins, run as the audit runs them (dostop_audit.engines): axe-core
(newer than the one axe-selenium-python bundles) and IBM Equal Access. What the suite adds is
speed: both preloaded into every new document while the browser runs scripts
(`dostop_audit.engines.preload`, as the audit does), so the injection finds them already there.
"""

from __future__ import annotations

from selenium import webdriver

from dostop_audit.engines import run_engines
from dostop_audit.engines import axe as axe_engine
from dostop_audit.engines.ace import ENGINE as IBM
from dostop_audit.engines.preload import preload_engines, unload_engines

AXE = axe_engine.ENGINE
__all__ = ["AXE", "IBM", "preload_engines", "unload_engines", "violations"]


def violations(driver: webdriver.Chrome, *, tags: tuple[str, ...],
               rules: dict[str, dict[str, bool]], ibm: bool = True) -> tuple[list, list]:
    """(violations, axe's "needs review" results) from axe and, unless `ibm` is false, every
    violation IBM Equal Access finds under its WCAG 2.2 policy (not only those the audit maps
    to ACT rules). An engine that fails to run fails the test."""
    found = run_engines(driver, tags=tags, rules=rules, engines=(AXE, IBM) if ibm else (AXE,),
                        ibm_rules="all")
    assert not found.errors, f"an engine failed: {found.errors}"
    return found.violations, [r for r in found.incomplete if r.get("engine") == AXE]
