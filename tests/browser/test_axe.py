"""axe-core and IBM Equal Access on every page of the sitemap and every interactive state: both
languages, the accessibility mode off and on, JavaScript on and off. Zero violations is the
pass mark.

axe-core is the version package.json pins (newer than the one axe-selenium-python bundles), and
IBM Equal Access (WCAG 2.2 policy, every violation it finds) runs in the same page load, after
axe, both as `dostop audit` runs them (dostop_audit.engines; preloading in engines.py). IBM runs
with JavaScript on, on pages and states, and on the states that also exist without it; a page
without JavaScript is the same server-rendered markup, which axe checks there.

A failure lists every violation as `page [state] rule (impact): element — fix  <html>`, so it
can be fixed from the CI log alone. axe's "needs review" results go to
reports/axe-incomplete.json and the terminal summary (see axe_report.py).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from axe_report import AxeLog
from engines import preload_engines, unload_engines, violations
from selenium import webdriver
from states import MODES, STATES, State, rendered_mode, set_mode, sitemap_paths

from dostop_audit.browser import WCAG_TAGS, axe_version, format_violations
from dostop_audit.engines import versions
from dostop.settings import Settings

# Rules switched off, each with its reason and a link, as GOV.UK Frontend does
# (packages/govuk-frontend/src/govuk/components/*/accessibility.puppeteer.test.mjs):
#     "rule-id": {"enabled": False},  # why, and https://link-to-the-issue-or-axe-rule
DISABLED_RULES: dict[str, dict[str, bool]] = {}

# In the accessibility mode the site promises WCAG AAA contrast (7:1) as well.
MODE_RULES: dict[str, dict[str, bool]] = {"color-contrast-enhanced": {"enabled": True}}


def axe_on(driver: webdriver.Chrome, log: AxeLog, path: str, state: str, mode: str,
           started: float, *, ibm: bool = True) -> str:
    """Runs axe, then IBM Equal Access unless `ibm` is false, on the page as it is now;
    returns the violations as lines ('' for none)."""
    assert rendered_mode(driver) == mode, f"{path} [{state}]: the page is not in mode {mode}"
    rules = {**DISABLED_RULES, **(MODE_RULES if mode == "on" else {})}
    found, incomplete = violations(driver, tags=WCAG_TAGS, rules=rules, ibm=ibm)
    log.record(path, state, {"incomplete": incomplete}, time.monotonic() - started)
    return format_violations(path, state, found)


@pytest.fixture(params=[True, False], ids=["js", "nojs"])
def driver(request: pytest.FixtureRequest) -> Iterator[webdriver.Chrome]:
    """The session's Chromium with JavaScript on, or the one with it off; engines preloaded."""
    chromium: webdriver.Chrome = request.getfixturevalue("browser" if request.param else "browser_nojs")
    chromium.set_window_size(1280, 900)
    preloaded = preload_engines(chromium)
    yield chromium
    unload_engines(chromium, preloaded)


@pytest.mark.parametrize("mode", MODES)
def test_every_page_in_the_sitemap_passes_axe(driver: webdriver.Chrome, live_server: Any,
                                              live_settings: Settings, axe_log: AxeLog,
                                              mode: str) -> None:
    javascript = getattr(driver, "dostop_javascript", True)
    state = f"mode {mode}, {'JS' if javascript else 'no JS'}"
    paths = sitemap_paths(live_server.url)
    assert {"/sl/", "/en/"} <= set(paths), paths
    set_mode(driver, live_server, live_settings, mode)
    failures = []
    for path in paths:
        started = time.monotonic()
        driver.get(live_server.url + path)
        failures.append(axe_on(driver, axe_log, path, state, mode, started, ibm=javascript))
    assert axe_version(driver) == versions()["axe-core"]
    found = "\n".join(line for line in failures if line)
    assert not found, f"violations on {sum(bool(f) for f in failures)} pages:\n{found}"


def _state_params() -> list[Any]:
    params = []
    for item in STATES:
        for mode in MODES:
            for javascript in (True, False) if item.nojs else (True,):
                params.append(pytest.param(item, mode, javascript,
                                           id=f"{item}-mode {mode}-{'js' if javascript else 'nojs'}"))
    return params


@pytest.mark.parametrize(("item", "mode", "javascript"), _state_params())
def test_every_interactive_state_passes_axe(request: pytest.FixtureRequest,
                                            live_server: Any, live_settings: Settings,
                                            axe_log: AxeLog, item: State, mode: str,
                                            javascript: bool) -> None:
    chromium: webdriver.Chrome = request.getfixturevalue("browser" if javascript else "browser_nojs")
    chromium.set_window_size(1280, 900)
    set_mode(chromium, live_server, live_settings, mode)
    started = time.monotonic()
    chromium.get(live_server.url + item.path)
    item.interact(chromium)
    label = f"{item.name}, mode {mode}, {'JS' if javascript else 'no JS'}"
    found = axe_on(chromium, axe_log, item.path, label, mode, started)
    assert not found, f"violations:\n{found}"
