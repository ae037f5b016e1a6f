"""Search with a new query on every request as the archive grows: wrk at 50 connections against
one worker per content size, every request a one- to four-letter prefix of a word from the
content plus a counter, so no answer comes from the page cache. The servers run side by side
(CPU 0, wrk on the others) and the sizes alternate within each round, so the machine's drift
falls on all of them alike; the p99 ratio to the demo content is the figure that travels.
Prints figures; asserts nothing.

    .venv/bin/python bench/generate_content.py 10000 /tmp/dostop-content-10000
    .venv/bin/python bench/generate_content.py 100000 /tmp/dostop-content-100000
    .venv/bin/python bench/search_load.py [--sizes 0 10000 100000] [--seconds 10] [--rounds 3]

Each size's search index is kept in --index-dir (built by the first run, reused by the next:
as production does, a start-up finds the index built). A size whose generated content folder
is missing is left out.
"""

from __future__ import annotations

import argparse
import contextlib
import random
import re
import statistics
import tempfile
import urllib.parse
from pathlib import Path

from common import dostop_server, machine, table
from throughput import cpu_plan, in_app_p99, parse_wrk, wrk

ROOT = Path(__file__).resolve().parents[1]
PREFIXES = 4000

LUA = """
prefixes = {%s}
counter = 0
request = function()
  counter = counter + 1
  local q = prefixes[math.random(1, #prefixes)]
  return wrk.format("GET", wrk.path .. q .. "&n=" .. counter .. "-" .. math.random(1, 1000000000))
end
"""


def prefixes(seed: int = 18) -> list[str]:
    """One- to four-letter beginnings of the Slovenian words in the demo content, URL-encoded,
    each length equally often (so a quarter are single letters: the costliest)."""
    words = []
    for path in (ROOT / "site" / "content" / "sl").rglob("*.md"):
        words += [w for w in re.findall(r"[^\W\d_]+", path.read_text().lower()) if len(w) >= 4]
    rng = random.Random(seed)
    chosen = [rng.choice(words)[: rng.randint(1, 4)] for _ in range(PREFIXES)]
    return [urllib.parse.quote(p) for p in chosen]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[0, 10000, 100000],
                        help="generated articles per language (0: the demo content)")
    parser.add_argument("--seconds", type=int, default=10, help="length of each wrk run")
    parser.add_argument("--rounds", type=int, default=3, help="alternations per size")
    parser.add_argument("--index-dir", type=Path, default=Path("/tmp/dostop-search-bench"))
    parser.add_argument("--content", default="/tmp/dostop-content-{size}",
                        help="where generate_content.py wrote each size's folder")
    parser.add_argument("--env", action="append", default=[], metavar="NAME=VALUE",
                        help="a setting for every server (e.g. DATABASE_URL=postgresql://...)")
    args = parser.parse_args()
    server_cpus, wrk_cpus, threads = cpu_plan(False)
    args.index_dir.mkdir(parents=True, exist_ok=True)
    sizes = [s for s in args.sizes if s == 0 or Path(args.content.format(size=s)).is_dir()]
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
        lua.write(LUA % ", ".join(f'"{p}"' for p in prefixes()))
    before = machine()
    with contextlib.ExitStack() as stack:
        servers = {}
        for size in sizes:
            env = dict(item.split("=", 1) for item in args.env)
            env["PYTHONPATH"] = str(ROOT / "site")  # this checkout's code, whatever the venv has
            env["DOSTOP_SEARCH_INDEX"] = str(args.index_dir / f"search-{size}.sqlite3")
            if size:
                env["DOSTOP_CONTENT_DIR"] = args.content.format(size=size)
            log = Path(tempfile.mkstemp(prefix=f"dostop-search-{size}-", suffix=".log")[1])
            base = stack.enter_context(dostop_server(env, cpus=server_cpus, log_path=log,
                                                     start_timeout=1800))
            servers[size] = (base, log)
        load = {"cpus": wrk_cpus, "threads": threads}
        results: dict[int, list[tuple[float, float, int, float]]] = {s: [] for s in sizes}
        offsets = {size: 0 for size in sizes}
        for size, (base, log) in servers.items():  # warm up: the first queries open the file
            wrk(base + "/sl/iskanje/?q=", 2, {}, lua.name, **load)
            offsets[size] = in_app_p99(log, 0)[1]
        for _ in range(args.rounds):
            for size, (base, log) in servers.items():
                rps, p99, errors = parse_wrk(wrk(base + "/sl/iskanje/?q=", args.seconds, {},
                                                 lua.name, **load))
                app_p99, offsets[size] = in_app_p99(log, offsets[size])
                results[size].append((rps, p99, errors, app_p99))
    Path(lua.name).unlink()
    demo_p99 = max(r[1] for r in results[sizes[0]])
    rows = []
    for size in sizes:
        runs = results[size]
        p99 = max(r[1] for r in runs)
        rows.append([f"demo + {size:,}" if size else "demo",
                     f"{statistics.mean(r[0] for r in runs):,.0f}", f"{p99:.1f} ms",
                     f"{p99 / demo_p99:.2f}", f"{max(r[3] for r in runs):.2f} ms",
                     str(sum(r[2] for r in runs))])
    print(f"Search, a new 1-4 letter prefix each request: wrk -t{threads} -c50, "
          f"{args.rounds} × {args.seconds} s per size, alternating; servers on CPU "
          f"{server_cpus}, wrk on CPU {wrk_cpus}; p99: the worst round")
    print(f"before: {before}\nafter:  {machine()}\n")
    print(table(rows, ["content (articles per language)", "req/s", "p99", "p99 / demo",
                       "in-app p99", "errors"]))


if __name__ == "__main__":
    main()
