"""Scale: the content index's first build, start-up with the index in place, memory per worker,
and p99 at the client for a deep listing page and an article, for the demo content and for
1,000, 10,000 and 100,000 generated articles per language, with the ratio of the largest to
the demo measured in the same run (the machine's speed wanders; the ratio does not).

    .venv/bin/python bench/scale.py [--sizes 0 1000 10000 100000] [--content /tmp/dostop-scale]
        [--baseline ../old-checkout/site] [--seconds 10]

Generated content is written once under --content (`<size>/`) and reused by later runs: at
100,000 per language it is 200,000 files and takes minutes to write. Each size gets a fresh
index: its first build is timed alone in a new process, then a first start (which also builds
the search index) is made, then a second start is timed, then one `dostop serve` worker (pinned
to CPU 0, wrk on the other CPUs) answers wrk's 50 connections. Every request carries a new
`?n=` so none is served from the page cache: the listing is the last page of the news list,
the article a random one (a random generated one when there are any). `--baseline` points at
the `site/` folder of a checkout from before the index, to measure the old loader's per-file
rate on the same content in the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from common import ROOT, dostop_server, machine, table
from generate_content import generate
from throughput import cpu_plan, parse_wrk, wrk

BUILD = r"""
import sys, time
from pathlib import Path
from dostop.content.index import ContentIndex
t = time.perf_counter()
ContentIndex(Path(sys.argv[2]) / "content-index.sqlite3", Path(sys.argv[1]),
             Path(sys.argv[3])).open()
print(time.perf_counter() - t)
"""
START = r"""
import gc, json, sys, time
t0 = time.perf_counter()
from dataclasses import replace
from pathlib import Path
from dostop.app import create_app
from dostop.settings import Settings
t1 = time.perf_counter()
app = create_app(replace(Settings(), content_dir=Path(sys.argv[1]), var_dir=Path(sys.argv[2]),
                         site_url="http://testserver"))
t2 = time.perf_counter()
gc.collect()
rss = int(open("/proc/self/statm").read().split()[1]) * 4096 / 1e6
content = app.state.site.content
print(json.dumps({"start_s": t2 - t0, "import_s": t1 - t0, "rss_mb": rss,
                  "rebuilt": content.index.rebuilt, "files": len(content.items),
                  "news": len(content.news("sl"))}))
"""
# Today's loader, for its per-file rate: every file read, checked and kept in memory.
BASELINE = r"""
import sys, time
from pathlib import Path
from dostop.content import load_content
t = time.perf_counter()
repository = load_content(Path(sys.argv[1]), Path(sys.argv[2]))
print(time.perf_counter() - t, len(repository.items))
"""
LISTING_LUA = """
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", wrk.path .. "&n=" .. counter)
end
"""
ARTICLE_LUA = """
counter = 0
slugs = {%s}
generated = %d
request = function()
  counter = counter + 1
  local slug
  if generated > 0 then slug = "generated-" .. math.random(0, generated - 1)
  else slug = slugs[math.random(#slugs)] end
  return wrk.format("GET", "/sl/novice/" .. slug .. "/?n=" .. counter)
end
"""


def run(code: str, *args: str, site: Path = ROOT / "site") -> str:
    return subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, check=True,
                          capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(site)}).stdout.strip()


def content_for(size: int, folder: Path) -> Path:
    if size == 0:
        return ROOT / "site" / "content"
    target = folder / str(size)
    if not (target / "en" / "news" / f"generated-{size - 1}.md").exists():
        generate(size, target)
    return target


def settled(url: str, budget: float = 300) -> float:
    """Waits until `url` answers within a second (a large site's first start catches up with
    its files in the background); returns the seconds waited."""
    started = time.monotonic()
    while time.monotonic() - started < budget:
        begun = time.monotonic()
        try:
            with urllib.request.urlopen(url, timeout=5):
                if time.monotonic() - begun < 1:
                    break
        except OSError:
            pass
        time.sleep(0.5)
    return time.monotonic() - started


def rss_of(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1000
    return 0.0


def measure(size: int, content: Path, args: argparse.Namespace) -> dict[str, float]:
    static = str(ROOT / "static")
    with tempfile.TemporaryDirectory(prefix="dostop-scale-") as var:
        build_s = float(run(BUILD, str(content), var, static))
        # The first start finds the content index and builds the search index from it.
        first = json.loads(run(START, str(content), var).splitlines()[-1])
        started = json.loads(run(START, str(content), var).splitlines()[-1])
        assert not started["rebuilt"], "the second start must reuse the index"
        result = {"build_s": build_s, "first_start_s": first["start_s"], **started}
        if args.baseline and size == args.baseline_size:
            # Alternated, best of each: the load on a shared machine moves within a minute.
            old, new = [], []
            for _ in range(args.rounds):
                seconds, files = run(BASELINE, str(content), static, site=args.baseline).split()
                old.append(float(seconds) * 1000 / int(files))
                with tempfile.TemporaryDirectory(prefix="dostop-scale-") as fresh:
                    new.append(float(run(BUILD, str(content), fresh, static)) * 1000
                               / started["files"])
            result["baseline_ms_per_file"], result["build_ms_per_file"] = min(old), min(new)
        server_cpus, load_cpus, threads = cpu_plan(False)
        last = max(1, -(-started["news"] // 6))
        demo = sorted(p.stem for p in (ROOT / "site/content/sl/news").glob("*.md"))
        with tempfile.TemporaryDirectory() as scripts:
            listing, article = Path(scripts, "l.lua"), Path(scripts, "a.lua")
            listing.write_text(LISTING_LUA)
            article.write_text(ARTICLE_LUA % (", ".join(f'"{s}"' for s in demo), size))
            env = {"DOSTOP_CONTENT_DIR": str(content), "DOSTOP_VAR_DIR": var,
                   "PYTHONPATH": str(ROOT / "site")}  # this checkout, not the installed one
            with dostop_server(env, cpus=server_cpus) as base:
                # This server's, by its port: other sessions may run servers of their own.
                port = base.rsplit(":", 1)[1]
                pid = int(subprocess.run(["pgrep", "-n", "-f", f"dostop serve --port {port} "],
                                         capture_output=True, text=True).stdout.split()[0])
                for name, url, script in (("listing", f"{base}/sl/novice/?page={last}", listing),
                                          ("article", base + "/", article)):
                    settled(url.replace("?page", "?n=0&page") if "?" in url else url
                            + "sl/novice/" + (f"generated-{size - 1}" if size else demo[0]) + "/")
                    wrk(url, 2, {}, str(script), cpus=load_cpus, threads=threads)  # warm-up
                    rps, p99, errors = parse_wrk(wrk(url, args.seconds, {}, str(script),
                                                     cpus=load_cpus, threads=threads))
                    result[f"{name}_p99_ms"], result[f"{name}_rps"] = p99, rps
                    result[f"{name}_errors"] = errors
                result["serve_rss_mb"] = rss_of(pid)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[0, 1000, 10000, 100000])
    parser.add_argument("--content", type=Path, default=Path("/tmp/dostop-scale"),
                        help="where generated content is kept between runs")
    parser.add_argument("--baseline", type=Path, default=None,
                        help="site/ of a checkout from before the content index")
    parser.add_argument("--baseline-size", type=int, default=10000,
                        help="the size at which the old loader is timed (it holds every item "
                        "in memory: about 3 GB at 100,000 per language)")
    parser.add_argument("--rounds", type=int, default=3,
                        help="alternated builds, old loader and index, for the per-file rate")
    parser.add_argument("--seconds", type=int, default=10)
    args = parser.parse_args()
    before = machine()
    results = {}
    for size in args.sizes:
        content = content_for(size, args.content)
        results[size] = measure(size, content, args)
        print(size, json.dumps(results[size]), file=sys.stderr, flush=True)
    rows = []
    for size, r in results.items():
        per_item = r["build_s"] * 1000 / r["files"]
        search_s = r["first_start_s"] - r["start_s"]
        rows.append([
            "demo" if size == 0 else f"demo + {size:,}", f"{r['files']:,}",
            f"{r['build_s']:.1f} s ({per_item:.3f} ms/file)",
            f"{search_s:.1f} s ({(r['build_s'] + search_s) * 1000 / r['files']:.3f} ms/file)",
            f"{r['start_s']:.2f} s (import {r['import_s']:.2f})",
            f"{r['rss_mb']:.0f} / {r['serve_rss_mb']:.0f} MB",
            f"{r['listing_p99_ms']:.1f} ms ({r['listing_rps']:.0f}/s)",
            f"{r['article_p99_ms']:.1f} ms ({r['article_rps']:.0f}/s)",
            str(int(r["listing_errors"] + r["article_errors"]))])
    print(f"Scale; {before}; after: {machine()}\n")
    print(table(rows, ["content (articles per language)", "files", "first index build",
                       "search index at the first start (both, per file)",
                       "start-up, index in place", "RSS after start / serving",
                       "p99 last list page", "p99 article", "errors"]))
    baseline = [r for r in results.values() if "baseline_ms_per_file" in r]
    if baseline:
        old, new = baseline[0]["baseline_ms_per_file"], baseline[0]["build_ms_per_file"]
        print(f"\nFirst build per file at {args.baseline_size:,} per language (best of "
              f"{args.rounds}, alternated): {new:.3f} ms; the loader before the index "
              f"{old:.3f} ms on the same content: {old / new:.1f}x")
    if 0 in results and len(results) > 1:
        top = max(results)
        for name in ("listing", "article"):
            ratio = results[top][f"{name}_p99_ms"] / results[0][f"{name}_p99_ms"]
            print(f"p99 {name}, {top:,} per language / demo: {ratio:.2f}")


if __name__ == "__main__":
    main()
