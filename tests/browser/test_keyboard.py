"""Keyboard use of every page in the sitemap (dostop_audit.keyboard): the first Tab reaches
the skip link and following it puts focus in main; Tab reaches every control in reading order;
every focused control shows an indicator of at least 2 px with 3:1 contrast; no trap.

With JavaScript on, in both accessibility modes (the mode restyles focus). Without JavaScript
the controls and styles are the same; what differs is the skip link, which then works by the
browser's own fragment navigation, so that is what the no-JS browser checks on every page."""

from __future__ import annotations

from typing import Any

import pytest
from selenium import webdriver
from states import STATES, State, modal_open, problems_on_every_page, set_mode

from dostop_audit.findings import Finding, format_findings
from dostop_audit.keyboard import (check_focus_order, check_focus_visible, check_keyboard,
                                   check_keyboard_trap, check_skip_link, focus_from_the_top,
                                   walk_keyboard)
from dostop.settings import Settings


@pytest.mark.parametrize("mode", ["off", "on"])
def test_every_page_works_by_keyboard(browser: webdriver.Chrome, live_server: Any,
                                      live_settings: Settings, mode: str) -> None:
    browser.set_window_size(1280, 900)
    set_mode(browser, live_server, live_settings, mode)
    found = problems_on_every_page(browser, live_server.url, f"mode {mode}, JS", check_keyboard)
    assert not found, found


def test_without_javascript_the_skip_link_still_moves_focus_to_main(
        browser_nojs: webdriver.Chrome, live_server: Any) -> None:
    def skip_link_only(driver: webdriver.Chrome) -> list[Finding]:
        return check_skip_link(driver, walk_keyboard(driver, limit=1))

    found = problems_on_every_page(browser_nojs, live_server.url, "no JS", skip_link_only)
    assert not found, found


@pytest.mark.parametrize("item", STATES, ids=str)
def test_every_interactive_state_works_by_keyboard(browser: webdriver.Chrome, live_server: Any,
                                                   live_settings: Settings, item: State) -> None:
    """Tab and Shift+Tab through the page in each state: no trap, reading order, visible focus.
    In a modal dialog, Tab and Shift+Tab go round the dialog's own controls and nothing else."""
    browser.set_window_size(1280, 900)
    item.open(browser, live_server, live_settings)
    focus_from_the_top(browser)
    modal = modal_open(browser)
    walk = walk_keyboard(browser)
    findings = check_keyboard_trap(browser, walk) + check_focus_visible(walk)
    if modal:
        assert walk.stops, f"{item}: Tab reaches nothing in the dialog"
        outside = [stop.element for stop in walk.stops if not stop.in_dialog]
        assert not outside, f"{item}: Tab leaves the modal dialog for {outside}"
        assert not walk.back_detours, f"{item}: {walk.back_detours}"
    else:
        findings += check_focus_order(walk)
    assert not findings, format_findings(item.path, item.name, findings)
