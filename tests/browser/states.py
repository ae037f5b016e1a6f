"""Interactive states the accessibility suite checks besides the sitemap's pages.

A state is a page path (per language) plus a small function that brings the page into the
state, as a visitor would. To add one, write the function and register it:

    @state("settings dialog open", sl="/sl/", en="/en/")
    def open_settings(driver: webdriver.Chrome) -> None:
        driver.find_element(By.CSS_SELECTOR, ".d-accessibility-control").click()
        wait_until(driver, "dialog[open]")

`test_axe.py` then runs axe on it in both languages with the accessibility mode off and on,
and `test_structure.py` checks its landmarks, headings and names. Pass `nojs=True` when the
state also exists without JavaScript (server-rendered: form errors, search results), so it
is checked in the no-JS browser too.
"""

from __future__ import annotations

import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any
from urllib.parse import urlsplit

from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from dostop_audit.findings import Finding, format_findings
from dostop.http.preferences import COOKIE_NAME, Preferences, PreferencesCodec
from dostop.settings import Settings

Interaction = Callable[[webdriver.Chrome], None]
MODES = ("off", "on")  # the accessibility mode (Ctrl+U)


@dataclass(frozen=True)
class State:
    name: str
    locale: str
    path: str
    interact: Interaction
    nojs: bool

    def __str__(self) -> str:
        return f"{self.name} ({self.locale})"

    def open(self, driver: webdriver.Chrome, server: Any, settings: Settings,
             mode: str = "off") -> None:
        """Brings `driver` into this state, with the accessibility mode `mode`."""
        set_mode(driver, server, settings, mode)
        driver.get(server.url + self.path)
        self.interact(driver)


STATES: list[State] = []


def state(name: str, *, sl: str, en: str, nojs: bool = False) -> Callable[[Interaction], Interaction]:
    """Registers the decorated interaction as state `name` on the two paths."""
    def register(interact: Interaction) -> Interaction:
        STATES.extend(State(name, locale, path, interact, nojs)
                      for locale, path in (("sl", sl), ("en", en)))
        return interact
    return register


def wait_until(driver: webdriver.Chrome, css: str, timeout: float = 10) -> None:
    """Waits for an element matching `css` to be displayed (after a swap or a dialog opens)."""
    WebDriverWait(driver, timeout, poll_frequency=0.05).until(
        lambda d: any(e.is_displayed() for e in d.find_elements(By.CSS_SELECTOR, css)),
        f"nothing matching {css} appeared")


@cache
def sitemap_paths(base_url: str) -> tuple[str, ...]:
    """Every page the live server's /sitemap.xml lists, in both languages (its <loc>s and
    their hreflang alternates), as paths, in the sitemap's order."""
    with urllib.request.urlopen(base_url + "/sitemap.xml", timeout=10) as response:
        root = ET.fromstring(response.read())
    paths: dict[str, None] = {}
    for element in root.iter():
        url = element.text if element.tag.endswith("}loc") else element.get("href")
        if url:
            paths[urlsplit(url.strip()).path] = None
    return tuple(paths)


def set_mode(driver: webdriver.Chrome, server: Any, settings: Settings, mode: str) -> None:
    """Saves the accessibility mode as the site does, in its one signed preferences cookie
    (set on the site's origin, so the browser visits /healthz first). Clears other cookies."""
    driver.get(server.url + "/healthz")
    driver.delete_all_cookies()
    if mode == "on":
        value = PreferencesCodec(settings.secret_key).dumps(Preferences(mode="on"))
        driver.add_cookie({"name": COOKIE_NAME, "value": value, "path": "/"})


def modal_open(driver: webdriver.Chrome) -> bool:
    """A modal dialog is open: the page behind it is inert."""
    return bool(driver.execute_script(
        "return !!document.querySelector('dialog:modal, [aria-modal=\"true\"]')"))


def rendered_mode(driver: webdriver.Chrome) -> str:
    mode: str = driver.execute_script(
        "return document.documentElement.getAttribute('data-accessibility-mode')")
    return mode


def problems_on_every_page(driver: webdriver.Chrome, base_url: str, state: str,
                           check: Callable[[webdriver.Chrome], list[Finding]]) -> str:
    """Runs `check` on every sitemap page; '' when all pass, else one line per finding naming
    page, state, check and element."""
    failures = []
    for path in sitemap_paths(base_url):
        driver.get(base_url + path)
        failures.append(format_findings(path, state, check(driver)))
    found = "\n".join(line for line in failures if line)
    return f"problems on {sum(bool(f) for f in failures)} pages:\n{found}" if found else ""


# --- the states -------------------------------------------------------------------------------

@state("404 page", sl="/sl/ta-stran-ne-obstaja/", en="/en/no-such-page/", nojs=True)
def not_found(driver: webdriver.Chrome) -> None:
    pass  # the path is the state: the error page keeps the site's header, search and footer


@state("pattern page, every disclosure open", sl="/sl/vzorci/", en="/en/patterns/", nojs=True)
def patterns_open(driver: webdriver.Chrome) -> None:
    # axe skips what is hidden: open every <details> so the components inside are checked too.
    for summary in driver.find_elements(By.CSS_SELECTOR, "details:not([open]) > summary"):
        summary.click()


@state("search results", sl="/sl/iskanje/?q=projekt", en="/en/search/?q=project", nojs=True)
def search_results(driver: webdriver.Chrome) -> None:
    pass  # the server renders results for ?q=, with or without JavaScript


@state("live search results", sl="/sl/iskanje/", en="/en/search/")
def live_search(driver: webdriver.Chrome) -> None:
    lang = driver.find_element(By.TAG_NAME, "html").get_attribute("lang")
    driver.find_element(By.ID, "d-search-q").send_keys("kultur" if lang == "sl" else "cultur")
    wait_until(driver, ".d-search-results__item")


@state("load more done", sl="/sl/novice/", en="/en/news/")
def load_more(driver: webdriver.Chrome) -> None:
    before = len(driver.find_elements(By.CSS_SELECTOR, "article.d-card"))
    driver.find_element(By.CSS_SELECTOR, ".d-load-more__button").click()
    WebDriverWait(driver, 20, poll_frequency=0.05).until(
        lambda d: len(d.find_elements(By.CSS_SELECTOR, "article.d-card")) > before,
        "Load more appended nothing")


@state("settings dialog open", sl="/sl/", en="/en/")
def settings_dialog(driver: webdriver.Chrome) -> None:
    driver.find_element(By.CSS_SELECTOR, ".d-header .d-accessibility-control").click()
    wait_until(driver, "#d-settings-dialog[open]")


@state("shortcut help open", sl="/sl/", en="/en/")
def shortcut_help(driver: webdriver.Chrome) -> None:
    driver.find_element(By.CSS_SELECTOR, "[data-module~='d-shortcuts-open']").click()
    wait_until(driver, "#d-shortcuts-dialog[open]")


def submit_empty(driver: webdriver.Chrome) -> None:
    """Sends the page's form with nothing filled in: the error summary and every field's error."""
    driver.find_element(By.CSS_SELECTOR, "form.d-form button[type=submit]").click()
    WebDriverWait(driver, 10, poll_frequency=0.05).until(
        lambda d: d.title.startswith(("Error: ", "Napaka: ")), "the form showed no errors")


# Between them the two forms have every kind of field but the optional page path: text, email,
# textarea, radios and a checkbox, each with its error.
state("newsletter form errors", sl="/sl/e-novice/", en="/en/newsletter/", nojs=True)(submit_empty)
state("contact form errors", sl="/sl/kontakt/obrazec/", en="/en/contact/form/",
      nojs=True)(submit_empty)
