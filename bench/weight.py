"""The weight of a first visit, as headless Chromium transfers it (Resource Timing's
transferSize: compressed bodies plus headers), images aside. A fresh browser profile per page,
so nothing comes from its cache. Budget: ≤ 40 kB in all, JavaScript ≤ 20 kB, ≤ 4 requests
besides the page itself.

    .venv/bin/python bench/weight.py
"""

from __future__ import annotations

import time
from typing import Any

from common import dostop_server, machine, table

from dostop_audit.browser import make_driver

PAGES = [("home", "/sl/"), ("article", "/sl/novice/kulturne-in-kreativne-industrije-kot-strategija/"),
         ("home (en)", "/en/"), ("news list", "/sl/novice/")]
SCRIPT = """
const nav = performance.getEntriesByType('navigation')[0];
const res = performance.getEntriesByType('resource').map(r => ({
  name: r.name, type: r.initiatorType, transfer: r.transferSize, body: r.decodedBodySize}));
return {page: nav.transferSize, page_body: nav.decodedBodySize, resources: res};
"""


def measure(base: str, path: str) -> dict[str, Any]:
    driver = make_driver()
    try:
        driver.get(base + path)
        time.sleep(1.0)  # let deferred scripts run and anything they fetch arrive
        result: dict[str, Any] = driver.execute_script(SCRIPT)
        return result
    finally:
        driver.quit()


def main() -> None:
    rows = []
    details = []
    before = machine()
    with dostop_server() as base:
        for what, path in PAGES:
            result = measure(base, path)
            resources = result["resources"]
            # Pictures in the content; the favicon counts as a request like the others.
            images = [r for r in resources if r["type"] in ("img", "image")]
            others = [r for r in resources if r not in images]
            js = sum(r["transfer"] for r in others if r["type"] == "script"
                     or r["name"].endswith(".js"))
            total = result["page"] + sum(r["transfer"] for r in others)
            ok = total <= 40_000 and js <= 20_000 and len(others) <= 4
            rows.append([what, f"{result['page'] / 1000:.1f} kB ({result['page_body'] / 1000:.1f} kB unpacked)",
                         f"{total / 1000:.1f} kB (≤ 40)", f"{js / 1000:.1f} kB (≤ 20)",
                         f"{len(others)} (≤ 4)", f"{len(images)}, {sum(r['transfer'] for r in images) / 1000:.1f} kB",
                         "ok" if ok else "OVER"])
            details.append(f"{what} {path}: " + ", ".join(
                f"{r['name'].replace(base, '')} {r['transfer']} B" for r in resources))
    print(f"First visit, headless Chromium, fresh profile; {before}\n")
    print(table(rows, ["page", "HTML transferred", "total, images aside", "JavaScript",
                       "requests besides the page", "images (aside)", "budget"]))
    print()
    print("\n".join(details))


if __name__ == "__main__":
    main()
