"""Does a page cost the same at 100,000 items per language as with the demo content? p99 at the
client (wrk, 50 connections, one worker) for the last page of the news list, a random article
and search with a new one- to four-letter prefix on every request, none served from the page
cache, against a server with the demo content and one with generated content, side by side.

The servers share CPU 0 (only one is loaded at a time), wrk runs on the other CPUs, and the
two sizes alternate page by page within each round, so whatever else the machine does falls on
both alike. Per page it prints the p99 of each run, the ratio of each round's pair, and the
median of those ratios: the figure that travels between machines. The app's own p99 (from its
request log) is printed beside it: the client's p99 on a loaded machine is mostly wrk's queue.
Prints figures; asserts nothing.

    .venv/bin/python bench/generate_content.py 100000 /tmp/dostop-scale/100000    # once
    .venv/bin/python bench/flat_cost.py --content /tmp/dostop-scale/100000 \
        [--var /tmp/dostop-flat] [--rounds 5] [--seconds 8]

--var keeps each size's content and search indexes between runs (the first start at 100,000
builds them: minutes); a start with the indexes in place takes seconds.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import tempfile
from pathlib import Path

from common import ROOT, dostop_server, machine, table
from scale import ARTICLE_LUA, LISTING_LUA, settled
from search_load import LUA as SEARCH_LUA
from search_load import prefixes
from throughput import cpu_plan, in_app_p99, parse_wrk, wrk

PAGES = ("listing", "article", "search")


def scripts(folder: Path, generated: int) -> dict[str, Path]:
    demo = sorted(p.stem for p in (ROOT / "site/content/sl/news").glob("*.md"))
    texts = {"listing": LISTING_LUA,
             "article": ARTICLE_LUA % (", ".join(f'"{s}"' for s in demo), generated),
             "search": SEARCH_LUA % ", ".join(f'"{p}"' for p in prefixes())}
    paths = {}
    for page, text in texts.items():
        paths[page] = folder / f"{page}-{generated}.lua"
        paths[page].write_text(text)
    return paths


def news_count(content: Path) -> int:
    return sum(1 for _ in (content / "sl" / "news").glob("*.md"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--content", type=Path, required=True,
                        help="a folder written by generate_content.py (demo + N per language)")
    parser.add_argument("--var", type=Path, default=Path("/tmp/dostop-flat"),
                        help="where each size's indexes are kept between runs")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=int, default=8, help="length of each wrk run")
    args = parser.parse_args()
    generated = max(int(p.stem.removeprefix("generated-"))
                    for p in (args.content / "sl" / "news").glob("generated-*.md")) + 1
    sizes = {0: ROOT / "site" / "content", generated: args.content}
    server_cpus, wrk_cpus, threads = cpu_plan(False)
    load = {"cpus": wrk_cpus, "threads": threads}
    before = machine()
    # runs[page][size] = [(client p99 ms, requests/s, errors, in-app p99 ms), ...]
    runs: dict[str, dict[int, list[tuple[float, float, int, float]]]] = {
        page: {size: [] for size in sizes} for page in PAGES}
    with contextlib.ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="dostop-flat-")))
        servers = {}
        for size, content in sizes.items():
            var = args.var / str(size)
            var.mkdir(parents=True, exist_ok=True)
            log = folder / f"{size}.log"
            env = {"DOSTOP_CONTENT_DIR": str(content), "DOSTOP_VAR_DIR": str(var),
                   "PYTHONPATH": str(ROOT / "site")}  # this checkout, not the installed one
            base = stack.enter_context(dostop_server(env, cpus=server_cpus, log_path=log,
                                                     start_timeout=3600))
            last = max(1, -(-news_count(content) // 6))
            urls = {"listing": f"{base}/sl/novice/?page={last}", "article": base + "/",
                    "search": base + "/sl/iskanje/?q="}
            settled(f"{base}/sl/novice/?n=0&page={last}")
            servers[size] = (urls, scripts(folder, size), log)
        offsets = {size: 0 for size in sizes}
        for size, (urls, lua, log) in servers.items():  # warm up: first reads open the files
            for page in PAGES:
                wrk(urls[page], 2, {}, str(lua[page]), **load)
            offsets[size] = in_app_p99(log, 0)[1]
        for _ in range(args.rounds):
            for page in PAGES:
                for size, (urls, lua, log) in servers.items():
                    rps, p99, errors = parse_wrk(wrk(urls[page], args.seconds, {},
                                                     str(lua[page]), **load))
                    app_p99, offsets[size] = in_app_p99(log, offsets[size])
                    runs[page][size].append((p99, rps, errors, app_p99))
    rows = []
    for page in PAGES:
        demo, large = runs[page][0], runs[page][generated]
        ratios = [b[0] / a[0] for a, b in zip(demo, large)]
        app_ratios = [b[3] / a[3] for a, b in zip(demo, large)]
        errors = [r[2] for r in demo + large]
        rows.append([
            page,
            " ".join(f"{r[0]:.0f}" for r in demo), " ".join(f"{r[0]:.0f}" for r in large),
            " ".join(f"{r:.2f}" for r in ratios), f"**{statistics.median(ratios):.2f}**",
            f"{statistics.median(r[3] for r in demo):.2f} / "
            f"{statistics.median(r[3] for r in large):.2f} ms "
            f"({statistics.median(app_ratios):.2f})",
            f"{statistics.mean(r[1] for r in demo):.0f} / {statistics.mean(r[1] for r in large):.0f}",
            f"{sum(errors)} (most in one run: {max(errors)})"])
    print(f"p99 at 50 connections, demo against demo + {generated:,} per language; "
          f"{args.rounds} rounds x {args.seconds} s, alternating; servers on CPU {server_cpus}, "
          f"wrk on CPU {wrk_cpus}")
    print(f"before: {before}\nafter:  {machine()}\n")
    print(table(rows, ["page", "p99 demo, per round (ms)", f"p99 +{generated:,} (ms)",
                       "ratio per round", "median ratio", "in-app p99, median demo / large (median ratio)",
                       "req/s demo / large", "errors (wrk: 2 s timeouts, sockets)"]))


if __name__ == "__main__":
    main()
