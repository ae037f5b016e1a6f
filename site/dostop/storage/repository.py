"""Everything the app and the staff commands do with submissions, one transaction each.

A submission and the messages it causes are written in ONE transaction (a transactional
outbox): the visitor is told "sent" only after the commit, and a message is never lost when the
mail server is down, because it waits in `outbox` until `deliver_pending` gets it through.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import Connection, Engine, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from dostop.storage.database import database_url, make_engine, migrate
from dostop.storage.schema import contact_messages, feedback, outbox, rate_events, subscriptions

Kind = Literal["newsletter", "contact", "feedback"]
KINDS: tuple[Kind, ...] = ("newsletter", "contact", "feedback")
MAX_ERROR = 200


def utcnow() -> datetime:
    """Naive UTC: SQLite keeps no time zone, so both databases store UTC without one."""
    return datetime.now(UTC).replace(tzinfo=None)


@dataclass(frozen=True)
class OutboxMessage:
    recipient: str
    about: str  # the address of the person the message concerns (for erasure)
    text: str   # the whole message, RFC 5322


@dataclass(frozen=True)
class SubscribeResult:
    token: str
    created: bool            # a new subscription (False: the address had signed up before)
    already_confirmed: bool


@dataclass
class Erased:
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class DueMessage:
    id: int
    text: str
    attempts: int


class Storage:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        with self.engine.begin() as connection:
            yield connection

    # --- newsletter -------------------------------------------------------------------------

    def subscribe(
        self, email: str, locale: str, compose: Callable[[str, bool], OutboxMessage]
    ) -> SubscribeResult:
        """Signs `email` up (pending) or finds its subscription; either way one row, and one
        message composed by `compose(token, already_confirmed)` queued in the same transaction."""
        email = email.lower()
        for _attempt in range(2):  # a concurrent sign-up with the same address wins the insert
            try:
                with self.transaction() as conn:
                    row = conn.execute(
                        select(subscriptions.c.token, subscriptions.c.status)
                        .where(subscriptions.c.email == email)).first()
                    if row is None:
                        token = secrets.token_urlsafe(24)
                        conn.execute(insert(subscriptions).values(
                            email=email, locale=locale, status="pending", token=token,
                            created_at=utcnow()))
                        result = SubscribeResult(token, created=True, already_confirmed=False)
                    else:
                        conn.execute(update(subscriptions).where(subscriptions.c.email == email)
                                     .values(locale=locale))
                        result = SubscribeResult(row.token, created=False,
                                                 already_confirmed=row.status == "confirmed")
                    self._queue(conn, compose(result.token, result.already_confirmed))
                    return result
            except IntegrityError:
                continue
        raise RuntimeError("could not sign up after a concurrent insert")

    def subscription(self, token: str) -> dict[str, Any] | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(subscriptions).where(subscriptions.c.token == token)).first()
        return dict(row._mapping) if row else None

    def confirm(self, token: str) -> bool:
        """Marks the subscription confirmed; False if the token names none (unsubscribed)."""
        with self.transaction() as conn:
            changed = conn.execute(
                update(subscriptions)
                .where(subscriptions.c.token == token, subscriptions.c.status == "pending")
                .values(status="confirmed", confirmed_at=utcnow())).rowcount
            if changed:
                return True
            exists = conn.execute(select(subscriptions.c.id)
                                  .where(subscriptions.c.token == token)).first()
            return exists is not None

    def unsubscribe(self, token: str) -> bool:
        """Deletes the subscription: nothing about it is kept. False if there was none."""
        with self.transaction() as conn:
            email = conn.execute(select(subscriptions.c.email)
                                 .where(subscriptions.c.token == token)).scalar()
            if email is None:
                return False
            conn.execute(delete(subscriptions).where(subscriptions.c.token == token))
            conn.execute(delete(outbox).where(outbox.c.about == email))
            return True

    def confirmed_count(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(subscriptions)
                                    .where(subscriptions.c.status == "confirmed")).scalar_one())

    # --- contact and feedback ---------------------------------------------------------------

    def add_contact(self, values: dict[str, str], locale: str,
                    messages: list[OutboxMessage]) -> int:
        with self.transaction() as conn:
            new_id = conn.execute(insert(contact_messages).values(
                name=values["name"], email=values["email"].lower(), subject=values["subject"],
                message=values["message"], locale=locale, created_at=utcnow())
            ).inserted_primary_key
            for message in messages:
                self._queue(conn, message)
        return int(new_id[0]) if new_id else 0

    def add_feedback(self, values: dict[str, str], locale: str,
                     messages: list[OutboxMessage]) -> int:
        with self.transaction() as conn:
            new_id = conn.execute(insert(feedback).values(
                problem=values["problem"], page=values.get("page", ""),
                name=values.get("name", ""), email=values.get("email", "").lower(),
                locale=locale, created_at=utcnow())).inserted_primary_key
            for message in messages:
                self._queue(conn, message)
        return int(new_id[0]) if new_id else 0

    # --- the outbox -------------------------------------------------------------------------

    def _queue(self, conn: Connection, message: OutboxMessage) -> None:
        now = utcnow()
        conn.execute(insert(outbox).values(
            recipient=message.recipient, about=message.about.lower(), message=message.text,
            created_at=now, attempts=0, next_attempt_at=now))

    def claim_due(self, limit: int = 20, lease: int = 300) -> list[DueMessage]:
        """Messages due now, each claimed for `lease` seconds, so that two processes retrying
        at once never send the same message twice (an update that only one of them wins)."""
        now = utcnow()
        claimed = []
        with self.engine.connect() as conn:
            rows = conn.execute(select(outbox.c.id, outbox.c.message, outbox.c.attempts,
                                       outbox.c.next_attempt_at)
                                .where(outbox.c.next_attempt_at <= now)
                                .order_by(outbox.c.id).limit(limit)).all()
        for row in rows:
            with self.transaction() as conn:
                won = conn.execute(
                    update(outbox).where(outbox.c.id == row.id,
                                         outbox.c.next_attempt_at == row.next_attempt_at)
                    .values(next_attempt_at=now + timedelta(seconds=lease))).rowcount
            if won:
                claimed.append(DueMessage(row.id, row.message, row.attempts))
        return claimed

    def delivered(self, message_id: int) -> None:
        with self.transaction() as conn:
            conn.execute(delete(outbox).where(outbox.c.id == message_id))

    def failed(self, message_id: int, attempts: int, error: str) -> None:
        """Backs off: 1, 2, 4 ... minutes, at most an hour between tries."""
        delay = min(60 * 2 ** attempts, 3600)
        with self.transaction() as conn:
            conn.execute(update(outbox).where(outbox.c.id == message_id).values(
                attempts=attempts + 1, last_error=error[:MAX_ERROR],
                next_attempt_at=utcnow() + timedelta(seconds=delay)))

    def pending_messages(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(outbox)).scalar_one())

    # --- rate limits ------------------------------------------------------------------------

    def allow(self, bucket: str, client: str, limit: int, window: int) -> bool:
        """Records one submission by `client` (a keyed hash) unless it already made `limit`
        in the last `window` seconds. Old events are purged as we go."""
        now = utcnow()
        since = now - timedelta(seconds=window)
        with self.transaction() as conn:
            conn.execute(delete(rate_events).where(rate_events.c.bucket == bucket,
                                                   rate_events.c.at < since))
            recent = conn.execute(
                select(func.count()).select_from(rate_events)
                .where(rate_events.c.bucket == bucket, rate_events.c.client == client,
                       rate_events.c.at >= since)).scalar_one()
            if recent >= limit:
                return False
            conn.execute(insert(rate_events).values(bucket=bucket, client=client, at=now))
            return True

    # --- staff: export and erase ------------------------------------------------------------

    def export(self, kind: Kind) -> list[dict[str, Any]]:
        table = {"newsletter": subscriptions, "contact": contact_messages,
                 "feedback": feedback}[kind]
        columns = [c for c in table.c if c.name != "token"]  # a token would let anyone unsubscribe
        with self.engine.connect() as conn:
            rows = conn.execute(select(*columns).order_by(table.c.id)).all()
        return [{key: _plain(value) for key, value in row._mapping.items()} for row in rows]

    def erase(self, email: str) -> Erased:
        """Deletes every row that holds `email` (any case); returns how many, per table."""
        email = email.strip().lower()
        erased = Erased()
        with self.transaction() as conn:
            for name, table, column in (
                ("subscriptions", subscriptions, subscriptions.c.email),
                ("contact messages", contact_messages, contact_messages.c.email),
                ("feedback", feedback, feedback.c.email),
            ):
                erased.counts[name] = conn.execute(
                    delete(table).where(func.lower(column) == email)).rowcount
            erased.counts["outbox messages"] = conn.execute(delete(outbox).where(
                (outbox.c.about == email) | (func.lower(outbox.c.recipient) == email))).rowcount
        return erased


def _plain(value: Any) -> Any:
    return value.isoformat(timespec="seconds") + "Z" if isinstance(value, datetime) else value


def open_storage(configured_url: str, var_dir: Path) -> Storage:
    """Opens (and creates or migrates) the database the settings name."""
    engine = make_engine(database_url(configured_url, var_dir))
    migrate(engine)
    return Storage(engine)
