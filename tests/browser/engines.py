"""The rule engines package.json pins, run as the audit runs them (dostop_audit.engines): axe-core
(newer than the one axe-selenium-python bundles) and IBM Equal Access. What the suite adds is
speed: both preloaded into every new document while the browser runs scripts, so a page load
carries them and the audit's injection finds them already there.
"""

from __future__ import annotations

from functools import cache

from selenium import webdriver

from dostop_audit.engines import run_engines
from dostop_audit.engines import axe as axe_engine
from dostop_audit.engines.ace import ENGINE as IBM
from dostop_audit.engines.pinned import ACE_SCRIPT, AXE_SCRIPT, script

AXE = axe_engine.ENGINE


@cache
def _preload_source() -> str:
    # A preloaded script is a classic script, so ace.js's top-level `var ace` is global already;
    # window.ace is set anyway, as the audit's injection does.
    return script(AXE_SCRIPT) + "\n;" + script(ACE_SCRIPT) + "\n;window.ace = ace;\n"


def preload_engines(driver: webdriver.Chrome) -> str | None:
    """Has Chromium evaluate both engines in every new document; the id for `unload_engines`,
    or None when the browser's scripts are off (then the audit injects them per page)."""
    if not axe_engine.javascript_on(driver):
        return None
    added = driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument",
                                   {"source": _preload_source()})
    return str(added["identifier"])


def unload_engines(driver: webdriver.Chrome, identifier: str | None) -> None:
    if identifier is not None:
        driver.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument",
                               {"identifier": identifier})


def violations(driver: webdriver.Chrome, *, tags: tuple[str, ...],
               rules: dict[str, dict[str, bool]], ibm: bool = True) -> tuple[list, list]:
    """(violations, axe's "needs review" results) from axe and, unless `ibm` is false, every
    violation IBM Equal Access finds under its WCAG 2.2 policy (not only those the audit maps
    to ACT rules). An engine that fails to run fails the test."""
    found = run_engines(driver, tags=tags, rules=rules, engines=(AXE, IBM) if ibm else (AXE,),
                        ibm_rules="all")
    assert not found.errors, f"an engine failed: {found.errors}"
    return found.violations, [r for r in found.incomplete if r.get("engine") == AXE]
