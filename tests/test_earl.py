"""`--earl PATH`: the audit as an ACT implementation report (EARL 1.0, JSON-LD) that the W3C ACT
implementation pages read: a TestSubject per page, an Assertion per procedure with its outcome
and the ACT rules and WCAG criteria it is part of."""

from __future__ import annotations

import json
from pathlib import Path

from dostop_audit.engines.earl import CONTEXT, write_earl

PAGE = {
    "url": "https://www.example.si/",
    "violations": [{"id": "image-alt", "engine": "axe-core", "act_rules": ["23a2a8"],
                    "wcag": ["1.1.1"], "nodes": [{"target": ["img"]}]}],
    "incomplete": [{"id": "color-contrast", "engine": "axe-core", "act_rules": [],
                    "wcag": ["1.4.3"], "nodes": [{"target": ["p"]}]}],
}


def test_earl_names_each_procedure_with_its_outcome_act_rules_and_criteria(tmp_path: Path) -> None:
    path = tmp_path / "earl.json"
    write_earl([PAGE], path, procedures=lambda url: ["image-alt", "link-name"])
    report = json.loads(path.read_text(encoding="utf-8"))
    assert report["@context"] == CONTEXT
    [subject] = report["@graph"]
    assert subject["@type"] == "TestSubject" and subject["source"] == PAGE["url"]
    outcomes = {a["test"]["title"]: a["result"]["outcome"] for a in subject["assertions"]}
    assert outcomes == {"image-alt": "earl:failed", "color-contrast": "earl:cantTell",
                        "link-name": "earl:passed"}
    image = next(a for a in subject["assertions"] if a["test"]["title"] == "image-alt")
    assert image["test"]["isPartOf"] == ["WCAG2:1.1.1", "ACT:23a2a8"]
    assert image["mode"] == "earl:automatic" and image["assertedBy"]["title"] == "dostop audit"
