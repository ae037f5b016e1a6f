"""Reflow, resizing, spacing and motion (dostop_audit.layout) on every page in the sitemap, in
both accessibility modes: at 320 CSS px and at 200% text no sideways scrolling and no text cut
off (WCAG 1.4.10, 1.4.4); with 1.4.12 text spacing nothing cut off or overlapping; with reduced
motion requested, no animation or transition (2.3.3). The same on every interactive state
(tests/browser/states.py: an open dialog, live results, appended news, form errors)."""

from __future__ import annotations

from typing import Any

import pytest
from selenium import webdriver
from states import STATES, State, problems_on_every_page, set_mode

from dostop_audit.findings import format_findings
from dostop_audit.layout import (check_layout, check_reduced_motion, check_reflow,
                                 check_text_resize, check_text_spacing)
from dostop.settings import Settings


@pytest.mark.parametrize("mode", ["off", "on"])
def test_every_page_reflows_resizes_and_keeps_still(browser: webdriver.Chrome, live_server: Any,
                                                    live_settings: Settings, mode: str) -> None:
    browser.set_window_size(1280, 900)
    set_mode(browser, live_server, live_settings, mode)
    found = problems_on_every_page(browser, live_server.url, f"mode {mode}", check_layout)
    assert not found, found


@pytest.mark.parametrize("item", STATES, ids=str)
def test_every_interactive_state_reflows_resizes_and_keeps_still(
        browser: webdriver.Chrome, live_server: Any, live_settings: Settings, item: State) -> None:
    browser.set_window_size(1280, 900)
    item.open(browser, live_server, live_settings)
    findings = (check_reflow(browser) + check_text_resize(browser) + check_text_spacing(browser)
                + check_reduced_motion(browser, reload=False))  # a reload would end the state
    assert not findings, format_findings(item.path, item.name, findings)
