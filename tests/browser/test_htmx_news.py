"""News "Load more" in Chromium: the next page is appended, focus moves to its first new item, the
addition is announced, the address becomes ?page=N, Back restores the list, and without
JavaScript the same link shows the same items."""

from __future__ import annotations

from collections.abc import Callable

from selenium import webdriver
from selenium.webdriver.common.by import By

from htmx_helpers import (
    active_description, announced, announcer_is_the_same, assert_strict_csp, csp_violations,
    mark_announcer, wait_for,
)

HTMX = {"HX-Request": "true", "HX-Request-Type": "partial"}


def card_ids(driver: webdriver.Chrome) -> list[str]:
    return [card.get_attribute("id") for card in driver.find_elements(By.CSS_SELECTOR, "article.d-card")]


def load_more(driver: webdriver.Chrome) -> webdriver.remote.webelement.WebElement:
    return driver.find_element(By.CSS_SELECTOR, ".d-load-more__button")


def test_load_more_appends_the_next_page_and_moves_focus_to_its_first_item(
    page: Callable[[str], webdriver.Chrome],
) -> None:
    driver = page("/sl/novice/")
    driver.get_log("browser")
    mark_announcer(driver)
    first_page = card_ids(driver)
    button = load_more(driver)
    assert button.text == "Naloži več"
    assert button.get_attribute("href").endswith("/sl/novice/?page=2")
    button.click()
    wait_for(driver, lambda d: len(card_ids(d)) > len(first_page), "nothing was appended")
    cards = card_ids(driver)
    assert cards[: len(first_page)] == first_page  # appended, not replaced
    new = cards[len(first_page):]
    # Focus moved to the first new item's link (WCAG 2.4.3): never to <body>.
    wait_for(driver, lambda d: active_description(d)["tag"] == "a", "focus was dropped")
    focused = driver.switch_to.active_element
    assert focused.find_element(By.XPATH, "ancestor::article").get_attribute("id") == new[0]
    # The addition is announced in the one live region, with the Slovenian plural.
    expected = {1: "Prikazana je še 1 novica", 2: "Prikazani sta še 2 novici",
                3: "Prikazane so še 3 novice", 4: "Prikazane so še 4 novice"}.get(
                    len(new), f"Prikazanih je še {len(new)} novic")
    wait_for(driver, lambda d: announced(d) == expected, f"not announced: {expected!r}")
    assert announcer_is_the_same(driver)
    # The address and title say which page was added; the page links mark it as current.
    assert driver.current_url.endswith("/sl/novice/?page=2")
    assert "stran 2" in driver.title
    current = driver.find_element(By.CSS_SELECTOR, ".d-pagination [aria-current='page']")
    assert current.text == "2"
    assert len(driver.find_elements(By.ID, "d-news-paging")) == 1
    assert csp_violations(driver) == []


def test_back_after_load_more_restores_the_first_page_and_its_address(
    page: Callable[[str], webdriver.Chrome],
) -> None:
    driver = page("/en/news/")
    first_page = card_ids(driver)
    load_more(driver).click()
    wait_for(driver, lambda d: d.current_url.endswith("/en/news/?page=2"), "URL not pushed")
    wait_for(driver, lambda d: len(card_ids(d)) > len(first_page), "nothing was appended")
    driver.back()
    wait_for(driver, lambda d: d.current_url.endswith("/en/news/"), "Back did not restore the URL")
    wait_for(driver, lambda d: card_ids(d) == first_page, "Back did not restore the first page")
    assert driver.title.startswith("News – ")
    assert load_more(driver).get_attribute("href").endswith("/en/news/?page=2")
    driver.forward()
    wait_for(driver, lambda d: d.current_url.endswith("/en/news/?page=2"), "Forward lost the URL")
    wait_for(driver, lambda d: d.find_elements(By.ID, "d-news-page-2"), "Forward lost page 2")


def test_without_javascript_load_more_is_a_link_to_the_same_items(
    page: Callable[[str], webdriver.Chrome], browser_nojs: webdriver.Chrome, live_server: object,
) -> None:
    driver = page("/sl/novice/")
    first_page = card_ids(driver)
    load_more(driver).click()
    wait_for(driver, lambda d: len(card_ids(d)) > len(first_page), "nothing was appended")
    appended = card_ids(driver)[len(first_page):]
    url = live_server.url  # type: ignore[attr-defined]
    browser_nojs.get(url + "/sl/novice/")
    assert card_ids(browser_nojs) == first_page
    load_more(browser_nojs).click()
    wait_for(browser_nojs, lambda d: d.current_url.endswith("/sl/novice/?page=2"), "no page 2")
    assert card_ids(browser_nojs) == appended
    # The page links underneath are real links too.
    links = browser_nojs.find_elements(By.CSS_SELECTOR, ".d-pagination a[rel='prev']")
    assert links and links[0].get_attribute("href").endswith("/sl/novice/")


def test_every_news_list_response_carries_the_strict_csp(live_server: object) -> None:
    url = live_server.url  # type: ignore[attr-defined]
    for path in ("/sl/novice/", "/sl/novice/?page=2", "/en/news/?page=2"):
        assert_strict_csp(url + path)
        assert_strict_csp(url + path, HTMX)


def test_a_failed_load_more_shows_the_real_error_page_instead_of_swapping_it_in(
    page: Callable[[str], webdriver.Chrome],
) -> None:
    driver = page("/en/news/")
    # A "Load more" whose next page has gone (content changed since the list was loaded).
    driver.execute_script(
        "var old = document.querySelector('.d-load-more');"
        "var copy = old.cloneNode(true); var link = copy.querySelector('a');"
        "link.setAttribute('href', '/en/news/?page=999'); link.setAttribute('data-hx-get', '/en/news/?page=999');"
        "link.removeAttribute('data-htmx-powered'); old.replaceWith(copy); htmx.process(copy);")
    load_more(driver).click()
    wait_for(driver, lambda d: d.current_url.endswith("/en/news/?page=999"), "no navigation")
    wait_for(driver, lambda d: d.find_element(By.TAG_NAME, "h1").text == "Page not found",
             "the error page was not shown")
    assert len(driver.find_elements(By.TAG_NAME, "main")) == 1
