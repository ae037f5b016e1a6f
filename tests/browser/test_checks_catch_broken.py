"""Each check catches what it should: one deliberately broken page per kind of problem
(tests/fixtures/broken/, opened as file:// pages, never served by the site), and one good page
on which every check finds nothing, so a finding on a broken page is its defect, not noise."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from selenium import webdriver

from dostop_audit.browser import run_axe
from dostop_audit.findings import Finding
from dostop_audit.keyboard import check_keyboard
from dostop_audit.layout import (check_reduced_motion, check_reflow, check_text_resize,
                                 check_text_spacing)
from dostop_audit.structure import check_structure

BROKEN = Path(__file__).resolve().parents[1] / "fixtures" / "broken"
Check = Callable[[webdriver.Chrome], list[Finding]]


def axe_check(driver: webdriver.Chrome) -> list[Finding]:
    result = run_axe(driver)
    return [Finding("axe", violation["id"], " ".join(map(str, node["target"])))
            for violation in result["violations"] for node in violation["nodes"]]


ALL_CHECKS: tuple[Check, ...] = (check_keyboard, check_structure, check_reflow, check_text_resize,
                                 check_text_spacing, check_reduced_motion, axe_check)

# page, the check that must catch it, the finding's check id, words its message must contain
CAUGHT = [
    ("axe-violation.html", axe_check, "axe", "image-alt"),
    ("no-skip-link.html", check_keyboard, "skip-link", "does not reach a skip link"),
    ("skip-link-not-first.html", check_keyboard, "skip-link", "does not reach a skip link"),
    ("skip-link-broken.html", check_keyboard, "skip-link", "does not exist"),
    ("focus-not-visible.html", check_keyboard, "focus-visible", "no visible focus indicator"),
    ("focus-faint.html", check_keyboard, "focus-appearance", "needs 3:1"),
    ("keyboard-trap.html", check_keyboard, "keyboard-trap-no-exit", "neither Tab nor Shift+Tab"),
    ("shift-tab-trap.html", check_keyboard, "keyboard-trap", "Shift+Tab cannot move focus back"),
    ("shift-tab-detour.html", check_keyboard, "focus-order", "not back the way Tab came"),
    ("tab-order.html", check_keyboard, "focus-order", "positive tabindex"),
    ("tab-order.html", check_keyboard, "focus-order", "flex-direction row-reverse"),
    ("missing-landmark.html", check_structure, "landmarks", "no contentinfo landmark"),
    ("missing-landmark.html", check_structure, "landmarks", "no navigation landmark"),
    ("two-h1.html", check_structure, "headings", "2 level-1 headings"),
    ("skipped-heading.html", check_structure, "headings", "level 3 follows level 1"),
    ("unnamed-button.html", check_structure, "names", "button without an accessible name"),
    ("unnamed-button.html", check_structure, "names", "links named “read more” go to different"),
    ("horizontal-scroll.html", check_reflow, "reflow", "scrolls sideways"),
    ("dialog-too-wide.html", check_reflow, "reflow", "p.wide"),
    ("clipped-text.html", check_text_resize, "text-resize", "text cut off"),
    ("text-spacing.html", check_text_spacing, "text-spacing", "overlaps other text"),
    ("animation.html", check_reduced_motion, "motion", "animation pulse"),
    ("animation.html", check_reduced_motion, "motion", "transition color"),
]


@pytest.fixture
def fixture_page(browser: webdriver.Chrome) -> Iterator[Callable[[str], webdriver.Chrome]]:
    def open_fixture(name: str) -> webdriver.Chrome:
        browser.get((BROKEN / name).as_uri())
        return browser

    browser.set_window_size(1280, 900)
    yield open_fixture
    browser.get("about:blank")


# good-with-frame.html embeds frame.html: Tab and Shift+Tab pass through the frame's controls
# while the iframe element holds focus, which is no trap and no detour.
@pytest.mark.parametrize("good", ["good.html", "good-with-frame.html"])
def test_the_good_page_passes_every_check(fixture_page: Callable[[str], webdriver.Chrome],
                                          good: str) -> None:
    for check in ALL_CHECKS:
        driver = fixture_page(good)
        findings = check(driver)
        assert findings == [], (check.__name__, [str(f) for f in findings])


@pytest.mark.parametrize(("name", "check", "check_id", "words"), CAUGHT,
                         ids=[f"{name}-{words}" for name, _, _, words in CAUGHT])
def test_each_check_catches_its_broken_page(fixture_page: Callable[[str], webdriver.Chrome],
                                            name: str, check: Check, check_id: str,
                                            words: str) -> None:
    findings = check(fixture_page(name))
    assert any(f.check == check_id and words in str(f) for f in findings), \
        f"{check.__name__} missed “{words}” on {name}; it found: {[str(f) for f in findings]}"


def test_a_trap_sprung_by_timers_gives_the_same_findings_every_run(
        fixture_page: Callable[[str], webdriver.Chrome]) -> None:
    # Which button the walk starts from follows the timers, so a skip-link, focus or order
    # finding could name Button 1 one run and Button 3 the next: only the trap is reported.
    runs = [sorted(map(str, check_keyboard(fixture_page("timer-trap.html")))) for _ in range(3)]
    assert runs[0] == runs[1] == runs[2], runs
    assert runs[0] and all("keyboard-trap" in finding for finding in runs[0]), runs[0]
