"""Requests per second and p99 latency under wrk (50 connections, one uvicorn worker each),
alternating a bare Starlette "hello world" and each Dostop page in the same run, so the
machine's drift cancels out. Budget: at least half the bare rate; p99 under 25 ms.

    .venv/bin/python bench/throughput.py [--seconds 8] [--rounds 2]
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import tempfile

from common import dostop_server, hello_server, machine, table

SEED = "/sl/novice/kulturne-in-kreativne-industrije-kot-strategija/"
HX = {"HX-Request": "true", "HX-Request-Type": "partial"}
# (what, path, headers, has a budget)
TARGETS: list[tuple[str, str, dict[str, str], bool]] = [
    ("home", "/sl/", {}, True),
    ("news list", "/sl/novice/", {}, True),
    ("article", SEED, {}, True),
    ("article, mode on (cookie)", SEED, {"Cookie": "@MODE_ON@"}, False),
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


def wrk(url: str, seconds: int, headers: dict[str, str], script: str | None = None) -> str:
    command = ["wrk", "-t2", "-c50", f"-d{seconds}s", "--latency", url]
    for name, value in headers.items():
        command[1:1] = ["-H", f"{name}: {value}"]
    if script:
        command[1:1] = ["-s", script]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def mode_on_cookie() -> str:
    from dostop.preferences import COOKIE_NAME, Preferences, PreferencesCodec
    from dostop.settings import Settings

    return f"{COOKIE_NAME}={PreferencesCodec(Settings.from_env().secret_key).dumps(Preferences(mode='on'))}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--seconds", type=int, default=8, help="length of each wrk run")
    parser.add_argument("--rounds", type=int, default=2, help="alternations per page")
    args = parser.parse_args()
    before = machine()
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
        lua.write(UNCACHED_LUA)
    rows = []
    with hello_server() as bare, dostop_server() as ours:
        wrk(bare + "/", 2, {})  # warm both up
        wrk(ours + "/sl/", 2, {})
        for what, path, headers, budgeted in TARGETS:
            script = lua.name if "@LUA@" in headers else None
            headers = {k: v.replace("@MODE_ON@", mode_on_cookie()) for k, v in headers.items()
                       if k != "@LUA@"}
            bare_rps, ours_rps, p99s, bare_p99s, errors = [], [], [], [], 0
            for _ in range(args.rounds):
                b = parse_wrk(wrk(bare + "/", args.seconds, {}))
                o = parse_wrk(wrk(ours + path, args.seconds, headers, script))
                bare_rps.append(b[0])
                ours_rps.append(o[0])
                bare_p99s.append(b[1])
                p99s.append(o[1])
                errors += o[2]
            ratio = statistics.mean(o / b for o, b in zip(ours_rps, bare_rps))
            p99 = max(p99s)
            verdict = ("ok" if ratio >= 0.5 and p99 < 25 and not errors else "OVER") if budgeted else "-"
            rows.append([what, f"{statistics.mean(bare_rps):,.0f}", f"{statistics.mean(ours_rps):,.0f}",
                         f"{ratio:.0%} (≥ 50%)" if budgeted else f"{ratio:.0%}",
                         f"{p99:.1f} ms (< 25)" if budgeted else f"{p99:.1f} ms",
                         f"{max(bare_p99s):.1f} ms", str(errors), verdict])
    print(f"Throughput, wrk -t2 -c50, {args.rounds} × {args.seconds} s per page, alternating")
    print(f"before: {before}\nafter:  {machine()}\n")
    print(table(rows, ["page", "bare Starlette req/s", "Dostop req/s", "ratio", "Dostop p99",
                       "bare p99", "errors", "budget"]))


if __name__ == "__main__":
    main()
