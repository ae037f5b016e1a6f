"""The calls filter in Chromium: choosing a status swaps the list in place, keeps focus on the
choice, announces the new count and puts the filter in the address; and the event page, whose
schema.org Event is microdata on its own markup, raises no CSP violation under `script-src 'self'`."""

from __future__ import annotations

from collections.abc import Callable

from selenium import webdriver
from selenium.webdriver.common.by import By

from htmx_helpers import (
    active_description, announced, announcer_is_the_same, csp_violations, mark_announcer,
    wait_for,
)


def titles(driver: webdriver.Chrome) -> list[str]:
    return [a.text for a in driver.find_elements(By.CSS_SELECTOR, "#d-call-results .d-card__link")]


def test_the_calls_filter_swaps_the_list_keeps_focus_and_announces_the_count(
    page: Callable[[str], webdriver.Chrome],
) -> None:
    driver = page("/en/calls/")
    mark_announcer(driver)
    everything = titles(driver)
    assert len(everything) == 2
    driver.find_element(By.CSS_SELECTOR, "label[for=d-call-status-2]").click()  # Closed
    wait_for(driver, lambda d: len(titles(d)) == 1, "the list was not narrowed to closed calls")
    assert titles(driver) == [everything[1]]
    assert active_description(driver)["id"] == "d-call-status-2"
    wait_for(driver, lambda d: announced(d) == "1 call for proposals", "the count was not announced")
    assert announcer_is_the_same(driver)
    assert driver.current_url.endswith("/en/calls/?status=closed&project=")
    assert csp_violations(driver) == []
    driver = page("/en/events/creative-vouchers-info-day/")
    assert driver.find_elements(By.CSS_SELECTOR, '[itemtype="https://schema.org/Event"]')
    assert driver.find_elements(By.CSS_SELECTOR, "script:not([src])") == []
    assert csp_violations(driver) == []
    assert driver.get_log("browser") == []
