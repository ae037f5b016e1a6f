"""Problems: a fault in a site's template repeats on every page that uses it, and is fixed once.
A problem is one rule failing on "the same element" wherever it appears: the same selector and
the same markup, once what differs from page to page is taken out (positions in lists, numbers
in ids, links' and images' addresses, text). "575 failing elements" becomes "5 problems to fix",
each with the pages it is on. Every report leads with problems and also counts occurrences."""

from __future__ import annotations

import hashlib
import re
from typing import Any

from dostop_audit.impact import impact_rank

Report = dict[str, Any]
Problem = dict[str, Any]
Key = tuple[str, str, str]

_INDEX = re.compile(r":(nth-child|nth-of-type|nth-last-child|nth-last-of-type)\(\d+\)")
_DIGITS = re.compile(r"\d+")
_START_TAG = re.compile(r"<\s*([a-zA-Z][\w:-]*)([^>]*)")
_ATTRIBUTE = re.compile(r"""([^\s=/>"']+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]+))?""")
# Attributes whose value says what kind of element it is (kept); any other attribute's value is
# content (an address, a label, a date) that differs from page to page: only its name is kept.
_KIND = frozenset({"class", "role", "type", "rel", "tabindex", "aria-hidden", "disabled"})


def normalise_selector(target: list[Any]) -> str:
    """axe's target: one selector per frame (or shadow root), joined; list positions and
    numbers in ids or classes taken out, so `li:nth-child(3) > a` on one page and
    `li:nth-child(5) > a` on another name the same template element."""
    parts = [" >> ".join(map(str, part)) if isinstance(part, list) else str(part) for part in target]
    return _DIGITS.sub("N", _INDEX.sub(r":\1(N)", " >>> ".join(parts))).strip() or "html"


def normalise_markup(html: str) -> str:
    """The element's start tag reduced to what the template decides: its name, its classes,
    role and type, and the names (not values) of its other attributes."""
    match = _START_TAG.search(html or "")
    if not match:
        return ""
    kept: list[str] = []
    for name, value in _ATTRIBUTE.findall(match.group(2)):
        name = name.lower()
        if name in _KIND:
            words = sorted(_DIGITS.sub("N", value.strip("\"'")).split())
            kept.append(f"{name}={' '.join(words)}")
        else:
            kept.append(name)
    return f"<{match.group(1).lower()} {' '.join(sorted(set(kept)))}>".replace(" >", ">")


def problem_key(rule: str, node: dict[str, Any]) -> Key:
    return rule, normalise_selector(node.get("target", [])), normalise_markup(node.get("html", ""))


def problem_id(key: Key) -> str:
    """Stable from run to run (baselines and CI code-scanning views match problems by it)."""
    return hashlib.sha256("\x1f".join(key).encode("utf-8")).hexdigest()[:16]


def group_problems(pages: list[dict[str, Any]], field: str = "violations") -> list[Problem]:
    """The report's `pages` as problems, worst first: impact, then how many pages, then rule.
    `field` "ignored" groups what `--ignore` set aside the same way."""
    problems: dict[Key, Problem] = {}
    for index, page in enumerate(pages):
        for violation in page.get(field, []):
            for node in violation.get("nodes", []):
                key = problem_key(violation["id"], node)
                impact = node.get("impact") or violation.get("impact") or "minor"
                problem = problems.get(key)
                if problem is None:
                    details = {k: v for k, v in violation.items() if k not in ("id", "nodes")}
                    problem = problems[key] = {
                        **details, "id": problem_id(key), "rule": violation["id"],
                        "impact": impact, "selector": key[1],
                        "markup": key[2], "target": " ".join(map(str, node.get("target", []))),
                        "html": node.get("html", ""),
                        "failureSummary": node.get("failureSummary", ""),
                        "pages": [], "page_count": 0, "occurrences": 0}
                if impact_rank(impact) > impact_rank(problem["impact"]):
                    problem["impact"] = impact
                _add_occurrence(problem, index, page, node)
    for problem in problems.values():
        problem["page_count"] = len({where["url"] for where in problem["pages"]})
    found = _merge_engines(list(problems.values()))
    if field == "violations":
        # What `--ignore` set aside for one engine's rule is set aside for the others' too.
        ignored = group_problems(pages, field="ignored")
        found = [p for p in found if not any(_same_cause(i, p) for i in ignored)]
    return sorted(found, key=lambda p: (
        -impact_rank(p["impact"]), -p["page_count"], -p["occurrences"], p["rule"], p["selector"]))


def _add_occurrence(problem: Problem, index: int, page: dict[str, Any],
                    node: dict[str, Any]) -> None:
    problem["occurrences"] += 1
    where = problem["pages"][-1] if problem["pages"] else None
    if where is None or where["index"] != index:
        where = {"index": index, "url": page["url"], "mode": page.get("mode"), "targets": []}
        problem["pages"].append(where)
    where["targets"].append(" ".join(map(str, node.get("target", []))))


def _same_cause(one: Problem, other: Problem) -> bool:
    """Two engines' findings on the same element for the same reason: another engine (one
    engine's two rules are two checks), the same markup on the same pages, and a shared ACT
    rule (or, where one of them maps to none, e.g. a rule that raises false alarms on the ACT
    suite, the same WCAG criteria). Selectors cannot tell: each engine writes its own."""
    if one.get("engine") == other.get("engine") or one["markup"] != other["markup"]:
        return False
    if _where(one) != _where(other):
        return False
    acts = set(one.get("act_rules") or []), set(other.get("act_rules") or [])
    if acts[0] and acts[1]:
        return bool(acts[0] & acts[1])
    return bool(one.get("wcag")) and sorted(one["wcag"]) == sorted(other.get("wcag") or [])


def _where(problem: Problem) -> set[tuple[str, str]]:
    return {(where["url"], str(where["mode"])) for where in problem["pages"]}


def _merge_engines(problems: list[Problem]) -> list[Problem]:
    """One problem for what several engines found: the first engine's (in report order) with
    the others' rules listed; occurrences are the elements, not the engines' reports of them."""
    merged: list[Problem] = []
    by_markup: dict[str, list[Problem]] = {}  # only the same markup can be the same element
    for problem in problems:
        candidates = by_markup.setdefault(problem["markup"], [])
        same = next((kept for kept in candidates if all(_same_cause(member, problem)
                                                        for member in kept["found_by"])), None)
        if same is None:
            merged.append({**problem, "found_by": [problem]})
            candidates.append(merged[-1])
            continue
        same["found_by"].append(problem)
        if impact_rank(problem["impact"]) > impact_rank(same["impact"]):
            same["impact"] = problem["impact"]
        if problem["occurrences"] > same["occurrences"]:
            same["occurrences"], same["pages"] = problem["occurrences"], problem["pages"]
    for problem in merged:
        members = problem.pop("found_by")
        if len(members) > 1:
            problem["rules"] = [member["rule"] for member in members]
            problem["engines"] = [member.get("engine") for member in members]
            problem["act_rules"] = sorted({a for m in members for a in m.get("act_rules") or []})
            problem["wcag"] = sorted({c for m in members for c in m.get("wcag") or []})
    return merged


def problem_summary(problem: Problem) -> dict[str, Any]:
    """A problem without its per-page detail: what a baseline lists as new or fixed."""
    first = problem["pages"][0] if problem["pages"] else {"url": "", "mode": None}
    return {"id": problem["id"], "rule": problem["rule"], "impact": problem["impact"],
            "help": problem.get("help", ""), "target": problem["target"], "html": problem["html"],
            "url": first["url"], "mode": first["mode"], "page_count": problem["page_count"],
            "occurrences": problem["occurrences"],
            "pages": sorted({where["url"] for where in problem["pages"]})}
