"""Keyboard traps, decided the same way on every run.

Scripts trap focus from timers (a control's blur handler focuses it again 10 ms later), so after
every key press the walk waits until focus has settled before it looks. Focus is walked from
the top with Tab and from the end with Shift+Tab:

- a walk that comes back to a control it passed, before it has been round the page, is stuck
  (a modal dialog that keeps focus inside it is not: Escape is its way out);
- stuck one way only ("keyboard-trap"), the page fails "no keyboard trap via standard
  navigation" (ACT a1b64e);
- stuck both ways, a visitor needs another way out: the page fails WCAG 2.1.2 unless it says
  how (a key such as "Press Ctrl+M", shown on the page or behind a same-page help link in the
  trap) and that key does take focus out ("keyboard-trap-no-exit"; ACT 80af7b and ebe86a).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver

from dostop_audit import devtools
from dostop_audit.devtools import Script, tab
from dostop_audit.findings import Finding

_CURRENT = """
var el = document.activeElement;
if (!el || el === document.body || el === document.documentElement) { return null; }
var ids = window.__dostopTrapIds = window.__dostopTrapIds || new Map();
if (!ids.has(el)) { ids.set(el, ids.size + 1); }
var html = (el.outerHTML || '').slice(0, 120);
return {id: ids.get(el), element: el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + ' ' + html,
        in_dialog: !!el.closest('dialog[open], [aria-modal="true"]'),
        same_page_link: el.tagName === 'A' && (el.getAttribute('href') || '').charAt(0) === '#'};
"""
_TABBABLE = """
return Array.prototype.filter.call(document.querySelectorAll(
  'a[href], area[href], button, input:not([type="hidden"]), select, textarea, summary, [tabindex]'),
  function (el) {
    var t = el.getAttribute('tabindex');
    return !el.disabled && !(t !== null && parseInt(t, 10) < 0) && el.getClientRects().length &&
      getComputedStyle(el).visibility === 'visible';
  }).length;
"""
# Focus that leaves the document (for the browser's own controls) has escaped, even if a timer
# then calls focus() in the page: a browser does not hand keyboard focus back for that. A blur
# handler that focuses another control at once has not let it leave: checked after the event.
_WATCH = """
window.__dostopLeft = false;
if (!window.__dostopWatching) {
  window.__dostopWatching = true;
  document.addEventListener('focusout', function (event) {
    if (event.relatedTarget) { return; }
    Promise.resolve().then(function () {
      var now = document.activeElement;
      if (!now || now === document.body || now === document.documentElement) { window.__dostopLeft = true; }
    });
  }, true);
}
"""
_LEFT = "return window.__dostopLeft;"
_TO_THE_START = """
if (document.activeElement) { document.activeElement.blur(); }
var body = document.body;
body.setAttribute('tabindex', '-1'); body.focus(); body.removeAttribute('tabindex');
"""
_TEXT = "return document.body ? document.body.innerText : ''"
# "Press Ctrl+M to exit", "use Alt + Shift + X", "press Escape"
_INSTRUCTION = re.compile(
    r"\b(?:press|use|hit|type)\s+((?:(?:ctrl|control|alt|option|shift|cmd|command|meta)\s*\+\s*)*)"
    r"(esc(?:ape)?\b|f\d{1,2}\b|[a-z0-9]\b)", re.IGNORECASE)
_MODIFIERS = {"ctrl": Keys.CONTROL, "control": Keys.CONTROL, "alt": Keys.ALT, "option": Keys.ALT,
              "shift": Keys.SHIFT, "cmd": Keys.META, "command": Keys.META, "meta": Keys.META}


@dataclass(frozen=True)
class Stop:
    id: int
    element: str
    in_dialog: bool
    same_page_link: bool


def settle(driver: WebDriver) -> None:
    """Waits until the page's own timers have stopped moving focus (pages with JavaScript)."""
    if getattr(driver, "dostop_javascript", True):
        devtools.run(driver, Script("", settle=True))


def _current(driver: WebDriver) -> Stop | None:
    info: dict[str, Any] | None = driver.execute_script(_CURRENT)
    return Stop(**info) if info else None


def _press(driver: WebDriver, *keys: str, modifiers: tuple[str, ...] = ()) -> bool:
    """Presses the keys and waits for focus to settle; True when focus left the document."""
    if keys == (Keys.TAB,) and set(modifiers) <= {Keys.SHIFT}:  # the walks' keys: the quick way
        [_, left] = devtools.run(driver, Script(_WATCH), tab(back=bool(modifiers)),
                                 Script(_LEFT, settle=True))
        return bool(left)
    devtools.run(driver, Script(_WATCH))
    chain = ActionChains(driver)
    for modifier in modifiers:
        chain.key_down(modifier)
    chain.send_keys(*keys)
    for modifier in reversed(modifiers):
        chain.key_up(modifier)
    chain.perform()
    [left] = devtools.run(driver, Script(_LEFT, settle=True))
    return bool(left)


def stuck_walk(driver: WebDriver, backward: bool, tabbable: int) -> list[Stop]:
    """From the start of the freshly reloaded page (a trap's scripts keep state), Tab (or
    Shift+Tab, from the end) until focus leaves the page or has been round it. Returns the stops
    of the loop focus cannot leave ([] when none)."""
    driver.refresh()
    driver.execute_script(_TO_THE_START)
    modifiers = (Keys.SHIFT,) if backward else ()
    stops: list[Stop] = []
    for press in range(tabbable + 10):
        left = _press(driver, Keys.TAB, modifiers=modifiers)
        stop = _current(driver)
        if backward and press == 0 and stop is None:
            continue  # Chromium's first Shift+Tab from the top goes out, the next comes in at the end
        if stop is None or left:
            return []
        ids = [s.id for s in stops]
        if stop.id in ids:
            loop = stops[ids.index(stop.id):]
            round_the_page = stop.id == ids[0] and len(set(ids)) >= tabbable
            if round_the_page or any(s.in_dialog for s in loop):
                return []
            return loop
        stops.append(stop)
    return stops[-1:] if stops else []


def _escapes(driver: WebDriver, loop: list[Stop]) -> bool:
    """Does a key the page names take focus out of the loop? Same-page links in the loop are
    followed first when the page names none (a help link that shows the instructions)."""
    inside = {s.id for s in loop}
    instructions = _INSTRUCTION.findall(str(driver.execute_script(_TEXT)))
    if not instructions:
        for link in (s for s in loop if s.same_page_link):
            _focus_stop(driver, link)
            _press(driver, Keys.ENTER)
        instructions = _INSTRUCTION.findall(str(driver.execute_script(_TEXT)))
    for modifier_text, key in instructions:
        modifiers = tuple(_MODIFIERS[m.strip().lower()]
                          for m in modifier_text.split("+") if m.strip())
        name = key.lower()
        keys = Keys.ESCAPE if name.startswith("esc") else \
            getattr(Keys, name.upper()) if name.startswith("f") and len(name) > 1 else name
        _focus_stop(driver, loop[0])
        left = _press(driver, keys, modifiers=modifiers)
        after = _current(driver)
        if left or after is None or after.id not in inside:
            return True
    return False


def _focus_stop(driver: WebDriver, stop: Stop) -> None:
    driver.execute_script("window.__dostopTrapIds.forEach(function (id, el) {"
                          " if (id === arguments[0]) { el.focus(); } });".replace(
                              "arguments[0]", str(int(stop.id))))
    settle(driver)


def check_traps(driver: WebDriver) -> list[Finding]:
    """The trap findings for the page: it is reloaded for each walk, so it is left loaded afresh
    with focus moved (interactive states are not kept)."""
    tabbable = int(driver.execute_script(_TABBABLE))
    if tabbable == 0:
        return []
    forward = stuck_walk(driver, backward=False, tabbable=tabbable)
    backward = stuck_walk(driver, backward=True, tabbable=tabbable)
    if forward and backward:
        if _escapes(driver, backward):
            return []
        return [Finding("keyboard-trap-no-exit", "neither Tab nor Shift+Tab can move focus out of "
                        "here, and the page names no key that does", backward[0].element, "2.1.2")]
    if forward:
        return [Finding("keyboard-trap", "Tab cannot move focus away from here",
                        forward[0].element, "2.1.2")]
    if backward:
        return [Finding("keyboard-trap", "Shift+Tab cannot move focus back from here",
                        backward[0].element, "2.1.2")]
    return []
