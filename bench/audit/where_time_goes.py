"""Where one page's audit time goes: each step `dostop audit` takes on a page, timed apart.

    .venv/bin/python bench/audit/where_time_goes.py [--pages 12]

Serves the Dostop site on a free loopback port, finds its pages with the audit's crawler, and
in one headless Chromium (engines preloaded, as the runner does) runs on each of the first N
pages exactly what the runner runs (`page_audit.load` and `audit_state`), timing each step.
Prints the median and total per step.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "site"))
sys.path.insert(0, str(ROOT / "bench"))

from common import dostop_server  # noqa: E402
from dostop_audit import checks, page_audit  # noqa: E402
from dostop_audit.browser import make_driver  # noqa: E402
from dostop_audit.crawler import crawl  # noqa: E402
from dostop_audit.engines import ace, axe, own  # noqa: E402
from dostop_audit.engines.preload import preload_engines  # noqa: E402
from dostop_audit.profiles import PROFILES  # noqa: E402
from dostop_audit.runner import AuditOptions, Environment, PageResult  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=12)
    args = parser.parse_args()
    times: dict[str, list[float]] = defaultdict(list)

    def timed(step: str, work: Callable[[], Any]) -> Any:
        started = time.perf_counter()
        try:
            return work()
        finally:
            times[step].append(time.perf_counter() - started)

    def wrap(owner: Any, name: str, step: str) -> None:
        original = getattr(owner, name)
        setattr(owner, name, lambda *a, **k: timed(step, lambda: original(*a, **k)))

    wrap(page_audit, "load", "load")
    wrap(axe, "inject", "  axe-core: inject where not preloaded")
    wrap(axe, "run", "  axe-core: run")
    wrap(ace, "inject_and_run", "  IBM Equal Access: run")
    wrap(own, "run", "  Dostop's own procedures")
    wrap(page_audit, "run_engines", "engines (the three above)")
    wrap(checks, "keyboard_violations", "keyboard checks")
    wrap(own, "after_keyboard", "after the keyboard: changing text, bypass blocks")
    options = AuditOptions()
    with dostop_server() as base:
        urls = [page.url for page in crawl(base + "/").pages][:args.pages]
        driver = make_driver()
        preload_engines(driver)
        try:
            driver.get(urls[0])  # warm-up, not counted
            for url in urls:
                deadline = page_audit.Deadline(options.page_timeout)
                page_audit.load(driver, url, deadline)
                timed("whole page", lambda: page_audit.audit_state(
                    driver, PageResult(url, None), options, Environment(), deadline))
        finally:
            driver.quit()
            PROFILES.remove()
    print(f"{len(urls)} pages of the Dostop site, one Chromium")
    print("| step | median ms | total s |\n|---|---:|---:|")
    for step, values in times.items():
        print(f"| {step} | {statistics.median(values) * 1000:.0f} | {sum(values):.1f} |")


if __name__ == "__main__":
    main()
