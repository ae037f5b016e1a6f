"""Both engines preloaded into every new document of a browser: Chromium evaluates them as the
document is created, before the page's own scripts, so no page load waits for 1.3 MB of engine
source to travel through WebDriver (three quarters of a second per page on two busy cores;
see bench/README.md). Documents the preload does not reach (frames from another site, which
Chromium runs in another process) get the engines injected when the audit runs."""

from __future__ import annotations

from functools import cache

from selenium.webdriver.remote.webdriver import WebDriver

from dostop_audit.engines import ace, axe
from dostop_audit.engines.pinned import ACE_SCRIPT, AXE_SCRIPT, script


@cache
def preload_source() -> str:
    return script(AXE_SCRIPT) + "\n;" + ace.wrapped_source()


def preload_engines(driver: WebDriver) -> str | None:
    """Has Chromium evaluate both engines in every new document from now on; the id for
    `unload_engines`, or None when the browser's scripts are off (the audit injects them per
    page then, with its timer shim)."""
    if not axe.javascript_on(driver):
        return None
    added = driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument",
                                   {"source": preload_source()})
    return str(added["identifier"])


def unload_engines(driver: WebDriver, identifier: str | None) -> None:
    if identifier is not None:
        driver.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument",
                               {"identifier": identifier})
