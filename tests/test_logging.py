"""Request logs (dostop.http.access_log): one JSON line per request, with no personal data."""

from __future__ import annotations

import io
import json
import logging
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from dostop.http.access_log import (
    ACCESS_LOGGER, BufferedStderrHandler, JsonLinesFormatter, log_config, request_id_var,
)


@pytest.fixture
def lines() -> Iterator[io.StringIO]:
    """The access log as the JSON formatter writes it."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonLinesFormatter())
    logger = logging.getLogger(ACCESS_LOGGER)
    old_level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    yield stream
    logger.removeHandler(handler)
    logger.setLevel(old_level)


def records(stream: io.StringIO) -> list[dict[str, object]]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_each_request_is_one_json_line_with_id_method_path_status_duration(
        shared_client: TestClient, lines: io.StringIO) -> None:
    response = shared_client.get("/en/news/")
    shared_client.get("/en/no-such-page/")
    first, second = records(lines)
    assert first["message"] == "request" and first["level"] == "info"
    assert first["method"] == "GET" and first["path"] == "/en/news/" and first["status"] == 200
    assert isinstance(first["duration_ms"], float) and first["duration_ms"] >= 0
    assert first["request_id"] == response.headers["x-request-id"]
    assert str(first["time"]).endswith("Z")
    assert second["status"] == 404 and second["request_id"] != first["request_id"]


def test_a_proxys_request_id_is_kept_and_a_hostile_one_replaced(
        shared_client: TestClient, lines: io.StringIO) -> None:
    kept = shared_client.get("/en/", headers={"x-request-id": "0123456789abcdef0123456789abcdef"})
    replaced = shared_client.get("/en/", headers={"x-request-id": '"><script>alert(1)</script>'})
    assert kept.headers["x-request-id"] == "0123456789abcdef0123456789abcdef"
    assert "<" not in replaced.headers["x-request-id"]
    assert [r["request_id"] for r in records(lines)] == [
        kept.headers["x-request-id"], replaced.headers["x-request-id"]]


def test_no_personal_data_no_address_no_email_no_query(shared_client: TestClient,
                                                       lines: io.StringIO) -> None:
    shared_client.get("/en/search/?q=ana.novak@example.si")
    shared_client.get("/en/Ana.Novak@example.si/")
    text = lines.getvalue()
    assert "ana.novak" not in text.lower() and "example.si" not in text
    assert "testclient" not in text and "127.0.0.1" not in text  # the client's address
    search, page = records(lines)
    assert search["path"] == "/en/search/"
    assert str(page["path"]).startswith("/en/email:")


def test_other_log_lines_carry_the_request_id() -> None:
    record = logging.LogRecord("dostop.forms", logging.WARNING, __file__, 1, "mail server down",
                               None, None)
    token = request_id_var.set("abc123abc123")
    try:
        line = json.loads(JsonLinesFormatter().format(record))
    finally:
        request_id_var.reset(token)
    assert line["request_id"] == "abc123abc123" and line["level"] == "warning"


def test_serve_replaces_uvicorns_access_log_with_ours() -> None:
    config = log_config()
    assert config["loggers"]["uvicorn.access"]["propagate"] is False
    assert config["formatters"]["json"]["()"] is JsonLinesFormatter


def test_serve_writes_request_lines_straight_to_its_buffered_handler(
        shared_client: TestClient, tmp_path: Path) -> None:
    """`dostop serve`'s handler: request lines skip the LogRecord, and read the same."""
    fd = os.open(tmp_path / "log", os.O_WRONLY | os.O_CREAT)
    handler = BufferedStderrHandler(fd=fd)
    handler.setFormatter(JsonLinesFormatter())
    root, access = logging.getLogger(), logging.getLogger(ACCESS_LOGGER)
    root.addHandler(handler)
    old_level = access.level
    access.setLevel(logging.INFO)
    try:
        response = shared_client.get('/en/"quoted"/?q=secret')
        logging.getLogger("dostop.test").warning("after the request")  # flushes the buffer
    finally:
        access.setLevel(old_level)
        root.removeHandler(handler)
        handler.close()
        os.close(fd)
    request, warning = [json.loads(line) for line in (tmp_path / "log").read_text().splitlines()]
    assert request["path"] == '/en/"quoted"/' and request["status"] == 404
    assert request["request_id"] == response.headers["x-request-id"]
    assert set(request) == {"time", "level", "logger", "message", "request_id", "method", "path",
                            "status", "duration_ms"}
    assert warning["message"] == "after the request"
