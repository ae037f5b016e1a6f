"""The focus-indicator rule of dostop_audit.keyboard, on computed styles as Chromium reports
them: what passes (a 3 px dark ring, a yellow background) and what does not (nothing, a pale
outline, a 1 px outline, a shadow that was there before focus)."""

from __future__ import annotations

from typing import Any

import pytest

from dostop_audit.focus_indicator import contrast, focus_indicator_problem, parse_colour

WHITE_PAGE = ["rgba(0, 0, 0, 0)", "rgb(255, 255, 255)"]


def style(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "outlineStyle": "none", "outlineWidth": 0, "outlineColor": "rgb(11, 79, 108)",
        "boxShadow": "none", "background": "rgba(0, 0, 0, 0)", "borderWidth": 0,
        "borderColor": "rgb(11, 79, 108)", "color": "rgb(11, 79, 108)", "behind": WHITE_PAGE,
    }
    return {**base, **changes}


def test_contrast_matches_wcag() -> None:
    assert contrast((0, 0, 0, 1), (255, 255, 255, 1)) == pytest.approx(21)
    assert contrast((255, 191, 71, 1), (243, 242, 241, 1)) == pytest.approx(1.47, abs=0.01)
    assert parse_colour("rgba(1, 2, 3, 0.5)") == (1, 2, 3, 0.5)
    assert parse_colour("oklch(0.5 0.1 200)") is None


@pytest.mark.parametrize("focused", [
    style(outlineStyle="solid", outlineWidth=3, outlineColor="rgb(11, 12, 12)"),
    style(boxShadow="rgb(255, 191, 71) 0px 0px 0px 5px, rgb(11, 12, 12) 0px 0px 0px 3px inset",
          behind=["rgb(11, 79, 108)"]),
    style(background="rgb(255, 191, 71)", behind=["rgb(11, 79, 108)"]),
], ids=["dark outline", "yellow ring on blue", "yellow background on blue"])
def test_visible_indicators_pass(focused: dict[str, Any]) -> None:
    unfocused = style(behind=focused["behind"])
    assert focus_indicator_problem(focused, unfocused) == ""


@pytest.mark.parametrize(("focused", "unfocused", "words"), [
    (style(), style(), "outline none"),
    (style(outlineStyle="solid", outlineWidth=3, outlineColor="rgb(224, 224, 224)"), style(),
     "needs 3:1"),
    (style(outlineStyle="solid", outlineWidth=1, outlineColor="rgb(0, 0, 0)"), style(),
     "outline solid 1px"),
    (style(boxShadow="rgb(0, 45, 24) 0px 2px 0px 0px"),
     style(boxShadow="rgb(0, 45, 24) 0px 2px 0px 0px"), "background unchanged"),
], ids=["nothing", "pale outline", "thin outline", "shadow already there"])
def test_missing_or_faint_indicators_fail(focused: dict[str, Any], unfocused: dict[str, Any],
                                          words: str) -> None:
    assert words in focus_indicator_problem(focused, unfocused)
