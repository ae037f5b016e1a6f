"""Live search in Chromium: results as you type, focus kept in the field, the count announced in
the one live region, the query in the address, Back, and the same results without JavaScript."""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import quote

from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from htmx_helpers import (
    active_description, announced, announcer_is_the_same, assert_strict_csp, csp_violations,
    mark_announcer, wait_for,
)

HTMX = {"HX-Request": "true", "HX-Request-Type": "partial"}


def result_links(driver: webdriver.Chrome) -> list[str]:
    return [link.get_attribute("href") for link in
            driver.find_elements(By.CSS_SELECTOR, ".d-search-results__title a")]


def count_heading(driver: webdriver.Chrome) -> str:
    headings = driver.find_elements(By.ID, "d-search-count")
    return headings[0].text.strip() if headings else ""


def type_query(driver: webdriver.Chrome, text: str) -> None:
    field = driver.find_element(By.ID, "d-search-q")
    field.click()
    field.send_keys(Keys.CONTROL, "a")
    field.send_keys(Keys.BACKSPACE)
    field.send_keys(text)


def test_results_appear_as_you_type_with_focus_kept_and_the_count_announced(
    page: Callable[[str], webdriver.Chrome], live_server: object,
) -> None:
    driver = page("/sl/iskanje/")
    driver.get_log("browser")  # start with an empty console
    mark_announcer(driver)
    type_query(driver, "kultur")
    wait_for(driver, lambda d: "kultur" in count_heading(d), "no live results for 'kultur'")
    heading = count_heading(driver)
    assert re.match(r"^\d+ zadet(ek|ka|ki|kov) za »kultur«$", heading), heading
    # Focus never leaves the field while results change (WCAG 3.2.2, 2.4.3).
    assert active_description(driver)["id"] == "d-search-q"
    # The count is announced through the page's one polite live region, which was filled, not replaced.
    wait_for(driver, lambda d: announced(d) == heading, "the count was not announced")
    assert announcer_is_the_same(driver)
    # The query is in the address, so the results can be bookmarked, shared and reloaded.
    assert driver.current_url.endswith("/sl/iskanje/?q=kultur")
    assert driver.title.startswith("Rezultati iskanja za »kultur«")
    assert csp_violations(driver) == []


def test_typing_more_narrows_the_results_and_announces_again(
    page: Callable[[str], webdriver.Chrome],
) -> None:
    driver = page("/en/search/")
    type_query(driver, "creative")
    wait_for(driver, lambda d: "“creative”" in count_heading(d), "no results for 'creative'")
    first = result_links(driver)
    driver.find_element(By.ID, "d-search-q").send_keys(" zzzqqq")
    wait_for(driver, lambda d: "zzzqqq" in count_heading(d), "no update for the longer query")
    assert count_heading(driver) == "No results for “creative zzzqqq”"
    wait_for(driver, lambda d: announced(d) == "No results for “creative zzzqqq”", "not announced")
    assert first and result_links(driver) == []
    assert active_description(driver)["id"] == "d-search-q"


def test_the_live_results_match_the_results_without_javascript(
    page: Callable[[str], webdriver.Chrome], browser_nojs: webdriver.Chrome, live_server: object,
) -> None:
    driver = page("/sl/iskanje/")
    type_query(driver, "projekt")
    wait_for(driver, lambda d: "»projekt«" in count_heading(d), "no live results")
    live = result_links(driver)
    url = live_server.url  # type: ignore[attr-defined]
    browser_nojs.get(url + "/sl/iskanje/")
    field = browser_nojs.find_element(By.ID, "d-search-q")
    field.send_keys("projekt")
    field.send_keys(Keys.ENTER)
    wait_for(browser_nojs, lambda d: "q=projekt" in d.current_url, "the plain form did not submit")
    assert result_links(browser_nojs) == live and live
    assert count_heading(browser_nojs) == count_heading(driver)


def test_submitting_pushes_the_query_and_back_restores_the_previous_one(
    page: Callable[[str], webdriver.Chrome],
) -> None:
    driver = page("/sl/iskanje/?q=kultur")
    driver.get_log("browser")
    before = result_links(driver)
    type_query(driver, "mobilnost")
    driver.find_element(By.ID, "d-search-q").send_keys(Keys.ENTER)
    wait_for(driver, lambda d: d.current_url.endswith("?q=mobilnost"), "the query is not in the URL")
    wait_for(driver, lambda d: "»mobilnost«" in count_heading(d), "no results for the new query")
    assert active_description(driver)["id"] == "d-search-q"
    driver.back()
    wait_for(driver, lambda d: d.current_url.endswith("?q=kultur"), "Back did not restore the URL")
    wait_for(driver, lambda d: "»kultur«" in count_heading(d), "Back did not restore the results")
    assert result_links(driver) == before
    assert driver.find_element(By.ID, "d-search-q").get_attribute("value") == "kultur"
    assert csp_violations(driver) == []


def test_markup_in_the_query_is_shown_as_text(page: Callable[[str], webdriver.Chrome]) -> None:
    driver = page("/en/search/")
    driver.get_log("browser")
    type_query(driver, "<img src=x>")
    wait_for(driver, lambda d: "<img src=x>" in count_heading(d), "the query is not shown as text")
    assert driver.find_elements(By.CSS_SELECTOR, "#d-search-results img") == []
    assert csp_violations(driver) == []


def test_every_search_response_carries_the_strict_csp(live_server: object) -> None:
    url = live_server.url  # type: ignore[attr-defined]
    for path in ("/sl/iskanje/", "/sl/iskanje/?q=kultur", "/en/search/?q=" + quote("<b>")):
        assert_strict_csp(url + path)
        assert_strict_csp(url + path, HTMX)
