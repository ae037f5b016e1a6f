"""The W3C ACT Rules test suite through `dostop audit`'s engines and checks, scored as the W3C
implementation pages score: the consistency table (per ACT rule, per engine and combined,
beside the published figures of other checkers), the EARL report, and the raw results.

    .venv/bin/python bench/act/run.py [--suite ../shared/act-rules] [--rules ID,ID] [--out DIR]

One headless Chromium, the suite's pages served from the local copy on loopback. Writes
DIR/earl.json, DIR/results.json and DIR/table.md (DIR: bench/act/out). On a busy machine, run
shards in parallel (`--shard 1/2` and `--shard 2/2` write DIR/results-1.json, -2.json) and then
`--from-results` to score them together."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "site"))

from dostop_audit.browser import make_driver  # noqa: E402
from dostop_audit.engines import versions  # noqa: E402
from dostop_audit.engines.act import _by_rule as act_by_rule  # noqa: E402
from dostop_audit.engines.act import act_rules_of  # noqa: E402
from dostop_audit.engines.act import table as act_table  # noqa: E402
from dostop_audit.engines.conformance import counts, outcome, procedures, score  # noqa: E402
from dostop_audit.engines.earl import write_earl  # noqa: E402
from dostop_audit.engines.suite import load_cases, serve  # noqa: E402
from dostop_audit.engines.suite_run import audit_cases  # noqa: E402

# The suite beside the checkout (../shared/act-rules), or beside the folder of worktrees.
SUITE = next((p / "shared" / "act-rules" for p in (ROOT.parent, ROOT.parent.parent)
              if (p / "shared" / "act-rules").is_dir()), ROOT.parent / "shared" / "act-rules")
ENGINE_COLUMNS = ("axe-core", "ibm-equal-access", "dostop")
PUBLISHED = ("webmate-accessibility-workbench", "total-validator-browser", "sortsite",
             "usablenet-aqa-auto", "qualweb", "alfa", "axe-core", "equal-access")


def only_engine(results: dict[str, dict], engine: str) -> dict[str, dict]:
    """One engine's findings, each with the ACT rules of its own rule id (results from runs that
    merged IBM's findings into axe's entries, "also_found_by", are split back)."""
    def own(result: dict) -> list[dict]:
        kept = []
        if result.get("engine") == engine:
            kept.append({**result, "act_rules": act_rules_of(result["id"])})
        if engine == "ibm-equal-access":
            kept += [{"id": rule, "engine": engine, "act_rules": act_rules_of(rule), "nodes": []}
                     for rule in result.get("also_found_by", [])]
        return kept
    return {case: {kind: [r for result in found.get(kind, []) for r in own(result)]
                   for kind in ("violations", "incomplete", "advice")} for case, found in results.items()}


def table(cases: dict, results: dict, suite: Path) -> tuple[str, dict]:
    combined = score(cases, results)
    per_engine = {engine: score(cases, only_engine(results, engine)) for engine in ENGINE_COLUMNS}
    totals = {"dostop audit (combined)": counts(combined)}
    totals.update({f"  {engine} alone": counts(s) for engine, s in per_engine.items()})
    published = json.loads((suite / "implementations-summary.json").read_text(encoding="utf-8"))
    lines = ["| implementation | complete | partial | inconsistent |", "|---|---:|---:|---:|"]
    for name, c in totals.items():
        lines.append(f"| {name.strip()} | {c['complete']} | {c['partial']} | {c['inconsistent']} |")
    for key in PUBLISHED:
        entry = published[key]
        c = entry["counts"]
        name = f"{entry['name']} {entry['version'] or ''}".strip()
        lines.append(f"| {name} (published) | {c.get('complete', 0)} | "
                     f"{c.get('partial', 0)} | – |")
    lines += ["", "| ACT rule | name | consistency | procedures | wrong test cases |",
              "|---|---|---|---|---|"]
    for act_id, entry in combined.items():
        name = cases[act_id][0].rule_name
        lines.append(f"| {act_id} | {name} | {entry['consistency']} | "
                     f"{', '.join(entry['procedures']) or '–'} | {', '.join(entry['wrong']) or ''} |")
    return "\n".join(lines) + "\n", totals


def claim(cases: dict, results: dict) -> dict[str, dict]:
    """Keeps in act-rules.json only the procedures that raised no false alarm on a rule's test
    cases, and writes each rule's consistency with them. Returns the new score."""
    path = ROOT / "site" / "dostop_audit" / "engines" / "act-rules.json"
    mapping = json.loads(path.read_text(encoding="utf-8"))
    for act_id, entry in mapping["rules"].items():
        if act_id not in cases:
            continue
        entry["procedures"] = [p for p in entry["procedures"] if not any(
            case.expected != "failed" and case.id in results
            and outcome(act_id, results[case.id], p["rule"]) == "failed"
            for case in cases[act_id])]
    path.write_text(json.dumps(mapping, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    act_table.cache_clear()
    act_by_rule.cache_clear()
    scored = score(cases, results)
    for act_id, entry in mapping["rules"].items():
        if act_id in scored:
            entry["consistency"] = scored[act_id]["consistency"]
    path.write_text(json.dumps(mapping, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return scored


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--suite", type=Path, default=SUITE)
    parser.add_argument("--rules", default="", help="only these ACT rules (comma-separated)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "act" / "out")
    parser.add_argument("--shard", default="", metavar="K/N", help="run every N-th case from K")
    parser.add_argument("--claim", action="store_true",
                        help="write each rule's measured consistency into act-rules.json "
                             "(what tests/test_act_suite.py holds the audit to)")
    parser.add_argument("--from-results", action="store_true",
                        help="score DIR/results-*.json (the shards) instead of running")
    args = parser.parse_args()
    cases = load_cases(args.suite)
    if args.rules:
        cases = {rule: cases[rule] for rule in args.rules.split(",")}
    every = [case for rule_cases in cases.values() for case in rule_cases]
    args.out.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    if args.from_results:
        results = {}
        for path in sorted(args.out.glob("results-*.json")):
            results.update(json.loads(path.read_text(encoding="utf-8")))
    else:
        shard, count = (int(n) for n in (args.shard or "1/1").split("/"))
        mine = [case for index, case in enumerate(every) if index % count == shard - 1]
        driver = make_driver()
        try:
            with serve(args.suite / "site") as base:
                results = audit_cases(driver, base, mine, lambda i, c: print(
                    f"{i + 1}/{len(mine)} {c.rule} {c.title}", file=sys.stderr, flush=True))
        finally:
            driver.quit()
        if args.shard:
            (args.out / f"results-{shard}.json").write_text(json.dumps(results), encoding="utf-8")
            print(f"{len(mine)} test cases in {time.monotonic() - started:.0f} s")
            return
    seconds = time.monotonic() - started
    if args.claim:
        claim(cases, results)
    markdown, totals = table(cases, results, args.suite)
    (args.out / "table.md").write_text(markdown, encoding="utf-8")
    (args.out / "results.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    by_url = {case.url: case for case in every}
    write_earl([{"url": case.url, **results[case.id]} for case in every], args.out / "earl.json",
               lambda url: procedures(by_url[url].rule))
    timing = "" if args.from_results else \
        f" in {seconds:.0f} s ({len(every) / seconds * 60:.0f} pages/min)"
    print(f"{len(every)} test cases of {len(cases)} rules{timing}; engines {versions()}")
    for name, c in totals.items():
        print(f"{name}: {c['complete']} complete, {c['partial']} partial, "
              f"{c['inconsistent']} inconsistent")


if __name__ == "__main__":
    main()
