"""JUnit XML for CI systems: one test case per problem (a rule failing on the same element
across pages, see `groups`), failed, with its pages and occurrences in the failure text. A rule
with no problem is one passing case, or skipped when axe could not decide ("needs review"); a
page that could not be audited is an error, one not fully audited is skipped with the
reasons. Case names are stable from run to run, so a CI's
test history follows a problem until it is fixed."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

Report = dict[str, Any]


def build_junit(report: Report) -> ET.Element:
    suites = ET.Element("testsuites", name="dostop audit")
    problems = _suite(suites, "problems", report)
    for problem in report["groups"]:
        case = ET.SubElement(problems, "testcase", classname=problem["rule"],
                             name=f"{problem['rule']} {problem['selector']} {problem['markup']}")
        failure = ET.SubElement(case, "failure", type=problem["impact"], message=(
            f"{problem.get('help', problem['rule'])}: on {problem['page_count']} page(s), "
            f"{problem['occurrences']} occurrence(s)"))
        failure.text = _problem_text(problem)
    failing = {problem["rule"] for problem in report["groups"]}
    review = {v["id"]: v for p in report["pages"] for v in p["incomplete"]}
    passed = {rule for p in report["pages"] for rule in p.get("passes", [])}
    rules = _suite(suites, "rules", report)
    for rule in sorted((passed | set(review)) - failing):
        case = ET.SubElement(rules, "testcase", classname=rule, name=rule)
        if rule in review:
            ET.SubElement(case, "skipped", message="needs review: " + review[rule].get("help", ""))
    pages = _suite(suites, "pages not audited", report)
    for page in (p for p in report["pages"] if p.get("error")):
        name = page["url"] + (f" [mode {page['mode']}]" if page.get("mode") else "")
        case = ET.SubElement(pages, "testcase", classname="page", name=name)
        ET.SubElement(case, "error", message=page["error"])
    for page in (p for p in report["pages"] if p.get("not_fully_audited")):
        name = page["url"] + (f" [mode {page['mode']}]" if page.get("mode") else "")
        case = ET.SubElement(pages, "testcase", classname="page", name=name)
        ET.SubElement(case, "skipped",
                      message="not fully audited: " + "; ".join(page["not_fully_audited"]))
    for suite in suites:
        cases = list(suite)
        suite.set("tests", str(len(cases)))
        for outcome, attribute in (("failure", "failures"), ("error", "errors"),
                                   ("skipped", "skipped")):
            suite.set(attribute, str(sum(1 for case in cases if case.find(outcome) is not None)))
    return suites


def _suite(suites: ET.Element, name: str, report: Report) -> ET.Element:
    return ET.SubElement(suites, "testsuite", name=name, timestamp=report["date"])


def _problem_text(problem: dict[str, Any]) -> str:
    lines = [f"{problem.get('description', '')} ({problem.get('helpUrl', '')})",
             f"{problem['target']}  {problem['html'][:300]}"]
    if problem.get("failureSummary"):
        lines.append("  " + problem["failureSummary"].replace("\n", "\n  "))
    for where in problem["pages"]:
        state = f" [mode {where['mode']}]" if where.get("mode") else ""
        lines.append(f"{where['url']}{state}: {' | '.join(where['targets'])}")
    return "\n".join(lines)


def write_junit(report: Report, path: Path) -> None:
    tree = ET.ElementTree(build_junit(report))
    ET.indent(tree)
    tree.write(path, encoding="utf-8", xml_declaration=True)
