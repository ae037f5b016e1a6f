"""`dostop audit` on pages that break audits (tests/fixtures/bad_pages.py): a script that breaks
the engines, a frame from another origin, 20,000 elements, a load that never ends, a tab that
hangs. Each is reported, with its reason, in every report; the run goes on and the pages
around them are audited. One audit run, two workers, a 40 s time limit per page (a quarter of it, 10 s, for loading: enough for
the good pages on a busy machine)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from click.testing import CliRunner

from dostop_audit.command import audit_command
from dostop_audit.report_html import write_html

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parent / "fixtures"))
from bad_pages import BadPages  # noqa: E402
from test_audit_sarif import assert_valid_sarif  # noqa: E402

pytestmark = pytest.mark.browser
LIMIT = "time limit of 40 s"


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    out = tmp_path_factory.mktemp("bad")
    with BadPages() as site:
        result = CliRunner().invoke(audit_command, [
            site.url + "/", "--workers", "2", "--lang", "en", "--page-timeout", "40",
            "--json", str(out / "r.json"), "--junit", str(out / "r.xml"),
            "--sarif", str(out / "r.sarif"), "--html", str(out / "r.html")])
        report = json.loads((out / "r.json").read_text())
        yield {"result": result, "out": out, "report": report,
               "pages": {p["url"].removeprefix(site.url): p for p in report["pages"]}}


def reasons(page: dict[str, Any]) -> str:
    return " | ".join([page["error"], *page["not_fully_audited"]])


def test_every_page_is_reported_and_the_good_ones_fully(run: dict[str, Any]) -> None:
    pages = run["pages"]
    assert set(pages) == {"/", "/engine.html", "/frame.html", "/big.html", "/loading.html",
                          "/hang.html", "/after.html"}
    for good in ("/", "/after.html"):
        assert (pages[good]["error"], pages[good]["not_fully_audited"]) == ("", [])
    # Whatever a page did, it is audited or carries the reason why not.
    assert all(page["passes"] or reasons(page).strip(" |") for page in pages.values())
    assert run["result"].exit_code == 1, run["result"].output


def test_each_bad_page_says_why(run: dict[str, Any]) -> None:
    pages = run["pages"]
    broken = reasons(pages["/engine.html"]).split("; ")
    assert [r for r in broken if r.startswith("axe-core failed: ") and "map is broken" in r]
    assert [r for r in broken if r.startswith("ibm-equal-access failed: ") and "map is broken" in r]
    # A load that never ends: audited as it was after a quarter of the limit, findings kept.
    loading = pages["/loading.html"]
    assert loading["error"] == "" and loading["passes"]
    assert loading["not_fully_audited"] == [
        "did not finish loading within 10 s, audited as loaded by then"]
    # A tab that stops answering after the engines (in the keyboard checks or the step after
    # them, as the machine's speed has it): stopped at the page's limit, not at ChromeDriver's
    # own shorter wait, with the engines' findings kept.
    hang = pages["/hang.html"]
    assert hang["passes"] and hang["error"] == ""
    [why] = hang["not_fully_audited"]
    assert why.endswith(" did not finish within the page's time limit of 40 s"), why
    big = pages["/big.html"]
    assert big["title"] == "Big" and (big["passes"] or LIMIT in reasons(big))


def test_a_frame_from_another_origin_is_audited_inside(run: dict[str, Any]) -> None:
    frame = run["pages"]["/frame.html"]
    assert frame["not_fully_audited"] == []
    [image] = [v for v in frame["violations"] if v["id"] == "image-alt"]
    assert image["nodes"][0]["target"] == ["iframe", "img"]


def test_every_report_names_the_pages_not_fully_audited(run: dict[str, Any]) -> None:
    output = run["result"].stdout
    assert " not fully audited (its findings stand" in output or " not fully audited (their" in output
    assert "/loading.html: did not finish loading within 10 s" in output
    assert run["report"]["summary"]["not_fully_audited"] >= 1
    root = ElementTree.parse(run["out"] / "r.xml").getroot()
    skipped = {c.get("name", "").rsplit("/", 1)[-1]: c.find("skipped") for c in root.iter("testcase")
               if c.get("classname") == "page" and c.find("skipped") is not None}
    assert "did not finish loading" in (skipped["loading.html"].get("message") or "")  # type: ignore[union-attr]
    sarif = json.loads((run["out"] / "r.sarif").read_text())
    assert_valid_sarif(sarif)
    notes = [n["message"]["text"] for n in sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"]]
    assert any("loading.html: not fully audited: did not finish loading" in n for n in notes)
    html = (run["out"] / "r.html").read_text()
    assert "Not fully audited" in html and "did not finish loading within 10 s" in html
    write_html(run["report"], run["out"] / "sl.html", "sl")
    slovenian = (run["out"] / "sl.html").read_text()
    assert "did not finish loading" not in slovenian and "v 10 s" in slovenian
