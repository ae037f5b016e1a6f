"""Chromium profile folders (`dostop_audit.profiles`): one folder per run, removed with the
run; a run killed outright is cleaned up by the next one, a run still going never is."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from dostop_audit.profiles import PREFIX, Profiles


def test_every_profile_of_a_run_goes_with_the_run(tmp_path: Path) -> None:
    profiles = Profiles(tmp_path)
    first, second = profiles.new(), profiles.new()
    (first / "Default").mkdir()
    (first / "Default" / "Cookies").write_bytes(b"x" * 1000)
    assert first.parent == second.parent and first.parent.name.startswith(f"{PREFIX}{os.getpid()}-")
    profiles.remove()
    assert list(tmp_path.iterdir()) == []
    # The next run (a second audit in the same process) gets a folder of its own.
    assert profiles.new().parent.parent == tmp_path


def test_folders_of_killed_runs_are_removed_and_of_live_runs_kept(tmp_path: Path) -> None:
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    killed = tmp_path / f"{PREFIX}{gone.stdout.strip()}-abc"
    (killed / "chromium-x" / "Default").mkdir(parents=True)
    running = tmp_path / f"{PREFIX}{os.getppid()}-def"  # the process that started pytest
    running.mkdir()
    unrelated = tmp_path / "dostop-pg-123"
    unrelated.mkdir()
    profiles = Profiles(tmp_path)
    profiles.new()
    assert not killed.exists()
    assert running.exists() and unrelated.exists()
    profiles.remove()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([running.name, unrelated.name])
