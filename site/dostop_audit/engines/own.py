"""Dostop's own procedures (procedures.js): ACT rules that axe-core and IBM Equal Access leave
to review or get wrong, decided as the rule defines them, in the same page load, after the
engines. Reported in axe's result shape under the engine "dostop", rule ids "dostop-…"."""

from __future__ import annotations

import base64
import io
import time
from collections.abc import Iterable
from functools import cache
from importlib.resources import files
from typing import Any

from PIL import Image
from selenium.webdriver.remote.webdriver import WebDriver

from dostop_audit.engines.act import annotate
from dostop_audit.engines.frames import CSS_PATH

ENGINE = "dostop"
UNDERSTANDING = "https://www.w3.org/WAI/WCAG22/Understanding/"
# procedure → (impact, help, description, axe-style tags, Understanding document); axe's own
# texts are English, so are these.
PROCEDURES: dict[str, tuple[str, str, str, tuple[str, ...], str]] = {
    "label-in-name": (
        "serious", "The visible label of a control must be part of its accessible name",
        "Start aria-label (or the aria-labelledby text) with the words the control shows, "
        "in the same order, so speech users can say what they see.",
        ("wcag21a", "wcag253"), "label-in-name"),
    "aria-prohibited": (
        "serious", "ARIA attributes must not be used where the element's role prohibits them",
        "Remove aria-label, aria-labelledby or aria-roledescription from generic elements "
        "(div, span), paragraphs and role=\"none\", or give the element a role that takes them.",
        ("best-practice",), ""),
    "header-without-cells": (
        "serious", "Every table header must be the header of some cell",
        "Put data cells under each column header and beside each row header, or correct the "
        "headers attribute of the cells it heads.",
        ("wcag2a", "wcag131"), "info-and-relationships"),
    "bypass-blocks": (
        "serious", "Repeated blocks of content must be skippable",
        "After the blocks this page shares with the others, give its own content a heading or a "
        "landmark, or add a link to it or a control that collapses the blocks.",
        ("wcag2a", "wcag241"), "bypass-blocks"),
    "bypass-heading": (
        "minor", "The page's own content should start with a heading",
        "Put a visible heading where the content this page does not share with others begins.",
        ("best-practice",), "bypass-blocks"),
    "bypass-landmark": (
        "minor", "The page's own content should be in a landmark",
        "Wrap the content this page does not share with others in <main>.",
        ("best-practice",), "bypass-blocks"),
    "bypass-link": (
        "minor", "A link should lead past the repeated blocks to the page's own content",
        "Add a skip link to the element where the page's own content begins.",
        ("best-practice",), "bypass-blocks"),
    "bypass-collapsible": (
        "minor", "Repeated blocks before the content could be collapsible",
        "Give each repeated block before the content a control that hides it (display: none).",
        ("best-practice",), "bypass-blocks"),
    "auto-changing-text": (
        "serious", "Text that changes by itself must be possible to pause, stop or hide",
        "Give the changing text a control that pauses, stops or hides it, or stop the updates.",
        ("wcag2a", "wcag222"), "pause-stop-hide"),
    "text-contrast": (
        "serious", "Text must have 4.5:1 contrast (3:1 when large) with everything behind it",
        "Against the image or gradient behind it, the text reaches this contrast nowhere.",
        ("wcag2aa", "wcag143"), "contrast-minimum"),
    "text-contrast-enhanced": (
        "serious", "Text should have 7:1 contrast (4.5:1 when large) with what is behind it",
        "Against the image or gradient behind it, the text reaches this contrast nowhere.",
        ("wcag2aaa", "wcag146"), "contrast-enhanced"),
}
# axe's reasons for leaving a contrast to review that a screenshot of the background settles.
UNMEASURED = frozenset({"bgImage", "bgGradient"})
Failure = dict[str, str]


@cache
def _script() -> str:
    return CSS_PATH + files("dostop_audit.engines").joinpath("procedures.js").read_text(encoding="utf-8")


def run(driver: WebDriver, violations: Iterable[dict[str, Any]] = (),
        incomplete: Iterable[dict[str, Any]] = ()) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The procedures' failures on the page as it is now, one axe-style result per procedure:
    (violations, level AAA findings). `violations`: the engines' own, whose contrast findings on
    symbols are taken out of the contrast ACT rules; `incomplete`: their results that need
    review, whose unmeasured contrasts the contrast procedures take up."""
    _symbols_apart(driver, violations)
    found: dict[str, list[Failure]] = driver.execute_script(
        _script() + "\nreturn dostopProcedures.run();")
    found.update(_contrast_over_images(driver, incomplete))
    violations = _as_results({k: v for k, v in found.items() if "wcag2aaa" not in PROCEDURES[k][3]})
    return violations, _as_results({k: v for k, v in found.items() if "wcag2aaa" in PROCEDURES[k][3]})


def _as_results(found: dict[str, list[Failure]]) -> list[dict[str, Any]]:
    results = []
    for procedure, failures in found.items():
        if not failures:
            continue
        impact, help_text, description, tags, slug = PROCEDURES[procedure]
        results.append(annotate({
            "id": f"dostop-{procedure}", "impact": impact, "help": help_text,
            "description": description, "helpUrl": UNDERSTANDING + slug + ".html" if slug else "",
            "tags": ["dostop", *tags],
            "nodes": [{"target": [f["target"]], "html": f["html"], "impact": impact,
                       "failureSummary": f["summary"]} for f in failures]}, ENGINE))
    return results


def _contrast_over_images(driver: WebDriver, incomplete: Iterable[dict[str, Any]]
                          ) -> dict[str, list[Failure]]:
    """Text axe could not measure over an image or gradient, measured against every colour
    behind it in a screenshot with the text made transparent: the ACT rules ask for the
    highest possible contrast, so the text fails when even the best of them is too low."""
    targets = [node["target"][0] for result in incomplete
               if result["id"] == "color-contrast" and result.get("engine") == "axe-core"
               for node in result.get("nodes", [])
               if len(node.get("target", [])) == 1 and isinstance(node["target"][0], str)
               and _unmeasured_because(node) in UNMEASURED]
    if not targets:
        return {}
    hidden = driver.execute_script(_script() + "\nreturn dostopProcedures.hideTextOver(arguments[0]);",
                                   targets)
    found: dict[str, list[Failure]] = {"text-contrast": [], "text-contrast-enhanced": []}
    try:
        for text in hidden:
            best = max(contrast(text["color"], background)
                       for rect in text["rects"] for background in _colours(driver, rect))
            failure = {"target": text["target"], "html": text["html"],
                       "summary": f"At most {best:.2f}:1 against the background"}
            if best < text["aa"]:
                found["text-contrast"].append(failure)
            elif best < text["aaa"]:
                found["text-contrast-enhanced"].append(failure)
    finally:
        driver.execute_script(_script() + "\ndostopProcedures.showText();")
    return found


_FETCH = """
var callback = arguments[arguments.length - 1], done = false;
setTimeout(function () { if (!done) { done = true; callback(null); } }, 5000);
fetch(arguments[0], {credentials: "same-origin"}).then(function (response) {
  var type = response.headers.get("content-type") || "";
  return response.ok && type.indexOf("html") >= 0 ? response.text() : null;
}).then(function (text) {
  if (!done) { done = true; callback(text && text.length < 2000000 ? text : null); }
}, function () { if (!done) { done = true; callback(null); } });
"""


# Text is watched from before the engines run until after the keyboard checks: at least
# FIRST_CHANGE seconds, and, once some text that could fail changed, WATCH seconds in all (ACT
# efbfc7 asks for changes "multiple times"; its examples change every second). A page where
# nothing such changes waits for nothing more, and a page with a control to pause or hide the
# text cannot fail, so it waits for nothing at all.
FIRST_CHANGE, WATCH = 1.2, 2.5


def watch(driver: WebDriver) -> None:
    """Starts watching the page's text for changes it makes by itself."""
    driver.execute_script(_script() + "\ndostopProcedures.watchText();")


def after_keyboard(driver: WebDriver) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The procedures that need the page to have lived a while or that click: text that changed
    by itself since the engines ran (watched meanwhile), then bypass blocks. Run after the
    keyboard checks. (violations, advice)"""
    script = _script() + "\nreturn dostopProcedures.changingText();"
    changing = driver.execute_script(script)
    for wait in (FIRST_CHANGE, WATCH):
        if changing["control"] or (wait == WATCH and not changing["candidates"]):
            break
        if changing["elapsed"] < wait * 1000:
            time.sleep(wait - changing["elapsed"] / 1000)
            changing = driver.execute_script(script)
    violations, advice = bypass_blocks(driver)
    return _as_results({"auto-changing-text": changing["failures"]}) + violations, advice


def bypass_blocks(driver: WebDriver) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """WCAG 2.4.1 as ACT cf77f2 decides it: after the blocks this page shares with another page
    it links to (fetched, not visited), its own content must start with a heading, lie in a
    landmark, have a link to it, or the blocks must collapse. It clicks the few controls before
    the content that declare a toggle or a script (and undoes what they did).
    (violations: none of the four; advice: each one missing.)"""
    script = _script()
    other = driver.execute_script(script + "\nreturn dostopProcedures.otherPage();")
    html = driver.execute_async_script(_FETCH, other) if other else None
    state = driver.execute_script(script + "\nreturn dostopProcedures.bypass(arguments[0]);", html)
    if not state or not state.get("applies"):
        return [], []
    link, collapsible = state["link"], [False] * len(state["blocks"])
    for control in state["controls"]:
        done = driver.execute_script(script + "\nreturn dostopProcedures.activate(arguments[0]);",
                                     control)
        if done:
            link = link or done["moved"]
            collapsible = [a or b for a, b in zip(collapsible, done["collapsed"])]
    met = {"bypass-heading": state["heading"], "bypass-landmark": state["landmark"],
           "bypass-link": link, "bypass-collapsible": all(collapsible)}
    where = {"target": state["first"], "html": "",
             "summary": "The page's own content starts here, after blocks it shares with others"}
    advice = _as_results({name: [where] for name, ok in met.items() if not ok})
    return (_as_results({"bypass-blocks": [where]}) if not any(met.values()) else []), advice


def _symbols_apart(driver: WebDriver, violations: Iterable[dict[str, Any]]) -> None:
    """axe's contrast failures on text in a control named apart from it (a close button's "X"
    labelled "Close") stay reported, but fail no contrast ACT rule: the rules leave such text out."""
    for result in violations:
        if result["id"] != "color-contrast" or result.get("engine") != "axe-core":
            continue
        nodes = [n for n in result.get("nodes", []) if len(n.get("target", [])) == 1]
        apart = driver.execute_script(_script() + "\nreturn dostopProcedures.namedApart(arguments[0]);",
                                      [str(n["target"][0]) for n in nodes])
        for node, symbol in zip(nodes, apart):
            if symbol:
                node["act_rules"] = []
        rule_level = result.get("act_rules", [])
        result["act_rules"] = sorted({act_id for node in result["nodes"]
                                      for act_id in node.get("act_rules", rule_level)})


def _unmeasured_because(node: dict[str, Any]) -> str:
    for check in node.get("any", []):
        data = check.get("data")
        if isinstance(data, dict) and data.get("messageKey"):
            return str(data["messageKey"])
    return ""


def _colours(driver: WebDriver, rect: dict[str, float]) -> set[tuple[int, int, int]]:
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {  # type: ignore[attr-defined]
        "format": "png", "captureBeyondViewport": True, "clip": {**rect, "scale": 1}})
    image = Image.open(io.BytesIO(base64.b64decode(shot["data"]))).convert("RGB")
    return {colour for _, colour in image.getcolors(image.width * image.height) or []}


def _luminance(rgb: Iterable[float]) -> float:
    linear = [c / 255 / 12.92 if c / 255 <= 0.04045 else ((c / 255 + 0.055) / 1.055) ** 2.4
              for c in rgb]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(foreground: list[float], background: tuple[int, int, int]) -> float:
    """WCAG contrast ratio of an RGBA colour (alpha 0..1) laid over an opaque background."""
    alpha = foreground[3] if len(foreground) > 3 else 1.0
    blended = [alpha * f + (1 - alpha) * b for f, b in zip(foreground[:3], background)]
    lighter, darker = sorted((_luminance(blended), _luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)
