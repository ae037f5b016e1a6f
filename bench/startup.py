"""Start-up time and memory with the demo content and with 1,000 and 10,000 generated articles
per language, and how fast listing and search stay at that size (rendered, not cached: every
request below is a first one).

    .venv/bin/python bench/startup.py [--sizes 0 1000 10000]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from common import ROOT, machine, table
from generate_content import generate

# Runs in a fresh interpreter per size, so memory is that size's alone.
PROBE = r"""
import gc, json, resource, statistics, sys, time
t0 = time.perf_counter()
from dataclasses import replace
from pathlib import Path
from dostop.app import create_app
from dostop.settings import Settings
t1 = time.perf_counter()
app = create_app(replace(Settings(), content_dir=Path(sys.argv[1]), site_url="http://testserver"))
t2 = time.perf_counter()
gc.collect()
rss_mb = int(open("/proc/self/statm").read().split()[1]) * 4096 / 1e6
from starlette.testclient import TestClient
client = TestClient(app)
client.__enter__()
pages = app.state.site.content.news("sl")
last = max(1, -(-len(pages) // app.state.site.content.types['news'].per_page))
def timed(paths, headers=None):
    out = []
    for path in paths:
        t = time.perf_counter()
        r = client.get(path, headers=headers or {})
        out.append((time.perf_counter() - t) * 1000)
        assert r.status_code == 200, (path, r.status_code)
    return statistics.median(out)
hx = {"HX-Request": "true"}
result = {
    "articles": len(app.state.site.content.items),
    "import_s": t1 - t0, "create_app_s": t2 - t1, "rss_mb": rss_mb,
    "list_first_ms": timed([f"/sl/novice/?n={i}" for i in range(5)]),
    "list_last_ms": timed([f"/sl/novice/?page={last}&n={i}" for i in range(5)]),
    "search_ms": timed([f"/sl/iskanje/?q=kreativne+{w}" for w in ("regija", "projekt", "razvoj", "okolje", "promet")]),
    "search_fragment_ms": timed([f"/sl/iskanje/?q=mobilnost+{w}" for w in ("regija", "projekt", "razvoj", "okolje", "promet")], hx),
    "site_index_ms": timed(["/sl/kazalo/"]),
    "sitemap_ms": timed(["/sitemap.xml"]),
    "hit_ms": timed(["/sl/novice/"] * 5),
}
print(json.dumps(result))
"""


def probe(content: Path) -> dict[str, float]:
    output = subprocess.run([sys.executable, "-c", PROBE, str(content)], cwd=ROOT, check=True,
                            capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT / "site")}).stdout
    return json.loads(output.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[0, 1000, 10000])
    args = parser.parse_args()
    before = machine()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            content = ROOT / "site" / "content" if size == 0 else generate(size, Path(tmp) / str(size))
            r = probe(content)
            rows.append([
                "demo" if size == 0 else f"demo + {size:,}", str(r["articles"]),
                f"{r['import_s'] + r['create_app_s']:.2f} s", f"{r['rss_mb']:.0f} MB",
                f"{r['list_first_ms']:.1f} / {r['list_last_ms']:.1f} ms",
                f"{r['search_ms']:.1f} / {r['search_fragment_ms']:.1f} ms",
                f"{r['site_index_ms']:.0f} ms", f"{r['sitemap_ms']:.0f} ms", f"{r['hit_ms']:.2f} ms"])
            if size:
                import shutil
                shutil.rmtree(content)
    print(f"Start-up and scale, in-process (TestClient), uncached first requests; {before}\n")
    print(table(rows, ["content (articles per language)", "files", "start-up (import + build)",
                       "memory (RSS)", "news list page 1 / last", "search page / fragment",
                       "site index", "sitemap", "cached page"]))


if __name__ == "__main__":
    main()
