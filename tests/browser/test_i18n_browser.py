"""The language switcher in Chromium, with and without JavaScript: the choice lands on the twin
page at its clean address, is remembered for `/`, and an item without a translation leads to
the list that says why."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from dostop_audit.browser import format_violations, run_axe

SEED_SL = "/sl/novice/kulturne-in-kreativne-industrije-kot-strategija/"
SEED_EN = "/en/news/cultural-and-creative-industries-as-a-strategy/"
SLOVENIAN_ONLY = "/sl/novice/uradne-ure-med-prazniki-2018/"


def choose(driver: webdriver.Chrome, language_name: str) -> None:
    """Chooses a language with the keyboard, as a keyboard-only visitor would."""
    link = driver.find_element(By.CSS_SELECTOR, ".d-language-switcher a[hreflang][lang]")
    assert link.text == language_name
    before = driver.current_url
    link.send_keys(Keys.ENTER)
    WebDriverWait(driver, 10).until(lambda d: d.current_url != before)
    WebDriverWait(driver, 10).until(
        lambda d: d.execute_script("return document.readyState") == "complete")


@pytest.fixture(params=["javascript", "no javascript"])
def visit(request: pytest.FixtureRequest, live_server: object) -> Callable[[str], webdriver.Chrome]:
    driver: webdriver.Chrome = request.getfixturevalue(
        "browser" if request.param == "javascript" else "browser_nojs")
    base: str = live_server.url  # type: ignore[attr-defined]
    driver.get(base + "/healthz")
    driver.delete_all_cookies()

    def open_path(path: str) -> webdriver.Chrome:
        driver.get(base + path)
        return driver

    return open_path


def path_of(driver: webdriver.Chrome) -> str:
    return str(driver.execute_script("return location.pathname + location.search"))


def test_choosing_english_is_remembered_by_the_home_address(
        visit: Callable[[str], webdriver.Chrome]) -> None:
    driver = visit(SEED_SL)
    assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "sl"
    choose(driver, "English")
    assert path_of(driver) == SEED_EN  # the clean address: the marker went with the redirect
    assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
    current = driver.find_element(By.CSS_SELECTOR, ".d-language-switcher [aria-current]")
    assert current.text == "English" and current.get_attribute("lang") == "en"
    # `/` follows the saved choice both ways, whatever language the browser asks for.
    visit("/")
    assert path_of(driver) == "/en/"
    choose(driver, "Slovenščina")
    assert path_of(driver) == "/sl/"
    visit("/")
    assert path_of(driver) == "/sl/"


def test_item_only_in_slovenian_leads_to_the_english_list_that_says_why(
        visit: Callable[[str], webdriver.Chrome]) -> None:
    driver = visit(SLOVENIAN_ONLY)
    title = driver.find_element(By.TAG_NAME, "h1").text
    choose(driver, "English")
    assert path_of(driver) == "/en/news/?untranslated=news-sl-uradne-ure-med-prazniki-2018"
    notice = driver.find_element(By.ID, "d-untranslated-notice")
    assert notice.is_displayed()
    assert notice.text == f"This news item is available only in Slovenian. In Slovenian: {title}"
    assert driver.find_element(By.TAG_NAME, "h1").text == "News"
    result = run_axe(driver)
    assert result["violations"] == [], format_violations(path_of(driver), "untranslated",
                                                         result["violations"])
    # Changing one's mind: the switcher goes back to the item itself, not to the Slovenian list.
    choose(driver, "Slovenščina")
    assert path_of(driver) == SLOVENIAN_ONLY
    assert driver.find_element(By.TAG_NAME, "h1").text == title


def test_the_notice_links_back_to_the_item_by_keyboard(
        visit: Callable[[str], webdriver.Chrome]) -> None:
    driver = visit("/en/news/?untranslated=news-sl-uradne-ure-med-prazniki-2018")
    link = driver.find_element(By.CSS_SELECTOR, "#d-untranslated-notice a")
    assert link.get_attribute("lang") == "sl"
    link.send_keys(Keys.ENTER)
    WebDriverWait(driver, 10).until(lambda d: path_of(d) == SLOVENIAN_ONLY)
    assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "sl"
