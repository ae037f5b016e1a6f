"""Is a focus indicator visible? WCAG 2.4.7 asks for one; 2.4.13 says how much: at least 2 px
thick and 3:1 against what is next to it, or a change of 3:1 against the unfocused state.
Accepted: an outline, a box-shadow that appears on focus, a changed background or border."""

from __future__ import annotations

import re
from typing import Any

Colour = tuple[float, float, float, float]
_COLOUR = re.compile(r"rgba?\(([^)]*)\)")
WHITE: Colour = (255.0, 255.0, 255.0, 1.0)


def parse_colour(text: str) -> Colour | None:
    """`rgb(1, 2, 3)` / `rgba(1, 2, 3, 0.5)` as Chromium computes them; None for other forms."""
    match = _COLOUR.fullmatch(text.strip())
    if not match:
        return None
    parts = [float(p) for p in re.split(r"[\s,/]+", match.group(1).strip()) if p]
    return (parts[0], parts[1], parts[2], parts[3] if len(parts) > 3 else 1.0)


def over(top: Colour, bottom: Colour) -> Colour:
    alpha = top[3]
    return (top[0] * alpha + bottom[0] * (1 - alpha), top[1] * alpha + bottom[1] * (1 - alpha),
            top[2] * alpha + bottom[2] * (1 - alpha), 1.0)


def contrast(a: Colour, b: Colour) -> float:
    """WCAG contrast ratio of two opaque colours."""
    def luminance(c: Colour) -> float:
        channels = [v / 255 for v in c[:3]]
        linear = [v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4 for v in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _backdrop(chain: list[str]) -> Colour:
    colour = WHITE
    for text in reversed(chain):
        parsed = parse_colour(text)
        if parsed:
            colour = over(parsed, colour)
    return colour


def _shadows(text: str) -> list[tuple[Colour | None, list[float], bool]]:
    """Chromium's computed box-shadow: `rgb(…) 0px 0px 0px 5px[ inset], …`."""
    if not text or text == "none":
        return []
    result = []
    for part in re.split(r",(?![^(]*\))", text):
        colour_match = _COLOUR.search(part)
        colour = parse_colour(colour_match.group(0)) if colour_match else None
        rest = _COLOUR.sub("", part)
        lengths = [float(v) for v in re.findall(r"(-?[\d.]+)px", rest)]
        result.append((colour, lengths + [0.0] * (4 - len(lengths)), "inset" in rest))
    return result


def focus_indicator_problem(focused: dict[str, Any], unfocused: dict[str, Any] | None) -> str:
    """Empty when the focused style passes; otherwise what it lacks, in words. Both styles are
    probe.js's `focusStyle` of one control, with and without focus (unfocused may be unknown)."""
    unfocused = unfocused or {}
    behind = _backdrop(focused["behind"])
    own = over(parse_colour(focused["background"]) or (0, 0, 0, 0), behind)
    best = 0.0
    outline = parse_colour(focused["outlineColor"])
    if focused["outlineStyle"] not in ("none", "hidden") and outline and outline[3] > 0:
        if focused["outlineWidth"] >= 2:
            ratio = max(contrast(over(outline, behind), behind), contrast(over(outline, own), own))
            if ratio >= 3:
                return ""
            best = max(best, ratio)
    if focused["boxShadow"] != unfocused.get("boxShadow"):
        for colour, (x, y, blur, spread), inset in _shadows(focused["boxShadow"]):
            if colour is None or colour[3] == 0 or max(spread, abs(x), abs(y)) < 2:
                continue
            base = own if inset else behind
            ratio = contrast(over(colour, base), base)
            if ratio >= 3:
                return ""
            best = max(best, ratio)
    if unfocused and focused["background"] != unfocused["background"]:
        before = over(parse_colour(unfocused["background"]) or (0, 0, 0, 0), behind)
        ratio = contrast(own, before)
        if ratio >= 3:
            return ""
        best = max(best, ratio)
    if unfocused and focused["borderColor"] != unfocused["borderColor"] \
            and focused["borderWidth"] >= 2:
        border_before = over(parse_colour(unfocused["borderColor"]) or (0, 0, 0, 0), behind)
        border_now = over(parse_colour(focused["borderColor"]) or (0, 0, 0, 0), behind)
        ratio = contrast(border_now, border_before)
        if ratio >= 3:
            return ""
        best = max(best, ratio)
    if best:
        return f"best contrast {best:.2f}:1, needs 3:1"
    return (f"outline {focused['outlineStyle']} {focused['outlineWidth']:g}px, "
            f"box-shadow {focused['boxShadow']}, background unchanged")


def changes_visibly(focused: dict[str, Any], unfocused: dict[str, Any] | None) -> bool:
    """WCAG 2.4.7's own test, laxer than 2.4.13: any indicator at all. An outline (the browser's
    default ring is `auto`), or a box-shadow, background, border or text colour that focus
    changes. Unknown unfocused looks count as no change."""
    outline = parse_colour(focused["outlineColor"])
    if focused["outlineStyle"] not in ("none", "hidden") and focused["outlineWidth"] > 0 \
            and (outline is None or outline[3] > 0):
        return True
    if not unfocused:
        return False
    return any(focused[key] != unfocused.get(key)
               for key in ("boxShadow", "background", "borderColor", "color"))


# Focus shown somewhere else (an indicator element a script toggles, a parent's style): the
# screen with the control focused differs from the screen with it blurred.
_SCROLL_AND_BLUR = """
var el = window.__dostopWalk && window.__dostopWalk.stops[arguments[0]];
if (!el) { return false; }
el.scrollIntoView({block: 'center'});
if (document.activeElement) { document.activeElement.blur(); }
return true;
"""
_FOCUS = "window.__dostopWalk.stops[arguments[0]].focus({preventScroll: true});"


def screen_changes_on_focus(driver: Any, index: int) -> bool | None:
    """Does focusing the walk's stop `index` change any pixel on screen? None when the walk's
    elements are gone (the page was reloaded)."""
    if not driver.execute_script(_SCROLL_AND_BLUR, index):
        return None
    blurred = driver.get_screenshot_as_png()
    driver.execute_script(_FOCUS, index)
    focused = driver.get_screenshot_as_png()
    return bool(blurred != focused)
