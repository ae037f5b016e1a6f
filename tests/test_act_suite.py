"""A slice of the W3C ACT Rules test suite, audited as `dostop audit` audits a page: for every
ACT rule the audit claims (act-rules.json), its first failed example must be reported as failed
(or at least "needs review" where the claim is partial) and its first passed example must not be
reported as failed. The whole suite runs in bench/act/run.py; this keeps the claims honest in
`make test`. One browser for every page."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium import webdriver

from dostop_audit.browser import make_driver
from dostop_audit.checks import RULES as KEYBOARD_CHECKS
from dostop_audit.engines.act import table
from dostop_audit.engines.conformance import outcome, procedures
from dostop_audit.engines.suite import TESTCASES_PATH, TestCase, load_cases, serve
from dostop_audit.engines.suite_run import Results, audit_case
from servers import missing_server

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
SUITE = next((p / "shared" / "act-rules" for p in (ROOT.parent, ROOT.parent.parent)
              if (p / "shared" / "act-rules" / "testcases.json").is_file()), None)


@pytest.fixture(scope="module")
def suite() -> Iterator[tuple[webdriver.Chrome, str, dict[str, list[TestCase]]]]:
    if SUITE is None:
        missing_server("the ACT Rules test suite is not in ../shared/act-rules")
    assert SUITE is not None
    driver = make_driver()
    try:
        with serve(SUITE / "site") as base:
            yield driver, base, load_cases(SUITE)
    finally:
        driver.quit()


def first(cases: list[TestCase], expected: str) -> TestCase | None:
    """The rule's first example with that outcome whose assets the local copy has: a page that
    plays media left out of it (OMITTED.txt) only measures axe's wait for the media (10 s)."""
    return next((case for case in cases if case.expected == expected
                 and not any(asset in _page(case) for asset in _omitted())), None)


def _omitted() -> list[str]:
    assert SUITE is not None
    lines = (SUITE / "OMITTED.txt").read_text(encoding="utf-8").split()
    return [line.split("wcag-act-rules/", 1)[-1] for line in lines if "/" in line]


def _page(case: TestCase) -> str:
    assert SUITE is not None
    page = SUITE / "site" / TESTCASES_PATH.strip("/") / case.path
    return page.read_text(encoding="utf-8", errors="replace")


# A page filed under several rules (the media rules share theirs) is audited once; a run with
# the keyboard checks serves a rule that needs none as well.
_AUDITED: dict[tuple[str, bool], Results] = {}


def audited(driver: webdriver.Chrome, base: str, case: TestCase, keyboard: bool) -> Results:
    for key in ((case.id, keyboard), (case.id, True)):
        if key in _AUDITED:
            return _AUDITED[key]
    _AUDITED[(case.id, keyboard)] = audit_case(driver, base, case, keyboard)
    return _AUDITED[(case.id, keyboard)]


MEASURED_COMPLETE = 51  # bench/act/run.py --claim; see bench/README.md "ACT Rules"
CLAIMED = sorted(act_id for act_id, entry in table().items()
                 if entry.get("consistency") in ("complete", "partial"))


def test_the_mapping_claims_no_rule_it_is_inconsistent_on() -> None:
    consistency = [entry.get("consistency") for entry in table().values()]
    assert consistency.count("complete") >= MEASURED_COMPLETE and "inconsistent" not in consistency


@pytest.mark.parametrize("act_id", CLAIMED)
def test_first_failed_and_passed_examples(suite: tuple[webdriver.Chrome, str, dict[str, list[TestCase]]],
                                          act_id: str) -> None:
    driver, base, cases = suite
    claim = table()[act_id]["consistency"]
    keyboard = any(rule.removeprefix("dostop-") in KEYBOARD_CHECKS for rule in procedures(act_id))
    failed, passed = first(cases[act_id], "failed"), first(cases[act_id], "passed")
    if failed is None and passed is None:
        pytest.skip("its examples play media the local copy of the suite leaves out")
    if failed is not None:
        found = outcome(act_id, audited(driver, base, failed, keyboard))
        allowed = ("failed",) if claim == "complete" else ("failed", "cantTell")
        assert found in allowed, f"{act_id} {failed.title} ({failed.url}): {found}, claimed {claim}"
    if passed is not None:
        found = outcome(act_id, audited(driver, base, passed, keyboard))
        assert found != "failed", f"{act_id} {passed.title} ({passed.url}): a false alarm"
