"""Mail: delivery through a real SMTP server on loopback, the .eml folder, the outbox retry
when the server is down, and the staff commands (export, erase, outbox send)."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import update

from dostop.cli import main
from dostop.forms.mail import Mailer, build_message, deliver_pending, erase_files
from dostop.storage import Storage
from dostop.storage.repository import utcnow
from dostop.storage.schema import outbox
from servers import free_port


def queue_contact(storage: Storage, email: str = "ana@example.si") -> None:
    note = build_message(sender="RRA LUR <no-reply@example.si>", recipient="info@example.si",
                         about=email, reply_to=email, subject="Kontaktni obrazec: vprašanje",
                         body="Pozdravljeni, imam vprašanje o razpisu.\n")
    storage.add_contact({"name": "Ana", "email": email, "subject": "vprašanje",
                         "message": "Imam vprašanje."}, "sl", [note])


def make_due(storage: Storage) -> None:
    """As if the back-off had passed."""
    with storage.transaction() as connection:
        connection.execute(update(outbox).values(next_attempt_at=utcnow() - timedelta(seconds=1)))


def test_queued_message_is_delivered_by_smtp_and_leaves_the_outbox(
        storage: Storage, smtp_sink: Any, tmp_path: Path) -> None:
    queue_contact(storage)
    assert deliver_pending(storage, Mailer(smtp_sink.url, tmp_path / "outbox")) == (1, 0)
    [received] = smtp_sink.messages
    assert received["To"] == "info@example.si"
    assert received["Reply-To"] == "ana@example.si"
    assert received["Subject"] == "Kontaktni obrazec: vprašanje"
    assert "vprašanje o razpisu" in received.get_content()
    assert storage.pending_messages() == 0


def test_smtp_down_keeps_the_message_and_a_later_retry_sends_it(
        storage: Storage, smtp_sink: Any, tmp_path: Path,
        caplog: pytest.LogCaptureFixture) -> None:
    queue_contact(storage)
    down = Mailer(f"smtp://127.0.0.1:{free_port()}", tmp_path / "outbox")
    assert deliver_pending(storage, down) == (0, 1)
    assert storage.pending_messages() == 1
    assert "ana@example.si" not in caplog.text  # no personal data in logs
    smtp_sink.refuse = True  # a server that answers 451 is also "down"
    make_due(storage)
    assert deliver_pending(storage, Mailer(smtp_sink.url, tmp_path / "outbox")) == (0, 1)
    smtp_sink.refuse = False
    make_due(storage)
    assert deliver_pending(storage, Mailer(smtp_sink.url, tmp_path / "outbox")) == (1, 0)
    assert len(smtp_sink.messages) == 1 and storage.pending_messages() == 0


def test_without_smtp_messages_are_written_as_eml_files(storage: Storage, tmp_path: Path) -> None:
    queue_contact(storage)
    queue_contact(storage, "bo@example.si")
    deliver_pending(storage, Mailer("", tmp_path / "outbox"))
    files = sorted((tmp_path / "outbox").glob("*.eml"))
    assert len(files) == 2
    text = files[0].read_text(encoding="utf-8")
    assert "Pozdravljeni, imam vprašanje o razpisu." in text  # readable, not encoded
    assert erase_files(tmp_path / "outbox", "ANA@example.si") == 1
    assert len(list((tmp_path / "outbox").glob("*.eml"))) == 1


def test_header_injection_is_refused_when_building_a_message() -> None:
    with pytest.raises(ValueError):
        build_message(sender="a@example.si", recipient="b@example.si\r\nBcc: x@evil.example",
                      about="b@example.si", subject="s", body="b")


def test_long_unsubscribe_link_stays_one_parseable_header() -> None:
    url = "https://www.rralur.si/sl/e-novice/odjava/?t=" + "a" * 120
    built = build_message(sender="a@example.si", recipient="b@example.si", about="b@example.si",
                          subject="s", body="b", unsubscribe_url=url)
    assert f"List-Unsubscribe: <{url}>" in built.text
    assert "List-Unsubscribe-Post: List-Unsubscribe=One-Click" in built.text


# --- the staff commands --------------------------------------------------------------------

def run(args: list[str], tmp_path: Path, database_url: str, smtp_url: str = "") -> Any:
    env = {"DOSTOP_VAR_DIR": str(tmp_path), "DATABASE_URL": database_url,
           "DOSTOP_SMTP_URL": smtp_url}
    return CliRunner().invoke(main, args, env=env)


def test_outbox_send_command_retries_what_waits(
        storage: Storage, smtp_sink: Any, tmp_path: Path, database_url: str) -> None:
    queue_contact(storage)
    result = run(["outbox", "send"], tmp_path, database_url, smtp_sink.url)
    assert result.exit_code == 0, result.output
    assert "Sent 1" in result.output and len(smtp_sink.messages) == 1
    queue_contact(storage)
    result = run(["outbox", "send"], tmp_path, database_url, f"smtp://127.0.0.1:{free_port()}")
    assert result.exit_code == 1 and "1 failed" in result.output


def test_export_as_csv_and_json(storage: Storage, tmp_path: Path, database_url: str) -> None:
    queue_contact(storage)
    result = run(["submissions", "export", "--kind", "contact", "--format", "csv"],
                 tmp_path, database_url)
    assert result.exit_code == 0, result.output
    [row] = list(csv.DictReader(io.StringIO(result.output)))
    assert row["email"] == "ana@example.si" and row["message"] == "Imam vprašanje."
    result = run(["submissions", "export", "--kind", "newsletter", "--format", "json"],
                 tmp_path, database_url)
    assert json.loads(result.output) == []
    result = run(["submissions", "export", "--kind", "spam"], tmp_path, database_url)
    assert result.exit_code == 2


def test_erase_reports_what_it_removed(storage: Storage, tmp_path: Path,
                                       database_url: str) -> None:
    queue_contact(storage)
    storage.subscribe("ana@example.si", "sl", lambda token, confirmed: build_message(
        sender="a@example.si", recipient="ana@example.si", about="ana@example.si",
        subject="s", body="b"))
    deliver_pending(storage, Mailer("", tmp_path / "outbox"))
    result = run(["submissions", "erase", "--email", "Ana@Example.si"], tmp_path, database_url)
    assert result.exit_code == 0, result.output
    assert "subscriptions: 1 removed" in result.output
    assert "contact messages: 1 removed" in result.output
    assert "outbox files: 2 removed" in result.output
    assert storage.export("contact") == [] and storage.export("newsletter") == []
    again = run(["submissions", "erase", "--email", "ana@example.si"], tmp_path, database_url)
    assert "Nothing held for that address." in again.output


def test_serve_migrates_first_and_starts_even_when_the_database_is_down(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from dostop.cli import _migrate_before_serving, _settings

    monkeypatch.setenv("DOSTOP_VAR_DIR", str(tmp_path))
    monkeypatch.setenv("DATABASE_URL", "")
    _migrate_before_serving(_settings())
    assert (tmp_path / "dostop.sqlite3").is_file()
    monkeypatch.setenv("DATABASE_URL", f"postgresql://nobody@127.0.0.1:{free_port()}/none")
    _migrate_before_serving(_settings())  # no exception: pages are still served
    assert "forms answer 503" in capsys.readouterr().err
