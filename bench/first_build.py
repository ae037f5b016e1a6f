"""The content index's first build against the loader from before the index, alternated on
the same content, each in a new process: wall time per file, and the CPU both spent.

    .venv/bin/python bench/first_build.py CONTENT --baseline OLD_CHECKOUT/site [--rounds 3]

CONTENT is a generated folder (bench/generate_content.py); OLD_CHECKOUT a checkout of 6367d87
(`git worktree add ../old 6367d87`). The old loader reads, checks and renders every file in
one process and keeps every item in memory (1.7 GB at 100,000 articles per language); the
index build reads on two processes from 4,000 files. Each round runs one of each, the old one
first; the best of each is compared (the load on a shared machine moves within a minute).
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

from common import ROOT, machine
from scale import BASELINE, BUILD


def timed(code: str, site: Path, *args: str) -> tuple[float, float, str]:
    """The seconds the script itself timed (its imports left out), the CPU seconds of the
    process and its children (imports included), and what it printed."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, check=True,
                         capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": str(site)}).stdout.strip()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return float(out.split()[0]), cpu, out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("content", type=Path)
    parser.add_argument("--baseline", type=Path, required=True,
                        help="site/ of a checkout from before the content index")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    static = str(ROOT / "static")
    print(f"First build, {args.content}; {machine()}")
    old: list[float] = []
    new: list[float] = []
    for number in range(1, args.rounds + 1):
        wall, cpu, out = timed(BASELINE, args.baseline, str(args.content), static)
        files = int(out.split()[1])
        old.append(wall)
        print(f"round {number}: old loader {wall:.1f} s ({wall * 1000 / files:.3f} ms/file, "
              f"CPU {cpu:.1f} s); {machine()}", flush=True)
        with tempfile.TemporaryDirectory(prefix="dostop-build-") as var:
            wall, cpu, _ = timed(BUILD, ROOT / "site", str(args.content), var, static)
        new.append(wall)
        print(f"round {number}: index build {wall:.1f} s ({wall * 1000 / files:.3f} ms/file, "
              f"CPU {cpu:.1f} s on every process); {machine()}", flush=True)
    print(f"best of {args.rounds}: old loader {min(old):.1f} s, index build {min(new):.1f} s "
          f"({files:,} files): {min(old) / min(new):.1f}x")


if __name__ == "__main__":
    main()
