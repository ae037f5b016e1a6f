"""Shared fixtures: `settings` and `app` built by the factory for tests, and a `client`
that speaks HTTP to it in-process. Browser fixtures live in tests/browser/conftest.py."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from starlette.applications import Starlette

from dostop.app import create_app
from dostop.settings import Settings

from starlette.testclient import TestClient

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return replace(Settings(), var_dir=tmp_path / "var", secret_key="test-secret",
                   site_url="http://testserver")


@pytest.fixture
def app(settings: Settings) -> Starlette:
    return create_app(settings)


@pytest.fixture
def client(app: Starlette) -> Iterator[TestClient]:
    with TestClient(app, raise_server_exceptions=False, follow_redirects=False) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def shared_app() -> Starlette:
    """One app for read-only tests that fetch many pages (content loads once)."""
    return create_app(replace(Settings(), secret_key="test-secret", site_url="http://testserver"))


@pytest.fixture
def shared_client(shared_app: Starlette) -> Iterator[TestClient]:
    with TestClient(shared_app, raise_server_exceptions=False, follow_redirects=False) as test_client:
        yield test_client


# --- real servers for the forms, storage and mail tests (tests/servers.py) ---

@pytest.fixture(scope="session")
def postgresql_url() -> Iterator[str]:
    """A throwaway PostgreSQL cluster on a free loopback port, for the whole session."""
    from servers import PostgresCluster, missing_server, postgres_bin

    bindir = postgres_bin()
    if bindir is None:
        missing_server("PostgreSQL is not installed: `make system-deps` (as root) installs it")
    cluster = PostgresCluster(bindir)
    cluster.start()
    yield cluster.url
    cluster.stop()


@pytest.fixture
def smtp_sink() -> Iterator[object]:
    """An SMTP server on loopback (aiosmtpd) that keeps what it receives: `.messages`."""
    from servers import SmtpSink

    sink = SmtpSink()
    sink.start()
    yield sink
    sink.stop()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.slow)])
def database_url(request: pytest.FixtureRequest) -> str:
    """Run a test against both databases: "" (SQLite under the test's var/) and a fresh schema
    in the session's PostgreSQL cluster."""
    if request.param == "sqlite":
        return ""
    url: str = request.getfixturevalue("postgresql_url")
    from sqlalchemy import create_engine, text

    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    engine.dispose()
    return url


@pytest.fixture
def storage(database_url: str, tmp_path: Path) -> Iterator[object]:
    """The submissions storage on each database, migrated, in a fresh schema or file."""
    from dostop.storage import open_storage

    opened = open_storage(database_url, tmp_path)
    yield opened
    opened.engine.dispose()
