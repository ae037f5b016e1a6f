"""One process per machine reads the content folder and publishes; the others follow.

The leader is whichever worker holds an exclusive lock on `<var_dir>/publishing.lock`. The
operating system releases it when that process ends however it ends, and the next follower to
try takes it over."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from typing import IO


class LeaderLock:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._file: IO[bytes] | None = None

    @property
    def held(self) -> bool:
        return self._file is not None

    def try_acquire(self) -> bool:
        if self._file is not None:
            return True
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(self.path, "a+b")  # noqa: SIM115 - held open while leading
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            return False
        handle.truncate(0)
        handle.write(str(os.getpid()).encode())  # who leads, for whoever looks
        handle.flush()
        self._file = handle
        return True

    def release(self) -> None:
        if self._file is not None:
            self._file.close()  # closing releases the lock
            self._file = None
