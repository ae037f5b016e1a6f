"""What it costs to see changes in a big content folder: inotify through watchfiles (set-up,
then idle) against one polling pass of `os.scandir` + `stat` over every Markdown file.

    .venv/bin/python bench/generate_content.py 100000 /tmp/dostop-content-100000
    .venv/bin/python bench/watch_cost.py /tmp/dostop-content-100000
"""

from __future__ import annotations

import argparse
import os
import resource
import time

from watchfiles._rust_notify import RustNotify


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def scan(path: str) -> int:
    count = 0
    with os.scandir(path) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                count += scan(entry.path)
            elif entry.name.endswith(".md"):
                entry.stat()
                count += 1
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder")
    folder = parser.parse_args().folder
    wall, cpu = time.perf_counter(), cpu_seconds()
    notify = RustNotify([folder], False, False, 300, True, False)
    print(f"inotify set-up: {time.perf_counter() - wall:.2f} s wall, "
          f"{cpu_seconds() - cpu:.2f} s CPU")
    cpu = cpu_seconds()
    notify.watch(50, 50, 3000, None)
    print(f"inotify idle for 3 s: {cpu_seconds() - cpu:.3f} s CPU")
    for _ in range(2):
        wall = time.perf_counter()
        files = scan(folder)
        print(f"one polling pass over {files:,} files: {time.perf_counter() - wall:.2f} s")


if __name__ == "__main__":
    main()
