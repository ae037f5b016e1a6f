"""Start-up time and memory with the demo content and with 1,000 and 10,000 generated articles
per language, and how fast listing and search stay at that size (rendered, not cached: every
request below is a first one).

    .venv/bin/python bench/startup.py [--sizes 0 1000 10000] [--starts 3]
        [--baseline OLD_CHECKOUT/site --baseline-name "before the index"]

Each size gets a data folder of its own (not the checkout's var/), empty at first, and two
starts, each in a fresh interpreter so memory is that start's alone:
- the first start, which builds the content index and the search index from nothing (what a
  new deploy or a changed engine does once);
- a second start with both indexes in place (what every later start and every further worker
  does), which then answers the requests timed below.
Each kind of start is made `--starts` times (a new data folder for each pair) and the fastest
kept. Each start is split into importing modules, opening the content index, opening the
search index and the rest (catalogs, templates, static bundles). The per-file figures printed
under the table are each size's time less the demo's in the same run, over the files it adds,
so the fixed cost and the machine's drift between runs are left out. The first row is
bench/hello.py, bare Starlette, started and asked for its page the same way: the floor under
every figure (TestClient's own cost included). `--baseline` measures an older checkout the
same way right after each size (before the content index, every start read every file: its
"first" and "second" starts differ only by the search index).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from common import BENCH, ROOT, machine, table
from generate_content import generate

PROBE = r"""
import gc, json, statistics, sys, time
t0 = time.perf_counter()
from dataclasses import replace
from pathlib import Path
import dostop.app
from dostop.app import create_app
from dostop.settings import Settings
t1 = time.perf_counter()
phases = {}
def phase(name, function):
    def timed(*args, **kwargs):
        begun = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            phases[name] = phases.get(name, 0.0) + time.perf_counter() - begun
    return timed
try:
    from dostop.content.index import ContentIndex
    ContentIndex.open = phase("content_s", ContentIndex.open)
except ImportError:  # --baseline: the loader from before the index read every file each start
    dostop.app.load_content = phase("content_s", dostop.app.load_content)
dostop.app.open_search = phase("search_s", dostop.app.open_search)
app = create_app(replace(Settings(), content_dir=Path(sys.argv[1]), var_dir=Path(sys.argv[2]),
                         site_url="http://testserver"))
t2 = time.perf_counter()
gc.collect()
rss_mb = int(open("/proc/self/statm").read().split()[1]) * 4096 / 1e6
content = app.state.site.content
index = getattr(content, "index", None)
result = {"files": len(content.items), "rebuilt": index.rebuilt if index else None,
          "import_s": t1 - t0, "create_app_s": t2 - t1, "rss_mb": rss_mb, **phases}
if sys.argv[3] == "serve":
    from starlette.testclient import TestClient
    client = TestClient(app)
    client.__enter__()
    last = max(1, -(-len(content.news("sl")) // content.types["news"].per_page))
    def timed(paths, headers=None):
        out = []
        for path in paths:
            t = time.perf_counter()
            r = client.get(path, headers=headers or {})
            out.append((time.perf_counter() - t) * 1000)
            assert r.status_code == 200, (path, r.status_code)
        return statistics.median(out)
    words = ("regija", "projekt", "razvoj", "okolje", "promet")
    result.update({
        "list_first_ms": timed([f"/sl/novice/?n={i}" for i in range(5)]),
        "list_last_ms": timed([f"/sl/novice/?page={last}&n={i}" for i in range(5)]),
        "search_ms": timed([f"/sl/iskanje/?q=kreativne+{w}" for w in words]),
        "search_fragment_ms": timed([f"/sl/iskanje/?q=mobilnost+{w}" for w in words],
                                    {"HX-Request": "true"}),
        "site_index_ms": timed(["/sl/kazalo/"]),
        "sitemap_ms": timed(["/sitemap.xml"]),
        "hit_ms": timed(["/sl/novice/"] * 5),
    })
print(json.dumps(result))
"""
# The yardstick, in the same run: bench/hello.py (bare Starlette) started and asked the same way.
BARE = r"""
import gc, json, statistics, time
t0 = time.perf_counter()
from hello import app
from starlette.testclient import TestClient
t1 = time.perf_counter()
gc.collect()
rss_mb = int(open("/proc/self/statm").read().split()[1]) * 4096 / 1e6
client = TestClient(app)
client.__enter__()
out = []
for _ in range(5):
    t = time.perf_counter()
    assert client.get("/").status_code == 200
    out.append((time.perf_counter() - t) * 1000)
print(json.dumps({"start_s": t1 - t0, "rss_mb": rss_mb, "hit_ms": statistics.median(out)}))
"""


def bare() -> dict[str, float]:
    output = subprocess.run([sys.executable, "-c", BARE], cwd=BENCH, check=True,
                            capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])  # type: ignore[no-any-return]


def probe(content: Path, var: Path, mode: str, site: Path) -> dict[str, float]:
    output = subprocess.run([sys.executable, "-c", PROBE, str(content), str(var), mode],
                            cwd=site.parent, check=True, capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": str(site)}).stdout
    return json.loads(output.strip().splitlines()[-1])  # type: ignore[no-any-return]


def measure(content: Path, starts: int, site: Path) -> tuple[dict[str, float], dict[str, float]]:
    """The fastest of `starts` first starts and of as many second starts (each pair on a new
    data folder), the requests timed after the last; single starts wander by a third here."""
    firsts, agains = [], []
    for round_ in range(starts):
        with tempfile.TemporaryDirectory(prefix="dostop-startup-var-") as var:
            firsts.append(probe(content, Path(var), "start", site))
            agains.append(probe(content, Path(var), "serve" if round_ == starts - 1 else "start",
                                site))
        assert agains[-1]["rebuilt"] is None or (firsts[-1]["rebuilt"] and
                                                 not agains[-1]["rebuilt"]), "second reuses"
    total = lambda r: r["import_s"] + r["create_app_s"]  # noqa: E731
    return min(firsts, key=total), {**min(agains, key=total), **{
        name: value for name, value in agains[-1].items() if name.endswith("_ms")}}


def start(r: dict[str, float]) -> str:
    return (f"{r['import_s'] + r['create_app_s']:.2f} s (import {r['import_s']:.2f}, content "
            f"{r['content_s']:.2f}, search {r['search_s']:.2f})")


def row(name: str, first: dict[str, float], r: dict[str, float]) -> list[str]:
    return [name, f"{r['files']:,}", start(first), start(r),
            f"{first['rss_mb']:.0f} / {r['rss_mb']:.0f} MB",
            f"{r['list_first_ms']:.1f} / {r['list_last_ms']:.1f} ms",
            f"{r['search_ms']:.1f} / {r['search_fragment_ms']:.1f} ms",
            f"{r['site_index_ms']:.0f} ms", f"{r['sitemap_ms']:.0f} ms", f"{r['hit_ms']:.2f} ms"]


Measured = tuple[dict[str, float], dict[str, float]]  # a size's first start, then second


def per_file(name: str, sizes: list[Measured], value: Callable[[Measured], float],
             unit: str, unit_per_file: str) -> str:
    """What each size adds to the demo's `value`, in all and a file (a thousandth of `unit`)."""
    demo, parts = sizes[0], []
    for size in sizes[1:]:
        files, added = size[0]["files"] - demo[0]["files"], value(size) - value(demo)
        parts.append(f"{added:+.2f} {unit} for {files:,.0f} files, "
                     f"{added * 1000 / files:.3f} {unit_per_file} a file")
    return f"{name}: " + "; ".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[0, 1000, 10000])
    parser.add_argument("--starts", type=int, default=3, help="starts of each kind, best kept")
    parser.add_argument("--baseline", type=Path,
                        help="the site/ folder of an older checkout, measured beside each size")
    parser.add_argument("--baseline-name", default="baseline", help="its rows' label")
    args = parser.parse_args()
    before = machine()
    rows, measured = [], []
    yardstick = min((bare() for _ in range(args.starts)), key=lambda r: r["start_s"])
    rows.append(["bare Starlette (bench/hello.py)", "-", "-",
                 f"{yardstick['start_s']:.2f} s (import and app)",
                 f"- / {yardstick['rss_mb']:.0f} MB", "-", "-", "-", "-",
                 f"{yardstick['hit_ms']:.2f} ms"])
    with tempfile.TemporaryDirectory(prefix="dostop-startup-") as tmp:
        for size in args.sizes:
            content = (ROOT / "site" / "content" if size == 0
                       else generate(size, Path(tmp) / str(size)))
            name = "demo" if size == 0 else f"demo + {size:,}"
            first, r = measure(content, args.starts, ROOT / "site")
            measured.append((first, r))
            rows.append(row(name, first, r))
            if args.baseline:
                rows.append(row(f"{name}, {args.baseline_name}",
                                *measure(content, args.starts, args.baseline)))
            if size:
                shutil.rmtree(content)
    print(f"Start-up and scale, in-process (TestClient), uncached first requests;\n"
          f"before: {before}\nafter:  {machine()}\n")
    print(table(rows, ["content (articles per language)", "files",
                       "first start (import, content, search)",
                       "second start, indexes in place", "RSS after first start / in place",
                       "news list page 1 / last", "search page / fragment", "site index",
                       "sitemap", "cached page"]))
    if args.sizes[0] == 0 and len(measured) > 1:
        total = lambda r: r["import_s"] + r["create_app_s"]  # noqa: E731
        print("\nAgainst the demo in the same run:")
        print(per_file("first start", measured, lambda m: total(m[0]), "s", "ms"))
        print(per_file("start, indexes in place", measured, lambda m: total(m[1]), "s", "ms"))
        print(per_file("RSS, indexes in place", measured, lambda m: m[1]["rss_mb"], "MB", "kB"))


if __name__ == "__main__":
    main()
