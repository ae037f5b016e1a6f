"""Alembic migrations for the submissions database (run by `dostop.storage.migrate`)."""
