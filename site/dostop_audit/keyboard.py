"""Keyboard checks axe cannot make: skip link, focus order, visible focus, keyboard traps.

Focus is walked both ways: Tab from the top to the end, then Shift+Tab from the last stop back
to the first, which must retrace the same stops in reverse (a script can trap or reroute
Shift+Tab alone, and keyboard users go back as often as forward).

Each `check_*` returns a list of `Finding`s; an empty list means the page passed. The driver
must be on a freshly loaded page (nothing focused yet), as a visitor arriving by keyboard is:

    walk = walk_keyboard(driver)            # Tab through the page once
    findings = check_keyboard(driver, walk)  # all four checks on that one walk

Works with JavaScript on or off in the page (the probes run through DevTools, as WebDriver's
do), and on any site, so `dostop audit` uses the same functions as the test suite.
"""

from __future__ import annotations

from selenium.webdriver.remote.webdriver import WebDriver

from dostop_audit import devtools
from dostop_audit.devtools import Script, enter, tab
from dostop_audit.findings import Finding
from dostop_audit.focus_indicator import (changes_visibly, focus_indicator_problem,
                                          screen_changes_on_focus)
from dostop_audit.tab_walk import (PROBE, FocusStop, KeyboardWalk, focus_from_the_top, walk_back,
                                   walk_keyboard)
from dostop_audit.traps import check_traps

__all__ = ["PROBE", "FocusStop", "KeyboardWalk", "focus_from_the_top", "walk_back", "walk_keyboard",
           "check_skip_link", "check_focus_order", "check_keyboard_trap", "check_focus_visible",
           "check_hidden_focus", "check_keyboard"]

_AFTER_SKIP = PROBE + """
var el = document.activeElement, target = document.getElementById(arguments[0]);
return {
  element: dostop.describe(el), target_exists: !!target,
  on_target: !!target && (el === target || target.contains(el)),
  in_main: !!el && (el.tagName === 'MAIN' || !!el.closest('main, [role="main"]') ||
                    !!el.querySelector('main, [role="main"]'))
};
"""


def check_skip_link(driver: WebDriver, walk: KeyboardWalk) -> list[Finding]:
    """The first Tab reaches a visible skip link, and following it puts focus in main (2.4.1)."""
    if not walk.stops:
        return [Finding("skip-link", "Tab reaches nothing on the page", wcag="2.4.1")]
    first = walk.stops[0]
    if first.tag != "a" or not first.href.startswith("#") or len(first.href) < 2:
        return [Finding("skip-link", "the first Tab does not reach a skip link to the main content",
                        first.element, "2.4.1")]
    findings = []
    left, top, width, height = first.rect
    if width <= 1 or height <= 1 or left + width <= 0 or top + height <= 0 \
            or left >= first.viewport[0] or top >= first.viewport[1]:
        findings.append(Finding("skip-link", "the skip link stays invisible when focused",
                                first.element, "2.4.7"))
    [link] = devtools.run(driver, Script(
        "var l = document.querySelector('a[href=\"' + arguments[0] + '\"]'); l.focus(); return !!l;",
        (first.href,)))
    if link:
        [after] = devtools.run(driver, enter(), Script(_AFTER_SKIP, (first.href[1:],)))
        if not after["target_exists"]:
            findings.append(Finding("skip-link", f"the skip link's target {first.href} does not exist",
                                    first.element, "2.4.1"))
        elif not (after["on_target"] and after["in_main"]):
            findings.append(Finding("skip-link", "following the skip link does not move focus to "
                                    f"the main content (focus is on {after['element']})",
                                    first.element, "2.4.1"))
    return findings


def check_focus_order(walk: KeyboardWalk, trapped: bool = False) -> list[Finding]:
    """Tab reaches every control, in the order they are read (2.4.3, 2.1.1)."""
    findings = [Finding("focus-order", "positive tabindex changes the Tab order", element, "2.4.3")
                for element in walk.positive_tabindex]
    previous: FocusStop | None = None
    for stop in walk.stops:
        if stop.order < 0:  # a stop the browser adds itself, such as a scrollable region
            continue
        if previous is not None and stop.order < previous.order:
            findings.append(Finding("focus-order", f"Tab goes back from {previous.element} to an "
                                    "element earlier in the page", stop.element, "2.4.3"))
        if stop.reordered:
            findings.append(Finding("focus-order", f"visual order differs from Tab order: "
                                    f"{stop.reordered}", stop.element, "2.4.3"))
        previous = stop
    findings += [Finding("focus-order", f"Shift+Tab from {start} goes to {end}, not back the way "
                         "Tab came", start, "2.4.3") for start, end in walk.back_detours]
    if not walk.trap and not trapped:  # behind a trap is not a second finding
        findings += [Finding("focus-order", "Tab never reaches this control", element, "2.1.1")
                     for element in walk.unreached]
    return findings


def check_keyboard_trap(driver: WebDriver, walk: KeyboardWalk) -> list[Finding]:
    """Tab moves on, and Shift+Tab moves back, from every control outside a modal dialog (2.1.2).
    A walk that went round cleanly has no trap; otherwise `traps.check_traps` decides, walking
    the reloaded page a key at a time (so the same page gives the same answer every run)."""
    if not (walk.trap or walk.back_trap or walk.unreached or walk.back_detours):
        return []
    return check_traps(driver)


def check_focus_visible(walk: KeyboardWalk, driver: WebDriver | None = None) -> list[Finding]:
    """Every focused control shows that it has focus (2.4.7: any visible change; "focus-visible")
    and shows it clearly: at least 2 px with 3:1 contrast against what is next to it, or a 3:1
    change of background ("focus-appearance", the stricter 2.4.13, AAA: best practice). With
    the driver, a control whose own style does not change is checked on screen, for focus shown
    on another element."""
    findings = []
    for index, stop in enumerate(walk.stops):
        # Inside an iframe the focused control is the framed page's to show (audit that page
        # itself): the iframe element only holds the focus for it.
        reason = "" if stop.tag == "iframe" else focus_indicator_problem(stop.focused, stop.unfocused)
        if not reason:
            continue
        shown = changes_visibly(stop.focused, stop.unfocused) or bool(
            driver is not None and screen_changes_on_focus(driver, index))
        if shown:
            findings.append(Finding("focus-appearance", f"focus indicator too faint ({reason})",
                                    stop.element, "2.4.13"))
        else:
            findings.append(Finding("focus-visible", f"no visible focus indicator ({reason})",
                                    stop.element, "2.4.7"))
    return findings


# Tab from the stop before (or from the top) to the stop, and wait for the page's scripts: a
# focus sentinel that passes focus on at once is not a stop a visitor stays on.
_STAYS_HIDDEN = """
var el = document.activeElement;
return !!el && el !== document.body && !!el.closest('[aria-hidden="true"]');
"""


def check_hidden_focus(driver: WebDriver, walk: KeyboardWalk) -> list[Finding]:
    """No control that keeps focus is hidden from assistive technology (aria-hidden="true"):
    a screen reader user would land on nothing (4.1.2)."""
    findings = []
    for index, stop in enumerate(walk.stops):
        if not stop.aria_hidden:
            continue
        if index:
            driver.execute_script("window.__dostopWalk.stops[arguments[0]].focus();", index - 1)
        else:
            focus_from_the_top(driver)
        if devtools.run(driver, tab(), Script(_STAYS_HIDDEN, settle=True))[0]:
            findings.append(Finding("hidden-focus", "Tab stops on an element hidden from assistive "
                                    "technology (aria-hidden)", stop.element, "4.1.2"))
    return findings


def check_keyboard(driver: WebDriver, walk: KeyboardWalk | None = None) -> list[Finding]:
    """All the keyboard checks on one walk (made here if not given). Leaves focus in main."""
    walk = walk or walk_keyboard(driver)
    visible = check_focus_visible(walk, driver)  # before the trap check may reload the page
    visible += check_hidden_focus(driver, walk)
    skip_link = check_skip_link(driver, walk)
    traps = check_keyboard_trap(driver, walk)
    if traps and walk.moved_by_timer:
        # A trap the page's timers spring: which controls Tab reached besides, and in which
        # order, depended on when those timers ran, so only what does not is reported (the
        # same page gives the same findings on every run).
        return traps + check_focus_order(KeyboardWalk(positive_tabindex=walk.positive_tabindex))
    return traps + check_focus_order(walk, trapped=bool(traps)) + visible + skip_link
