"""Problems grouped by cause (`dostop_audit.groups`): a template's fault on many pages is one
problem to fix, in the JSON model, the terminal summary and the baseline."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from dostop_audit.baseline import compare
from dostop_audit.groups import group_problems
from dostop_audit.report_html import render_html
from dostop_audit.terminal import summary_lines

sys.path.insert(0, str(Path(__file__).parent))
from test_audit import make_report, violation  # noqa: E402


def share_link(page: int, position: int) -> dict[str, Any]:
    """The template's share link: no accessible name, its address and place differ per page."""
    return {"id": "link-name", "impact": "serious", "help": "Links must have discernible text",
            "tags": ["wcag2a", "wcag244"],
            "nodes": [{"target": [f"nav > li:nth-child({position}) > a.share"],
                       "html": f'<a class="share" href="/share?u=/news/{page}/">'
                               f'<svg aria-hidden="true"></svg></a>'}]}


def news_site(template_fault: bool = True) -> dict[str, Any]:
    pages = []
    for page in range(1, 4):
        found = [share_link(page, page + 1)] if template_fault else []
        if page == 2:
            found.append(violation("image-alt", "critical", "main > img"))
        pages.append((f"http://site/news/{page}/", found))
    return make_report(pages)


def test_a_template_fault_on_many_pages_is_one_problem() -> None:
    report = news_site()
    [image, share] = report["groups"]
    assert (share["rule"], share["page_count"], share["occurrences"]) == ("link-name", 3, 3)
    assert [where["url"] for where in share["pages"]] == [
        "http://site/news/1/", "http://site/news/2/", "http://site/news/3/"]
    assert share["pages"][2]["targets"] == ["nav > li:nth-child(4) > a.share"]
    assert share["help"] == "Links must have discernible text" and "wcag244" in share["tags"]
    # Worst first: the critical image on one page comes before the serious link on three.
    assert (image["rule"], image["page_count"], image["impact"]) == ("image-alt", 1, "critical")
    assert report["summary"]["problems"] == {"critical": 1, "serious": 1, "moderate": 0, "minor": 0}
    assert report["summary"]["occurrences"]["serious"] == 3


def test_another_element_is_another_problem() -> None:
    logo = violation("image-alt", "critical", "header img")
    logo["nodes"][0]["html"] = '<img class="logo" src="/logo.png">'
    photo = violation("image-alt", "critical", "header img")
    photo["nodes"][0]["html"] = '<img class="photo" src="/p/1.jpg">'
    report = make_report([("http://site/a", [logo]), ("http://site/b", [photo]),
                          ("http://site/c", [violation("image-alt", "critical", "main img")])])
    assert [(p["target"], p["page_count"]) for p in report["groups"]] == [
        ("header img", 1), ("header img", 1), ("main img", 1)]
    assert len({p["id"] for p in report["groups"]}) == 3


def test_terminal_leads_with_problems_and_gives_occurrences() -> None:
    lines = summary_lines(news_site(), lambda text: text,
                          lambda one, many, n: one if n == 1 else many)
    assert lines[1] == "2 problems to fix, 4 occurrences"
    assert lines[2] == ("Problems by impact (occurrences): critical 1 (1), serious 1 (3), "
                        "moderate 0 (0), minor 0 (0)")
    assert lines[3] == "  critical image-alt main > img: on 1 page, 1 occurrence (http://site/news/2/)"
    assert lines[4] == "  serious link-name nav > li:nth-child(2) > a.share: on 3 pages, 3 occurrences"


def test_baseline_counts_a_template_fix_as_one_fixed_problem() -> None:
    before, now = news_site(template_fault=True), news_site(template_fault=False)
    now["baseline"] = compare(before, now)
    assert now["baseline"]["new"] == []
    [fixed] = now["baseline"]["fixed"]
    assert (fixed["rule"], fixed["page_count"]) == ("link-name", 3)
    lines = summary_lines(now, lambda text: text, lambda one, many, n: one if n == 1 else many)
    assert "Problems since the baseline: 0 new, 1 fixed" in lines
    assert "  - link-name (serious) nav > li:nth-child(2) > a.share: on 3 pages, 3 occurrences" in lines
    # The template fault coming back is one new problem, however many pages show it.
    again = news_site(template_fault=True)
    again["baseline"] = compare(now, again)
    assert [(p["rule"], p["page_count"]) for p in again["baseline"]["new"]] == [("link-name", 3)]


def engine_finding(rule: str, engine: str, target: str, act_rules: list[str],
                   impact: str = "critical") -> dict[str, Any]:
    return {"id": rule, "impact": impact, "help": f"{rule} help", "engine": engine,
            "act_rules": act_rules, "wcag": ["1.1.1"],
            "nodes": [{"target": [target], "html": '<img src="/photo.jpg">',
                       "failureSummary": "Fix it"}]}


def test_two_engines_on_the_same_element_for_the_same_reason_are_one_problem() -> None:
    axe = engine_finding("image-alt", "axe-core", "img", ["23a2a8"])
    ibm = engine_finding("ibm-img_alt_valid", "ibm-equal-access", "#main > img", ["23a2a8"],
                         impact="serious")
    other_reason = engine_finding("ibm-img_alt_misuse", "ibm-equal-access", "#main > img",
                                  ["qwerty"])
    report = make_report([("http://site/a", [axe, ibm, other_reason]),
                          ("http://site/b", [axe, ibm])])
    [both, misuse] = report["groups"]
    assert (both["rule"], both["rules"], both["engines"]) == (
        "image-alt", ["image-alt", "ibm-img_alt_valid"], ["axe-core", "ibm-equal-access"])
    # Two pages, one element each: the engines' two reports of it are not two occurrences.
    assert (both["impact"], both["page_count"], both["occurrences"]) == ("critical", 2, 2)
    assert misuse["rule"] == "ibm-img_alt_misuse" and "rules" not in misuse
    assert "Found by: image-alt, ibm-img_alt_valid" in render_html(report, "en")
    assert "Pravila, ki so jo našla: image-alt, ibm-img_alt_valid" in render_html(report, "sl")
    # On different pages it is not the same element; nor is one engine's second rule.
    apart = make_report([("http://site/a", [axe]), ("http://site/b", [ibm])])
    assert len(apart["groups"]) == 2
    same_engine = {**ibm, "engine": "axe-core"}
    assert len(make_report([("http://site/a", [axe, same_engine])])["groups"]) == 2


def test_an_ignore_of_one_engines_rule_sets_the_others_finding_aside_too() -> None:
    axe = engine_finding("image-alt", "axe-core", "img", ["23a2a8"])
    ibm = engine_finding("ibm-img_alt_valid", "ibm-equal-access", "#main > img", ["23a2a8"])
    report = make_report([("http://site/a", [ibm])])
    report["pages"][0]["ignored"] = [{**axe, "reason": "A placeholder until the redesign"}]
    report["groups"] = group_problems(report["pages"])
    assert report["groups"] == []
    report["pages"][0]["ignored"] = []
    assert [p["rule"] for p in group_problems(report["pages"])] == ["ibm-img_alt_valid"]
