"""What the browser suite's markup checks cost: per page, axe-core (pinned) and IBM Equal Access
in Chromium; per run, the Nu Html Checker over every sitemap page, with the JVM flags the test
uses and with Java's defaults.

    .venv/bin/python bench/markup_checks.py

Serves the site in-process on a free loopback port (as the browser tests do), opens every
sitemap page once in headless Chromium with scripts on and the engines preloaded, and times each
engine's run (wall clock: the page is loaded already). Then writes the pages as served to a
temporary folder and runs vnu.jar over them twice, reporting wall and CPU (user + sys) time.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
for folder in ("site", "tests", "tests/browser"):
    sys.path.insert(0, str(ROOT / folder))

from engines import preload_engines  # noqa: E402
from servers import ThreadedServer, free_port  # noqa: E402
from states import sitemap_paths  # noqa: E402
from test_valid_html import JAVA_FLAGS, VNU, served  # noqa: E402

from dostop.app import create_app  # noqa: E402
from dostop.settings import Settings  # noqa: E402
from dostop_audit.browser import WCAG_TAGS, make_driver  # noqa: E402
from dostop_audit.engines import ace, axe  # noqa: E402


def vnu_cpu(flags: tuple[str, ...], files: list[Path]) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    subprocess.run(["java", *flags, "-jar", str(VNU), "--format", "json", "--stdout",
                    *map(str, files)], capture_output=True, check=False)
    wall = time.monotonic() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    port = free_port()
    settings = replace(Settings(), var_dir=Path(tempfile.mkdtemp()), secret_key="bench",
                       show_patterns=True, site_url=f"http://127.0.0.1:{port}")
    with ThreadedServer(create_app(settings), port) as server:
        paths = sitemap_paths(server.url)
        driver = make_driver()
        preload_engines(driver)
        axe_times, ibm_times = [], []
        for path in paths:
            driver.get(server.url + path)
            started = time.monotonic()
            axe.inject(driver)
            axe.run(driver, tags=WCAG_TAGS, rules=None)
            axe_times.append(time.monotonic() - started)
            started = time.monotonic()
            ace.inject_and_run(driver)
            ibm_times.append(time.monotonic() - started)
        driver.quit()
        folder = Path(tempfile.mkdtemp())
        files = []
        for index, path in enumerate(paths):
            files.append(folder / f"{index:03d}.html")
            files[-1].write_text(served(server.url + path, None), encoding="utf-8")
    print(f"{len(paths)} pages; load average {os.getloadavg()[0]:.1f}")
    for name, times in (("axe-core", axe_times), ("IBM Equal Access", ibm_times)):
        print(f"{name}: median {statistics.median(times):.2f} s a page, total {sum(times):.1f} s")
    for label, flags in (("vnu, the test's flags", JAVA_FLAGS), ("vnu, Java's defaults", ())):
        wall, cpu = vnu_cpu(flags, files)
        print(f"{label}: {wall:.1f} s wall, {cpu:.1f} s CPU for {len(files)} pages")


if __name__ == "__main__":
    main()
