"""axe-core, the version pinned in package.json, injected with axe-selenium-python into the
page and every frame in it (axe checks a frame's content only when it runs inside it too)."""

from __future__ import annotations

import json
from typing import Any

from axe_selenium_python import Axe
from selenium.webdriver.remote.webdriver import WebDriver

from dostop_audit.engines.frames import in_every_frame
from dostop_audit.engines.pinned import AXE_SCRIPT, script_path

ENGINE = "axe-core"
# A frame axe cannot reach (it did not load, or never answers) must not hold the page for
# axe's default minute.
FRAME_WAIT_MS = 5000

# With JavaScript switched off in the profile, Chromium still runs WebDriver's scripts, but
# never fires their timers, and the engines wait on setTimeout. Only in such a browser, before
# they run, timers become microtasks (the page's own scripts are off, so nothing else uses them).
TIMERS_AS_MICROTASKS = """
if (!window.__dostopTimers) {
  window.__dostopTimers = true;
  var pending = {}, next = 1;
  window.setTimeout = function (fn) {
    var id = next++, args = Array.prototype.slice.call(arguments, 2);
    pending[id] = true;
    Promise.resolve().then(function () { if (pending[id]) { delete pending[id]; fn.apply(window, args); } });
    return id;
  };
  window.clearTimeout = function (id) { delete pending[id]; };
}
"""

# axe in the top document gathers the frames' results by messages, and by default takes them
# only from frames of its own origin: a frame from another site would be left unchecked.
_ANY_ORIGIN = "axe.configure({allowedOrigins: ['<unsafe_all_origins>']});"

_RUN = """
var callback = arguments[arguments.length - 1];
axe.run(arguments[0] || document, arguments[1])
  .then(function (r) { callback(r); }, function (e) { callback({error: String(e)}); });
"""


def javascript_on(driver: WebDriver) -> bool:
    return bool(getattr(driver, "dostop_javascript", True))


def inject(driver: WebDriver) -> list[str]:
    """axe in the page and each of its frames (where it is not there yet, e.g. preloaded).
    Returns the frames it could not enter."""
    injector = Axe(driver, script_url=str(script_path(AXE_SCRIPT)))

    def into(_path: list[str]) -> None:
        if not driver.execute_script("return typeof window.axe === 'object'"):
            injector.inject()
        driver.execute_script(_ANY_ORIGIN)
        if not javascript_on(driver):
            driver.execute_script(TIMERS_AS_MICROTASKS)

    _, skipped = in_every_frame(driver, into)
    return skipped


def run(driver: WebDriver, *, tags: tuple[str, ...] | None, rules: dict[str, dict[str, bool]] | None,
        context: Any = None) -> dict[str, Any]:
    """axe.run in the top document; axe collects the frames' results itself. Options go as
    JSON: axe-selenium-python's own `run(options=...)` formats them with Python's repr."""
    options: dict[str, Any] = {"resultTypes": ["violations", "incomplete"],
                               "frameWaitTime": FRAME_WAIT_MS}
    if tags:
        options["runOnly"] = {"type": "tag", "values": list(tags)}
    if rules:
        options["rules"] = rules
    result: dict[str, Any] = driver.execute_async_script(_RUN, context, json.loads(json.dumps(options)))
    if "error" in result:
        raise RuntimeError(f"axe failed: {result['error']}")
    return result
