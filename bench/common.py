"""Shared by the bench scripts: start a server on a free loopback port, describe the machine,
print a table of figures against budgets."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
VENV_BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_up(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not come up in {timeout} s")


def pinned(command: list[str], cpus: str | None) -> list[str]:
    """`command` run on the given CPUs only (taskset's list syntax, "0" or "1-3"), or as is."""
    return ["taskset", "-c", cpus, *command] if cpus else command


@contextlib.contextmanager
def dostop_server(env: dict[str, str] | None = None, workers: int = 1, *,
                  cpus: str | None = None, log_path: Path | None = None,
                  start_timeout: float = 60) -> Iterator[str]:
    """`dostop serve` as in production (JSON request logs on, to a file), one worker. Its sitemap
    and links name the port it really serves, and its data goes to a throwaway folder, not the
    checkout's var/ (`env` may override either). `cpus` pins it (see `pinned`); `log_path`
    keeps its log there instead of a temporary file removed at the end."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = (open(log_path, "wb") if log_path else  # noqa: SIM115 - closed below
           tempfile.NamedTemporaryFile(prefix="dostop-bench-", suffix=".log", delete=False))
    with tempfile.TemporaryDirectory(prefix="dostop-bench-var-") as var:
        settings = {"DOSTOP_SITE_URL": base, "DOSTOP_VAR_DIR": var, **(env or {})}
        process = subprocess.Popen(
            pinned([str(VENV_BIN / "dostop"), "serve", "--port", str(port),
                    "--workers", str(workers)], cpus),
            cwd=ROOT, env={**os.environ, **settings}, stdout=log, stderr=log)
        try:
            wait_until_up(base + "/healthz", start_timeout)
            yield base
        finally:
            process.terminate()
            process.wait(30)
            log.close()
            if not log_path:
                os.unlink(log.name)


@contextlib.contextmanager
def hello_server(*, cpus: str | None = None) -> Iterator[str]:
    port = free_port()
    process = subprocess.Popen(
        pinned([str(VENV_BIN / "uvicorn"), "hello:app", "--port", str(port), "--workers", "1",
                "--no-access-log", "--log-level", "warning", "--no-server-header"], cpus),
        cwd=BENCH, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base + "/")
        yield base
    finally:
        process.terminate()
        process.wait(30)


def machine() -> str:
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return (f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; {os.cpu_count()} CPUs; "
            f"load average {load} (1, 5, 15 min)")


def table(rows: list[list[str]], header: list[str]) -> str:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    line = lambda r: "| " + " | ".join(str(c).ljust(w) for c, w in zip(r, widths)) + " |"  # noqa: E731
    return "\n".join([line(header), "|" + "|".join("-" * (w + 2) for w in widths) + "|",
                      *map(line, rows)])
