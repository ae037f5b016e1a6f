"""Audits the crawled pages: the engines (plus the keyboard checks) in parallel headless
Chromiums, one browser per worker thread, each page within a time limit. A page that hangs its
browser past the limit gets the browser killed (a watchdog thread does it, as a hung tab answers
no WebDriver command); the worker goes on with a new one, and the pages done stay done."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Any

from selenium import webdriver
from selenium.common.exceptions import WebDriverException

from dostop_audit.browser import WCAG_TAGS, kill, make_driver
from dostop_audit.engines.preload import preload_engines
from dostop_audit.ignores import Ignore
from dostop_audit.page_audit import READ_MODE, Deadline, audit_state, load, short
from dostop_audit.reasons import BROWSER_LOST, STOPPED, reason

__all__ = ["AuditOptions", "Environment", "Ignore", "Interrupted", "PageResult", "Runner"]
# After its time limit a page's step has this long to come back on its own (WebDriver's
# script timeout) before the watchdog kills its browser.
GRACE = 10.0


@dataclass(frozen=True)
class AuditOptions:
    tags: tuple[str, ...] = WCAG_TAGS
    rules: dict[str, dict[str, bool]] = field(default_factory=dict)
    modes: tuple[str, ...] = ("off",)  # Dostop's accessibility mode; other sites load as they are
    workers: int = 1
    ignores: tuple[Ignore, ...] = ()
    keyboard: bool = True
    page_timeout: float = 120.0  # seconds per page (and state)


@dataclass
class PageResult:
    url: str
    mode: str | None
    title: str = ""
    violations: list[dict[str, Any]] = field(default_factory=list)
    incomplete: list[dict[str, Any]] = field(default_factory=list)
    advice: list[dict[str, Any]] = field(default_factory=list)  # beyond the AA target: AAA, techniques
    passes: list[str] = field(default_factory=list)  # rule ids only
    ignored: list[dict[str, Any]] = field(default_factory=list)
    error: str = ""
    # Why the page is not fully audited though some engines ran (an engine failed, a frame no
    # engine could enter): its findings stand, but it may hold more.
    partly: list[str] = field(default_factory=list)
    seconds: float = 0.0
    done: list[str] = field(default_factory=list, repr=False)  # steps that ran (not reported)


@dataclass
class _Watched:
    driver: webdriver.Chrome
    deadline: Deadline
    killed: bool = False


@dataclass
class Environment:
    axe_version: str = ""
    browser_version: str = ""
    engines: dict[str, str] = field(default_factory=dict)  # engine → version


Progress = Callable[[PageResult], None]


class Runner:
    """Runs one task per URL on a pool of `workers` threads, each with its own Chromium."""

    def __init__(self, options: AuditOptions,
                 driver_factory: Callable[[], webdriver.Chrome] = make_driver) -> None:
        self.options = options
        self.driver_factory = driver_factory
        self.environment = Environment()
        self.stop = threading.Event()
        self._local = threading.local()
        self._drivers: list[webdriver.Chrome] = []
        self._lock = threading.Lock()
        self._spare: list[webdriver.Chrome] = []
        self._busy: dict[int, _Watched] = {}
        self._finished = threading.Event()

    def start_browser(self) -> None:
        """Starts the first browser up front, so a missing browser fails before any work;
        the first worker takes it over."""
        driver = self._new_driver()
        self._spare.append(driver)

    def run(self, urls: list[str], progress: Progress | None = None) -> list[PageResult]:
        """Audits every URL; on KeyboardInterrupt stops taking new pages and returns what is done
        (the interrupt is re-raised as `Interrupted` carrying those results)."""
        results: list[PageResult] = []
        executor = ThreadPoolExecutor(max_workers=max(1, self.options.workers),
                                      thread_name_prefix="dostop-audit")
        pending: set[Future[list[PageResult]]] = {executor.submit(self._audit_url, u) for u in urls}
        self._finished.clear()
        watchdog = threading.Thread(target=self._watch, name="dostop-audit-watchdog", daemon=True)
        watchdog.start()
        try:
            while pending:
                done, pending = wait(pending, timeout=0.25, return_when=FIRST_COMPLETED)
                for future in done:
                    for page in future.result():
                        results.append(page)
                        if progress:
                            progress(page)
        except KeyboardInterrupt:
            self.stop.set()
            executor.shutdown(wait=False, cancel_futures=True)
            raise Interrupted(results) from None
        finally:
            executor.shutdown(wait=not self.stop.is_set(), cancel_futures=True)
            self._finished.set()
            self.close()
        order = {url: index for index, url in enumerate(urls)}
        results.sort(key=lambda p: (order.get(p.url, len(order)), str(p.mode)))
        return results

    def close(self) -> None:
        with self._lock:
            drivers, self._drivers = self._drivers, []
        for driver in drivers:
            try:
                driver.quit()
            except Exception:  # noqa: BLE001 - a browser killed by Ctrl+C cannot quit cleanly
                pass

    def _driver(self) -> webdriver.Chrome:
        driver: webdriver.Chrome | None = getattr(self._local, "driver", None)
        if driver is None:
            with self._lock:
                driver = self._spare.pop() if self._spare else None
            if driver is None:
                driver = self._new_driver()
            self._local.driver = driver
        return driver

    def _discard(self, driver: webdriver.Chrome) -> None:
        self._local.driver = None
        with self._lock:
            if driver in self._drivers:
                self._drivers.remove(driver)
        try:
            driver.quit()
        except Exception:  # noqa: BLE001 - it is being thrown away because it failed
            pass

    def _new_driver(self) -> webdriver.Chrome:
        driver = self.driver_factory()
        with self._lock:
            self._drivers.append(driver)
        if not self.environment.browser_version:
            self.environment.browser_version = str(driver.capabilities.get("browserVersion", ""))
        # The page load timeout is set by page_audit.load before each page, not here: the
        # preload waits for the blank start page and must not be cut short by it.
        preload_engines(driver)
        return driver

    def _audit_url(self, url: str) -> list[PageResult]:
        if self.stop.is_set():
            return []
        driver = self._driver()
        watched = _Watched(driver, Deadline(self.options.page_timeout))
        with self._lock:
            self._busy[threading.get_ident()] = watched
        try:
            return self._audit_states(url, watched)
        finally:
            with self._lock:
                self._busy.pop(threading.get_ident(), None)

    def _audit_states(self, url: str, watched: _Watched) -> list[PageResult]:
        driver, started = watched.driver, time.monotonic()
        try:
            slow = load(driver, url, watched.deadline)
            has_mode = driver.execute_script(READ_MODE) is not None
        except WebDriverException as error:
            self._discard(driver)  # a crashed or hung browser: the next page gets a fresh one
            return [PageResult(url, None, error=self._lost(watched, error))]
        results = []
        # A page without Dostop's accessibility mode is audited once, as it loads.
        for index, mode in enumerate(self.options.modes if has_mode else (None,)):
            if self.stop.is_set():
                break
            page = PageResult(url, mode, partly=slow)
            results.append(page)
            fine = False
            try:
                if index:
                    # A new time limit, and a freshly loaded page for the keyboard checks
                    # (focus starts at the top).
                    watched.deadline = Deadline(self.options.page_timeout)
                    page.partly = load(driver, url, watched.deadline)
                fine = audit_state(driver, page, self.options, self.environment, watched.deadline)
            except (WebDriverException, RuntimeError) as error:
                lost = self._lost(watched, error)
                if page.done:
                    page.partly.append(lost)
                else:
                    page.error = "; ".join([*page.partly, lost])
                    page.partly = []
            page.seconds = round(time.monotonic() - started, 2)
            started = time.monotonic()
            if not fine:
                # Out of time or broken: its scripts may still run, so a new browser for the next.
                self._discard(driver)
                break
        return results

    def _lost(self, watched: _Watched, error: BaseException) -> str:
        if watched.killed or watched.deadline.passed:
            return reason(STOPPED, seconds=watched.deadline.seconds)
        return reason(BROWSER_LOST, error=short(error))

    def _watch(self) -> None:
        """Kills the browser of a page past its time limit (and the grace): a hung tab answers
        no WebDriver command, and killing its browser makes the pending one fail at once."""
        while not self._finished.wait(0.5):
            with self._lock:
                late = [w for w in self._busy.values()
                        if not w.killed and w.deadline.left() < -GRACE]
            for watched in late:
                watched.killed = True
                kill(watched.driver)


class Interrupted(Exception):
    def __init__(self, results: list[PageResult]) -> None:
        super().__init__("interrupted")
        self.results = results
