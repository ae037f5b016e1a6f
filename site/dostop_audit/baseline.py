"""Compares an audit with an earlier one (`--baseline previous.json`): which problems are new,
which were fixed. Problems, not failing elements, are compared: a fault fixed in a template is
one fixed problem, however many pages it was on."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from dostop_audit.groups import group_problems, problem_summary

Report = dict[str, Any]


class BaselineError(ValueError):
    pass


def load_baseline(path: Path) -> Report:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BaselineError(f"cannot read the baseline {path}: {error}") from None
    if not isinstance(data, dict) or not isinstance(data.get("pages"), list):
        raise BaselineError(f"{path} is not a report written by dostop audit --json")
    return data


def compare(previous: Report, current: Report) -> dict[str, list[dict[str, Any]]]:
    """New: in this run, not in the baseline. Fixed: in the baseline, gone from every page this
    run audited, and at least one of its pages was audited (a page left out proves nothing).
    The baseline's problems are grouped again from its pages, so reports written before
    problems were grouped, or by another version, compare the same way."""
    before = {problem["id"]: problem for problem in group_problems(previous["pages"])}
    now = {problem["id"]: problem for problem in current["groups"]}
    audited = {(p["url"], str(p.get("mode"))) for p in current["pages"] if not p.get("error")}
    return {
        "new": [problem_summary(now[k]) for k in now if k not in before],
        "fixed": [problem_summary(problem) for k, problem in before.items() if k not in now
                  and any((w["url"], str(w["mode"])) in audited for w in problem["pages"])],
    }
