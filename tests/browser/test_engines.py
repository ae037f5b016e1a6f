"""The rule engines as the audit runs them: the versions pinned in package.json, in the page and
inside its frames, each finding naming its engine, ACT rules, WCAG criteria and EN clauses."""

from __future__ import annotations

import json
from pathlib import Path

from selenium import webdriver

from dostop_audit.engines import ace, run_engines, versions
from dostop_audit.engines.suite import serve

ROOT = Path(__file__).resolve().parents[2]

FRAMED = """<!DOCTYPE html><html lang="en"><head><title>Framed</title></head>
<body><main><h1>Framed</h1><img src="data:," id="unnamed"></main></body></html>"""
PAGE = """<!DOCTYPE html><html lang="en"><head><title>Outer</title></head>
<body><main><h1>Outer</h1><iframe src="framed.html" title="A framed page"></iframe>
<a href="/elsewhere"></a></main></body></html>"""


def test_engines_are_the_pinned_versions() -> None:
    pinned = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["dependencies"]
    assert versions() == {"axe-core": pinned["axe-core"],
                          "ibm-equal-access": pinned["accessibility-checker-engine"]}


def test_both_engines_check_inside_frames(browser: webdriver.Chrome, tmp_path: Path) -> None:
    (tmp_path / "framed.html").write_text(FRAMED, encoding="utf-8")
    (tmp_path / "page.html").write_text(PAGE, encoding="utf-8")
    with serve(tmp_path) as base:
        browser.get(base + "/page.html")
        found = run_engines(browser, ibm_rules="all")
        raw_ibm, skipped = ace.inject_and_run(browser)
    assert not found.errors and not found.skipped_frames
    by_engine = {(r["engine"], r["id"]): r for r in found.violations}
    # The image without a name is inside the frame: only an engine run in the frame sees it.
    image = by_engine["axe-core", "image-alt"]
    assert image["nodes"][0]["target"] == ["iframe", "#unnamed"]
    assert image["act_rules"] == ["23a2a8"] and "1.1.1" in image["wcag"]
    assert "9.1.1.1" in image["en_301_549"]
    assert not skipped  # IBM's own results, before merging with axe's
    assert any(len(item["target"]) == 2 for item in raw_ibm), raw_ibm  # [frame, element]
    link = by_engine["axe-core", "link-name"]
    assert link["act_rules"] == ["c487ae"] and "4.1.2" in link["wcag"]
