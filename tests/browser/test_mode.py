"""The accessibility mode in Chromium: Ctrl+U in place, saved for the next page, AAA contrast,
text size and spacing, reflow at 320 px, and the operating system's own preferences."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from accessibility_helpers import (active_id, announced, html_attribute, press, saved_cookie,
                                   wait_for, with_preferences)
from selenium import webdriver
from selenium.webdriver.common.by import By

from dostop_audit.browser import format_violations, run_axe

SEED_EN = "/en/news/cultural-and-creative-industries-as-a-strategy/"
MODE_PAGES = ["/sl/", "/en/news/", SEED_EN, "/sl/dostopnost/", "/en/projects/cre-hub/",
              "/sl/kazalo/", "/sl/iskanje/?q=kreativ", "/en/contact/"]
AAA = {"tags": ("wcag2aaa",), "rules": {"color-contrast-enhanced": {"enabled": True}}}


@pytest.fixture
def emulate(browser: webdriver.Chrome) -> Iterator[Callable[..., None]]:
    """Chromium's device emulation (CDP), cleared after the test."""
    def run(command: str, **params: Any) -> None:
        browser.execute_cdp_cmd(command, params)
    yield run
    browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})


def test_ctrl_u_switches_the_mode_in_place_keeps_focus_and_announces(
    page: Callable[[str], webdriver.Chrome], live_settings: Any,
) -> None:
    driver = page("/sl/novice/")
    driver.execute_script("window.dostopNotReloaded = true;"
                          "document.querySelector('.d-navigation__link').focus();")
    focused = active_id(driver)
    assert html_attribute(driver, "data-accessibility-mode") == "off"
    press(driver, "ctrl", "u")
    assert html_attribute(driver, "data-accessibility-mode") == "on"
    assert announced(driver, "Način dostopnosti je vklopljen.") == "Način dostopnosti je vklopljen."
    assert saved_cookie(driver, live_settings.secret_key, mode="on").mode == "on"
    press(driver, "ctrl", "u")
    assert html_attribute(driver, "data-accessibility-mode") == "off"
    assert announced(driver, "Način dostopnosti je izklopljen.") == "Način dostopnosti je izklopljen."
    assert driver.execute_script("return window.dostopNotReloaded") is True
    assert active_id(driver) == focused
    assert len(driver.window_handles) == 1, "Ctrl+U must not open View Source while it toggles the mode"
    assert saved_cookie(driver, live_settings.secret_key, mode="off").mode == "off"


def test_the_mode_is_announced_in_english_on_english_pages(page: Callable[[str], webdriver.Chrome]) -> None:
    driver = page("/en/")
    press(driver, "ctrl", "u")
    assert announced(driver, "Accessibility mode is on.") == "Accessibility mode is on."


def test_the_mode_survives_reload_and_navigation_rendered_by_the_server(
    page: Callable[[str], webdriver.Chrome], live_settings: Any, live_server: Any,
) -> None:
    driver = page("/en/")
    press(driver, "ctrl", "u")
    assert saved_cookie(driver, live_settings.secret_key, mode="on").mode == "on"
    driver.refresh()
    assert html_attribute(driver, "data-accessibility-mode") == "on"
    driver.find_element(By.CSS_SELECTOR, ".d-navigation__link[href='/en/news/']").click()
    wait_for(driver, "return location.pathname", "/en/news/")
    assert html_attribute(driver, "data-accessibility-mode") == "on"
    # From the first byte: the server's HTML itself says so, no script sets it after load.
    source = driver.execute_script(
        "var r = new XMLHttpRequest(); r.open('GET', '/sl/', false); r.send(); return r.responseText;")
    assert '<html lang="sl" data-accessibility-mode="on"' in source


@pytest.mark.parametrize("path", MODE_PAGES)
def test_the_mode_meets_aaa_contrast(page: Callable[[str], webdriver.Chrome], live_server: Any,
                                     live_settings: Any, path: str) -> None:
    driver = page("/healthz")
    with_preferences(driver, live_server.url, live_settings.secret_key, mode="on")
    driver.get(live_server.url + path)
    results = run_axe(driver, tags=AAA["tags"], rules=AAA["rules"])
    violations = [v for v in results["violations"] if v["id"] == "color-contrast-enhanced"]
    assert violations == [], format_violations(path, "mode on", violations)


@pytest.mark.parametrize("contrast", ["high", "dark"])
def test_the_contrast_palettes_meet_aaa_too(page: Callable[[str], webdriver.Chrome], live_server: Any,
                                            live_settings: Any, contrast: str) -> None:
    driver = page("/healthz")
    with_preferences(driver, live_server.url, live_settings.secret_key, mode="on", contrast=contrast)
    for path in ("/sl/", SEED_EN, "/en/accessibility/"):
        driver.get(live_server.url + path)
        results = run_axe(driver, tags=AAA["tags"], rules=AAA["rules"])
        violations = [v for v in results["violations"] if v["id"] == "color-contrast-enhanced"]
        assert violations == [], format_violations(path, f"mode on, {contrast}", violations)


def computed(driver: webdriver.Chrome, selector: str) -> dict[str, float | str]:
    return driver.execute_script("""
        var element = document.querySelector(arguments[0]);
        var style = getComputedStyle(element);
        return {fontSize: parseFloat(style.fontSize), lineHeight: parseFloat(style.lineHeight),
                letterSpacing: parseFloat(style.letterSpacing), wordSpacing: parseFloat(style.wordSpacing),
                marginBottom: parseFloat(style.marginBottom), textDecoration: style.textDecorationLine,
                transition: style.transitionDuration, outlineWidth: parseFloat(style.outlineWidth)};
    """, selector)


def test_the_mode_sets_text_size_and_the_wcag_text_spacing(
    page: Callable[[str], webdriver.Chrome],
) -> None:
    driver = page(SEED_EN)
    before = computed(driver, ".d-prose p")
    press(driver, "ctrl", "u")
    body = computed(driver, "body")
    paragraph = computed(driver, ".d-prose p")
    assert body["fontSize"] >= 20 and paragraph["fontSize"] >= 20 > float(before["fontSize"])
    size = float(paragraph["fontSize"])
    assert float(paragraph["lineHeight"]) >= 1.5 * size - 0.1
    assert float(paragraph["letterSpacing"]) >= 0.12 * size - 0.1
    assert float(paragraph["wordSpacing"]) >= 0.16 * size - 0.1
    assert float(paragraph["marginBottom"]) >= 2 * size - 0.1
    for selector in (".d-header__name", ".d-navigation__link", ".d-footer a"):
        assert computed(driver, selector)["textDecoration"] == "underline", selector
    assert computed(driver, ".d-hint")["fontSize"] >= 20
    driver.execute_script("document.querySelector('.d-navigation__link').focus()")
    driver.execute_script("document.querySelector('.d-navigation__link').blur()")


def test_bigger_text_size_wins_over_the_mode(page: Callable[[str], webdriver.Chrome], live_server: Any,
                                             live_settings: Any) -> None:
    driver = page("/healthz")
    with_preferences(driver, live_server.url, live_settings.secret_key, mode="on", text_size=200)
    driver.get(live_server.url + "/sl/")
    assert computed(driver, "body")["fontSize"] == 32


@pytest.mark.parametrize(("path", "prefs"), [
    ("/sl/", {}), (SEED_EN, {}), ("/sl/dostopnost/", {}), ("/en/search/?q=creative", {}),
    ("/sl/kazalo/", {}), ("/sl/vzorci/", {}), ("/sl/vzorci/", {"text_size": 200, "contrast": "dark"}),
    (SEED_EN, {"text_size": 200}),
])
def test_no_horizontal_scroll_at_320_px_in_the_mode(
    page: Callable[[str], webdriver.Chrome], live_server: Any, live_settings: Any,
    emulate: Callable[..., None], path: str, prefs: dict[str, Any],
) -> None:
    driver = page("/healthz")
    with_preferences(driver, live_server.url, live_settings.secret_key, mode="on", **prefs)
    emulate("Emulation.setDeviceMetricsOverride", width=320, height=640, deviceScaleFactor=1, mobile=False)
    driver.get(live_server.url + path)
    width = driver.execute_script("return document.documentElement.clientWidth")
    assert width == 320
    wide = driver.execute_script("""
        var w = document.documentElement.clientWidth;
        return Array.prototype.filter.call(document.querySelectorAll('body *'), function (e) {
          var r = e.getBoundingClientRect(); return r.width > 0 && r.right > w + 1;
        }).slice(0, 5).map(function (e) { return e.tagName + '.' + e.className; });""")
    assert driver.execute_script("return document.documentElement.scrollWidth") <= 320, wide


def test_the_device_asking_for_more_contrast_or_less_motion_is_honoured_and_a_choice_wins(
    page: Callable[[str], webdriver.Chrome], live_server: Any, live_settings: Any,
    emulate: Callable[..., None],
) -> None:
    emulate("Emulation.setEmulatedMedia", features=[{"name": "prefers-contrast", "value": "more"},
                                                    {"name": "prefers-reduced-motion", "value": "reduce"}])
    driver = page("/en/")
    colour = "return getComputedStyle(document.body).color"
    background = "return getComputedStyle(document.documentElement).backgroundColor"
    assert driver.execute_script(colour) == "rgb(0, 0, 0)"
    with_preferences(driver, live_server.url, live_settings.secret_key, contrast="dark")
    driver.get(live_server.url + "/en/")
    assert driver.execute_script(background) == "rgb(0, 0, 0)"
    assert driver.execute_script(colour) == "rgb(255, 255, 255)"
    emulate("Emulation.setEmulatedMedia", features=[{"name": "forced-colors", "value": "active"}])
    driver.refresh()
    outline = driver.execute_script(
        "var a = document.querySelector('.d-navigation__link'); a.focus();"
        "return getComputedStyle(a).outlineStyle")
    assert outline == "solid"
