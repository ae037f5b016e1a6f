"""The audit as one JSON document: the model every other report (JUnit, HTML, terminal,
statement, baseline) is built from. `pages[].violations` and `incomplete` are axe's own arrays;
`groups` are the same violations as problems to fix, each with the pages it is on."""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from dostop import __version__
from dostop_audit.crawler import CrawlLimits, CrawlResult
from dostop_audit.groups import group_problems
from dostop_audit.impact import IMPACTS, impact_rank
from dostop_audit.runner import AuditOptions, Environment, PageResult

Report = dict[str, Any]


def build_report(crawl: CrawlResult, limits: CrawlLimits, options: AuditOptions,
                 environment: Environment, pages: list[PageResult], *, fail_on: str,
                 interrupted: bool = False, not_audited: list[str] | None = None) -> Report:
    skipped = [{"url": s.url, "reason": s.reason, "found_on": s.found_on} for s in crawl.skipped]
    skipped += [{"url": url, "reason": "not audited: the audit was interrupted", "found_on": ""}
                for url in not_audited or []]
    report: Report = {
        "tool": {"name": "dostop audit", "version": __version__},
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "axe_core": environment.axe_version,
        "engines": environment.engines,
        "browser": {"name": "Chromium", "version": environment.browser_version},
        "scope": {
            "start_url": crawl.start_url,
            "sitemaps": crawl.sitemaps,
            "max_pages": limits.max_pages,
            "depth": limits.depth,
            "include": list(limits.include),
            "exclude": list(limits.exclude),
        },
        "options": {
            "tags": list(options.tags),
            "rules": options.rules,
            "modes": list(options.modes),
            "workers": options.workers,
            "keyboard_checks": options.keyboard,
            "fail_on": fail_on,
            "ignores": [i.as_dict() for i in options.ignores],
        },
        "interrupted": interrupted,
        "pages": [_page(p) for p in pages],
        "groups": [],
        "skipped": skipped,
        "dead_links": [{"url": d.url, "status": d.status, "error": d.error, "found_on": d.found_on}
                       for d in crawl.dead_links],
        "baseline": None,
    }
    report["groups"] = group_problems(report["pages"])
    report["summary"] = summarize(report)
    return report


def _page(page: PageResult) -> dict[str, Any]:
    return {"url": page.url, "mode": page.mode, "title": page.title,
            "violations": page.violations, "incomplete": page.incomplete, "advice": page.advice,
            "ignored": page.ignored, "passes": page.passes, "error": page.error,
            "not_fully_audited": page.partly,
            "seconds": page.seconds}


def summarize(report: Report) -> dict[str, Any]:
    """Counts by impact (problems, rules per page, and elements), the worst pages, and the
    verdict."""
    problems: Counter[str] = Counter()
    occurrences: Counter[str] = Counter()
    for problem in report["groups"]:
        problems[problem["impact"]] += 1
        occurrences[problem["impact"]] += problem["occurrences"]
    rules: Counter[str] = Counter()
    elements: Counter[str] = Counter()
    scores: list[tuple[int, int, str, str | None]] = []
    for page in report["pages"]:
        weight = 0
        for violation in page["violations"]:
            impact = violation.get("impact") or "minor"
            rules[impact] += 1
            elements[impact] += len(violation.get("nodes", []))
            weight += (impact_rank(impact) + 1) ** 2 * len(violation.get("nodes", []))
        if page["violations"]:
            scores.append((weight, len(page["violations"]), page["url"], page["mode"]))
    scores.sort(key=lambda s: (-s[0], s[2]))
    threshold = impact_rank(report["options"]["fail_on"])
    considered = report["baseline"]["new"] if report.get("baseline") else report["groups"]
    return {
        "pages": len({p["url"] for p in report["pages"]}),
        "states": len(report["pages"]),
        "errors": sum(1 for p in report["pages"] if p["error"]),
        "not_fully_audited": sum(1 for p in report["pages"] if p.get("not_fully_audited")),
        "problems": {i: problems[i] for i in reversed(IMPACTS)},
        "occurrences": {i: occurrences[i] for i in reversed(IMPACTS)},
        "violations": {i: rules[i] for i in reversed(IMPACTS)},
        "elements": {i: elements[i] for i in reversed(IMPACTS)},
        "incomplete": sum(len(p["incomplete"]) for p in report["pages"]),
        "advice": sum(len(p.get("advice", [])) for p in report["pages"]),
        "ignored": sum(len(i["nodes"]) for p in report["pages"] for i in p["ignored"]),
        "worst_pages": [{"url": url, "mode": mode, "violations": count, "score": weight}
                        for weight, count, url, mode in scores[:5]],
        "failed": any(impact_rank(f.get("impact")) >= threshold for f in considered),
    }


def write_json(report: Report, path: Path) -> None:
    path.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
