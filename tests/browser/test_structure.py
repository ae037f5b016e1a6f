"""Structure as a screen reader gets it, from Chromium's accessibility tree
(dostop_audit.structure), on every page in the sitemap and every interactive state: banner,
navigation, main and contentinfo landmarks; one level-1 heading and no skipped levels; every
link and button named, and links with the same name going to the same place."""

from __future__ import annotations

from typing import Any

import pytest
from selenium import webdriver
from states import STATES, State, modal_open, problems_on_every_page, set_mode

from dostop_audit.findings import format_findings
from dostop_audit.structure import ax_tree, check_names, check_structure
from dostop.settings import Settings


@pytest.mark.parametrize("mode", ["off", "on"])
def test_every_page_has_landmarks_headings_and_names(browser: webdriver.Chrome, live_server: Any,
                                                     live_settings: Settings, mode: str) -> None:
    set_mode(browser, live_server, live_settings, mode)
    found = problems_on_every_page(browser, live_server.url, f"mode {mode}", check_structure)
    assert not found, found


def test_pages_without_javascript_have_the_same_structure(browser_nojs: webdriver.Chrome,
                                                          live_server: Any) -> None:
    found = problems_on_every_page(browser_nojs, live_server.url, "no JS", check_structure)
    assert not found, found


@pytest.mark.parametrize("item", STATES, ids=str)
def test_every_interactive_state_keeps_its_structure(browser: webdriver.Chrome, live_server: Any,
                                                     live_settings: Settings, item: State) -> None:
    item.open(browser, live_server, live_settings)
    # A modal dialog makes the page behind it inert, landmarks and all: only names apply then.
    findings = (check_names(browser, ax_tree(browser)) if modal_open(browser)
                else check_structure(browser))
    assert not findings, format_findings(item.path, item.name, findings)
