"""The error pattern in a real browser, with JavaScript and without: after a submission with
errors, focus is on the summary's alert region; each link in it moves focus to its field.
The error states are also states.py's, so every engine checks them (test_axe.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait
from states import submit_empty


def active_role(driver: webdriver.Chrome) -> str | None:
    return driver.switch_to.active_element.get_attribute("role")


@pytest.mark.parametrize(("path", "fields"), [
    ("/en/contact/form/", ["field-name", "field-email", "field-subject", "field-message"]),
    ("/sl/e-novice/", ["field-email", "field-consent"]),  # the language is preselected
    ("/en/accessibility/feedback/", ["field-problem"]),
])
def test_summary_takes_focus_and_its_links_move_focus_to_the_fields(
        page: Callable[[str], webdriver.Chrome], path: str, fields: list[str]) -> None:
    driver = page(path)
    submit_empty(driver)
    WebDriverWait(driver, 5).until(lambda d: active_role(d) == "alert")
    links = driver.find_elements(By.CSS_SELECTOR, ".d-error-summary a")
    assert [link.get_attribute("href").split("#")[1] for link in links] == fields
    for index, field in enumerate(fields):
        driver.find_elements(By.CSS_SELECTOR, ".d-error-summary a")[index].click()
        assert driver.switch_to.active_element.get_attribute("id") == field
    # The keyboard way: Tab from the summary to the first link, Enter.
    driver.find_element(By.CSS_SELECTOR, ".d-error-summary [role=alert]").send_keys(Keys.TAB)
    driver.switch_to.active_element.send_keys(Keys.ENTER)
    assert driver.switch_to.active_element.get_attribute("id") == fields[0]
    # A form with errors answers 400 (so a client or a proxy sees the submission failed), and
    # Chromium logs that status as a network error; anything else in the console is a fault.
    errors = [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"
              and "status of 400" not in entry["message"]]
    assert errors == []


def test_without_javascript_the_summary_still_takes_focus_and_links_work(
        browser_nojs: webdriver.Chrome, live_server: Any) -> None:
    driver = browser_nojs
    driver.get(live_server.url + "/en/contact/form/")
    submit_empty(driver)
    assert active_role(driver) == "alert"  # autofocus
    driver.find_elements(By.CSS_SELECTOR, ".d-error-summary a")[1].send_keys(Keys.ENTER)
    WebDriverWait(driver, 5).until(
        lambda d: d.switch_to.active_element.get_attribute("id") == "field-email")


def test_leaving_a_field_shows_its_error_inline_without_moving_focus(
        page: Callable[[str], webdriver.Chrome]) -> None:
    driver = page("/en/contact/form/")
    name = driver.find_element(By.ID, "field-name")
    name.send_keys(Keys.TAB)  # empty and untouched: no error yet
    email = driver.find_element(By.ID, "field-email")
    email.send_keys("ana(at)example.si", Keys.TAB)
    WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.ID, "field-email-error"))
    assert driver.switch_to.active_element.get_attribute("id") == "field-subject"
    assert driver.find_elements(By.ID, "field-name-error") == []
    assert "field-email-error" in email.get_attribute("aria-describedby")
    assert email.get_attribute("aria-invalid") == "true"
    assert "correct format" in driver.find_element(By.ID, "field-email-error").text
    email.clear()
    email.send_keys("ana@example.si", Keys.TAB)
    WebDriverWait(driver, 10).until(lambda d: not d.find_elements(By.ID, "field-email-error"))
    assert email.get_attribute("aria-invalid") is None
    assert email.get_attribute("aria-describedby") == "field-email-hint"
