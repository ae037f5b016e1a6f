"""What a check beyond axe reports: one `Finding` per problem, fixable from a CI log alone."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Finding:
    """One problem found on a page.

    `check` is a short stable id ("skip-link", "focus-visible", "keyboard-trap", "landmarks",
    "headings", "names", "reflow", "text-resize", "text-spacing", "motion", ...), `message` says
    what is wrong in an auditor's words, `element` points at the element concerned (a CSS path
    and the start of its HTML) when there is one, and `wcag` names the success criterion.
    """

    check: str
    message: str
    element: str = ""
    wcag: str = ""

    def __str__(self) -> str:
        criterion = f" (WCAG {self.wcag})" if self.wcag else ""
        where = f" — {self.element}" if self.element else ""
        return f"{self.check}{criterion}: {self.message}{where}"


def format_findings(url: str, state: str, findings: Iterable[Finding]) -> str:
    """One line per finding, naming page and state, like `browser.format_violations`."""
    return "\n".join(f"{url} [{state}] {finding}" for finding in findings)
