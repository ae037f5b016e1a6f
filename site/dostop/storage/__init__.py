"""Submissions storage: SQLAlchemy Core over SQLite (default) or PostgreSQL, migrated by Alembic."""

from __future__ import annotations

from dostop.storage.database import database_url, make_engine, migrate
from dostop.storage.repository import (
    Erased,
    OutboxMessage,
    Storage,
    SubscribeResult,
    open_storage,
)

__all__ = [
    "Erased", "OutboxMessage", "Storage", "SubscribeResult", "database_url", "make_engine",
    "migrate", "open_storage",
]
