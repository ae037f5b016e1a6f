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
