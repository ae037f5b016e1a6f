"""Storage against both databases: migrations, subscriptions, the outbox, rate limits,
export and erase. (PostgreSQL runs are marked slow; `make test` runs them.)"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import inspect, text, update

from dostop.storage import OutboxMessage, Storage, open_storage
from dostop.storage import database_url as sqlalchemy_url
from dostop.storage.database import current_revision, head_revision, migrate
from dostop.storage.repository import utcnow
from dostop.storage.schema import metadata, outbox


def message(email: str, text_: str = "Subject: hi\n\nhello\n") -> OutboxMessage:
    return OutboxMessage(recipient=email, about=email, text=text_)


def test_migrations_create_exactly_the_schema_the_code_uses(storage: Storage) -> None:
    inspector = inspect(storage.engine)
    assert set(inspector.get_table_names()) == set(metadata.tables) | {"alembic_version"}
    for name, table in metadata.tables.items():
        assert {c["name"] for c in inspector.get_columns(name)} == {c.name for c in table.c}, name
    assert current_revision(storage.engine) == head_revision()


def test_migrating_again_changes_nothing_and_keeps_data(storage: Storage) -> None:
    storage.subscribe("ana@example.si", "sl", lambda token, confirmed: message("ana@example.si"))
    migrate(storage.engine)
    assert storage.export("newsletter")[0]["email"] == "ana@example.si"


def test_sqlite_is_a_file_under_var_in_wal_mode(tmp_path: Path) -> None:
    storage = open_storage("", tmp_path)
    assert (tmp_path / "dostop.sqlite3").is_file()
    with storage.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"


def test_database_url_uses_psycopg_for_postgresql(tmp_path: Path) -> None:
    assert sqlalchemy_url("postgres://u@h/db", tmp_path) == "postgresql+psycopg://u@h/db"
    assert sqlalchemy_url("postgresql://u@h/db", tmp_path) == "postgresql+psycopg://u@h/db"
    assert sqlalchemy_url("", tmp_path) == f"sqlite:///{tmp_path / 'dostop.sqlite3'}"


def test_signing_up_twice_keeps_one_subscription_that_counts_once_confirmed(
        storage: Storage) -> None:
    seen: list[tuple[str, bool]] = []

    def compose(token: str, confirmed: bool) -> OutboxMessage:
        seen.append((token, confirmed))
        return message("ana@example.si")

    first = storage.subscribe("Ana@Example.si", "sl", compose)
    assert first.created and storage.confirmed_count() == 0
    again = storage.subscribe("ana@example.si", "en", compose)
    assert not again.created and again.token == first.token and not again.already_confirmed
    assert len(storage.export("newsletter")) == 1
    assert storage.export("newsletter")[0]["locale"] == "en"  # the latest choice wins

    assert storage.confirm(first.token) and storage.confirmed_count() == 1
    assert storage.confirm(first.token)  # following the link twice is fine
    third = storage.subscribe("ana@example.si", "en", compose)
    assert third.already_confirmed and storage.confirmed_count() == 1
    assert [confirmed for _token, confirmed in seen] == [False, False, True]
    assert storage.pending_messages() == 3  # one message per sign-up, queued with it


def test_unsubscribing_deletes_the_address(storage: Storage) -> None:
    result = storage.subscribe("ana@example.si", "sl", lambda t, c: message("ana@example.si"))
    assert storage.unsubscribe(result.token)
    assert storage.export("newsletter") == []
    assert storage.pending_messages() == 0
    assert not storage.unsubscribe(result.token)
    assert not storage.confirm(result.token)


def test_a_claimed_message_is_not_claimed_again_and_failures_back_off(storage: Storage) -> None:
    storage.add_contact({"name": "Ana", "email": "ana@example.si", "subject": "S",
                         "message": "M"}, "sl", [message("info@example.si")])
    [due] = storage.claim_due()
    assert storage.claim_due() == []  # leased to whoever claimed it first
    storage.failed(due.id, due.attempts, "ConnectionRefusedError")
    assert storage.claim_due() == []  # waits a minute before the next try
    with storage.transaction() as connection:
        connection.execute(update(outbox).values(next_attempt_at=utcnow() - timedelta(seconds=1)))
    [retry] = storage.claim_due()
    assert retry.attempts == 1
    storage.delivered(retry.id)
    assert storage.pending_messages() == 0


def test_rate_limit_counts_per_form_and_client(storage: Storage) -> None:
    assert storage.allow("contact", "client-a", limit=2, window=60)
    assert storage.allow("contact", "client-a", limit=2, window=60)
    assert not storage.allow("contact", "client-a", limit=2, window=60)
    assert storage.allow("contact", "client-b", limit=2, window=60)
    assert storage.allow("feedback", "client-a", limit=2, window=60)


def test_export_leaves_out_tokens(storage: Storage) -> None:
    storage.subscribe("ana@example.si", "sl", lambda t, c: message("ana@example.si"))
    storage.add_feedback({"problem": "Low contrast", "page": "/sl/", "name": "", "email": ""},
                         "sl", [])
    [row] = storage.export("newsletter")
    assert "token" not in row and row["status"] == "pending"
    assert row["created_at"].endswith("Z")
    assert storage.export("feedback")[0]["problem"] == "Low contrast"


def test_erase_removes_every_row_with_the_address(storage: Storage) -> None:
    email = "ana@example.si"
    storage.subscribe(email, "sl", lambda t, c: message(email))
    storage.add_contact({"name": "Ana", "email": "ANA@example.si", "subject": "S",
                         "message": "M"}, "sl", [OutboxMessage("info@x.si", email, "x")])
    storage.add_feedback({"problem": "P", "page": "", "name": "Ana", "email": email}, "sl", [])
    storage.add_contact({"name": "Bo", "email": "bo@example.si", "subject": "S",
                         "message": "M"}, "sl", [OutboxMessage("info@x.si", "bo@example.si", "x")])
    erased = storage.erase(" Ana@Example.SI ")
    assert erased.counts == {"subscriptions": 1, "contact messages": 1, "feedback": 1,
                             "outbox messages": 2}
    assert [row["email"] for row in storage.export("contact")] == ["bo@example.si"]
    assert storage.export("newsletter") == [] and storage.export("feedback") == []
    assert storage.pending_messages() == 1
    assert storage.erase(email).total == 0
