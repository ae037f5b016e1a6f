"""Requests per second and p99 latency under wrk (50 connections, one uvicorn worker each),
alternating a bare Starlette "hello world" and each Dostop page in the same run, so the
machine's drift cancels out. Budget: at least half the bare rate; p99 under 25 ms.

By default each server runs on CPU 0 and wrk on the other CPUs (`taskset`), so the load
tool does not take the server's core in turns with it, as separate client machines would not;
`--shared-cpus` lets them share every core, the noisier figure. The in-app p99 comes from
Dostop's own request log (`duration_ms`: from the first middleware in to the last byte handed
to uvicorn), and tells the app's share of the tail from the server's and the machine's.

    .venv/bin/python bench/throughput.py [--seconds 8] [--rounds 3] [--shared-cpus]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from common import dostop_server, hello_server, machine, pinned, table

SEED = "/sl/novice/kulturne-in-kreativne-industrije-kot-strategija/"
HX = {"HX-Request": "true", "HX-Request-Type": "partial"}
# (what, path, headers, has a budget)
TARGETS: list[tuple[str, str, dict[str, str], bool]] = [
    ("home", "/sl/", {}, True),
    ("news list", "/sl/novice/", {}, True),
    ("article", SEED, {}, True),
    ("article, mode on (cookie)", SEED, {"Cookie": "@MODE_ON@"}, False),
    # What browsers send: the page goes out as 4-5 kB of brotli instead of 18-20 kB of HTML.
    ("article, brotli (Accept-Encoding as a browser sends it)", SEED,
     {"Accept-Encoding": "gzip, deflate, br, zstd"}, False),
    ("news page 2, htmx fragment", "/sl/novice/?page=2", HX, False),
    ("search", "/sl/iskanje/?q=kreativne", {}, False),
    ("search, htmx fragment", "/sl/iskanje/?q=kreativne", HX, False),
    ("search, a new query each request (uncached)", "/sl/iskanje/?q=", {"@LUA@": "1"}, False),
]
# Each request asks for a query never asked before: the page cache cannot help.
UNCACHED_LUA = """
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", wrk.path .. "kreativ" .. counter .. "+" .. math.random(1, 1000000000))
end
"""


def parse_wrk(output: str) -> tuple[float, float, int]:
    """requests/s, p99 in ms, and the count of errors (non-2xx/3xx, socket errors)."""
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]
    value, unit = re.search(r"99%\s+([\d.]+)(us|ms|s)", output).groups()  # type: ignore[union-attr]
    p99 = float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
    errors = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", output))
    errors += sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output))
    return rps, p99, errors


def wrk(url: str, seconds: int, headers: dict[str, str], script: str | None = None, *,
        cpus: str | None = None, threads: int = 2) -> str:
    command = ["wrk", f"-t{threads}", "-c50", f"-d{seconds}s", "--latency", url]
    for name, value in headers.items():
        command[1:1] = ["-H", f"{name}: {value}"]
    if script:
        command[1:1] = ["-s", script]
    return subprocess.run(pinned(command, cpus), capture_output=True, text=True,
                          check=True).stdout


def in_app_p99(log: Path, start: int) -> tuple[float, int]:
    """The p99 of `duration_ms` in the request lines written to `log` after byte `start`, and
    where the log ends now. The log is flushed twice a second: wait for it first."""
    time.sleep(0.6)
    with open(log, "rb") as handle:
        handle.seek(start)
        data = handle.read()
    durations = sorted(json.loads(line)["duration_ms"] for line in data.splitlines()
                       if b'"message":"request"' in line)
    if not durations:
        return float("nan"), start + len(data)
    return durations[min(len(durations) - 1, int(len(durations) * 0.99))], start + len(data)


def cpu_plan(shared: bool) -> tuple[str | None, str | None, int]:
    """(the servers' CPUs, wrk's CPUs, wrk's threads)."""
    count = os.cpu_count() or 1
    if shared or count < 2:
        return None, None, 2
    return "0", f"1-{count - 1}" if count > 2 else "1", count - 1


def mode_on_cookie() -> str:
    from dostop.http.preferences import COOKIE_NAME, Preferences, PreferencesCodec
    from dostop.settings import Settings

    return f"{COOKIE_NAME}={PreferencesCodec(Settings.from_env().secret_key).dumps(Preferences(mode='on'))}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--seconds", type=int, default=8, help="length of each wrk run")
    parser.add_argument("--rounds", type=int, default=3, help="alternations per page")
    parser.add_argument("--shared-cpus", action="store_true",
                        help="let wrk and the servers share every CPU (no taskset)")
    args = parser.parse_args()
    server_cpus, wrk_cpus, threads = cpu_plan(args.shared_cpus)
    before = machine()
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
        lua.write(UNCACHED_LUA)
    log = Path(tempfile.mkstemp(prefix="dostop-throughput-", suffix=".log")[1])
    rows = []
    with hello_server(cpus=server_cpus) as bare, \
            dostop_server(cpus=server_cpus, log_path=log) as ours:
        load = {"cpus": wrk_cpus, "threads": threads}
        wrk(bare + "/", 2, {}, **load)  # warm both up
        wrk(ours + "/sl/", 2, {}, **load)
        _, offset = in_app_p99(log, 0)
        for what, path, headers, budgeted in TARGETS:
            script = lua.name if "@LUA@" in headers else None
            headers = {k: v.replace("@MODE_ON@", mode_on_cookie()) for k, v in headers.items()
                       if k != "@LUA@"}
            bare_rps, ours_rps, p99s, bare_p99s, app_p99s, errors = [], [], [], [], [], 0
            for _ in range(args.rounds):
                b = parse_wrk(wrk(bare + "/", args.seconds, {}, **load))
                o = parse_wrk(wrk(ours + path, args.seconds, headers, script, **load))
                app_p99, offset = in_app_p99(log, offset)
                bare_rps.append(b[0])
                ours_rps.append(o[0])
                bare_p99s.append(b[1])
                p99s.append(o[1])
                app_p99s.append(app_p99)
                errors += o[2]
            ratio = statistics.mean(o / b for o, b in zip(ours_rps, bare_rps))
            p99 = max(p99s)  # the worst round, not the average: a budget is met every time
            verdict = ("ok" if ratio >= 0.5 and p99 < 25 and not errors else "OVER") if budgeted else "-"
            rows.append([what, f"{statistics.mean(bare_rps):,.0f}", f"{statistics.mean(ours_rps):,.0f}",
                         f"{ratio:.0%} (≥ 50%)" if budgeted else f"{ratio:.0%}",
                         f"{p99:.1f} ms (< 25)" if budgeted else f"{p99:.1f} ms",
                         f"{max(bare_p99s):.1f} ms", f"{max(app_p99s):.2f} ms", str(errors), verdict])
    log.unlink()
    where = ("wrk and the servers share every CPU" if server_cpus is None else
             f"servers on CPU {server_cpus}, wrk on CPU {wrk_cpus}")
    print(f"Throughput, wrk -t{threads} -c50, {args.rounds} × {args.seconds} s per page, "
          f"alternating; {where}; p99 columns: the worst round")
    print(f"before: {before}\nafter:  {machine()}\n")
    print(table(rows, ["page", "bare Starlette req/s", "Dostop req/s", "ratio", "Dostop p99",
                       "bare p99", "in-app p99", "errors", "budget"]))


if __name__ == "__main__":
    main()
