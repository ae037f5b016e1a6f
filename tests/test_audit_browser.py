"""`dostop audit` end to end on the fixture site (tests/fixtures/audit_site) in headless
Chromium: the rules found per page, exit status, the three reports, ignores, thresholds,
baseline and Ctrl+C. Two workers, five small pages: each audit takes a few seconds."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from click.testing import CliRunner, Result

from dostop_audit.browser import make_driver, run_axe
from dostop_audit.command import audit_command
from dostop_audit.profiles import browsers_using
from dostop_audit.report_html import write_html

sys.path.insert(0, str(Path(__file__).parent))
from test_audit import load_fixture_server  # noqa: E402
from test_audit_sarif import assert_valid_sarif  # noqa: E402

pytestmark = pytest.mark.browser
IGNORE_COOKIE = ["--ignore", "region:#cookie", "The banner sits outside landmarks until 2.0"]


@pytest.fixture(scope="module")
def site() -> Iterator[Any]:
    with load_fixture_server().FixtureSite() as fixture:
        yield fixture


def audit(*args: str) -> Result:
    return CliRunner().invoke(audit_command, [*args, "--workers", "2", "--lang", "en"])


@contextmanager
def temporary_folder() -> Iterator[Path]:
    """A temporary folder for the audit's browsers, for one block. Short: Chromium keeps a
    socket under it, and pytest's tmp_path can make that path too long to start Chromium."""
    path = Path(tempfile.mkdtemp(prefix="dostop-test-"))
    saved, tempfile.tempdir = tempfile.tempdir, str(path)
    try:
        yield path
    finally:
        tempfile.tempdir = saved
        shutil.rmtree(path)


@pytest.fixture(scope="module")
def full_run(site: Any, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("audit")
    with temporary_folder() as temporary:
        result = audit(site.url + "/", "--mode", "both", *IGNORE_COOKIE,
                       "--json", str(out / "a.json"), "--junit", str(out / "a.xml"),
                       "--html", str(out / "a.html"))
        left = list(temporary.iterdir())
    return {"result": result, "out": out, "url": site.url, "left": left,
            "report": json.loads((out / "a.json").read_text())}


def rules_by_page(report: dict[str, Any], base: str) -> dict[tuple[str, Any], list[str]]:
    return {(p["url"].removeprefix(base), p["mode"]): sorted(v["id"] for v in p["violations"])
            for p in report["pages"]}


def test_reports_the_known_violations_per_page_and_mode(full_run: dict[str, Any]) -> None:
    assert rules_by_page(full_run["report"], full_run["url"]) == {
        ("/", None): [],
        # IBM Equal Access finds the image and the contrast too: one problem each (see groups).
        ("/about.html", None): ["ibm-img_alt_valid", "image-alt"],
        ("/hidden.html", None): ["color-contrast", "dostop-skip-link", "ibm-text_contrast_sufficient"],
        # In the accessibility mode text must meet AAA contrast: only then is grey text a failure.
        ("/mode.html", "off"): [],
        ("/mode.html", "on"): ["color-contrast-enhanced"],
    }
    assert full_run["result"].exit_code == 1
    # Outside the mode the same grey text is reported too, as level AAA (beyond the AA target).
    advice = {(p["url"].removeprefix(full_run["url"]), p["mode"]): [r["id"] for r in p["advice"]]
              for p in full_run["report"]["pages"]}
    assert "color-contrast-enhanced" in advice[("/mode.html", "off")]
    assert "color-contrast-enhanced" not in advice[("/mode.html", "on")]
    assert "beyond the AA target" in full_run["result"].stdout


def test_no_browser_profile_is_left_behind(full_run: dict[str, Any], site: Any,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    assert full_run["left"] == []
    # After a crash too: here the reports cannot be built, after the browsers ran.
    monkeypatch.setattr("dostop_audit.report_json.build_report", _crash)
    with temporary_folder() as temporary:
        crashed = audit(site.url + "/", "--include", "about", "--no-keyboard")
        assert isinstance(crashed.exception, OSError)
        assert list(temporary.iterdir()) == []


def _crash(*args: Any, **kwargs: Any) -> None:
    raise OSError("No space left on device")


def test_terminal_summary(full_run: dict[str, Any]) -> None:
    output = full_run["result"].stdout
    assert "4 pages audited" in output
    assert "4 problems to fix, 4 occurrences" in output
    assert ("Problems by impact (occurrences): critical 1 (1), serious 3 (3), moderate 0 (0), "
            "minor 0 (0)") in output
    assert f"404 {full_run['url']}/missing.html" in output


def test_json_has_axe_results_and_run_metadata(full_run: dict[str, Any]) -> None:
    report, base = full_run["report"], full_run["url"]
    about = next(p for p in report["pages"] if p["url"].endswith("/about.html"))
    [image_alt] = [v for v in about["violations"] if v["id"] == "image-alt"]
    assert image_alt["impact"] == "critical" and "wcag111" in image_alt["tags"]
    assert image_alt["nodes"][0]["target"] == ["img"]
    assert isinstance(about["incomplete"], list)
    assert report["axe_core"].startswith("4.") and report["browser"]["version"].split(".")[0].isdigit()
    assert report["options"]["tags"] == ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa",
                                         "best-practice"]
    assert report["options"]["modes"] == ["off", "on"]
    assert report["scope"]["start_url"] == base + "/"
    assert {s["url"]: s["reason"] for s in report["skipped"]} == {
        f"{base}/report.pdf": "not HTML (application/pdf)", "https://example.org/": "off-site",
        "mailto:info@example.org": "not a web page (mailto:)"}
    assert [(d["url"], d["status"]) for d in report["dead_links"]] == [(f"{base}/missing.html", 404)]
    assert report["date"][:4].isdigit()


def test_ignored_findings_are_kept_with_their_reason(full_run: dict[str, Any]) -> None:
    about = next(p for p in full_run["report"]["pages"] if p["url"].endswith("/about.html"))
    [ignored] = about["ignored"]
    assert (ignored["id"], ignored["reason"]) == ("region", IGNORE_COOKIE[2])
    assert ignored["nodes"][0]["target"] == ["#cookie"]


def test_junit_has_one_case_per_problem(full_run: dict[str, Any]) -> None:
    root = ElementTree.parse(full_run["out"] / "a.xml").getroot()
    cases = {(c.get("classname"), c.get("name")): c for c in root.iter("testcase")}
    assert cases[("image-alt", "image-alt img <img height src width>")].find("failure") is not None
    assert cases[("html-has-lang", "html-has-lang")].find("failure") is None
    [enhanced] = [c for (rule, _), c in cases.items() if rule == "color-contrast-enhanced"]
    assert "[mode on]" in (enhanced.find("failure").text or "")  # type: ignore[union-attr]
    failures = sum(int(s.get("failures", 0)) for s in root.iter("testsuite"))
    assert failures == 4


@pytest.fixture(scope="module")
def news_run(site: Any, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("news")
    result = audit(site.url + "/news/", "--include", "/news/", "--no-keyboard",
                   "--json", str(out / "n.json"), "--junit", str(out / "n.xml"),
                   "--html", str(out / "n.html"), "--sarif", str(out / "n.sarif"),
                   "--earl", str(out / "n.earl.json"))
    return {"result": result, "out": out, "url": site.url,
            "report": json.loads((out / "n.json").read_text())}


def test_a_template_fault_is_one_problem_in_every_report(news_run: dict[str, Any]) -> None:
    base = news_run["url"]
    [image, share] = news_run["report"]["groups"]
    assert (share["rule"], share["target"], share["page_count"]) == ("link-name", ".share", 3)
    assert [where["url"] for where in share["pages"]] == [
        f"{base}/news/", f"{base}/news/1.html", f"{base}/news/2.html"]
    assert (image["rule"], image["page_count"], image["pages"][0]["url"]) == (
        "image-alt", 1, f"{base}/news/2.html")
    output = news_run["result"].stdout
    assert "2 problems to fix, 4 occurrences" in output
    assert "serious link-name .share: on 3 pages, 3 occurrences" in output
    root = ElementTree.parse(news_run["out"] / "n.xml").getroot()
    assert sum(int(s.get("failures", 0)) for s in root.iter("testsuite")) == 2
    html = (news_run["out"] / "n.html").read_text()
    problems = html[html.index("Problems to fix</h2>"):html.index("By page</h2>")]
    assert problems.count("<h3") == 2 and "on 3 pages, 3 occurrences" in problems
    assert all(f'">{base}/news/{page}</a>' in problems for page in ("", "1.html", "2.html"))
    sarif = json.loads((news_run["out"] / "n.sarif").read_text())
    assert_valid_sarif(sarif)
    assert [(r["ruleId"], len(r["relatedLocations"])) for r in sarif["runs"][0]["results"]] == [
        ("image-alt", 0), ("link-name", 2)]


def test_findings_name_act_rules_wcag_and_engine_in_json_and_earl(news_run: dict[str, Any]) -> None:
    """Anyone can score a run against the ACT suite: each finding names its ACT rules."""
    page = next(p for p in news_run["report"]["pages"] if p["url"].endswith("/news/2.html"))
    image = next(v for v in page["violations"] if v["id"] == "image-alt")
    assert (image["engine"], image["act_rules"], image["wcag"][:1]) == ("axe-core", ["23a2a8"], ["1.1.1"])
    assert "9.1.1.1" in image["en_301_549"]
    assert all({"act_rules", "wcag", "engine"} <= set(r) for p in news_run["report"]["pages"]
               for r in p["violations"] + p["incomplete"])
    earl = json.loads((news_run["out"] / "n.earl.json").read_text())
    subject = next(s for s in earl["@graph"] if s["source"].endswith("/news/2.html"))
    assertion = next(a for a in subject["assertions"] if a["test"]["title"] == "image-alt")
    assert assertion["result"]["outcome"] == "earl:failed"
    assert "ACT:23a2a8" in assertion["test"]["isPartOf"]


def test_html_report_reads_well_and_passes_axe(full_run: dict[str, Any]) -> None:
    html = (full_run["out"] / "a.html").read_text()
    assert html.index("Summary") < html.index("Problems to fix") < html.index("By page")
    assert "image-alt" in html and "Images must have alternative text" in html
    assert "https://dequeuniversity.com/rules/axe/" in html
    slovenian = full_run["out"] / "a-sl.html"
    write_html(full_run["report"], slovenian, "sl")
    driver = make_driver()
    try:
        for path in (full_run["out"] / "a.html", slovenian):
            driver.get(path.as_uri())
            result = run_axe(driver)
            assert (path.name, result["violations"], result["incomplete"]) == (path.name, [], [])
    finally:
        driver.quit()


def test_threshold_and_ignore_decide_the_exit_status(site: Any) -> None:
    only_about = ["--include", "about", "--no-keyboard"]
    assert audit(site.url + "/", *only_about, "--fail-on", "critical").exit_code == 1
    passed = audit(site.url + "/", *only_about, "--fail-on", "serious",
                   "--ignore", "image-alt", "A placeholder image, replaced in the next release")
    assert passed.exit_code == 0, passed.output


def test_baseline_shows_new_and_fixed(full_run: dict[str, Any], tmp_path: Path) -> None:
    previous = json.loads(json.dumps(full_run["report"]))
    about = next(p for p in previous["pages"] if p["url"].endswith("/about.html"))
    about["violations"] = [{"id": "link-name", "impact": "serious", "help": "", "tags": [],
                            "nodes": [{"target": ["a.gone"], "html": "<a class=gone>"}]}]
    (tmp_path / "previous.json").write_text(json.dumps(previous))
    result = audit(full_run["url"] + "/", "--include", "about", "--no-keyboard", *IGNORE_COOKIE,
                   "--baseline", str(tmp_path / "previous.json"), "--json", str(tmp_path / "b.json"))
    baseline = json.loads((tmp_path / "b.json").read_text())["baseline"]
    assert [(f["rule"], f["target"]) for f in baseline["new"]] == [("image-alt", "img")]
    assert [(f["rule"], f["target"]) for f in baseline["fixed"]] == [("link-name", "a.gone")]
    assert "Problems since the baseline: 1 new, 1 fixed" in result.stdout
    assert result.exit_code == 1


def stopped_after_first_page(site: Any, tmp_path: Path,
                             stop: Callable[[subprocess.Popen[str]], None]) -> dict[str, Any]:
    """`dostop audit` in a process of its own, stopped by `stop` once the first page is done:
    its exit status, last line, reports, and what it left in the temporary folder."""
    command = [sys.executable, "-m", "dostop", "audit", site.url + "/", "--workers", "1",
               "--lang", "en", "--json", str(tmp_path / "c.json"), "--sarif", str(tmp_path / "c.sarif")]
    with temporary_folder() as temporary:
        env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1] / "site"),
               "TMPDIR": str(temporary)}
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   text=True, env=env, start_new_session=True)
        assert process.stderr is not None
        for line in process.stderr:
            if line.startswith("[1/4]"):
                stop(process)
                break
        _, rest = process.communicate(timeout=60)
        left = list(temporary.iterdir())
        # Nor a Chromium still shutting down, which would write its profile again.
        still_running = browsers_using(temporary)
    return {"status": process.returncode, "last": rest.strip().splitlines()[-1],
            "report": json.loads((tmp_path / "c.json").read_text()),
            "sarif": json.loads((tmp_path / "c.sarif").read_text()),
            "left": (left, still_running)}


def test_ctrl_c_stops_and_reports_the_pages_done(site: Any, tmp_path: Path) -> None:
    # Ctrl+C on a terminal interrupts the whole process group: the audit, its ChromeDriver and
    # Chromium all get SIGINT.
    stopped = stopped_after_first_page(site, tmp_path, lambda p: os.killpg(p.pid, signal.SIGINT))
    assert stopped["status"] == 2
    assert stopped["last"].startswith("dostop audit: interrupted after ")
    report = stopped["report"]
    assert report["interrupted"] is True
    assert 1 <= len(report["pages"]) < 4
    assert any(s["reason"] == "not audited: the audit was interrupted" for s in report["skipped"])
    assert stopped["left"] == ([], [])


def test_sigterm_stops_like_ctrl_c(site: Any, tmp_path: Path) -> None:
    """What a CI runner sends on cancel, to the audit alone (not its browsers): the pages done
    are reported, and no browser nor profile is left behind."""
    stopped = stopped_after_first_page(site, tmp_path, lambda p: p.terminate())
    assert stopped["status"] == 2
    assert stopped["last"].startswith("dostop audit: interrupted after ")
    assert stopped["report"]["interrupted"] is True and 1 <= len(stopped["report"]["pages"]) < 4
    assert stopped["sarif"]["runs"][0]["invocations"][0]["executionSuccessful"] is False
    assert stopped["left"] == ([], [])
