"""JUnit XML for CI systems: one test case per page (and mode) and rule. A violation fails
its test case, a rule axe could not decide ("needs review") is skipped, a page that could
not be audited is an error."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

Report = dict[str, Any]


def build_junit(report: Report) -> ET.Element:
    suites = ET.Element("testsuites", name="dostop audit")
    for page in report["pages"]:
        name = page["url"] + (f" [mode {page['mode']}]" if page.get("mode") else "")
        suite = ET.SubElement(suites, "testsuite", name=name, timestamp=report["date"],
                              time=str(page.get("seconds", 0)))
        counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
        if page.get("error"):
            case = ET.SubElement(suite, "testcase", classname=name, name="page")
            ET.SubElement(case, "error", message=page["error"])
            counts["tests"] += 1
            counts["errors"] += 1
        failing = {v["id"]: v for v in page["violations"]}
        review = {v["id"]: v for v in page["incomplete"] if v["id"] not in failing}
        for rule in sorted(set(failing) | set(review) | set(page.get("passes", []))):
            case = ET.SubElement(suite, "testcase", classname=name, name=rule)
            counts["tests"] += 1
            if rule in failing:
                violation = failing[rule]
                failure = ET.SubElement(case, "failure", type=violation.get("impact") or "",
                                        message=violation.get("help", rule))
                failure.text = _nodes_text(violation)
                counts["failures"] += 1
            elif rule in review:
                ET.SubElement(case, "skipped", message="needs review: " + review[rule].get("help", ""))
                counts["skipped"] += 1
        for key, value in counts.items():
            suite.set(key, str(value))
    return suites


def _nodes_text(violation: dict[str, Any]) -> str:
    lines = [f"{violation.get('description', '')} ({violation.get('helpUrl', '')})"]
    for node in violation.get("nodes", []):
        lines.append(" ".join(map(str, node.get("target", []))) + "  " + node.get("html", "")[:300])
        summary = node.get("failureSummary", "")
        if summary:
            lines.append("  " + summary.replace("\n", "\n  "))
    return "\n".join(lines)


def write_junit(report: Report, path: Path) -> None:
    tree = ET.ElementTree(build_junit(report))
    ET.indent(tree)
    tree.write(path, encoding="utf-8", xml_declaration=True)
