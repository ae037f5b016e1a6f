"""What `dostop audit` prints: a progress bar on a terminal (plain lines otherwise, for CI
logs) and the summary: pages, problems to fix (and their occurrences), worst pages, what changed."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable
from typing import Any, TextIO

from dostop_audit.reasons import translate_all
from dostop_audit.runner import PageResult

Gettext = Callable[[str], str]
NGettext = Callable[[str, str, int], str]
PROBLEMS_SHOWN = 20


class ProgressDisplay:
    def __init__(self, total: int, gettext: Gettext, ngettext: NGettext,
                 stream: TextIO | None = None) -> None:
        self.total = total
        self.done = 0
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self._ = gettext
        self.ngettext = ngettext
        self._seen: set[str] = set()

    def __call__(self, page: PageResult) -> None:
        if page.url not in self._seen:
            self._seen.add(page.url)
            self.done += 1
        if self.tty:
            width = max(10, min(40, shutil.get_terminal_size().columns - 50))
            filled = int(width * self.done / max(self.total, 1))
            url = page.url if len(page.url) < 40 else "…" + page.url[-39:]
            self.stream.write(f"\r\x1b[2K[{'#' * filled}{'.' * (width - filled)}] "
                              f"{self.done}/{self.total} {url}")
            if self.done == self.total:
                self.stream.write("\n")
        else:
            state = f" [{page.mode}]" if page.mode else ""
            outcome = (self._("could not be audited: %(error)s")
                       % {"error": translate_all(self._, page.error)} if page.error
                       else self.ngettext("%(num)d violation", "%(num)d violations",
                                          len(page.violations)) % {"num": len(page.violations)})
            self.stream.write(f"[{self.done}/{self.total}] {page.url}{state}: {outcome}\n")
        self.stream.flush()

    def finish(self) -> None:
        if self.tty and self.done != self.total:
            self.stream.write("\n")


def summary_lines(report: dict[str, Any], gettext: Gettext, ngettext: NGettext) -> list[str]:
    _ = gettext
    summary = report["summary"]
    impacts = {"critical": _("critical"), "serious": _("serious"), "moderate": _("moderate"),
               "minor": _("minor")}
    problems = report["groups"]
    lines = [ngettext("%(num)d page audited", "%(num)d pages audited", summary["pages"])
             % {"num": summary["pages"]}]
    lines.append(ngettext("%(num)d problem to fix", "%(num)d problems to fix", len(problems))
                 % {"num": len(problems)} + ", " + _occurrences(ngettext, sum(summary["occurrences"].values())))
    counts = ", ".join(f"{impacts[i]} {n} ({summary['occurrences'][i]})"
                       for i, n in summary["problems"].items())
    lines.append(_("Problems by impact (occurrences): %(counts)s") % {"counts": counts})
    for problem in problems[:PROBLEMS_SHOWN]:
        lines.append(f"  {impacts.get(problem['impact'], problem['impact'])} {problem['rule']} "
                     f"{problem['target']}: " + _spread(ngettext, problem))
    if len(problems) > PROBLEMS_SHOWN:
        more = len(problems) - PROBLEMS_SHOWN
        lines.append("  " + ngettext("and %(num)d more problem (see the reports)",
                                     "and %(num)d more problems (see the reports)", more)
                     % {"num": more})
    if summary["errors"]:
        lines.append(ngettext("%(num)d page could not be audited", "%(num)d pages could not be audited",
                              summary["errors"]) % {"num": summary["errors"]})
        lines += [_page_line(page, [page["error"]], _) for page in report["pages"] if page["error"]]
    partly = [page for page in report["pages"] if page.get("not_fully_audited")]
    if partly:
        lines.append(ngettext("%(num)d page not fully audited (its findings stand, it may hold more)",
                              "%(num)d pages not fully audited (their findings stand, they may hold more)",
                              len(partly)) % {"num": len(partly)})
        lines += [_page_line(page, page["not_fully_audited"], _) for page in partly]
    for worst in summary["worst_pages"]:
        state = f" [{worst['mode']}]" if worst["mode"] else ""
        lines.append("  " + ngettext("%(num)d rule failed", "%(num)d rules failed", worst["violations"])
                     % {"num": worst["violations"]} + f": {worst['url']}{state}")
    if report.get("baseline"):
        lines.append(_("Problems since the baseline: %(new)d new, %(fixed)d fixed")
                     % {"new": len(report["baseline"]["new"]), "fixed": len(report["baseline"]["fixed"])})
        for sign, items in (("+", report["baseline"]["new"]), ("-", report["baseline"]["fixed"])):
            for item in items[:PROBLEMS_SHOWN]:
                lines.append(f"  {sign} {item['rule']} ({impacts.get(item['impact'], item['impact'])}) "
                             f"{item['target']}: " + _spread(ngettext, item))
    if report["dead_links"]:
        lines.append(ngettext("%(num)d dead link", "%(num)d dead links", len(report["dead_links"]))
                     % {"num": len(report["dead_links"])})
        for link in report["dead_links"][:20]:
            lines.append(f"  {link['status'] or link['error']} {link['url']}")
    if report["skipped"]:
        lines.append(ngettext("%(num)d address not audited (see the reports for why)",
                              "%(num)d addresses not audited (see the reports for why)",
                              len(report["skipped"])) % {"num": len(report["skipped"])})
    if summary["incomplete"]:
        lines.append(ngettext("%(num)d result needs review by a person",
                              "%(num)d results need review by a person", summary["incomplete"])
                     % {"num": summary["incomplete"]})
    if summary.get("advice"):
        lines.append(ngettext("%(num)d finding beyond the AA target (level AAA or advice), not a failure",
                              "%(num)d findings beyond the AA target (level AAA or advice), not failures",
                              summary["advice"]) % {"num": summary["advice"]})
    return lines


def _page_line(page: dict[str, Any], why: list[str], gettext: Gettext) -> str:
    state = f" [{page['mode']}]" if page.get("mode") else ""
    return f"  {page['url']}{state}: " + "; ".join(translate_all(gettext, text) for text in why)


def _occurrences(ngettext: NGettext, count: int) -> str:
    return ngettext("%(num)d occurrence", "%(num)d occurrences", count) % {"num": count}


def _spread(ngettext: NGettext, problem: dict[str, Any]) -> str:
    """"on 61 pages, 75 occurrences", naming the page when there is only one."""
    text = (ngettext("on %(num)d page", "on %(num)d pages", problem["page_count"])
            % {"num": problem["page_count"]} + ", " + _occurrences(ngettext, problem["occurrences"]))
    if problem["page_count"] == 1:
        text += " (" + (problem.get("url") or problem["pages"][0]["url"]) + ")"
    return text
