"""SARIF 2.1.0 (OASIS), the format code-scanning views in CI services read: one result per
problem (see `groups`), located at its first page with the other pages as related locations,
and a fingerprint that stays the same from run to run so a view tracks a problem until it is
fixed. What `--ignore` set aside is there too, as suppressed results with the reason; pages that
could not be audited, or not fully, are notifications of the run. Texts are English, like axe's own."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from dostop_audit.groups import Problem, group_problems

Report = dict[str, Any]
SCHEMA = ("https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/"
          "sarif-schema-2.1.0.json")
# axe's impacts as SARIF levels: what must be fixed is an error, the rest warnings and notes.
LEVELS = {"critical": "error", "serious": "error", "moderate": "warning", "minor": "note"}
FINGERPRINT = "dostopProblem/v1"


def build_sarif(report: Report) -> dict[str, Any]:
    suppressed = group_problems(report["pages"], field="ignored")
    rules: dict[str, dict[str, Any]] = {}
    for problem in [*report["groups"], *suppressed]:
        rules.setdefault(problem["rule"], _rule(problem))
    order = {rule: index for index, rule in enumerate(rules)}
    results = [_result(problem, order) for problem in report["groups"]]
    for problem in suppressed:
        reason = problem.get("reason", "")
        results.append({**_result(problem, order), "suppressions": [
            {"kind": "external", "status": "accepted", "justification": reason}]})
    notifications = [
        {"level": "error", "message": {"text": f"{page['url']}: could not be audited: {page['error']}"},
         "locations": [_location(page["url"], page.get("mode"))]}
        for page in report["pages"] if page.get("error")]
    notifications += [
        {"level": "warning", "message": {"text": f"{page['url']}: not fully audited: "
                                                 + "; ".join(page["not_fully_audited"])},
         "locations": [_location(page["url"], page.get("mode"))]}
        for page in report["pages"] if page.get("not_fully_audited")]
    run = {
        "tool": {"driver": {"name": report["tool"]["name"], "version": report["tool"]["version"],
                            "rules": list(rules.values())}},
        "invocations": [{"executionSuccessful": not report["interrupted"],
                         "startTimeUtc": report["date"].replace("+00:00", "Z"),
                         "toolExecutionNotifications": notifications}],
        "results": results,
        "properties": {"startUrl": report["scope"]["start_url"], "axeCore": report["axe_core"],
                       "browser": f"{report['browser']['name']} {report['browser']['version']}",
                       "pages": report["summary"]["pages"]},
    }
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}


def _rule(problem: Problem) -> dict[str, Any]:
    rule: dict[str, Any] = {
        "id": problem["rule"],
        "shortDescription": {"text": problem.get("help") or problem["rule"]},
        "defaultConfiguration": {"level": LEVELS.get(problem["impact"], "warning")},
        "properties": {"tags": ["accessibility", *problem.get("tags", [])]},
    }
    if problem.get("description"):
        rule["fullDescription"] = {"text": problem["description"]}
    if problem.get("helpUrl"):
        rule["helpUri"] = problem["helpUrl"]
    return rule


def _result(problem: Problem, order: dict[str, int]) -> dict[str, Any]:
    first, *others = problem["pages"]
    pages, occurrences = problem["page_count"], problem["occurrences"]
    text = (f"{problem.get('help') or problem['rule']}: {problem['target']} "
            f"on {pages} page{'s' if pages != 1 else ''}, "
            f"{occurrences} occurrence{'s' if occurrences != 1 else ''}")
    return {
        "ruleId": problem["rule"], "ruleIndex": order[problem["rule"]],
        "level": LEVELS.get(problem["impact"], "warning"),
        "message": {"text": text},
        "locations": [_location(first["url"], first["mode"], first["targets"], problem["html"])],
        "relatedLocations": [{"id": index, **_location(where["url"], where["mode"], where["targets"])}
                             for index, where in enumerate(others, start=1)],
        "partialFingerprints": {FINGERPRINT: problem["id"]},
        "properties": {"impact": problem["impact"], "pages": pages, "occurrences": occurrences,
                       "selector": problem["selector"],
                       "rules": problem.get("rules", [problem["rule"]])},
    }


def _location(url: str, mode: str | None, targets: list[str] | None = None,
              html: str = "") -> dict[str, Any]:
    location: dict[str, Any] = {"physicalLocation": {"artifactLocation": {"uri": url}}}
    if targets:
        location["logicalLocations"] = [{"fullyQualifiedName": target, "kind": "element"}
                                        for target in targets]
    properties = {key: value for key, value in (("mode", mode), ("html", html)) if value}
    if properties:
        location["properties"] = properties
    return location


def write_sarif(report: Report, path: Path) -> None:
    path.write_text(json.dumps(build_sarif(report), ensure_ascii=False, indent=2) + "\n",
                    encoding="utf-8")
