"""Keyboard use of every page in the sitemap (dostop.audit.keyboard): the first Tab reaches
the skip link and following it puts focus in main; Tab reaches every control in reading order;
every focused control shows an indicator of at least 2 px with 3:1 contrast; no trap.

With JavaScript on, in both accessibility modes (the mode restyles focus). Without JavaScript
the controls and styles are the same; what differs is the skip link, which then works by the
browser's own fragment navigation, so that is what the no-JS browser checks on every page."""

from __future__ import annotations

from typing import Any

import pytest
from selenium import webdriver
from states import set_mode, sitemap_paths

from dostop.audit.findings import format_findings
from dostop.audit.keyboard import check_keyboard, check_skip_link, walk_keyboard
from dostop.settings import Settings


@pytest.mark.parametrize("mode", ["off", "on"])
def test_every_page_works_by_keyboard(browser: webdriver.Chrome, live_server: Any,
                                      live_settings: Settings, mode: str) -> None:
    browser.set_window_size(1280, 900)
    set_mode(browser, live_server, live_settings, mode)
    failures = []
    for path in sitemap_paths(live_server.url):
        browser.get(live_server.url + path)
        failures.append(format_findings(path, f"mode {mode}, JS", check_keyboard(browser)))
    found = "\n".join(line for line in failures if line)
    assert not found, f"keyboard problems on {sum(bool(f) for f in failures)} pages:\n{found}"


def test_without_javascript_the_skip_link_still_moves_focus_to_main(
        browser_nojs: webdriver.Chrome, live_server: Any) -> None:
    failures = []
    for path in sitemap_paths(live_server.url):
        browser_nojs.get(live_server.url + path)
        findings = check_skip_link(browser_nojs, walk_keyboard(browser_nojs, limit=1))
        failures.append(format_findings(path, "no JS", findings))
    found = "\n".join(line for line in failures if line)
    assert not found, f"skip link problems on {sum(bool(f) for f in failures)} pages:\n{found}"
