"""What the htmx browser tests check after every swap: where focus is, what the live region says,
that it is still the page's one live region, and that the page broke no CSP rule."""

from __future__ import annotations

import urllib.request
from collections.abc import Callable
from typing import Any

from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.support.ui import WebDriverWait

WAIT = 20  # seconds: the machine running the suite may be busy


def wait_for(driver: webdriver.Chrome, condition: Callable[[webdriver.Chrome], Any],
             message: str) -> Any:
    # A swap can replace an element between finding it and reading it: that is the page
    # changing under the condition, so look again rather than fail.
    return WebDriverWait(driver, WAIT, poll_frequency=0.05,
                         ignored_exceptions=(StaleElementReferenceException,)).until(condition, message)


def mark_announcer(driver: webdriver.Chrome) -> None:
    """Remembers the live region's node, so `announcer_is_the_same` can tell if a swap replaced it
    (a replaced live region is silently ignored by screen readers)."""
    driver.execute_script("window.__dostopAnnouncer = document.getElementById('d-announcer');")


def announcer_is_the_same(driver: webdriver.Chrome) -> bool:
    same: bool = driver.execute_script(
        "return document.querySelectorAll('#d-announcer').length === 1 &&"
        " document.getElementById('d-announcer') === window.__dostopAnnouncer;")
    return same


def announced(driver: webdriver.Chrome) -> str:
    text: str = driver.execute_script(
        "return document.getElementById('d-announcer').textContent.trim();")
    return text


def active_description(driver: webdriver.Chrome) -> dict[str, str]:
    description: dict[str, str] = driver.execute_script(
        "var e = document.activeElement;"
        "return {tag: e ? e.tagName.toLowerCase() : '', id: (e && e.id) || '',"
        " href: (e && e.getAttribute('href')) || '', text: e ? e.textContent.trim() : ''};")
    return description


def csp_violations(driver: webdriver.Chrome) -> list[dict[str, Any]]:
    """Console entries about the Content-Security-Policy, or any SEVERE error."""
    entries = driver.get_log("browser")
    return [entry for entry in entries
            if "Content Security Policy" in entry["message"] or entry["level"] == "SEVERE"]


def csp_header(url: str, headers: dict[str, str] | None = None) -> str:
    request = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - loopback only
        return str(response.headers.get("Content-Security-Policy", ""))


def assert_strict_csp(url: str, headers: dict[str, str] | None = None) -> None:
    policy = csp_header(url, headers)
    directives = {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}
    assert directives.get("script-src") == ["'self'"], (url, policy)
    assert directives.get("style-src") == ["'self'"], (url, policy)
