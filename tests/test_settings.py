"""Settings from the environment: a value that cannot be used stops every command with the
setting's name, the value and what to write instead (exit status 2), never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
import uvicorn
from click.testing import CliRunner

from dostop import cli
from dostop.settings import Settings


@pytest.mark.parametrize(("name", "value", "reason"), [
    ("DOSTOP_PUBLISH_INTERVAL", "soon", "write a number of seconds, 0 or more"),
    ("DOSTOP_PUBLISH_INTERVAL", "inf", "write a number of seconds, 0 or more"),
    ("DOSTOP_PUBLISH_SETTLE", "-1", "write a number of seconds, 0 or more"),
    ("DOSTOP_FORM_RATE_LIMIT", "five", "write a whole number, 1 or more"),
    # No submission at all would be allowed: every form would answer "sent too many times".
    ("DOSTOP_FORM_RATE_LIMIT", "0", "write a whole number, 1 or more"),
    ("DOSTOP_HTTPS", "ture", "write 1 or 0 (or true/false, yes/no, on/off)"),
    ("DOSTOP_DEBUG", "maybe", "write 1 or 0 (or true/false, yes/no, on/off)"),
])
@pytest.mark.parametrize("command", [["content", "check"], ["serve"]])
def test_a_value_that_cannot_be_used_stops_every_command_with_the_reason(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, value: str, reason: str,
        command: list[str]) -> None:
    monkeypatch.setenv("DOSTOP_VAR_DIR", str(tmp_path))
    monkeypatch.setenv(name, value)
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: None)
    result = CliRunner().invoke(cli.main, command)
    assert result.exit_code == 2, result.output
    assert f"Dostop cannot use its settings: {name}='{value}': {reason}" in result.output
    assert "Traceback" not in result.output


def test_every_documented_spelling_is_read() -> None:
    settings = Settings.from_env({
        "DOSTOP_HTTPS": "Yes", "DOSTOP_DEBUG": "off", "DOSTOP_PSEUDO_LOCALE": "",
        "DOSTOP_FORM_RATE_LIMIT": " 12 ", "DOSTOP_PUBLISH_INTERVAL": "0",
        "DOSTOP_PUBLISH_SETTLE": "0.5"})
    assert (settings.https, settings.debug, settings.pseudo_locale) == (True, False, False)
    assert (settings.form_rate_limit, settings.publish_interval, settings.publish_settle) \
        == (12, 0.0, 0.5)
    unset = Settings.from_env({})
    assert (unset.form_rate_limit, unset.publish_interval, unset.publish_settle) == (5, 1.0, 0.3)
