"""Walking a page with the keyboard: Tab from the top to the end, then Shift+Tab from the last
stop back to the first, which must retrace the same stops in reverse. The checks in
`dostop_audit.keyboard` judge the walk."""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib.resources import files
from typing import Any

from selenium.webdriver.remote.webdriver import WebDriver

from dostop_audit import devtools
from dostop_audit.devtools import Script, tab

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
var walk = window.__dostopWalk = {expected: expected, snapshot: snapshot, stops: []};
if (arguments[0]) { RECORD }
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

_RECORDER = files("dostop_audit").joinpath("recorder.js").read_text(encoding="utf-8")
_START = _START.replace("RECORD", _RECORDER + "record(walk);")
# The Tabs' stops, if no script moved focus so far; what Tab never reached, for when the walk
# went round. Read at once: the walk back goes on recording, and waits for the page's timers.
_RECORDED = PROBE + _RECORDER + """
var walk = window.__dostopWalk;
removeEnd();
if (walk.doubtful) { return null; }
return {recorded: walk.recorded, end: walk.end, unreached: walk.expected.filter(function (el) {
  return walk.stops.indexOf(el) < 0; }).map(dostop.describe)};
"""
# Recording ends, once focus has settled; true when a script moved focus since it began.
_STOP_RECORDING = _RECORDER + """
var walk = window.__dostopWalk, done = arguments[arguments.length - 1];
settleRecording(walk, function () { stopRecording(walk); done(walk.doubtful); });
"""
# Back to the top of the page, as if freshly loaded: the next Tab goes to the first control.
_TO_THE_TOP = """
var body = document.body;
body.setAttribute('tabindex', '-1'); body.focus(); body.removeAttribute('tabindex');
"""
_RESTART = _RECORDER + "var walk = window.__dostopWalk; stopRecording(walk); walk.stops = [];" \
    + _TO_THE_TOP

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
# From the last stop; with arguments[1], recording (see recorder.js; begun by the walk forward
# or here), each stop's place.
_BACK_START = PROBE + _BACK_PLACE + _RECORDER + """
var walk = window.__dostopWalk, n = arguments[0];
if (arguments[1]) { record(walk); }
walk.ours = true; walk.stops[n - 1].focus(); walk.ours = false;
if (arguments[1]) {
  walk.place = function (el) { return window.__dostopPlace(el, n); };
  walk.backward = [];
}
return document.activeElement === walk.stops[n - 1];
"""
# Once focus has settled: the places Shift+Tab passed, or null when a script moved focus.
_BACK_RECORDED = _RECORDER + """
var walk = window.__dostopWalk, done = arguments[arguments.length - 1];
settleRecording(walk, function () {
  stopRecording(walk);
  done(walk.doubtful ? null : walk.backward);
});
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
    # A timer of the page's moved focus during the walk: where Tab went may then depend on when
    # it ran.
    moved_by_timer: bool = False


def focus_from_the_top(driver: WebDriver) -> None:
    """Focus back at the top of the page without reloading it (an interactive state stays as
    it is): the next Tab goes where it would on a fresh page."""
    driver.execute_script("if (document.activeElement) { document.activeElement.blur(); }"
                          + _TO_THE_TOP)


def walk_keyboard(driver: WebDriver, limit: int | None = None) -> KeyboardWalk:
    """Presses Tab from the top of a freshly loaded page until focus leaves the page or comes
    back round, recording every stop. A stop focused twice before that is a trap, and so is
    never leaving; with `limit` the walk just stops after that many presses (`limit=1`: only
    where the first Tab goes, enough for `check_skip_link`)."""
    fast = limit is None and getattr(driver, "dostop_javascript", True)
    [start] = devtools.run(driver, Script(_START, (fast,)))
    walk = KeyboardWalk(expected=start["expected"], positive_tabindex=start["positive"])
    if fast:
        if _walk_fast(driver, walk):
            return walk
        # Something is wrong: once the page's own scripts are done, walk again a key at a time.
        [*_, timed] = devtools.run(driver, Script(_RESTART), Script("", settle=True),
                                   Script("return !!window.__dostopWalk.timed;"))
        walk = KeyboardWalk(expected=walk.expected, positive_tabindex=walk.positive_tabindex,
                            moved_by_timer=timed)
    for _ in range(limit or start["expected"] + 25):
        # Read once a script that pulls focus back on a timer has done so.
        [info] = devtools.run(driver, tab(), Script(_STEP, settle=True))
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
    [walk.unreached] = devtools.run(driver, Script(_UNREACHED))
    if limit is None and not walk.trap:
        walk_back(driver, walk)
    return walk


def walk_back(driver: WebDriver, walk: KeyboardWalk) -> None:
    """From the last stop, Shift+Tab must pass the same stops in reverse, to the first. All the
    presses at once when the page's JavaScript records them; if that does not retrace the walk
    (or a script moved focus, or JavaScript is off), again a key at a time, to say where focus
    got stuck or turned off. Browser-added stops (scrollers) and radios are placed as the
    forward walk placed them."""
    if not getattr(driver, "dostop_javascript", True) or _back_fast(driver, walk) is not True:
        _back_slow(driver, walk)


def _distinct(walk: KeyboardWalk) -> int:
    """The places Shift+Tab passes: the Tab stops, an iframe's run of stops counted once."""
    return sum(1 for i, stop in enumerate(walk.stops) if i == 0 or stop.seen != i - 1)


def _back_fast(driver: WebDriver, walk: KeyboardWalk) -> bool | None:
    """All the Shift+Tabs at once, recorded by the page, which goes on recording from the walk
    forward or starts now. Waits once for focus to settle at the end. True when they retraced
    the walk (or there is nothing to retrace), False when not, None when a script moved focus
    since the recording began (the keys outran the page's timers: nothing recorded counts)."""
    count, distinct = len(walk.stops), _distinct(walk)
    if distinct < 2 or not devtools.run(driver, Script(_BACK_START, (count, True)))[0]:
        # Nothing to retrace from (the last stop cannot take focus from a script).
        [doubtful] = devtools.run(driver, Script(_STOP_RECORDING, wait=True))
        return None if doubtful else True
    [places] = devtools.run(driver, tab(count - 1, back=True), Script(_BACK_RECORDED, wait=True))
    if places is None:
        return None
    return [p for p in places if p >= 0] == list(range(distinct - 2, -1, -1))


def _back_slow(driver: WebDriver, walk: KeyboardWalk) -> None:
    count, distinct = len(walk.stops), _distinct(walk)
    if distinct < 2 or not devtools.run(driver, Script(_BACK_START, (count, False)))[0]:
        return
    current, place, seen = walk.stops[-1].element, distinct - 1, {distinct - 1}
    last = current
    for _ in range(2 * count + 25):
        [info] = devtools.run(driver, tab(back=True), Script(_BACK_STEP, (count,), settle=True))
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
    """All the Tabs at once, then all the Shift+Tabs back, the stops recorded by the page (needs
    its JavaScript on; `_START` began recording). True when focus went through every control to
    the end of the page (or round a dialog that keeps it), and no script moved it; otherwise
    the caller walks again slowly, to say exactly where focus got stuck."""
    # One Tab more than to the end: Chromium adds a scrollable region to the Tab order.
    [found] = devtools.run(driver, tab(walk.expected + 2), Script(_RECORDED))
    if found is None:
        return False
    stops = [FocusStop(**info) for info in found["recorded"]]
    count = next((i for i, stop in enumerate(stops) if stop.seen >= 0), len(stops))
    if count < len(stops):  # round again (a dialog's script keeps focus in it): the same round
        if count == 0 or any(stop.seen != (i - count) % count or stop.tag == "iframe"
                             for i, stop in enumerate(stops[count:], count)):
            return False
    elif not found["end"]:
        return False  # stuck before the end, or left the page
    walk.stops, walk.unreached = stops[:count], found["unreached"]
    back = _back_fast(driver, walk)
    if back is False:
        _back_slow(driver, walk)
    return back is not None
