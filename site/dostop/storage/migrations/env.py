"""Alembic environment: Dostop passes an open connection in `config.attributes`, so there is
no alembic.ini and no second place that knows the database URL."""

from __future__ import annotations

from alembic import context

from dostop.storage.schema import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata,
                  render_as_batch=connection.dialect.name == "sqlite")
with context.begin_transaction():
    context.run_migrations()
