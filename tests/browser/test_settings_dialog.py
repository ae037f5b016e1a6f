"""The accessibility settings: the plain form with JavaScript off, and the same form in a modal
dialog with JavaScript on (focus moves in, stays in, Esc closes, focus returns)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from accessibility_helpers import (active_id, announced, html_attribute, open_dialog, press,
                                   saved_cookie, wait_for)
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait


def test_the_settings_form_works_with_javascript_off(browser_nojs: webdriver.Chrome, live_server: Any) -> None:
    driver = browser_nojs
    driver.get(live_server.url + "/healthz")
    driver.delete_all_cookies()
    driver.get(live_server.url + "/sl/")
    # The header control is a plain link to the form.
    driver.find_element(By.CSS_SELECTOR, ".d-header .d-accessibility-control").click()
    WebDriverWait(driver, 10).until(expected_conditions.url_contains("/sl/dostopnost/"))
    assert driver.current_url.endswith("/sl/dostopnost/#settings")
    driver.find_element(By.ID, "d-settings-mode").click()
    driver.find_element(By.ID, "d-settings-text-size-150").click()
    driver.find_element(By.ID, "d-settings-contrast-dark").click()
    driver.find_element(By.ID, "d-settings-shortcuts").click()
    driver.find_element(By.CSS_SELECTOR, '#settings button[value="save"]').click()
    WebDriverWait(driver, 10).until(expected_conditions.url_contains("done=saved"))
    assert html_attribute(driver, "data-accessibility-mode") == "on"
    assert html_attribute(driver, "data-text-size") == "150"
    assert html_attribute(driver, "data-contrast") == "dark"
    assert html_attribute(driver, "data-shortcuts") == "off"
    assert "Vaše nastavitve dostopnosti so shranjene." in driver.find_element(By.ID, "settings").text
    assert driver.find_element(By.ID, "d-settings-mode").is_selected()
    driver.get(live_server.url + "/sl/novice/")
    assert html_attribute(driver, "data-accessibility-mode") == "on"
    driver.get(live_server.url + "/sl/dostopnost/")
    driver.find_element(By.CSS_SELECTOR, '#settings button[value="reset"]').click()
    WebDriverWait(driver, 10).until(expected_conditions.url_contains("done=reset"))
    assert html_attribute(driver, "data-accessibility-mode") == "off"
    assert html_attribute(driver, "data-text-size") == "100"
    assert html_attribute(driver, "data-shortcuts") == "on"


def inside_dialog(driver: webdriver.Chrome) -> bool:
    result: bool = driver.execute_script(
        "var d = document.querySelector('dialog[open]'); return !!d && d.contains(document.activeElement)")
    return result


def test_the_dialog_takes_focus_keeps_it_closes_on_esc_and_gives_it_back(
    page: Callable[[str], webdriver.Chrome],
) -> None:
    driver = page("/en/news/")
    control = driver.find_element(By.CSS_SELECTOR, ".d-header .d-accessibility-control")
    control.click()
    assert open_dialog(driver) == "d-settings-dialog"
    assert driver.current_url.endswith("/en/news/"), "with JavaScript the control opens the dialog in place"
    assert inside_dialog(driver)
    seen = set()
    for _ in range(25):
        press(driver, Keys.TAB)
        assert inside_dialog(driver), active_id(driver)
        seen.add(active_id(driver))
    assert {"d-dialog-mode", "d-dialog-shortcuts"} <= seen
    for _ in range(25):
        press(driver, "shift", Keys.TAB)
        assert inside_dialog(driver), active_id(driver)
    press(driver, "esc")
    assert open_dialog(driver) is None
    assert driver.switch_to.active_element == control
    # The footer control opens the same dialog, and focus goes back to the footer.
    footer = driver.find_element(By.CSS_SELECTOR, ".d-footer [data-module~='d-settings-open']")
    driver.execute_script("arguments[0].focus()", footer)
    footer.send_keys(Keys.ENTER)
    assert open_dialog(driver) == "d-settings-dialog"
    driver.find_element(By.CSS_SELECTOR, "#d-settings-dialog .d-dialog__close").click()
    assert open_dialog(driver) is None
    assert driver.switch_to.active_element == footer


def test_the_dialog_applies_changes_in_place_and_saves_them(
    page: Callable[[str], webdriver.Chrome], live_settings: Any,
) -> None:
    driver = page("/sl/")
    driver.execute_script("window.dostopNotReloaded = true")
    driver.find_element(By.CSS_SELECTOR, ".d-header .d-accessibility-control").click()
    driver.find_element(By.CSS_SELECTOR, "label[for='d-dialog-text_spacing']").click()
    assert html_attribute(driver, "data-text-spacing") == "on"
    driver.find_element(By.CSS_SELECTOR, "label[for='d-dialog-text-size-200']").click()
    assert html_attribute(driver, "data-text-size") == "200"
    assert announced(driver, "Vaše nastavitve dostopnosti so shranjene.") == "Vaše nastavitve dostopnosti so shranjene."
    prefs = saved_cookie(driver, live_settings.secret_key, text_spacing=True, text_size=200)
    assert prefs.text_spacing and prefs.text_size == 200
    # Ctrl+U inside the dialog switches the mode and the dialog's checkbox follows.
    press(driver, "ctrl", "u")
    assert html_attribute(driver, "data-accessibility-mode") == "on"
    assert driver.find_element(By.ID, "d-dialog-mode").is_selected()
    driver.find_element(By.CSS_SELECTOR, "#d-settings-dialog button[value='reset']").click()
    assert open_dialog(driver) is None
    assert html_attribute(driver, "data-text-size") == "100"
    assert html_attribute(driver, "data-accessibility-mode") == "off"
    assert saved_cookie(driver, live_settings.secret_key, text_size=100, mode="off").text_size == 100
    assert driver.execute_script("return window.dostopNotReloaded") is True
    driver.refresh()
    assert wait_for(driver, "return document.documentElement.getAttribute('data-text-spacing')", "off") == "off"


def test_on_the_accessibility_page_the_control_leads_to_the_form_on_the_page(
    page: Callable[[str], webdriver.Chrome],
) -> None:
    # The page shows the form itself: a dialog copy would put two sets of the same fieldsets
    # ("Contrast", "Text size", ...) on one page, which no one could tell apart.
    driver = page("/en/accessibility/")
    assert driver.find_elements(By.ID, "d-settings-dialog") == []
    assert driver.find_elements(By.CSS_SELECTOR, "#d-shortcuts-dialog")  # the other dialog stays
    driver.find_element(By.CSS_SELECTOR, ".d-header .d-accessibility-control").click()
    assert open_dialog(driver) is None
    assert driver.current_url.endswith("/en/accessibility/#settings")
    assert driver.execute_script(
        "return document.getElementById('settings').getBoundingClientRect().top") < 100
