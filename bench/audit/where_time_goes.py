"""Where one page's audit time goes: each step `dostop audit` takes on a page, timed apart.

    .venv/bin/python bench/audit/where_time_goes.py [--pages 12]

Serves the Dostop site on a free loopback port, finds its pages with the audit's crawler, and
in one headless Chromium runs on each of the first N pages what the runner runs, step by step:
load, both engines (injection into the page and its frames, then the run), the keyboard
checks. Prints the median and total per step.
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
from dostop_audit import checks  # noqa: E402
from dostop_audit.browser import WCAG_TAGS, make_driver  # noqa: E402
from dostop_audit.crawler import crawl  # noqa: E402
from dostop_audit.engines import ace, axe, run_engines  # noqa: E402
from dostop_audit.engines.preload import preload_engines  # noqa: E402
from dostop_audit.profiles import PROFILES  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=12)
    args = parser.parse_args()
    times: dict[str, list[float]] = defaultdict(list)

    def timed(step: str, work: Callable[[], Any]) -> Any:
        started = time.perf_counter()
        result = work()
        times[step].append(time.perf_counter() - started)
        return result

    def wrap(owner: Any, name: str, step: str) -> None:
        original = getattr(owner, name)
        setattr(owner, name, lambda *a, **k: timed(step, lambda: original(*a, **k)))

    # Inside "both engines": injecting axe (sends its source), running it, and IBM's (both in one).
    wrap(axe, "inject", "  axe: inject into page and frames")
    wrap(axe, "run", "  axe: run")
    wrap(ace, "inject_and_run", "  IBM: inject and run")

    with dostop_server() as base:
        urls = [page.url for page in crawl(base + "/").pages][:args.pages]
        driver = make_driver()
        preload_engines(driver)  # as the runner does
        execute = driver.execute_script

        def execute_script(script: str, *arguments: Any) -> Any:
            if len(script) < 100_000:
                return execute(script, *arguments)
            return timed("    sending a script over 100 kB", lambda: execute(script, *arguments))

        driver.execute_script = execute_script  # type: ignore[method-assign]
        try:
            timed("first load (warm-up, not counted)", lambda: driver.get(urls[0]))
            for url in urls:
                timed("load", lambda: driver.get(url))
                timed("both engines", lambda: run_engines(driver, tags=WCAG_TAGS))
                timed("keyboard checks", lambda: checks.keyboard_violations(driver))
        finally:
            driver.quit()
            PROFILES.remove()
    print(f"{len(urls)} pages of the Dostop site, one Chromium")
    print("| step | median ms | total s |\n|---|---:|---:|")
    for step, values in times.items():
        print(f"| {step} | {statistics.median(values) * 1000:.0f} | {sum(values):.1f} |")


if __name__ == "__main__":
    main()
