"""Audits the crawled pages: axe (plus the keyboard checks) in parallel headless Chromiums,
one browser per worker thread, with ignores applied in the page (selectors match there)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Any

from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

from dostop_audit import checks
from dostop_audit.browser import WCAG_TAGS, make_driver
from dostop_audit.engines import own, run_engines, versions
from dostop_audit.engines.preload import preload_engines

# In Dostop's accessibility mode text meets WCAG AAA contrast (1.4.6): check that too.
MODE_ON_RULES = {"color-contrast-enhanced": {"enabled": True}}


@dataclass(frozen=True)
class Ignore:
    """`--ignore RULE[:SELECTOR] REASON`: a rule everywhere, or only on elements inside SELECTOR."""

    rule: str
    selector: str | None
    reason: str

    @classmethod
    def parse(cls, spec: str, reason: str) -> Ignore:
        rule, _, selector = spec.partition(":")  # rule ids never contain ":", selectors may
        if not rule.strip():
            raise ValueError(f"--ignore {spec!r}: name a rule, e.g. region or region:#cookie")
        if len(reason.strip()) < 3:
            raise ValueError(f"--ignore {spec!r}: give the reason why it is ignored")
        return cls(rule.strip(), selector.strip() or None, reason.strip())

    def as_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "selector": self.selector, "reason": self.reason}


@dataclass(frozen=True)
class AuditOptions:
    tags: tuple[str, ...] = WCAG_TAGS
    rules: dict[str, dict[str, bool]] = field(default_factory=dict)
    modes: tuple[str, ...] = ("off",)  # Dostop's accessibility mode; other sites load as they are
    workers: int = 1
    ignores: tuple[Ignore, ...] = ()
    keyboard: bool = True


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
        preload_engines(driver)
        return driver

    def _audit_url(self, url: str) -> list[PageResult]:
        if self.stop.is_set():
            return []
        driver = self._driver()
        started = time.monotonic()
        try:
            driver.get(url)
        except WebDriverException as error:
            self._discard(driver)  # a crashed or hung browser: the next page gets a fresh one
            return [PageResult(url, None, error=_short(error))]
        results = []
        has_mode = driver.execute_script(_READ_MODE) is not None
        # A page without Dostop's accessibility mode is audited once, as it loads.
        for index, mode in enumerate(self.options.modes if has_mode else (None,)):
            if self.stop.is_set():
                break
            if index:
                # The keyboard checks need a freshly loaded page (focus starts at the top).
                driver.get(url)
            page = PageResult(url, mode)
            try:
                self._audit_state(driver, page)
            except (WebDriverException, RuntimeError) as error:
                page.error = _short(error)
            page.seconds = round(time.monotonic() - started, 2)
            started = time.monotonic()
            results.append(page)
        return results

    def _audit_state(self, driver: webdriver.Chrome, page: PageResult) -> None:
        rules = dict(self.options.rules)
        if page.mode is not None:
            if not set_mode(driver, page.mode):
                page.error = f"no accessibility mode to switch {page.mode} (not a Dostop page?)"
                return
            if page.mode == "on":
                rules = {**MODE_ON_RULES, **rules}
        page.title = driver.title
        result = run_engines(driver, tags=self.options.tags, rules=rules or None, aaa=True,
                             procedures=True)
        if not self.environment.engines:
            self.environment.engines = versions()
            self.environment.axe_version = self.environment.engines["axe-core"]
        if len(result.errors) == len(versions()):
            raise RuntimeError("; ".join(f"{name}: {why}" for name, why in result.errors.items()))
        page.partly = [f"{name} failed: {why}" for name, why in result.errors.items()]
        page.partly += [f"frame not audited: {frame}" for frame in result.skipped_frames]
        violations = list(result.violations)
        if self.options.keyboard:
            violations.extend(checks.keyboard_violations(driver))
        try:
            # Last: it may click controls that collapse blocks (and undoes what they did).
            bypass, advice = own.after_keyboard(driver)
            violations.extend(bypass)
            page.advice.extend(advice)
        except WebDriverException as error:
            page.partly.append(f"{own.ENGINE} failed: {_short(error)}")
        page.violations, page.ignored = apply_ignores(driver, violations, self.options.ignores)
        page.incomplete = list(result.incomplete)
        page.advice = list(result.advice)
        page.passes = list(result.passes)


class Interrupted(Exception):
    def __init__(self, results: list[PageResult]) -> None:
        super().__init__("interrupted")
        self.results = results


_READ_MODE = "return document.documentElement.getAttribute('data-accessibility-mode')"


def set_mode(driver: webdriver.Chrome, wanted: str) -> bool:
    """Switches Dostop's accessibility mode as a visitor does, with Ctrl+U (the audit cannot
    sign the preferences cookie). False when the page has no mode to switch."""
    read = _READ_MODE
    current = driver.execute_script(read)
    if current is None:
        return False
    if current == wanted:
        return True
    driver.execute_script("if (document.activeElement) { document.activeElement.blur(); }")
    ActionChains(driver).key_down(Keys.CONTROL).send_keys("u").key_up(Keys.CONTROL).perform()
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        if driver.execute_script(read) == wanted:
            time.sleep(0.05)  # let the mode's styles apply before axe measures contrast
            return True
        time.sleep(0.05)
    return False


# Returns, for each node, whether it lies inside an element matching the selector.
_INSIDE = """
var targets = arguments[0], selector = arguments[1];
return targets.map(function (target) {
  try {
    var element = document.querySelector(target);
    return Boolean(element && element.closest(selector));
  } catch (error) { return null; }
});
"""


def apply_ignores(driver: webdriver.Chrome, violations: list[dict[str, Any]],
                  ignores: tuple[Ignore, ...]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Splits violations into (kept, ignored); an ignored entry carries its reason."""
    kept: list[dict[str, Any]] = []
    ignored: list[dict[str, Any]] = []
    for violation in violations:
        nodes = list(violation.get("nodes", []))
        for rule_ignore in (i for i in ignores if i.rule == violation["id"]):
            if not nodes:
                break
            if rule_ignore.selector is None:
                matched = [True] * len(nodes)
            else:
                # Nodes in frames or shadow trees have several selectors: those stay reported.
                targets = [n["target"][0] if len(n.get("target", [])) == 1 else "" for n in nodes]
                matched = [bool(m) for m in driver.execute_script(_INSIDE, targets, rule_ignore.selector)]
            hits = [n for n, m in zip(nodes, matched) if m]
            if hits:
                ignored.append({**violation, "nodes": hits, "reason": rule_ignore.reason,
                                "ignore": rule_ignore.as_dict()})
            nodes = [n for n, m in zip(nodes, matched) if not m]
        if nodes:
            kept.append({**violation, "nodes": nodes})
    return kept, ignored


def _short(error: BaseException) -> str:
    text = getattr(error, "msg", None) or str(error)
    return str(text).strip().splitlines()[0][:300] if text else type(error).__name__
