"""Pages per minute: `dostop audit` against pa11y-ci, same pages, same number of workers.

    .venv/bin/python bench/audit/bench_audit.py [--workers 2]

Serves the Dostop site on a free loopback port, finds its pages once with the audit's crawler,
and times (wall clock, whole command including browser start-up):
  1. pa11y-ci (npm, axe runner) on that URL list, concurrency = workers, Debian's Chromium;
  2. `dostop audit URL --no-keyboard` (axe-core and IBM Equal Access in every frame; it also
     crawls);
  3. `dostop audit URL` (both engines plus the keyboard checks, the default).
`dostop audit` runs from this checkout (PYTHONPATH=site), not from whatever the venv installed.
pa11y-ci is installed with PUPPETEER_SKIP_DOWNLOAD=1 into $PA11Y_DIR (default
/tmp/dostop-pa11y-ci), never into the repository.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "site"))
sys.path.insert(0, str(ROOT / "bench"))

from common import dostop_server  # noqa: E402
from dostop_audit.crawler import crawl  # noqa: E402

PA11Y_VERSION = "4.1.1"
PA11Y_DIR = Path(os.environ.get("PA11Y_DIR", "/tmp/dostop-pa11y-ci"))
CHROMIUM = "/usr/bin/chromium"


def ensure_pa11y() -> Path:
    binary = PA11Y_DIR / "node_modules" / ".bin" / "pa11y-ci"
    if not binary.exists():
        PA11Y_DIR.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "install", "--prefix", str(PA11Y_DIR), "--no-audit", "--no-fund",
                        f"pa11y-ci@{PA11Y_VERSION}"], check=True,
                       env={**os.environ, "PUPPETEER_SKIP_DOWNLOAD": "1"})
    return binary


def timed(command: list[str], cwd: str | None = None,
          env: dict[str, str] | None = None) -> tuple[float, str]:
    """Wall-clock seconds and the command's output."""
    started = time.monotonic()
    done = subprocess.run(command, capture_output=True, text=True, cwd=cwd, env=env)
    return time.monotonic() - started, done.stdout + done.stderr


def pa11y_ci(binary: Path, config: Path, scratch: str) -> tuple[float, str]:
    seconds, output = timed([str(binary), "--config", str(config)], cwd=scratch)
    lines = output.strip().splitlines()
    failed = sum(1 for line in lines if "Failed to run" in line)
    return seconds, f"{lines[-1] if lines else ''}; {failed} \"Failed to run\""


def dostop_audit(base: str, workers: int, scratch: str, *extra: str) -> tuple[float, str]:
    report = Path(scratch) / "dostop.json"
    seconds, _ = timed([sys.executable, "-m", "dostop", "audit", base + "/",
                        "--workers", str(workers), "--lang", "en", "--json", str(report), *extra],
                       env={**os.environ, "PYTHONPATH": str(ROOT / "site")})
    pages = json.loads(report.read_text())["pages"]
    errors = sum(1 for page in pages if page["error"])
    partly = sum(1 for page in pages if page.get("not_fully_audited"))
    found = sum(len(v["nodes"]) for page in pages for v in page["violations"])
    times = sorted(page["seconds"] for page in pages)
    return seconds, (f"{len({p['url'] for p in pages})} pages audited, {errors} errors, "
                     f"{partly} not fully audited, {found} failing elements; per page median "
                     f"{times[len(times) // 2]:.1f} s, slowest {times[-1]:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    pa11y = ensure_pa11y()
    with tempfile.TemporaryDirectory() as scratch, dostop_server() as base:
        urls = [page.url for page in crawl(base + "/").pages]
        config = Path(scratch) / "pa11y.json"
        config.write_text(json.dumps({
            "defaults": {"runners": ["axe"], "standard": "WCAG2AA", "timeout": 60000,
                         "concurrency": args.workers,
                         "chromeLaunchConfig": {"executablePath": CHROMIUM,
                                                "args": ["--no-sandbox", "--disable-dev-shm-usage"]}},
            "urls": urls}))
        load = os.getloadavg()[0]
        rows = [
            (f"pa11y-ci {PA11Y_VERSION} (axe runner)", *pa11y_ci(pa11y, config, scratch)),
            ("dostop audit --no-keyboard (axe + IBM)",
             *dostop_audit(base, args.workers, scratch, "--no-keyboard")),
            ("dostop audit (axe + IBM + keyboard checks)", *dostop_audit(base, args.workers, scratch)),
        ]
    print(f"{len(urls)} pages, {args.workers} workers, {os.cpu_count()} cores, "
          f"load average {load:.1f} before and {os.getloadavg()[0]:.1f} after")
    print("| tool | seconds | pages per minute | outcome |\n|---|---|---|---|")
    for name, seconds, outcome in rows:
        print(f"| {name} | {seconds:.0f} | {len(urls) * 60 / seconds:.1f} | {outcome} |")


if __name__ == "__main__":
    main()
