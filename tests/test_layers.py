"""The audit sits beside the engine, not inside it: serving the site loads neither the audit
package nor Selenium, and `dostop audit` without the audit extra says how to get it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from dostop import cli

SITE = Path(__file__).resolve().parents[1] / "site"

SERVE_AND_LIST = """
import sys
from dostop.app import create_app
from dostop.settings import Settings
from dostop import cli
create_app(Settings.from_env())
cli.main.get_command(None, "serve")
print(sorted({name.split(".")[0] for name in sys.modules}
             & {"dostop_audit", "selenium", "axe_selenium_python"}
             | {name for name in sys.modules if name.startswith("dostop.audit")}))
"""


def test_the_web_server_loads_no_audit_code_and_no_selenium(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(SITE), "DOSTOP_VAR_DIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", SERVE_AND_LIST], env=env, capture_output=True,
                          text=True, timeout=120, check=True)
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_the_audit_command_is_still_listed_and_runs_from_the_audit_package() -> None:
    result = CliRunner().invoke(cli.main, ["--help"])
    assert "audit" in result.output
    result = CliRunner().invoke(cli.main, ["audit", "--help"])
    assert result.exit_code == 0 and "--fail-on" in result.output


def test_without_the_audit_extra_the_command_says_how_to_install_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    real = cli.find_spec
    monkeypatch.setattr(cli, "find_spec",
                        lambda name: None if name == "selenium" else real(name))
    result = CliRunner().invoke(cli.main, ["audit", "http://127.0.0.1:9/"])
    assert result.exit_code == 2
    assert "selenium" in result.output and "pip install -e '.[audit]'" in result.output


MODULE_LINES = 300


def test_no_module_is_longer_than_a_newcomer_can_read_in_one_go() -> None:
    # A module past this length has usually grown a second job: split it by that job.
    long = sorted(f"{path.relative_to(SITE)}: {lines} lines"
                  for path in SITE.rglob("*.py")
                  if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MODULE_LINES)
    assert long == [], f"modules over {MODULE_LINES} lines: {long}"
