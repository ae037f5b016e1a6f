"""Load test: one `dostop serve` process on loopback, wrk with bench/load/mix.lua (pages,
search, htmx fragments, assets, form posts) at 100 connections, and the server's memory (RSS)
sampled every second: at the start, the middle and the end of the run.

    .venv/bin/python bench/load/run.py [--seconds 60] [--connections 100] [--threads 2]

SQLite in a temporary var/ folder, no SMTP (messages become .eml files there), JSON request
logs to a file as in production. Prints wrk's summary and one line of figures.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from common import ROOT, VENV_BIN, free_port, machine, wait_until_up  # noqa: E402

HERE = Path(__file__).resolve().parent


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def addresses(base: str) -> tuple[list[str], list[str]]:
    """Every page in the sitemap, and the CSS and JS bundles the home page links to."""
    sitemap = urllib.request.urlopen(base + "/sitemap.xml", timeout=30).read().decode()
    pages = [re.sub(r"^https?://[^/]+", "", url) for url in re.findall(r"<loc>([^<]+)</loc>",
                                                                       sitemap)]
    home = urllib.request.urlopen(base + "/sl/", timeout=30).read().decode()
    assets = sorted(set(re.findall(r'(?:href|src)="(/static/[^"]+\.(?:css|js))"', home)))
    return pages, assets


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--connections", type=int, default=100)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--database-url", default="",
                        help="DATABASE_URL for the server (default: SQLite in a temporary var/)")
    args = parser.parse_args()

    port = free_port()
    var = Path(tempfile.mkdtemp(prefix="dostop-load-"))
    env = {**os.environ, "DOSTOP_VAR_DIR": str(var), "DATABASE_URL": args.database_url,
           "DOSTOP_SMTP_URL": "",
           "DOSTOP_SECRET_KEY": "load-test", "DOSTOP_SITE_URL": f"http://127.0.0.1:{port}"}
    log = (var / "serve.log").open("wb")
    server = subprocess.Popen([str(VENV_BIN / "dostop"), "serve", "--port", str(port)],
                              cwd=ROOT, env=env, stdout=log, stderr=log)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base + "/healthz")
        pages, assets = addresses(base)
        for path in pages + assets:  # warm: templates compiled, pages cached once
            urllib.request.urlopen(base + path, timeout=30).read()
        samples: list[tuple[float, int]] = []
        stop = threading.Event()
        started = time.monotonic()

        def sample() -> None:
            while not stop.is_set():
                samples.append((time.monotonic() - started, rss_kib(server.pid)))
                stop.wait(1.0)

        load_before = os.getloadavg()[0]
        post_times: list[float] = []

        def probe_posts() -> None:
            """A visitor's form post every second during the load, timed at the client (wrk
            cannot time one kind of request apart; the app's request log includes the mail
            delivery that runs after the answer has been sent)."""
            n = 0
            while not stop.wait(1.0):
                n += 1
                body = (f"problem=Probe+{n}&page=%2Fen%2Fnews%2F").encode()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                begun = time.monotonic()
                try:
                    connection.request("POST", "/en/accessibility/feedback/", body=body, headers={
                        "content-type": "application/x-www-form-urlencoded",
                        "x-forwarded-for": f"10.255.{n // 256 % 256}.{n % 256}"})
                    response = connection.getresponse()
                    response.read()
                    if response.status == 200:
                        post_times.append((time.monotonic() - begun) * 1000)
                except OSError:
                    pass
                finally:
                    connection.close()

        sampler = threading.Thread(target=sample)
        sampler.start()
        prober = threading.Thread(target=probe_posts)
        prober.start()
        wrk = subprocess.run(
            ["wrk", "-t", str(args.threads), "-c", str(args.connections),
             "-d", f"{args.seconds}s", "--timeout", "30s", "--latency",
             "-s", str(HERE / "mix.lua"), base],
            env={**os.environ, "DOSTOP_LOAD_PAGES": ",".join(pages),
                 "DOSTOP_LOAD_ASSETS": ",".join(assets)},
            capture_output=True, text=True, check=True)
        stop.set()
        sampler.join()
        prober.join()
    finally:
        server.terminate()
        server.wait(60)
        log.close()
    print(wrk.stdout)
    figures = dict(re.findall(r"(\w+)=([\d.]+)", wrk.stdout.split("DOSTOP-LOAD", 1)[1]))
    middle = min(samples, key=lambda s: abs(s[0] - args.seconds / 2))
    rss = {"start": samples[0][1], "middle": middle[1], "end": samples[-1][1],
           "max": max(kib for _, kib in samples)}
    errors = sum(int(figures[k]) for k in ("s4xx", "s5xx", "connect_errors", "read_errors",
                                           "write_errors", "timeouts"))
    print(f"{machine()}")
    print(f"pages in the mix: {len(pages)}, assets: {len(assets)}, "
          f"1-min load average before the run: {load_before:.1f}")
    print(f"requests/s {figures['rps']}; latency ms p50 {figures['p50']} p90 {figures['p90']} "
          f"p99 {figures['p99']} max {figures['max']}")
    print(f"answers: 2xx {figures['s2xx']}, 3xx {figures['s3xx']}, 429 {figures['s429']} "
          f"(rate limit, counted apart), other 4xx {figures['s4xx']}, 5xx {figures['s5xx']}; "
          f"form posts {figures['posts']}")
    print(f"errors (non-2xx/3xx except 429, socket errors, timeouts): {errors}")
    print("RSS MiB: " + ", ".join(f"{k} {v / 1024:.1f}" for k, v in rss.items()))
    every_10s = [f"{t:.0f}s {kib / 1024:.1f}" for t, kib in samples if round(t) % 10 == 0]
    print("RSS MiB every 10 s: " + ", ".join(every_10s))
    post_times.sort()
    if post_times:
        k = len(post_times)
        print(f"one form post a second at the client: {k} posts, ms p50 "
              f"{post_times[k // 2]:.0f} p90 {post_times[int(k * 0.9)]:.0f} max {post_times[-1]:.0f}")
    for method, line in server_side(var / "serve.log").items():
        print(f"server-side {method}: {line}")
    sys.exit(1 if errors else 0)


def server_side(log: Path) -> dict[str, str]:
    """Request durations by method from the server's JSON request log: time in the app, which
    for a form post includes the outbox delivery run after the answer was sent; no queueing in
    the kernel."""
    durations: dict[str, list[float]] = {}
    for line in log.read_text(errors="replace").splitlines():
        if '"message":"request"' in line:
            record = json.loads(line)
            durations.setdefault(record["method"], []).append(record["duration_ms"])
    result = {}
    for method, values in sorted(durations.items()):
        values.sort()
        n = len(values)
        result[method] = (f"{n} requests, ms p50 {values[n // 2]:.1f} p90 "
                          f"{values[int(n * 0.9)]:.1f} p99 {values[int(n * 0.99)]:.1f}")
    return result


if __name__ == "__main__":
    main()
