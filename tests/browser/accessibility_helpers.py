"""Helpers for the accessibility mode, settings and shortcut tests: keys, cookie, announcements."""

from __future__ import annotations

from typing import Any

from selenium import webdriver
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from dostop.http.preferences import COOKIE_NAME, Preferences, PreferencesCodec

MODIFIERS = {"ctrl": Keys.CONTROL, "alt": Keys.ALT, "shift": Keys.SHIFT}


def with_preferences(driver: webdriver.Chrome, base_url: str, secret: str, **values: Any) -> None:
    """Sets the signed preferences cookie exactly as the server would have."""
    driver.get(base_url + "/healthz")
    value = PreferencesCodec(secret).dumps(Preferences(**values))
    driver.add_cookie({"name": COOKIE_NAME, "value": value, "path": "/"})


def press(driver: webdriver.Chrome, *keys: str) -> None:
    """press(driver, "ctrl", "u"): modifiers down, the last key typed, modifiers up."""
    *modifiers, key = keys
    actions = ActionChains(driver)
    for modifier in modifiers:
        actions.key_down(MODIFIERS[modifier])
    actions.send_keys(Keys.ESCAPE if key == "esc" else key)
    for modifier in reversed(modifiers):
        actions.key_up(MODIFIERS[modifier])
    actions.perform()


def html_attribute(driver: webdriver.Chrome, name: str) -> str:
    value: str = driver.execute_script("return document.documentElement.getAttribute(arguments[0])", name)
    return value


def wait_for(driver: webdriver.Chrome, script: str, expected: Any, timeout: float = 5) -> Any:
    """Waits until the script returns `expected`; returns what it last returned."""
    last: list[Any] = [None]

    def check(d: webdriver.Chrome) -> bool:
        last[0] = d.execute_script(script)
        return bool(last[0] == expected)

    try:
        WebDriverWait(driver, timeout, poll_frequency=0.05).until(check)
    except Exception:  # noqa: BLE001 - the caller's assert shows what came instead
        pass
    return last[0]


def announced(driver: webdriver.Chrome, text: str) -> str:
    result: str = wait_for(driver, "return document.getElementById('d-announcer').textContent", text)
    return result


def open_dialog(driver: webdriver.Chrome) -> str | None:
    result: str | None = driver.execute_script(
        "var d = document.querySelector('dialog[open]'); return d ? d.id : null")
    return result


def active_id(driver: webdriver.Chrome) -> str:
    result: str = driver.execute_script(
        "var a = document.activeElement; return a ? (a.id || a.tagName + ':' + (a.textContent || '').trim()) : ''")
    return result


def saved_cookie(driver: webdriver.Chrome, secret: str, timeout: float = 5, **expected: Any) -> Preferences:
    """The preferences in the cookie, once they hold `expected` (a background save is async)."""
    codec = PreferencesCodec(secret)
    found: list[Preferences] = [Preferences()]

    def read(d: webdriver.Chrome) -> bool:
        cookie = d.get_cookie(COOKIE_NAME)
        found[0] = codec.loads(cookie["value"] if cookie else None)
        return all(getattr(found[0], name) == value for name, value in expected.items())

    try:
        WebDriverWait(driver, timeout, poll_frequency=0.05).until(read)
    except Exception:  # noqa: BLE001 - the caller's assert shows what came instead
        pass
    return found[0]
