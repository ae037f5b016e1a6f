"""Lighthouse 12.2.3 performance scores (npm; version 13 needs a newer Node.js than Debian's)
with Debian's Chromium. Lighthouse is installed once into a temporary folder outside the repo
(`$TMPDIR/dostop-lighthouse-12.2.3`), never into the project. Budget: ≥ 95.

    .venv/bin/python bench/lighthouse.py [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import tempfile
from pathlib import Path

from common import dostop_server, machine, table

VERSION = "12.2.3"
PAGES = [("home", "/sl/"), ("article", "/sl/novice/kulturne-in-kreativne-industrije-kot-strategija/")]
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")


def lighthouse() -> Path:
    prefix = Path(tempfile.gettempdir()) / f"dostop-lighthouse-{VERSION}"
    binary = prefix / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        prefix.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "install", "--prefix", str(prefix), "--no-audit", "--no-fund",
                        "--loglevel=error", f"lighthouse@{VERSION}"], check=True)
    return binary


def score(binary: Path, url: str, preset: str) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as out:
        report = Path(out) / "report.json"
        command = [str(binary), url, "--only-categories=performance", "--output=json",
                   f"--output-path={report}", "--quiet",
                   "--chrome-flags=--headless=new --no-sandbox --disable-gpu"]
        if preset == "desktop":
            command.append("--preset=desktop")
        subprocess.run(command, check=True, env={**os.environ, "CHROME_PATH": CHROME},
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300)
        data = json.loads(report.read_text())
    audits = data["audits"]
    return {
        "score": data["categories"]["performance"]["score"] * 100,
        "fcp": audits["first-contentful-paint"]["numericValue"],
        "lcp": audits["largest-contentful-paint"]["numericValue"],
        "tbt": audits["total-blocking-time"]["numericValue"],
        "cls": audits["cumulative-layout-shift"]["numericValue"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3,
                        help="runs per page and preset; the median run is reported")
    args = parser.parse_args()
    binary = lighthouse()
    before = machine()
    rows = []
    with dostop_server() as base:
        for what, path in PAGES:
            for preset in ("mobile", "desktop"):
                # Lighthouse's own advice for variable machines: the median of several runs
                # (https://github.com/GoogleChrome/lighthouse/blob/main/docs/variability.md).
                runs = sorted((score(binary, base + path, preset) for _ in range(args.runs)),
                              key=lambda r: r["score"])
                s = runs[len(runs) // 2]
                spread = f"{runs[0]['score']:.0f}–{runs[-1]['score']:.0f}"
                rows.append([what, preset, f"{s['score']:.0f} (≥ 95)", spread,
                             f"{s['fcp']:.0f} ms", f"{s['lcp']:.0f} ms", f"{s['tbt']:.0f} ms",
                             f"{s['cls']:.3f}", "ok" if s["score"] >= 95 else "UNDER"])
    print(f"Lighthouse {VERSION}, performance only, Chromium {CHROME}, median of {args.runs} "
          f"runs; {before}; after: {machine()}\n"
          "(mobile: Lighthouse's default simulated slow 4G and 4× CPU slowdown)\n")
    print(table(rows, ["page", "preset", "median score", "all runs", "FCP", "LCP", "TBT", "CLS",
                       "budget"]))


if __name__ == "__main__":
    main()
