"""Lighthouse 12.2.3 performance scores (npm; version 13 needs a newer Node.js than Debian's)
with Debian's Chromium. Lighthouse is installed once into a temporary folder outside the repo
(`$TMPDIR/dostop-lighthouse-12.2.3`), never into the project. Budget: ≥ 95.

    .venv/bin/python bench/lighthouse.py
"""

from __future__ import annotations

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
    binary = lighthouse()
    before = machine()
    rows = []
    with dostop_server() as base:
        for what, path in PAGES:
            for preset in ("mobile", "desktop"):
                s = score(binary, base + path, preset)
                rows.append([what, preset, f"{s['score']:.0f} (≥ 95)", f"{s['fcp']:.0f} ms",
                             f"{s['lcp']:.0f} ms", f"{s['tbt']:.0f} ms", f"{s['cls']:.3f}",
                             "ok" if s["score"] >= 95 else "UNDER"])
    print(f"Lighthouse {VERSION}, performance only, Chromium {CHROME}; {before}\n"
          "(mobile: Lighthouse's default simulated slow 4G and 4× CPU slowdown)\n")
    print(table(rows, ["page", "preset", "score", "FCP", "LCP", "TBT", "CLS", "budget"]))


if __name__ == "__main__":
    main()
