"""The page in a real browser: skip link first, no console errors, htmx and our script load."""

from __future__ import annotations

from collections.abc import Callable

from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys


def test_first_tab_reaches_skip_link_and_it_moves_focus_to_main(
    page: Callable[[str], webdriver.Chrome],
) -> None:
    driver = page("/sl/")
    driver.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
    active = driver.switch_to.active_element
    assert active.get_attribute("href").endswith("#main-content")
    assert active.is_displayed()
    active.send_keys(Keys.ENTER)
    assert driver.switch_to.active_element.get_attribute("id") == "main-content"


def test_pages_load_without_console_errors(page: Callable[[str], webdriver.Chrome]) -> None:
    for path in ("/sl/", "/en/news/", "/sl/novice/kulturne-in-kreativne-industrije-kot-strategija/"):
        driver = page(path)
        assert driver.execute_script("return typeof window.htmx") == "object"
        assert driver.execute_script("return typeof window.Dostop") == "object"
        errors = [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]
        assert errors == [], (path, errors)
