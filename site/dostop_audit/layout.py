"""Reflow, resizing, text spacing and motion: what a magnifier or vestibular-disorder user
meets, measured in the page's own layout.

- `check_reflow`: at 320 CSS px wide, no horizontal scrolling and no text cut off (1.4.10).
- `check_text_resize`: text at 200%, the same (1.4.4).
- `check_text_spacing`: with WCAG's text spacing applied, nothing cut off or overlapping (1.4.12).
- `check_reduced_motion`: with reduced motion requested, no animation or transition (2.3.3).

Each takes a driver on a loaded page, leaves the page as it found it (except that
`check_reduced_motion` reloads it), and returns a list of `Finding`s. Styles are applied with a
constructed stylesheet (`document.adoptedStyleSheets`), which a strict CSP (`style-src 'self'`)
allows, unlike a <style> element.
"""

from __future__ import annotations

import time
from typing import Any

from selenium.webdriver.remote.webdriver import WebDriver

from dostop_audit.findings import Finding
from dostop_audit.keyboard import PROBE

# WCAG 1.4.12's values, as the W3C's own bookmarklet applies them.
TEXT_SPACING_CSS = ("* { line-height: 1.5 !important; letter-spacing: 0.12em !important;"
                    " word-spacing: 0.16em !important; }"
                    " p { margin-bottom: 2em !important; }")
TEXT_RESIZE_CSS = "html { font-size: 200% !important; }"

_ADOPT = """
var sheet = new CSSStyleSheet();
sheet.replaceSync(arguments[0]);
document.adoptedStyleSheets = document.adoptedStyleSheets.concat([sheet]);
window.__dostopSheet = sheet;
"""
_DROP = """
var sheet = window.__dostopSheet;
document.adoptedStyleSheets = document.adoptedStyleSheets.filter(function (s) { return s !== sheet; });
"""

_MEASURE = PROBE + """
var overlaps = arguments[0], root = document.documentElement, width = root.clientWidth;
var scrolls = root.scrollWidth > width + 1;
var hidden = new Map(), offenders = [], clipped = [];
/* With a modal dialog open, the page behind it is inert and covered: measure the dialog only.
   The dialog itself scrolls (overflow: auto by default), but content that only fits by
   scrolling the dialog sideways fails reflow as much as the page scrolling would. */
var scope = document.querySelector('dialog:modal') || document.body;
function scrollerAbove(el) {
  for (var node = el.parentElement; node && node !== document.body && node !== scope;
       node = node.parentElement) {
    if (/auto|scroll/.test(getComputedStyle(node).overflowX)) { return true; }
  }
  return false;
}
function deepest(list) {
  return list.filter(function (el) {
    return !list.some(function (other) { return other !== el && el.contains(other); });
  }).slice(0, 5).map(dostop.describe);
}
[scope].concat(Array.prototype.slice.call(scope.querySelectorAll('*'))).forEach(function (el) {
  if (dostop.hiddenFromSight(el, hidden) || !dostop.shown(el)) { return; }
  var rect = el.getBoundingClientRect();
  if (((rect.right > width + 1 && (scrolls || rect.left < width)) || (rect.left < -1 && rect.right > 0))
      && !scrollerAbove(el)) { offenders.push(el); }
  var style = getComputedStyle(el);
  var clipsX = /hidden|clip/.test(style.overflowX) && el.scrollWidth > el.clientWidth + 1;
  var clipsY = /hidden|clip/.test(style.overflowY) && el.scrollHeight > el.clientHeight + 1;
  if ((clipsX || clipsY) && (el.textContent || '').trim()) { clipped.push(el); }
});
var boxes = [], walker = document.createTreeWalker(scope, NodeFilter.SHOW_TEXT);
for (var text = walker.nextNode(); text; text = walker.nextNode()) {
  if (!text.data.trim() || !text.parentElement || dostop.hiddenFromSight(text.parentElement, hidden)) { continue; }
  var range = document.createRange(); range.selectNodeContents(text);
  Array.prototype.forEach.call(range.getClientRects(), function (r) {
    if (r.width <= 1 || r.height <= 1) { return; }
    boxes.push({r: r, node: text});
    /* a long word or URL that does not wrap sticks out of its box, not the box itself */
    if (r.right > width + 1 && offenders.indexOf(text.parentElement) < 0 && !scrollerAbove(text.parentElement)) {
      offenders.push(text.parentElement);
    }
  });
}
var overlapping = [];
if (overlaps) {
  boxes.sort(function (a, b) { return a.r.top - b.r.top; });
  for (var i = 0; i < boxes.length && overlapping.length < 5; i++) {
    for (var j = i + 1; j < boxes.length && boxes[j].r.top < boxes[i].r.bottom; j++) {
      var a = boxes[i], b = boxes[j];
      if (a.node === b.node) { continue; }
      var across = Math.min(a.r.right, b.r.right) - Math.max(a.r.left, b.r.left);
      var down = Math.min(a.r.bottom, b.r.bottom) - Math.max(a.r.top, b.r.top);
      if (across > 2 && down > 2) {
        overlapping.push(dostop.describe(a.node.parentElement) + ' overlaps ' + dostop.describe(b.node.parentElement));
        break;
      }
    }
  }
}
return {scrolls: scrolls, scrollWidth: root.scrollWidth, width: width,
        offenders: deepest(offenders), clipped: deepest(clipped), overlapping: overlapping};
"""

_MOVING = PROBE + """
var moving = document.getAnimations().map(function (a) {
  var target = a.effect && a.effect.target;
  return (a.animationName ? 'animation ' + a.animationName : a.transitionProperty ?
          'transition of ' + a.transitionProperty : 'script animation') + ' on ' + dostop.describe(target);
});
function seconds(list) { return list.split(',').some(function (v) { return parseFloat(v) > 0; }); }
document.querySelectorAll('*').forEach(function (el) {
  [null, '::before', '::after'].forEach(function (pseudo) {
    var s = getComputedStyle(el, pseudo);
    if (s.transitionProperty !== 'none' && seconds(s.transitionDuration)) {
      moving.push('transition ' + s.transitionProperty + ' ' + s.transitionDuration + ' on ' + dostop.describe(el) + (pseudo || ''));
    } else if (s.animationName !== 'none' && seconds(s.animationDuration)) {
      moving.push('animation ' + s.animationName + ' on ' + dostop.describe(el) + (pseudo || ''));
    }
  });
});
return moving.slice(0, 10);
"""


def measure(driver: WebDriver, overlaps: bool = False) -> dict[str, Any]:
    """Horizontal scrolling, elements past the viewport's edge, text cut off by its box, and
    (with `overlaps`) lines of text drawn over each other."""
    result: dict[str, Any] = driver.execute_script(_MEASURE, overlaps)
    return result


def _layout_findings(check: str, wcag: str, where: str, result: dict[str, Any]) -> list[Finding]:
    findings = []
    if result["scrolls"]:
        findings.append(Finding(check, f"{where}: the page scrolls sideways ({result['scrollWidth']} "
                                f"px of content in {result['width']} px)", wcag=wcag))
    findings += [Finding(check, f"{where}: sticks out past the edge of the window", element, wcag)
                 for element in result["offenders"]]
    findings += [Finding(check, f"{where}: text cut off by its box", element, wcag)
                 for element in result["clipped"]]
    findings += [Finding(check, f"{where}: text overlaps other text", pair, wcag)
                 for pair in result.get("overlapping", [])]
    return findings


def _wait_for_width(driver: WebDriver, width: int) -> None:
    """The viewport resizes asynchronously after an emulation change: measure only once it has."""
    deadline = time.monotonic() + 5
    while driver.execute_script("return window.innerWidth") != width:
        if time.monotonic() > deadline:
            raise RuntimeError(f"the viewport did not become {width} px wide")
        time.sleep(0.02)


def check_reflow(driver: WebDriver, width: int = 320, height: int = 640) -> list[Finding]:
    """At `width` CSS px (320 = 1280 px at 400% zoom) the page reflows into one column."""
    before = driver.execute_script("return window.innerWidth")
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})
    try:
        _wait_for_width(driver, width)
        result = measure(driver)
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        _wait_for_width(driver, before)
    return _layout_findings("reflow", "1.4.10", f"at {width} px wide", result)


def _with_sheet(driver: WebDriver, css: str, overlaps: bool) -> dict[str, Any]:
    driver.execute_script(_ADOPT, css)
    try:
        return measure(driver, overlaps)
    finally:
        driver.execute_script(_DROP)


def check_text_resize(driver: WebDriver) -> list[Finding]:
    """With the root font size doubled (a visitor's 200% text setting) nothing is lost."""
    return _layout_findings("text-resize", "1.4.4", "at 200% text",
                            _with_sheet(driver, TEXT_RESIZE_CSS, overlaps=False))


def check_text_spacing(driver: WebDriver) -> list[Finding]:
    """With WCAG 1.4.12's line, letter, word and paragraph spacing, nothing cut off or overlapping."""
    return _layout_findings("text-spacing", "1.4.12", "with text spacing",
                            _with_sheet(driver, TEXT_SPACING_CSS, overlaps=True))


def check_reduced_motion(driver: WebDriver, reload: bool = True) -> list[Finding]:
    """With `prefers-reduced-motion: reduce`, no CSS animation or transition runs or is set to
    run (2.3.3). Reloads the page (unless `reload=False`) so scripts see the preference too."""
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {
        "features": [{"name": "prefers-reduced-motion", "value": "reduce"}]})
    try:
        if reload:
            driver.refresh()
        moving: list[str] = driver.execute_script(_MOVING)
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})
    return [Finding("motion", "moves although reduced motion is requested", item, "2.3.3")
            for item in moving]


def check_layout(driver: WebDriver) -> list[Finding]:
    """Reflow, text resize, text spacing and motion, in that order (motion reloads the page)."""
    return (check_reflow(driver) + check_text_resize(driver) + check_text_spacing(driver)
            + check_reduced_motion(driver))
