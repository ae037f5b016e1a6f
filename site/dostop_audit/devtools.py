"""Key presses and scripts sent to the tab over a DevTools connection of the audit's own, in
batches: what the keyboard walk needs to be quick.

Through ChromeDriver every key of an action is dispatched and waited for in turn, and every
script is an HTTP request as well as a DevTools message: about 12 ms a Tab and 4 ms a script on
two busy cores, and the walk presses Tab and Shift+Tab once per control. Chromium takes more
than one DevTools client per tab, so the audit opens a second connection to the tab ChromeDriver
drives (its window handle is the tab's DevTools id) and sends a run of key presses at once;
Chromium handles them one after another as it would typed keys, and they are trusted events
(a script's KeyboardEvent moves no focus). Scripts run as WebDriver runs them, in the top
document's own world.

Without such a connection (a remote WebDriver), the same calls go through WebDriver, one
command at a time.
"""

from __future__ import annotations

import json
import urllib.request
from dataclasses import dataclass
from typing import Any

import websocket
from selenium.common.exceptions import JavascriptException, WebDriverException
from selenium.webdriver.remote.webdriver import WebDriver

SHIFT = 8  # DevTools' modifier bit
_TAB = {"key": "Tab", "code": "Tab", "windowsVirtualKeyCode": 9, "nativeVirtualKeyCode": 9}
_SHIFT = {"key": "Shift", "code": "ShiftLeft", "windowsVirtualKeyCode": 16,
          "nativeVirtualKeyCode": 16, "location": 1}
_ENTER = {"key": "Enter", "code": "Enter", "windowsVirtualKeyCode": 13, "nativeVirtualKeyCode": 13}
# A key's answer comes once the page has handled it; only a page that hangs takes this long
# (the runner's watchdog ends such a browser sooner, which closes the connection).
_ANSWER_TIMEOUT = 120


# Waits until document.activeElement has not changed for 4 polls of 20 ms (at most 1 s), then
# runs the script: pages move focus from timers (a blur handler that focuses its control again
# 10 ms later), and what the script reads must be where focus stays.
_SETTLED = """
var done = arguments[arguments.length - 1], args = Array.prototype.slice.call(arguments, 0, -1);
var last = document.activeElement, quiet = 0, waited = 0;
function tick() {
  var now = document.activeElement;
  if (now === last) { quiet++; } else { quiet = 0; last = now; }
  waited += 20;
  if (quiet < 4 && waited < 1000) { setTimeout(tick, 20); return; }
  var result;
  try { result = {value: (function () { SCRIPT\n}).apply(null, args)}; }
  catch (error) { result = {error: String(error)}; }
  done(result);
}
setTimeout(tick, 20);
"""


@dataclass(frozen=True)
class Script:
    """A script as `execute_script` takes it (a function body reading `arguments`); with
    `wait`, as `execute_async_script` takes it (its last argument is the callback); with
    `settle`, run once the page's own scripts have stopped moving focus (at once when the
    browser's JavaScript is off: then nothing but the keys moves it)."""

    source: str
    args: tuple[Any, ...] = ()
    wait: bool = False
    settle: bool = False


Keys = list[dict[str, Any]]  # DevTools key events, in order


def tab(times: int = 1, back: bool = False) -> Keys:
    """Tab pressed `times` times; `back`: Shift+Tab, Shift held throughout as a visitor holds it.
    The same events ChromeDriver sends for these keys."""
    modifiers = SHIFT if back else 0
    presses = [{"type": kind, **_TAB, "modifiers": modifiers}
               for _ in range(times) for kind in ("rawKeyDown", "keyUp")]
    if back:
        presses = [{"type": "rawKeyDown", **_SHIFT, "modifiers": SHIFT}, *presses,
                   {"type": "keyUp", **_SHIFT, "modifiers": 0}]
    return presses


def enter() -> Keys:
    return [{"type": "keyDown", **_ENTER, "text": "\r", "unmodifiedText": "\r"},
            {"type": "keyUp", **_ENTER}]


def run(driver: WebDriver, *steps: Script | Keys) -> list[Any]:
    """Runs the steps in order and returns the scripts' results (one per Script). The key
    events of a step go out together; a step starts once the one before it is answered."""
    connection = _connection(driver)
    results = []
    try:
        for step in steps:
            if isinstance(step, Script):
                results.append(_script(driver, step, connection))
            elif connection:
                connection.send_all([("Input.dispatchKeyEvent", event) for event in step])
            else:
                for event in step:
                    driver.execute_cdp_cmd("Input.dispatchKeyEvent", event)  # type: ignore[attr-defined]
    except _Lost:
        close(driver)  # the next call connects again, or goes through WebDriver
        raise
    return results


def close(driver: WebDriver) -> None:
    """Closes the driver's connection, if it has one (quitting the browser closes it too)."""
    connection = getattr(driver, "_dostop_devtools", None)
    if connection:
        connection.close()
    if hasattr(driver, "_dostop_devtools"):
        del driver._dostop_devtools


class _Lost(WebDriverException):
    """The connection broke: the tab crashed or the browser was ended."""


def _script(driver: WebDriver, script: Script, connection: _Connection | None) -> Any:
    settling = script.settle and getattr(driver, "dostop_javascript", True)
    if settling:
        script = Script(_SETTLED.replace("SCRIPT", script.source), script.args, wait=True)
    if connection:
        result = connection.evaluate(script)
    elif script.wait:
        result = driver.execute_async_script(script.source, *script.args)
    else:
        result = driver.execute_script(script.source, *script.args)
    if not settling:
        return result
    if "error" in result:
        raise JavascriptException(f"javascript error: {result['error']}")
    return result.get("value")


class _Connection:
    def __init__(self, url: str, handle: str) -> None:
        self.handle = handle
        self.socket = websocket.create_connection(url, timeout=_ANSWER_TIMEOUT, suppress_origin=True)
        self.last_id = 0

    def send_all(self, commands: list[tuple[str, dict[str, Any]]]) -> list[dict[str, Any]]:
        first = self.last_id + 1
        try:
            for method, params in commands:
                self.last_id += 1
                self.socket.send(json.dumps({"id": self.last_id, "method": method, "params": params}))
            answers: dict[int, dict[str, Any]] = {}
            while len(answers) < len(commands):
                message = json.loads(self.socket.recv())
                if message.get("id", 0) >= first:  # events (none asked for) and late answers aside
                    answers[message["id"]] = message
        except (OSError, websocket.WebSocketException) as error:
            raise _Lost(f"the tab stopped answering ({error})") from error
        for answer in answers.values():
            if "error" in answer:
                raise WebDriverException(f"DevTools: {answer['error'].get('message')}")
        return [answers[key].get("result", {}) for key in sorted(answers)]

    def evaluate(self, script: Script) -> Any:
        args = json.dumps(list(script.args))
        if script.wait:
            args = f"{args}.concat([done])"
        call = f"(function () {{\n{script.source}\n}}).apply(null, {args})"
        if script.wait:
            call = f"new Promise(function (done) {{ {call}; }})"
        [result] = self.send_all([("Runtime.evaluate", {
            "expression": call, "returnByValue": True, "awaitPromise": script.wait})])
        if "exceptionDetails" in result:
            details = result["exceptionDetails"]
            message = details.get("exception", {}).get("description") or details.get("text")
            raise JavascriptException(f"javascript error: {message}")
        return result.get("result", {}).get("value")

    def close(self) -> None:
        try:
            self.socket.close()
        except (OSError, websocket.WebSocketException):
            pass


def _connection(driver: WebDriver) -> _Connection | None:
    """The driver's connection, opened on first use; None when the browser offers none."""
    handle = driver.current_window_handle  # the tab WebDriver drives now (tests switch tabs)
    known: _Connection | None = getattr(driver, "_dostop_devtools", None)
    if hasattr(driver, "_dostop_devtools") and (known is None or known.handle == handle):
        return known
    close(driver)
    connection = None
    address = (getattr(driver, "capabilities", None) or {}).get(
        "goog:chromeOptions", {}).get("debuggerAddress")
    if address:
        try:
            with urllib.request.urlopen(f"http://{address}/json/list", timeout=10) as answer:
                targets = json.load(answer)
            url = next(t["webSocketDebuggerUrl"] for t in targets if t.get("id") == handle)
            connection = _Connection(url, handle)
        except (OSError, ValueError, StopIteration, KeyError, websocket.WebSocketException):
            connection = None
    driver._dostop_devtools = connection  # type: ignore[attr-defined]
    return connection
