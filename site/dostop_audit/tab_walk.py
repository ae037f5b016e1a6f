"""Walking a page with the keyboard: Tab from the top to the end, then Shift+Tab from the last
stop back to the first, which must retrace the same stops in reverse. The checks in
`dostop_audit.keyboard` judge the walk."""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib.resources import files
from typing import Any

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver

from dostop_audit.traps import settle

PROBE = files("dostop_audit").joinpath("probe.js").read_text(encoding="utf-8")

# The controls Tab should reach; the walk also accepts stops Chromium adds itself (scrollers).
_START = PROBE + """
var expected = [], snapshot = new Map(), radios = {};
document.querySelectorAll(dostop.FOCUSABLE).forEach(function (el) {
  if (el.disabled || el.closest('[inert]') || !dostop.shown(el)) { return; }
  var tabindex = el.getAttribute('tabindex');
  if (tabindex !== null && parseInt(tabindex, 10) < 0) { return; }
  if (el.tagName === 'SUMMARY' && el.parentElement.tagName !== 'DETAILS') { return; }
  if (el.type === 'radio' && el.name) {  // one Tab stop per radio group
    var group = el.form ? el.form.elements[el.name] : document.getElementsByName(el.name);
    var checked = Array.prototype.filter.call(group, function (r) { return r.checked; })[0];
    if ((checked && checked !== el) || (!checked && radios[el.name])) { return; }
    radios[el.name] = true;
  }
  expected.push(el);
  snapshot.set(el, dostop.focusStyle(el));
});
if (document.activeElement && document.activeElement !== document.body) { document.activeElement.blur(); }
window.__dostopWalk = {expected: expected, snapshot: snapshot, stops: []};
return {
  expected: expected.length,
  positive: expected.filter(function (el) { return el.tabIndex > 0; }).map(dostop.describe)
};
"""

_STEP = PROBE + """
var el = document.activeElement;
if (!el || el === document.body || el === document.documentElement) { return null; }
return dostop.stop(el, window.__dostopWalk);
"""

# The fast walk: a focusin listener records every stop while one action presses Tab many times.
# A focus move with no Tab since the last one (focus came back after leaving the page, or moved
# again) was a script's: such a walk is redone a key at a time, settling after each key.
_RECORD = PROBE + """
var walk = window.__dostopWalk;
walk.recorded = []; walk.keyed = false; walk.scripted = false;
walk.keyListener = function (event) { if (event.key === 'Tab') { walk.keyed = true; } };
walk.listener = function (event) {
  if (!walk.keyed) { walk.scripted = true; }
  walk.keyed = false;
  walk.recorded.push(dostop.stop(event.target, walk));
};
document.addEventListener('keydown', walk.keyListener, true);
document.addEventListener('focusin', walk.listener, true);
"""
_RECORDED = """
var walk = window.__dostopWalk;
document.removeEventListener('keydown', walk.keyListener, true);
document.removeEventListener('focusin', walk.listener, true);
return walk.scripted ? null : walk.recorded;
"""
# Back to the top of the page, as if freshly loaded: the next Tab goes to the first control.
_TO_THE_TOP = """
var body = document.body;
body.setAttribute('tabindex', '-1'); body.focus(); body.removeAttribute('tabindex');
"""
_RESTART = "window.__dostopWalk.stops = [];" + _TO_THE_TOP

_UNREACHED = PROBE + """
var walk = window.__dostopWalk;
return walk.expected.filter(function (el) { return walk.stops.indexOf(el) < 0; }).map(dostop.describe);
"""

# The backward walk. The stops of the forward walk are `walk.stops.slice(0, n)` in the page;
# an element's place is its index there, or that of the radio in its group that Tab stopped
# on (Shift+Tab into a group with nothing checked lands on its last radio, Tab on its first).
_BACK_PLACE = """
window.__dostopPlace = function (el, n) {
  /* an iframe holds focus for several Tabs while they move inside it: one stop */
  var forward = window.__dostopWalk.stops.slice(0, n).filter(function (stop, i, all) {
    return i === 0 || stop !== all[i - 1];
  });
  var index = forward.indexOf(el);
  if (index < 0 && el.type === 'radio' && el.name) {
    index = forward.findIndex(function (other) {
      return other.type === 'radio' && other.name === el.name && other.form === el.form;
    });
  }
  return index;
};
"""
_BACK_START = PROBE + _BACK_PLACE + """
var walk = window.__dostopWalk, n = arguments[0];
walk.stops[n - 1].focus();
walk.backward = [];
walk.backListener = function (event) {
  walk.backward.push(window.__dostopPlace(event.target, n));
};
if (arguments[1]) { document.addEventListener('focusin', walk.backListener, true); }
return document.activeElement === walk.stops[n - 1];
"""
_BACK_RECORDED = """
var walk = window.__dostopWalk;
document.removeEventListener('focusin', walk.backListener, true);
return walk.backward;
"""
_BACK_STEP = PROBE + """
var el = document.activeElement;
if (!el || el === document.body || el === document.documentElement) { return null; }
return {element: dostop.describe(el), place: window.__dostopPlace(el, arguments[0]),
        tag: el.tagName.toLowerCase(),
        /* a stop Chromium adds itself (a scrollable region), not one a page made */
        scroller: !el.matches(dostop.FOCUSABLE)};
"""



@dataclass(frozen=True)
class FocusStop:
    """Where one press of Tab put the focus, and how that element looked before and after."""

    element: str
    tag: str
    href: str
    seen: int  # index of an earlier stop on the same element, or -1
    order: int  # position among the page's focusable elements in DOM order, or -1
    in_dialog: bool
    aria_hidden: bool  # inside aria-hidden="true": a screen reader is told nothing is there
    focused: dict[str, Any]
    unfocused: dict[str, Any] | None
    rect: list[float]
    viewport: list[float]
    reordered: str


@dataclass
class KeyboardWalk:
    """One pass of Tab through a page: the stops, what was never reached, and a trap if any."""

    stops: list[FocusStop] = field(default_factory=list)
    expected: int = 0
    unreached: list[str] = field(default_factory=list)
    positive_tabindex: list[str] = field(default_factory=list)
    trap: str = ""
    # Going back with Shift+Tab: where focus got stuck, and where it went off the Tab path.
    back_trap: str = ""
    back_detours: list[tuple[str, str]] = field(default_factory=list)  # (from, to)


def focus_from_the_top(driver: WebDriver) -> None:
    """Focus back at the top of the page without reloading it (an interactive state stays as
    it is): the next Tab goes where it would on a fresh page."""
    driver.execute_script("if (document.activeElement) { document.activeElement.blur(); }"
                          + _TO_THE_TOP)


def press(driver: WebDriver, *keys: str) -> None:
    """Real key presses to whatever has focus (or the document), as a visitor types them."""
    ActionChains(driver).send_keys(*keys).perform()


def press_back(driver: WebDriver, times: int = 1) -> None:
    """Shift+Tab, `times` times, with Shift held throughout as a visitor holds it."""
    ActionChains(driver).key_down(Keys.SHIFT).send_keys(*[Keys.TAB] * times) \
        .key_up(Keys.SHIFT).perform()


def walk_keyboard(driver: WebDriver, limit: int | None = None) -> KeyboardWalk:
    """Presses Tab from the top of a freshly loaded page until focus leaves the page or comes
    back round, recording every stop. A stop focused twice before that is a trap, and so is
    never leaving; with `limit` the walk just stops after that many presses (`limit=1`: only
    where the first Tab goes, enough for `check_skip_link`)."""
    start = driver.execute_script(_START)
    walk = KeyboardWalk(expected=start["expected"], positive_tabindex=start["positive"])
    if limit is None and getattr(driver, "dostop_javascript", True):
        if _walk_fast(driver, walk):
            walk_back(driver, walk)
            return walk
        driver.execute_script(_RESTART)  # something is wrong: walk again, a key at a time
        walk.stops = []
    for _ in range(limit or start["expected"] + 25):
        press(driver, Keys.TAB)
        settle(driver)  # a script that pulls focus back on a timer has done so before we look
        info = driver.execute_script(_STEP)
        if info is None:  # focus left the document: the walk went all the way through
            break
        stop = FocusStop(**info)
        if stop.seen == 0 and walk.stops:  # wrapped round to the first stop
            break
        if stop.seen >= 0 and stop.tag != "iframe":  # an iframe holds focus while Tab moves inside it
            if not stop.in_dialog:
                walk.trap = stop.element
            break
        walk.stops.append(stop)
    else:
        if limit is None:
            walk.trap = walk.stops[-1].element if walk.stops else "the page"
    walk.unreached = driver.execute_script(_UNREACHED)
    if limit is None and not walk.trap:
        walk_back(driver, walk)
    return walk


def walk_back(driver: WebDriver, walk: KeyboardWalk) -> None:
    """From the last stop, Shift+Tab must pass the same stops in reverse, to the first. All the
    presses in one action when the page's JavaScript records them; if that does not retrace the
    walk (or JavaScript is off), again a key at a time, to say where focus got stuck or turned
    off. Browser-added stops (scrollers) and radios are placed as the forward walk placed them."""
    count = len(walk.stops)
    # The places to pass: the Tab stops, an iframe's run of stops counted once.
    distinct = sum(1 for i, stop in enumerate(walk.stops) if i == 0 or stop.seen != i - 1)
    if distinct < 2:
        return
    expected = list(range(distinct - 2, -1, -1))
    fast = getattr(driver, "dostop_javascript", True)
    if not driver.execute_script(_BACK_START, count, fast):
        return  # the last stop cannot take focus from a script: nothing to retrace from
    if fast:
        press_back(driver, count - 1)
        places = [p for p in driver.execute_script(_BACK_RECORDED) if p >= 0]
        if places == expected:
            return
        driver.execute_script(_BACK_START, count, False)
    current, place, seen = walk.stops[-1].element, distinct - 1, {distinct - 1}
    last = current
    for _ in range(2 * count + 25):
        press_back(driver)
        info = driver.execute_script(_BACK_STEP, count)
        if info is None:  # out of the page before the first stop
            walk.back_detours.append((current, "out of the page"))
            return
        element, where = info["element"], info["place"]
        if element == last and info["tag"] != "iframe":  # Shift+Tab did not move focus
            walk.back_trap = element
            return
        last = element
        if info["tag"] == "iframe" and where == place:
            continue  # focus moving inside an iframe: still the same stop
        if where < 0:
            if not info["scroller"]:  # somewhere Tab never went (a script sent focus there)
                walk.back_detours.append((current, element))
                current = element
            continue
        if where in seen:  # back round to a stop already passed, before reaching the first
            walk.back_trap = element
            return
        if where != place - 1:
            walk.back_detours.append((current, element))
        if where == 0:
            return
        current, place = element, where
        seen.add(place)
    walk.back_trap = last


def _walk_fast(driver: WebDriver, walk: KeyboardWalk) -> bool:
    """All the Tabs in one action, the stops recorded by the page (needs its JavaScript on).
    True when focus went through every control and came back round to the first; otherwise
    the caller walks again slowly, to say exactly where focus got stuck."""
    driver.execute_script(_RECORD)
    press(driver, *[Keys.TAB] * (walk.expected + 2))
    settle(driver)
    recorded: list[dict[str, Any]] | None = driver.execute_script(_RECORDED)
    if recorded is None:
        return False
    for index, info in enumerate(recorded):
        stop = FocusStop(**info)
        if stop.seen >= 0:
            # Back round at the first stop, and nothing moved focus after that (a timer could).
            if stop.seen != 0 or stop.tag == "iframe" or index < len(recorded) - 2:
                return False
            walk.unreached = driver.execute_script(_UNREACHED)
            return True
        walk.stops.append(stop)
    return False
