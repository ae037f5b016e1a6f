"""`dostop audit` without a browser: the crawl of the fixture site, ignores, baseline, the
reports built from a report model, the statement data, and the exit status 2 cases."""

from __future__ import annotations

import importlib.util
import io
import json
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any
from xml.etree import ElementTree

import pytest
from click.testing import CliRunner

from dostop_audit import browser
from dostop_audit.baseline import compare
from dostop_audit.command import audit_command
from dostop_audit.crawler import CrawlLimits, crawl
from dostop_audit.groups import group_problems
from dostop_audit.report_html import render_html
from dostop_audit.report_json import summarize
from dostop_audit.report_junit import build_junit
from dostop_audit.runner import Ignore, PageResult
from dostop.statement import load_statement
from dostop_audit.statement import write_statement
from dostop_audit.terminal import ProgressDisplay

FIXTURE = Path(__file__).parent / "fixtures" / "audit_site" / "server.py"


def load_fixture_server() -> ModuleType:
    spec = importlib.util.spec_from_file_location("audit_fixture_server", FIXTURE)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def fixture_site() -> Iterator[Any]:
    with load_fixture_server().FixtureSite() as site:
        yield site


def test_crawl_finds_sitemap_index_pages_and_the_page_only_linked(fixture_site: Any) -> None:
    result = crawl(fixture_site.url + "/")
    base = fixture_site.url
    assert [p.url for p in result.pages] == [
        f"{base}/", f"{base}/about.html", f"{base}/mode.html", f"{base}/hidden.html"]
    hidden = result.pages[-1]
    assert (hidden.depth, hidden.found_on) == (1, f"{base}/")
    assert result.sitemaps == [f"{base}/sitemap.xml", f"{base}/sitemap-pages.xml"]


def test_crawl_reads_each_page_once_whatever_address_led_there(fixture_site: Any) -> None:
    base = fixture_site.url
    # /start redirects to /, and hidden.html links to /old-about.html, which redirects.
    result = crawl(base + "/start")
    assert [p.url for p in result.pages] == [
        f"{base}/", f"{base}/about.html", f"{base}/mode.html", f"{base}/hidden.html"]


def test_crawl_skips_pdf_mailto_and_other_sites_and_reports_dead_links(fixture_site: Any) -> None:
    result = crawl(fixture_site.url + "/")
    base = fixture_site.url
    reasons = {s.url: s.reason for s in result.skipped}
    assert reasons == {
        f"{base}/report.pdf": "not HTML (application/pdf)",
        "https://example.org/": "off-site",
        "mailto:info@example.org": "not a web page (mailto:)",
    }
    [dead] = result.dead_links
    assert (dead.url, dead.status) == (f"{base}/missing.html", 404)
    assert sorted(dead.found_on) == [f"{base}/", f"{base}/about.html"]


def test_crawl_limits(fixture_site: Any) -> None:
    base = fixture_site.url
    shallow = crawl(base + "/", CrawlLimits(depth=0))
    assert f"{base}/hidden.html" not in [p.url for p in shallow.pages]
    assert ("deeper than --depth" in {s.reason for s in shallow.skipped})
    assert len(crawl(base + "/", CrawlLimits(max_pages=2)).pages) == 2
    only = crawl(base + "/", CrawlLimits(include=(r"hidden",)))
    assert [p.url for p in only.pages] == [f"{base}/hidden.html"]
    without = crawl(base + "/", CrawlLimits(exclude=(r"about|mode",)))
    assert [p.url for p in without.pages] == [f"{base}/", f"{base}/hidden.html"]


def test_ignore_syntax_needs_a_rule_and_a_reason() -> None:
    assert Ignore.parse("region:#cookie > p:first-child", "Banner by design") == Ignore(
        "region", "#cookie > p:first-child", "Banner by design")
    assert Ignore.parse("image-alt", "Decorative, fixed in 2.0").selector is None
    with pytest.raises(ValueError, match="reason"):
        Ignore.parse("region", " ")
    with pytest.raises(ValueError, match="rule"):
        Ignore.parse(":#cookie", "why")


def violation(rule: str, impact: str, *targets: str) -> dict[str, Any]:
    return {"id": rule, "impact": impact, "help": f"{rule} help", "description": f"{rule} fix",
            "helpUrl": f"https://dequeuniversity.com/rules/axe/4.10/{rule}",
            "tags": ["wcag2a", "wcag111"] if rule == "image-alt" else ["best-practice"],
            "nodes": [{"target": [t], "html": f"<x id='{t}'>", "failureSummary": "Fix it"}
                      for t in targets]}


def make_report(pages: list[dict[str, Any]], fail_on: str = "minor") -> dict[str, Any]:
    report: dict[str, Any] = {
        "tool": {"name": "dostop audit", "version": "0.1.0"}, "date": "2026-11-26T08:00:00+00:00",
        "axe_core": "4.10.2", "browser": {"name": "Chromium", "version": "156"},
        "scope": {"start_url": "http://site/", "sitemaps": [], "max_pages": 500, "depth": None,
                  "include": [], "exclude": []},
        "options": {"tags": ["wcag2a"], "rules": {}, "modes": ["off"], "workers": 1,
                    "keyboard_checks": True, "fail_on": fail_on, "ignores": []},
        "interrupted": False, "skipped": [], "dead_links": [], "baseline": None,
        "pages": [{"url": url, "mode": None, "title": "", "violations": vs, "incomplete": [],
                   "ignored": [], "passes": ["html-has-lang"], "error": "", "seconds": 1.0}
                  for url, vs in pages],
    }
    report["groups"] = group_problems(report["pages"])
    report["summary"] = summarize(report)
    return report


def test_threshold_counts_only_violations_at_or_above_it() -> None:
    pages = [("http://site/a", [violation("region", "moderate", "#x")])]
    assert make_report(pages, fail_on="moderate")["summary"]["failed"]
    assert not make_report(pages, fail_on="serious")["summary"]["failed"]


def test_baseline_shows_new_and_fixed_and_only_new_findings_fail() -> None:
    before = make_report([("http://site/a", [violation("image-alt", "critical", "#old")]),
                          ("http://site/gone", [violation("region", "moderate", "#y")])])
    now = make_report([("http://site/a", [violation("image-alt", "critical", "#new"),
                                          violation("region", "minor", "#z")])], fail_on="serious")
    now["baseline"] = compare(before, now)
    assert [(f["rule"], f["target"]) for f in now["baseline"]["new"]] == [
        ("image-alt", "#new"), ("region", "#z")]
    # A page this run did not audit is not "fixed".
    assert [(f["rule"], f["target"]) for f in now["baseline"]["fixed"]] == [("image-alt", "#old")]
    assert summarize(now)["failed"]
    now["baseline"]["new"] = [f for f in now["baseline"]["new"] if f["rule"] == "region"]
    assert not summarize(now)["failed"]


def test_junit_has_a_failed_case_per_problem_and_a_passed_case_per_rule() -> None:
    report = make_report([("http://site/a", [violation("image-alt", "critical", "#i")]),
                          ("http://site/b", [violation("image-alt", "critical", "#i")]),
                          ("http://site/c", [])])
    xml = build_junit(report)
    cases = {(c.get("classname"), c.get("name")): c for c in xml.iter("testcase")}
    assert set(cases) == {("image-alt", "image-alt #i <x id>"), ("html-has-lang", "html-has-lang")}
    failure = cases[("image-alt", "image-alt #i <x id>")].find("failure")
    assert failure is not None and failure.get("type") == "critical"
    assert "on 2 page(s), 2 occurrence(s)" in (failure.get("message") or "")
    assert "http://site/a: #i" in (failure.text or "") and "http://site/b: #i" in (failure.text or "")
    problems = next(xml.iter("testsuite"))
    assert (problems.get("tests"), problems.get("failures")) == ("1", "1")
    ElementTree.fromstring(ElementTree.tostring(xml))  # well-formed


@pytest.mark.parametrize(("lang", "words"), [
    ("en", ["Summary", "Problems to fix", "By page", "How to fix:", "critical", "on 2 pages"]),
    ("sl", ["Povzetek", "Težave za odpravo", "Po straneh", "Kako popraviti:", "kritično",
            "na 2 straneh"]),
])
def test_html_report_summary_first_then_problems_and_pages(lang: str, words: list[str]) -> None:
    report = make_report([("http://site/a", [violation("image-alt", "critical", "#photo")]),
                          ("http://site/b", [violation("image-alt", "critical", "#photo")])])
    html = render_html(report, lang)
    assert f'<html lang="{lang}">' in html
    positions = [html.index(word) for word in words[:3]]
    assert positions == sorted(positions)
    for word in words[3:]:
        assert word in html
    # One entry for the problem, its pages under it.
    assert html.count("&lt;x id=&#39;#photo&#39;&gt;") == 1 + 2  # the problem, and each page
    problem = html[html.index(words[1]):html.index(words[2])]
    assert problem.index("#page-0") < problem.index("#page-1")
    assert "https://dequeuniversity.com/rules/axe/4.10/image-alt" in html


def test_statement_data_keeps_wcag_failures_and_the_staffs_own_text(tmp_path: Path) -> None:
    path = tmp_path / "statement.json"
    path.write_text(json.dumps({"non_accessible": [{"sl": "Posnetki sej nimajo podnapisov.",
                                                    "en": "Meeting videos have no captions."}]}))
    report = make_report([("http://site/a", [violation("image-alt", "critical", "#i"),
                                             violation("region", "moderate", "#r")])])
    write_statement(report, path)
    statement = load_statement(path)
    assert statement.status == "partial"
    assert [(f["rule"], f["criteria"]) for f in statement.findings] == [("image-alt", ["1.1.1"])]
    assert statement.non_accessible[0]["en"] == "Meeting videos have no captions."
    assert statement.audit["axe_core"] == "4.10.2" and str(statement.prepared) == "2026-11-26"
    write_statement(make_report([("http://site/a", [])]), path)
    assert load_statement(path).status == "full"


def test_site_down_exits_2_with_one_line_reason(unused_port: int) -> None:
    result = CliRunner().invoke(audit_command, [f"http://127.0.0.1:{unused_port}/", "--lang", "en"])
    assert result.exit_code == 2
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("dostop audit: site down:")


def test_missing_browser_exits_2(fixture_site: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(browser, "CHROMIUM", "/nonexistent/chromium")
    result = CliRunner().invoke(audit_command, [fixture_site.url + "/", "--lang", "en"])
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines()[-1].startswith(
        "dostop audit: browser missing or broken: /nonexistent/chromium not found")


def test_bad_options_exit_2() -> None:
    result = CliRunner().invoke(audit_command, ["http://127.0.0.1:9/", "--ignore", "region", ""])
    assert result.exit_code == 2 and "reason" in result.stderr
    result = CliRunner().invoke(audit_command, ["http://127.0.0.1:9/", "--exclude", "("])
    assert result.exit_code == 2


@pytest.fixture
def unused_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_statement_page_shows_the_last_audit_in_both_languages(
        settings: Any, tmp_path: Path) -> None:
    import shutil
    from dataclasses import replace

    from starlette.testclient import TestClient

    from dostop.app import create_app
    from dostop.urls import url_for

    content = tmp_path / "content"
    shutil.copytree(settings.content_dir, content)
    report = make_report([("http://site/a", [violation("image-alt", "critical", "#i")])])
    write_statement(report, content / "statement.json")
    app = create_app(replace(settings, content_dir=content))
    with TestClient(app) as client:
        english = client.get("/en/accessibility/").text
        slovenian = client.get("/sl/dostopnost/").text
    assert "This website is partially compliant" in english
    assert "To spletišče je delno skladno" in slovenian
    for html in (english, slovenian):
        assert 'WCAG 1.1.1: <span lang="en">image-alt help</span>' in html
        assert "axe-core 4.10.2 " in html and "dostop audit 0.1.0" in html
        assert "Inšpektorat Republike Slovenije za informacijsko družbo" in html
        assert "gp.irsid@gov.si" in html
    assert "prepared on 26 November 2026" in english
    assert "pripravljena 26. novembra 2026" in slovenian
    assert f'href="{url_for("feedback", "en")}"' in english
    assert f'href="{url_for("feedback", "sl")}"' in slovenian


class _Stream(io.StringIO):
    def __init__(self, tty: bool) -> None:
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


@pytest.mark.parametrize("tty", [True, False])
def test_progress_is_a_bar_on_a_terminal_and_lines_otherwise(tty: bool) -> None:
    stream = _Stream(tty)
    progress = ProgressDisplay(2, lambda text: text, lambda one, many, n: one if n == 1 else many,
                               stream=stream)
    progress(PageResult("http://site/a", None, violations=[violation("region", "moderate", "#x")]))
    progress(PageResult("http://site/b", "on", error="timeout"))
    output = stream.getvalue()
    if tty:
        assert output.startswith("\r") and "] 1/2 http://site/a" in output
        assert output.endswith("] 2/2 http://site/b\n") and "#" * 10 in output
    else:
        assert output == ("[1/2] http://site/a: 1 violation\n"
                          "[2/2] http://site/b [on]: could not be audited: timeout\n")
