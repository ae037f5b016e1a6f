"""The W3C ACT Rules test suite as the audit runs it: its pages served from a local copy on
loopback, and its test cases (testcases.json) grouped by rule, each rule scored on its approved
cases when it has them, as the W3C implementation pages score."""

from __future__ import annotations

import functools
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

TESTCASES_PATH = "/WAI/content-assets/wcag-act-rules/"


@dataclass(frozen=True)
class TestCase:
    __test__ = False  # not a pytest class, though its name starts with Test

    rule: str
    rule_name: str
    id: str
    title: str
    expected: str  # "passed", "failed" or "inapplicable"
    path: str  # relative to TESTCASES_PATH
    approved: bool
    url: str  # where the W3C publishes it: EARL reports name test cases by it


def load_cases(suite: Path) -> dict[str, list[TestCase]]:
    """ACT rule id → the test cases it is scored on."""
    raw = json.loads((suite / "testcases.json").read_text(encoding="utf-8"))["testcases"]
    by_rule: dict[str, list[TestCase]] = {}
    for case in raw:
        by_rule.setdefault(case["ruleId"], []).append(TestCase(
            case["ruleId"], case["ruleName"], case["testcaseId"], case["testcaseTitle"],
            case["expected"], case["relativePath"], bool(case.get("approved")), case["url"]))
    return {rule: [c for c in cases if c.approved] or cases for rule, cases in by_rule.items()}


class _Quiet(SimpleHTTPRequestHandler):
    # As the W3C serves them: pages without a <meta charset> ("Next…") are UTF-8.
    extensions_map = {**SimpleHTTPRequestHandler.extensions_map,
                      ".html": "text/html; charset=utf-8", ".xhtml": "application/xhtml+xml; charset=utf-8"}

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base's name
        pass


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serves `directory` on a free loopback port; yields the base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
