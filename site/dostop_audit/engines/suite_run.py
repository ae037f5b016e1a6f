"""Runs the audit on the ACT Rules test suite, page by page, in one browser: what bench/act/
and the test suite's conformance subset measure. Each test case page gets exactly what
`dostop audit` gives a page (the engines with its default tags, then the keyboard checks)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from selenium.common.exceptions import WebDriverException
from selenium.webdriver.remote.webdriver import WebDriver

from dostop_audit import checks
from dostop_audit.browser import WCAG_TAGS
from dostop_audit.engines import own
from dostop_audit.engines.run import run_engines
from dostop_audit.engines.suite import TESTCASES_PATH, TestCase

Results = dict[str, Any]


def audit_case(driver: WebDriver, base_url: str, case: TestCase, keyboard: bool = True) -> Results:
    """The audit's findings on one test case page. A document that is not HTML (an SVG or XML
    test case) is not audited, as the crawler audits HTML pages only. `keyboard=False` leaves
    out the keyboard checks (for a rule none of whose procedures is one of them)."""
    driver.get(base_url + TESTCASES_PATH + case.path)
    if driver.execute_script("return document.contentType") != "text/html":
        return {"violations": [], "incomplete": [], "advice": [], "errors": {}}
    found = run_engines(driver, tags=WCAG_TAGS, aaa=True, procedures=True)
    violations = list(found.violations)
    try:
        violations += checks.keyboard_violations(driver) if keyboard else []
    except WebDriverException as error:
        found.errors["dostop"] = str(error.msg or error)[:200]
    try:
        # Last: it may click controls that collapse blocks (and undoes what they did).
        bypass, advice = own.after_keyboard(driver)
        violations += bypass
        found.advice += advice
    except WebDriverException as error:
        found.errors[own.ENGINE] = str(error.msg or error)[:200]
    return {"violations": violations, "incomplete": found.incomplete, "advice": found.advice,
            "errors": found.errors}


def audit_cases(driver: WebDriver, base_url: str, cases: Iterable[TestCase],
                progress: Callable[[int, TestCase], None] | None = None) -> dict[str, Results]:
    """Test case id → its results; a page that breaks the browser is recorded with the error
    (and no findings), so the run goes on."""
    results: dict[str, Results] = {}
    for index, case in enumerate(cases):
        if case.id in results:
            continue  # the same page filed under two rules
        if progress:
            progress(index, case)
        try:
            results[case.id] = audit_case(driver, base_url, case)
        except WebDriverException as error:
            results[case.id] = {"violations": [], "incomplete": [],
                                "errors": {"browser": str(error.msg or error)[:200]}}
    return results
