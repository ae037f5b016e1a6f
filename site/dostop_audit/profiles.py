"""Chromium profiles (`--user-data-dir`, 10-20 MB each) in one folder per run under the
temporary folder: `dostop-run-<pid>-…/chromium-…`. A browser's profile goes when it quits; the
run's folder when the audit ends, normally, on Ctrl+C or after an error, and at interpreter exit
for anything else that started browsers (the tests). A run killed outright (SIGKILL, the
machine stopped) cannot clean up after itself: the next run removes the folders of runs whose
process is gone, and never those of a run still going."""

from __future__ import annotations

import atexit
import os
import re
import shutil
import signal
import tempfile
import threading
import time
from pathlib import Path

PREFIX = "dostop-run-"
_RUN_FOLDER = re.compile(re.escape(PREFIX) + r"(\d+)-")


class Profiles:
    def __init__(self, parent: Path | None = None) -> None:
        # Read when the first browser starts, not now: TMPDIR may change in between (tests).
        self._parent = parent
        self._root: Path | None = None
        self._lock = threading.Lock()

    def new(self) -> Path:
        """A fresh, empty profile folder for one browser."""
        with self._lock:
            if self._root is None or not self._root.is_dir():
                parent = self._parent or Path(tempfile.gettempdir())
                remove_stale(parent)
                self._root = Path(tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-", dir=parent))
            return Path(tempfile.mkdtemp(prefix="chromium-", dir=self._root))

    def remove(self) -> None:
        """Removes the run's folder with every profile in it; the next `new` starts another."""
        with self._lock:
            root, self._root = self._root, None
        if root is not None:
            remove_tree(root)


def chromium_env(profile: Path) -> dict[str, str]:
    """Chromium's environment: its own temporary files (`org.chromium.Chromium.scoped_dir.*`,
    left behind when it is killed) go into the run's folder too, unless that makes the path of
    the socket Chromium keeps there longer than a Unix socket's 107 bytes (then it cannot start)."""
    run_folder = str(profile.parent)
    if len(run_folder) + len("/org.chromium.Chromium.scoped_dir.XXXXXX/SingletonSocket") > 107:
        return dict(os.environ)
    return {**os.environ, "TMPDIR": run_folder}


def remove_tree(path: Path) -> None:
    """Removes a profile or run folder once no Chromium uses it any more: after Ctrl+C its
    ChromeDriver is gone but Chromium may still be shutting down, and it writes its last files
    (creating the folders again) after they were removed."""
    _end_browsers(path)
    for _ in range(20):
        shutil.rmtree(path, ignore_errors=True)
        if not path.exists():
            return
        time.sleep(0.05)


def _end_browsers(folder: Path, grace: float = 3.0) -> None:
    """Waits for the Chromiums started with a profile in `folder` to exit, and ends those still
    running after `grace` seconds. Found by their command line (Linux /proc); elsewhere a
    no-op."""
    deadline = time.monotonic() + grace
    while pids := browsers_using(folder):
        if time.monotonic() > deadline:
            for pid in pids:
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass
            time.sleep(0.1)
            return
        time.sleep(0.05)


def browsers_using(folder: Path) -> list[int]:
    """The processes started with a Chromium profile in `folder`."""
    flag = f"--user-data-dir={folder}".encode()
    pids = []
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            arguments = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if any(argument.startswith(flag) for argument in arguments):
            pids.append(int(entry.name))
    return pids


def remove_stale(parent: Path) -> None:
    """Removes run folders left by audits whose process no longer exists."""
    try:
        candidates = [p for p in parent.iterdir() if p.name.startswith(PREFIX) and p.is_dir()]
    except OSError:
        return
    for folder in candidates:
        match = _RUN_FOLDER.match(folder.name)
        if match and not _alive(int(match.group(1))):
            remove_tree(folder)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: alive, and not ours to clean
        return True
    return True


PROFILES = Profiles()
atexit.register(PROFILES.remove)
