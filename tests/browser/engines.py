"""The rule engines package.json pins, as the browser suite runs them: axe-core (newer than the
one axe-selenium-python bundles) and IBM Equal Access (accessibility-checker-engine), read from
node_modules/. Both ride on one page load: preloaded into every new document when the
browser runs scripts, injected into the page when it does not.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from axe_selenium_python import Axe
from selenium import webdriver

# With scripts off, Chromium never fires WebDriver scripts' timers; ace waits on setTimeout as
# axe does, so the audit's timers-as-microtasks shim serves both (it installs itself once).
from dostop_audit.browser import _TIMERS_AS_MICROTASKS

NODE_MODULES = Path(__file__).resolve().parents[2] / "node_modules"
AXE_SCRIPT = NODE_MODULES / "axe-core" / "axe.min.js"
ACE_SCRIPT = NODE_MODULES / "accessibility-checker-engine" / "ace.js"
IBM_POLICY = "WCAG_2_2"


@cache
def version(package: str) -> str:
    data = json.loads((NODE_MODULES / package / "package.json").read_text(encoding="utf-8"))
    return str(data["version"])


@cache
def ace_source() -> str:
    # ace.js declares `var ace` at its top level: global in a classic script, but local to the
    # function WebDriver wraps an injected script in. Attaching it to window works in both.
    return ACE_SCRIPT.read_text(encoding="utf-8") + "\n;window.ace = ace;\n"


@cache
def preload_source() -> str:
    return AXE_SCRIPT.read_text(encoding="utf-8") + "\n;" + ace_source()


def preload_engines(driver: webdriver.Chrome) -> str | None:
    """Has Chromium evaluate both engines in every new document; the id for `unload_engines`,
    or None when the browser's scripts are off (then `inject_engines` adds them per page)."""
    if not getattr(driver, "dostop_javascript", True):
        return None
    added = driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument",
                                   {"source": preload_source()})
    return str(added["identifier"])


def unload_engines(driver: webdriver.Chrome, identifier: str | None) -> None:
    if identifier is not None:
        driver.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument",
                               {"identifier": identifier})


def inject_engines(driver: webdriver.Chrome) -> None:
    """Makes sure the page has the pinned axe-core and ace, whichever way it was loaded."""
    has_axe, has_ace = driver.execute_script(
        "return [!!window.axe && axe.version === arguments[0], typeof window.ace === 'object']",
        version("axe-core"))
    if not has_axe:
        Axe(driver, script_url=str(AXE_SCRIPT)).inject()
    if not has_ace:
        driver.execute_script(ace_source())
    if not getattr(driver, "dostop_javascript", True):
        driver.execute_script(_TIMERS_AS_MICROTASKS)


def run_ibm(driver: webdriver.Chrome) -> list[dict[str, Any]]:
    """IBM Equal Access's violations (value VIOLATION, FAIL) on the page as it is now, under
    the WCAG 2.2 policy. Its "potential" and "manual" results are for a person to review."""
    inject_engines(driver)
    script = (
        "var callback = arguments[arguments.length - 1];"
        "new ace.Checker().check(document, [arguments[0]]).then(function (report) {"
        "  callback(report.results.filter(function (r) {"
        "    return r.value[0] === 'VIOLATION' && r.value[1] === 'FAIL'; })"
        "    .map(function (r) { return {ruleId: r.ruleId, reasonId: r.reasonId,"
        "      message: r.message, path: r.path.dom, snippet: r.snippet}; }));"
        "}, function (e) { callback({error: String(e)}); });"
    )
    result: Any = driver.execute_async_script(script, IBM_POLICY)
    if isinstance(result, dict) and "error" in result:
        raise RuntimeError(f"IBM Equal Access failed: {result['error']}")
    violations: list[dict[str, Any]] = result
    return violations


def format_ibm(url: str, state: str, violations: list[dict[str, Any]]) -> str:
    """Like format_violations for axe: page, state, rule, element, message, one line each."""
    return "\n".join(
        f"{url} [{state}] IBM {v['ruleId']}: {v['path']} — {v['message']} {v['snippet'][:160]}"
        for v in violations)
