"""One page in one browser: load it (waiting a limited time), then, per state (Dostop's
accessibility mode), the engines and the keyboard checks, each within what is left of the
page's time limit. A step that fails or runs out of time is a reason the page is not fully
audited; what the steps before it found stays in the report."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from selenium.common.exceptions import TimeoutException, WebDriverException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver

from dostop_audit import checks
from dostop_audit.engines import own, run_engines, versions
from dostop_audit.ignores import apply_ignores
from dostop_audit.reasons import (ENGINE_FAILED, FRAME_SKIPPED, KEYBOARD, NO_MODE, NOT_RUN,
                                  SLOW_LOAD, TIME_LIMIT, ENGINES, reason)

if TYPE_CHECKING:
    from dostop_audit.runner import AuditOptions, Environment, PageResult

# In Dostop's accessibility mode text meets WCAG AAA contrast (1.4.6): check that too.
MODE_ON_RULES = {"color-contrast-enhanced": {"enabled": True}}
READ_MODE = ("var root = document.documentElement;"
             " return root ? root.getAttribute('data-accessibility-mode') : null;")


class Deadline:
    """A page state's time limit, from now."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.end = time.monotonic() + seconds

    def left(self) -> float:
        return self.end - time.monotonic()

    @property
    def passed(self) -> bool:
        return self.left() <= 0


def load_wait(page_timeout: float) -> float:
    """How long a page may take to load before it is audited as it is: a quarter of its time
    limit, at most 30 s (a resource that never ends must not hold the engines back)."""
    return min(30.0, page_timeout / 4)


def load(driver: WebDriver, url: str, deadline: Deadline) -> list[str]:
    """Opens the page; when its load event does not come in time, stops loading and goes on
    with what is there. Returns the reasons the page is not fully audited ([] or one)."""
    driver.set_page_load_timeout(load_wait(deadline.seconds))
    try:
        driver.get(url)
        slow = []
    except TimeoutException:
        driver.set_script_timeout(max(1, int(deadline.left())))
        driver.execute_script("window.stop();")
        slow = [reason(SLOW_LOAD, seconds=load_wait(deadline.seconds))]
    # ChromeDriver waits for the renderer before every command, as long as the page load
    # timeout: left at the load wait, a page whose script spins once loaded would fail the next
    # step after a quarter of its limit, and by chance, instead of at its time limit.
    driver.set_page_load_timeout(max(1, deadline.left() + 1))
    return slow


def audit_state(driver: WebDriver, page: PageResult, options: AuditOptions,
                environment: Environment, deadline: Deadline) -> bool:
    """Audits the page as it is into `page`. False when the browser should not be used again
    (a step ran out of time and the page's scripts may still be running)."""
    rules = dict(options.rules)
    if page.mode is not None:
        if not set_mode(driver, page.mode):
            page.error = reason(NO_MODE, mode=page.mode)
            return True
        if page.mode == "on":
            rules = {**MODE_ON_RULES, **rules}
    page.title = driver.title
    driver.set_script_timeout(max(1, int(deadline.left())))
    result = run_engines(driver, tags=options.tags, rules=rules or None, aaa=True, procedures=True)
    if not environment.engines:
        environment.engines = versions()
        environment.axe_version = environment.engines["axe-core"]
    timed_out = deadline.passed or any(map(_not_answering, result.errors.values()))
    for name, why in result.errors.items():
        page.partly.append(reason(TIME_LIMIT, step=name, seconds=deadline.seconds) if timed_out
                           else reason(ENGINE_FAILED, engine=name, error=why))
    page.partly += [reason(FRAME_SKIPPED, frame=frame) for frame in result.skipped_frames]
    if len(result.errors) < len(versions()):
        page.done.append(ENGINES)
    page.incomplete, page.advice, page.passes = (list(result.incomplete), list(result.advice),
                                                  list(result.passes))
    violations = list(result.violations)
    if options.keyboard and timed_out:
        page.partly.append(reason(NOT_RUN, step=KEYBOARD, seconds=deadline.seconds))
    elif options.keyboard:
        page.violations = violations  # kept should the keyboard checks break the browser
        try:
            violations += checks.keyboard_violations(driver)
            page.done.append(KEYBOARD)
        except WebDriverException as error:
            timed_out = _failed(page, KEYBOARD, error, deadline)
    if not timed_out:
        try:
            # Last: it may click controls that collapse blocks (and undoes what they did).
            bypass, advice = own.after_keyboard(driver)
            violations.extend(bypass)
            page.advice.extend(advice)
        except WebDriverException as error:
            timed_out = _failed(page, own.ENGINE, error, deadline)
    if not page.done:
        page.error, page.partly = "; ".join(page.partly), []
    # Out of time, the page's scripts may still be busy: ignores by selector cannot be matched.
    ignores = tuple(i for i in options.ignores if i.selector is None or not timed_out)
    page.violations, page.ignored = apply_ignores(driver, violations, ignores)
    return not timed_out


def _failed(page: PageResult, step: str, error: WebDriverException, deadline: Deadline) -> bool:
    """Records why a step failed; True when it ran out of time (or the tab stopped answering)."""
    timed_out = deadline.passed or _not_answering(error)
    page.partly.append(reason(TIME_LIMIT, step=step, seconds=deadline.seconds) if timed_out
                       else reason(ENGINE_FAILED, engine=step, error=short(error)))
    return timed_out


def _not_answering(error: BaseException) -> bool:
    """ChromeDriver's word for a tab busy in its own script: nothing more can be asked of it."""
    return "receiving message from renderer" in str(error)


def set_mode(driver: WebDriver, wanted: str) -> bool:
    """Switches Dostop's accessibility mode as a visitor does, with Ctrl+U (the audit cannot
    sign the preferences cookie). False when the page has no mode to switch."""
    current = driver.execute_script(READ_MODE)
    if current is None:
        return False
    if current == wanted:
        return True
    driver.execute_script("if (document.activeElement) { document.activeElement.blur(); }")
    ActionChains(driver).key_down(Keys.CONTROL).send_keys("u").key_up(Keys.CONTROL).perform()
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        if driver.execute_script(READ_MODE) == wanted:
            time.sleep(0.05)  # let the mode's styles apply before axe measures contrast
            return True
        time.sleep(0.05)
    return False


def short(error: BaseException) -> str:
    text = getattr(error, "msg", None) or str(error)
    return str(text).strip().splitlines()[0][:300] if text else type(error).__name__
