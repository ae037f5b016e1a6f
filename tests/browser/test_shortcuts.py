"""The keyboard shortcuts in Chromium, read from the list a visitor sees: each does what the
list says, none fires while typing in a field, all stop when switched off, and the AltGr
combinations that type characters on the Slovenian layout trigger nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from accessibility_helpers import (active_id, html_attribute, open_dialog, press, wait_for,
                                   with_preferences)
from selenium import webdriver
from selenium.webdriver.common.by import By

START = "/sl/novice/"
KEY_NAMES = {"Ctrl": "ctrl", "Alt": "alt", "Shift": "shift", "Esc": "esc"}
# AltGr (= Ctrl+Alt on Windows) on the Slovenian layout: V "@", Q "\", W "|", F "[", G "]",
# B "{", N "}", X "#", C "&". The agency's old Ctrl+Alt shortcuts fired on these.
ALTGR_LETTERS = "vqwfgbnxc"


def listed_shortcuts(driver: webdriver.Chrome) -> list[dict[str, Any]]:
    """The shortcuts as the help dialog lists them: the keys a visitor reads, and what for."""
    rows = driver.execute_script("""
        return Array.prototype.map.call(
          document.querySelectorAll('[data-module~="d-shortcuts"] tbody tr'), function (row) {
            return {keys: Array.prototype.map.call(row.querySelectorAll('kbd'), function (k) {
                      return k.textContent; }),
                    action: row.getAttribute('data-shortcut-action') || 'native',
                    target: row.getAttribute('data-shortcut-target'),
                    href: row.getAttribute('data-shortcut-href'),
                    text: row.cells[1].textContent};
          });""")
    for row in rows:
        row["press"] = [KEY_NAMES.get(key, key.lower()) for key in row["keys"]]
    return list(rows)


def test_every_shortcut_does_what_the_list_says(page: Callable[[str], webdriver.Chrome]) -> None:
    driver = page(START)
    shortcuts = listed_shortcuts(driver)
    assert len(shortcuts) == 10
    for shortcut in shortcuts:
        driver.get(driver.current_url.split("/sl/")[0] + START)
        if shortcut["action"] == "native":  # Esc: closes the dialog that "?" opened
            press(driver, "?")
            assert open_dialog(driver) == "d-shortcuts-dialog"
        press(driver, *shortcut["press"])
        label = f"{'+'.join(shortcut['keys'])} ({shortcut['text']})"
        if shortcut["action"] == "mode":
            assert html_attribute(driver, "data-accessibility-mode") == "on", label
            press(driver, *shortcut["press"])
        elif shortcut["action"] == "link":
            path = shortcut["href"]
            assert wait_for(driver, "return location.pathname", path) == path, label
        elif shortcut["action"] == "focus":
            assert active_id(driver) == shortcut["target"], label
        elif shortcut["action"] == "dialog":
            assert open_dialog(driver) == shortcut["target"], label
            assert driver.current_url.endswith(START), label
        else:
            assert open_dialog(driver) is None, label
    # English pages list the same keys, in English.
    driver.get(driver.current_url.split("/sl/")[0] + "/en/news/")
    english = listed_shortcuts(driver)
    assert [s["keys"] for s in english] == [s["keys"] for s in shortcuts]
    assert english[2]["text"] == "Home page" and shortcuts[2]["text"] == "Domača stran"


def test_no_shortcut_but_ctrl_u_fires_while_typing_in_a_field(page: Callable[[str], webdriver.Chrome]) -> None:
    driver = page(START)
    field = driver.find_element(By.ID, "d-header-search")
    field.click()
    for shortcut in listed_shortcuts(driver):
        if shortcut["action"] in {"mode", "native"}:
            continue
        press(driver, *shortcut["press"])
        assert driver.current_url.endswith(START), shortcut["keys"]
        assert open_dialog(driver) is None, shortcut["keys"]
        assert active_id(driver) == "d-header-search", shortcut["keys"]
    assert "?" in field.get_attribute("value")
    press(driver, "ctrl", "u")
    assert html_attribute(driver, "data-accessibility-mode") == "on"
    assert active_id(driver) == "d-header-search"


def test_shortcuts_stop_when_switched_off(page: Callable[[str], webdriver.Chrome], live_server: Any,
                                          live_settings: Any) -> None:
    driver = page("/healthz")
    with_preferences(driver, live_server.url, live_settings.secret_key, shortcuts=False)
    driver.get(live_server.url + START)
    main_window = driver.current_window_handle
    for shortcut in listed_shortcuts(driver):
        if shortcut["action"] == "native":
            continue
        press(driver, *shortcut["press"])
        # Ctrl+U is the browser's again: it may open View Source in a tab of its own.
        for handle in driver.window_handles:
            if handle != main_window:
                driver.switch_to.window(handle)
                driver.close()
        driver.switch_to.window(main_window)
        assert driver.current_url.endswith(START), shortcut["keys"]
        assert open_dialog(driver) is None, shortcut["keys"]
        assert active_id(driver).startswith("BODY"), shortcut["keys"]
        assert html_attribute(driver, "data-accessibility-mode") == "off", shortcut["keys"]


@pytest.mark.parametrize("in_field", [False, True], ids=["page", "field"])
def test_altgr_combinations_trigger_nothing(page: Callable[[str], webdriver.Chrome], in_field: bool) -> None:
    driver = page(START)
    if in_field:
        driver.find_element(By.ID, "d-header-search").click()
    focused = active_id(driver)
    for letter in ALTGR_LETTERS:
        press(driver, "ctrl", "alt", letter)
        assert driver.current_url.endswith(START), letter
        assert open_dialog(driver) is None, letter
        assert active_id(driver) == focused, letter
        assert html_attribute(driver, "data-accessibility-mode") == "off", letter
    assert len(driver.window_handles) == 1
