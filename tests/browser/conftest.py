"""Browser fixtures: the real app on a loopback port, and headless Chromium, one per session."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from selenium import webdriver

from axe_report import AxeLog
from servers import ThreadedServer, free_port
from dostop.app import create_app
from dostop_audit.browser import make_driver
from dostop.settings import Settings

pytestmark = pytest.mark.browser


AXE_LOG = pytest.StashKey[AxeLog]()


@pytest.fixture(scope="session")
def axe_log(request: pytest.FixtureRequest) -> Iterator[AxeLog]:
    """Collects axe's "needs review" results; written to reports/ at the end of the session."""
    log = AxeLog()
    request.config.stash[AXE_LOG] = log
    yield log
    log.write()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, config: pytest.Config) -> None:
    log = config.stash.get(AXE_LOG, None)
    if log is not None:
        terminalreporter.section("axe: needs review")
        for line in log.summary_lines():
            terminalreporter.write_line(line)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


def live_site(settings: Settings) -> ThreadedServer:
    """The real app, built by its factory for tests, on a free loopback port."""
    port = free_port()
    return ThreadedServer(create_app(replace(settings, site_url=f"http://127.0.0.1:{port}")), port)


@pytest.fixture(scope="session")
def live_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    var: Path = tmp_path_factory.mktemp("var")
    return replace(Settings(), var_dir=var, secret_key="browser-test-secret", show_patterns=True)


@pytest.fixture(scope="session")
def live_server(live_settings: Settings) -> Iterator[ThreadedServer]:
    server = live_site(live_settings)
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser() -> Iterator[webdriver.Chrome]:
    """One Chromium for the whole session, reused by every test (cookies cleared per test)."""
    driver = make_driver()
    yield driver
    driver.quit()


@pytest.fixture(scope="session")
def browser_nojs() -> Iterator[webdriver.Chrome]:
    driver = make_driver(javascript=False)
    yield driver
    driver.quit()


@pytest.fixture
def page(
    browser: webdriver.Chrome, live_server: ThreadedServer
) -> Callable[[str], webdriver.Chrome]:
    """`page("/sl/")` opens a path on the live server with a clean slate of cookies."""
    browser.get(live_server.url + "/healthz")
    browser.delete_all_cookies()
    # The browser is shared: drain console entries left by earlier tests (a 404 page visited by
    # the axe suite logs a network error), so a test reads only what its own pages logged.
    browser.get_log("browser")
    browser.set_window_size(1280, 900)

    def open_path(path: str) -> webdriver.Chrome:
        browser.get(live_server.url + path)
        return browser

    return open_path
