"""The test suite's keyboard checks (`dostop_audit.keyboard`: skip link first, reachability and
order, visible focus, traps) reported in axe's own result shape, so every report, ignore,
threshold and baseline treats them exactly like axe rules. Rule ids start with `dostop-`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from selenium.webdriver.remote.webdriver import WebDriver

from dostop_audit.engines.act import annotate
from dostop_audit.findings import Finding
from dostop_audit.keyboard import check_keyboard

ENGINE = "dostop"  # our own procedures, named so in every report
UNDERSTANDING = "https://www.w3.org/WAI/WCAG22/Understanding/"
# criterion → (level tag, Understanding document)
CRITERIA = {
    "2.1.1": ("wcag2a", "keyboard"),
    "2.1.2": ("wcag2a", "no-keyboard-trap"),
    "2.4.1": ("wcag2a", "bypass-blocks"),
    "2.4.3": ("wcag2a", "focus-order"),
    "2.4.7": ("wcag2aa", "focus-visible"),
    "4.1.2": ("wcag2a", "name-role-value"),
    "2.4.13": ("wcag2aaa", "focus-appearance"),
}
# check → (impact, help, description): axe's own texts are English, so are these.
RULES = {
    "keyboard-trap": ("critical", "Keyboard focus must not be trapped",
                      "Make sure Tab (and Shift+Tab) can move focus away from every control."),
    "keyboard-trap-no-exit": ("critical", "Keyboard focus must not be trapped with no way out",
                              "Let Tab and Shift+Tab leave, or name a key that does, on the page."),
    "focus-order": ("serious", "Every control must be reachable with Tab, in reading order",
                    "Use native controls in DOM order; avoid positive tabindex and reordering by CSS."),
    "focus-visible": ("serious", "Focused controls must show a visible focus indicator",
                      "Give :focus-visible an outline of at least 2px with 3:1 contrast."),
    "hidden-focus": ("serious", "Focusable elements must not be hidden from assistive technology",
                     "Take the control out of the Tab order, or remove aria-hidden around it."),
    "focus-appearance": ("moderate", "Focus indicators should be at least 2px with 3:1 contrast",
                         "Give :focus-visible an outline of at least 2px with 3:1 contrast."),
    "skip-link": ("serious", "The first Tab must reach a skip link that moves focus to main",
                  "Put a visible-on-focus link to #main-content first, and give main tabindex=-1."),
}


# Advice beyond what WCAG requires, reported as best practice, never as a WCAG failure: WCAG
# 2.4.1 is met by headings or landmarks as well as by a skip link, and 2.4.13 is level AAA.
BEST_PRACTICE = frozenset({"skip-link", "focus-appearance"})


def keyboard_violations(driver: WebDriver) -> list[dict[str, Any]]:
    return as_violations(check_keyboard(driver))


def as_violations(findings: Iterable[Finding]) -> list[dict[str, Any]]:
    grouped: dict[str, dict[str, Any]] = {}
    for finding in findings:
        impact, help_text, description = RULES.get(
            finding.check, ("serious", finding.check, finding.message))
        level, slug = CRITERIA.get(finding.wcag, ("", ""))
        advice = finding.check in BEST_PRACTICE
        rule = grouped.setdefault(finding.check, {
            "id": f"dostop-{finding.check}", "impact": impact, "help": help_text,
            "description": description, "helpUrl": UNDERSTANDING + slug + ".html" if slug else "",
            "tags": ["dostop-keyboard"], "nodes": []})
        tags = ("best-practice",) if advice else \
            (level, "wcag" + finding.wcag.replace(".", "") if finding.wcag else "")
        for tag in tags:
            if tag and tag not in rule["tags"]:
                rule["tags"].append(tag)
        path, _, html = finding.element.partition(" <")
        rule["nodes"].append({
            "target": [path or "html"], "html": ("<" + html) if html else "",
            "impact": impact, "failureSummary": f"{finding.message} (WCAG {finding.wcag})"})
    return [annotate(rule, ENGINE) for rule in grouped.values()]
