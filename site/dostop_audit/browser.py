"""Headless Chromium (Debian's, never a downloaded one) and axe-core, driven through Selenium."""

from __future__ import annotations

import json
import os
import shutil
import signal
from functools import cache
from pathlib import Path
from typing import Any

from axe_selenium_python.axe import _DEFAULT_SCRIPT as AXE_SCRIPT
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

from dostop_audit import devtools
from dostop_audit.engines.axe import TIMERS_AS_MICROTASKS
from dostop_audit.profiles import PROFILES, browsers_using, chromium_env, remove_tree

CHROMIUM = os.environ.get("DOSTOP_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("DOSTOP_CHROMEDRIVER", "/usr/bin/chromedriver")
CHROMIUM_FLAGS = (
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
    "--no-first-run", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--disable-extensions", "--hide-scrollbars", "--mute-audio",
)
WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice")


class BrowserMissing(RuntimeError):
    pass


class Chromium(webdriver.Chrome):
    """Removes its profile folder when it quits, even when it cannot quit cleanly."""

    profile: Path | None = None

    def quit(self) -> None:
        try:
            devtools.close(self)
            super().quit()
        finally:
            if self.profile is not None:
                remove_tree(self.profile)


def kill(driver: webdriver.Chrome) -> None:
    """Ends the browser's processes at once (found by its profile): WebDriver's pending
    command then fails instead of waiting on a tab that never answers."""
    profile = getattr(driver, "profile", None)
    for pid in browsers_using(profile) if profile is not None else []:
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass


@cache
def axe_source() -> str:
    """axe-core's script, read once per process (it is injected into every page)."""
    return Path(AXE_SCRIPT).read_text(encoding="utf-8")


def make_driver(*, javascript: bool = True, width: int = 1280, height: int = 900,
                extra_flags: tuple[str, ...] = ()) -> webdriver.Chrome:
    """A fresh headless Chromium. `javascript=False` switches scripts off for the whole
    browser, which is how a no-JS visitor (or a strict corporate proxy) sees the site."""
    for binary in (CHROMIUM, CHROMEDRIVER):
        if not shutil.which(binary):
            raise BrowserMissing(f"{binary} not found: install Debian's chromium and chromium-driver")
    os.environ.setdefault("SE_OFFLINE", "true")  # Selenium Manager must never try to download
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in CHROMIUM_FLAGS + extra_flags:
        options.add_argument(flag)
    options.add_argument(f"--window-size={width},{height}")
    profile = PROFILES.new()
    options.add_argument(f"--user-data-dir={profile}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    if not javascript:
        options.add_experimental_option(
            "prefs", {"profile.managed_default_content_settings.javascript": 2})
    try:
        driver = Chromium(service=Service(executable_path=CHROMEDRIVER, env=chromium_env(profile)),
                          options=options)
    except BaseException:
        remove_tree(profile)
        raise
    driver.profile = profile
    driver.set_page_load_timeout(30)
    driver.set_script_timeout(60)
    driver.dostop_javascript = javascript  # type: ignore[attr-defined]  # read by run_axe
    return driver


def run_axe(driver: webdriver.Chrome, *, tags: tuple[str, ...] = WCAG_TAGS,
            rules: dict[str, dict[str, bool]] | None = None,
            context: Any = None) -> dict[str, Any]:
    """Runs axe-core on the current page. Options go as JSON: axe-selenium-python's own
    `run(options=...)` formats them with Python's repr, which breaks on True/False."""
    options: dict[str, Any] = {"runOnly": {"type": "tag", "values": list(tags)},
                               "resultTypes": ["violations", "incomplete"]}
    if rules:
        options["rules"] = rules
    if not driver.execute_script("return typeof window.axe === 'object'"):
        driver.execute_script(axe_source())
    if not getattr(driver, "dostop_javascript", True):
        driver.execute_script(TIMERS_AS_MICROTASKS)
    script = (
        "var callback = arguments[arguments.length - 1];"
        "axe.run(arguments[0] || document, arguments[1])"
        ".then(function (r) { callback(r); }, function (e) { callback({error: String(e)}); });"
    )
    result: dict[str, Any] = driver.execute_async_script(script, context, json.loads(json.dumps(options)))
    if "error" in result:
        raise RuntimeError(f"axe failed: {result['error']}")
    return result


def preload_axe(driver: webdriver.Chrome) -> str | None:
    """Has Chromium evaluate axe-core in every new document from now on, so `run_axe` need not
    send its 500 kB per page (a third of a run's time). Returns the id for `unload_axe`, or
    None when the browser's JavaScript is off (then `run_axe` injects it per page)."""
    if not getattr(driver, "dostop_javascript", True):
        return None
    added = driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": axe_source()})
    return str(added["identifier"])


def unload_axe(driver: webdriver.Chrome, identifier: str | None) -> None:
    if identifier is not None:
        driver.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument",
                               {"identifier": identifier})


def axe_version(driver: webdriver.Chrome) -> str:
    version: str = driver.execute_script("return window.axe ? window.axe.version : ''")
    return version


def format_violations(url: str, state: str, violations: list[dict[str, Any]]) -> str:
    """A failure message that can be fixed from the CI log alone: page, state, rule, element."""
    lines = []
    for violation in violations:
        for node in violation.get("nodes", []):
            lines.append(f"{url} [{state}] {violation['id']} ({violation.get('impact')}): "
                         f"{' '.join(map(str, node.get('target', [])))} — "
                         f"{node.get('failureSummary', '').splitlines()[-1:] or ''} "
                         f"{node.get('html', '')[:160]}")
    return "\n".join(lines)
