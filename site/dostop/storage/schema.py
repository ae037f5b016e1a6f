"""The tables, as the code reads and writes them (SQLAlchemy Core). The migrations in
`migrations/versions/` create exactly this shape; `tests/test_storage.py` checks they agree."""

from __future__ import annotations

from sqlalchemy import Column, DateTime, Index, Integer, MetaData, String, Table, Text

metadata = MetaData()

# Newsletter subscriptions: one row per address (lowercased), "pending" until the visitor
# follows the confirmation link. Unsubscribing deletes the row: nothing is kept.
subscriptions = Table(
    "subscriptions", metadata,
    Column("id", Integer, primary_key=True),
    Column("email", String(254), nullable=False, unique=True),
    Column("locale", String(8), nullable=False),
    Column("status", String(12), nullable=False),
    Column("token", String(64), nullable=False, unique=True),
    Column("created_at", DateTime, nullable=False),
    Column("confirmed_at", DateTime, nullable=True),
)

contact_messages = Table(
    "contact_messages", metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False),
    Column("email", String(254), nullable=False, index=True),
    Column("subject", String(200), nullable=False),
    Column("message", Text, nullable=False),
    Column("locale", String(8), nullable=False),
    Column("created_at", DateTime, nullable=False),
)

feedback = Table(
    "feedback", metadata,
    Column("id", Integer, primary_key=True),
    Column("problem", Text, nullable=False),
    Column("page", String(500), nullable=False),
    Column("name", String(200), nullable=False),
    Column("email", String(254), nullable=False, index=True),
    Column("locale", String(8), nullable=False),
    Column("created_at", DateTime, nullable=False),
)

# Messages waiting to be sent. A row is written in the same transaction as the submission it
# belongs to, and deleted once the message is delivered. `about` is the (lowercased) address of
# the person the message concerns, so an erasure request finds staff notifications too.
outbox = Table(
    "outbox", metadata,
    Column("id", Integer, primary_key=True),
    Column("recipient", String(254), nullable=False),
    Column("about", String(254), nullable=False, index=True),
    Column("message", Text, nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("attempts", Integer, nullable=False, default=0),
    Column("next_attempt_at", DateTime, nullable=False),
    Column("last_error", String(200), nullable=True),
)

# Form submissions per (form, keyed hash of the client address) for rate limiting. The hash is
# an HMAC with the site's secret, so the table holds no IP address.
rate_events = Table(
    "rate_events", metadata,
    Column("id", Integer, primary_key=True),
    Column("bucket", String(32), nullable=False),
    Column("client", String(64), nullable=False),
    Column("at", DateTime, nullable=False),
    Index("ix_rate_events_lookup", "bucket", "client", "at"),
)
