"""Structured logs: one JSON object per line, one line per request, and no personal data.

A request line carries a request id (the proxy's `X-Request-ID` when it is sane, else a fresh
one, echoed in the response), the method, the path, the status and the duration. It never
carries the client's address, the query string (search terms are the visitor's own words) or
anything that looks like an e-mail address (replaced by a short hash, so a QA engineer can
still tell two requests for the same address apart).
"""

from __future__ import annotations

import contextvars
import hashlib
import io
import json
import logging
import os
import re
import sys
import threading
import time
from typing import Any, ClassVar

from starlette.types import ASGIApp, Message, Receive, Scope, Send

ACCESS_LOGGER = "dostop.access"
REQUEST_ID_HEADER = b"x-request-id"
_SANE_REQUEST_ID = re.compile(rb"^[A-Za-z0-9._-]{8,64}$")
_EMAIL = re.compile(r"[^/@\s]+@[^/@\s]+")
# Every log line written while a request runs carries its id.
request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")

access_log = logging.getLogger(ACCESS_LOGGER)


def redact(path: str) -> str:
    """A path without e-mail addresses: each one becomes `email:` and a short hash."""
    if "@" not in path:
        return path
    return _EMAIL.sub(
        lambda m: "email:" + hashlib.sha256(m.group(0).lower().encode()).hexdigest()[:12], path)


class JsonLinesFormatter(logging.Formatter):
    """time, level, logger, message, the request id, and the record's `fields`."""

    _second = -1
    _prefix = ""

    def _time(self, created: float) -> str:
        second = int(created)
        if second != self._second:  # strftime once a second, not once a request
            self._second = second
            self._prefix = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(second))
        return f"{self._prefix}.{int((created - second) * 1000):03d}Z"

    def format(self, record: logging.LogRecord) -> str:
        data: dict[str, Any] = {
            "time": self._time(record.created),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": redact(record.getMessage()),
        }
        request_id = request_id_var.get()
        if request_id:
            data["request_id"] = request_id
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            data.update(fields)
        if record.exc_info:
            data["exception"] = self.formatException(record.exc_info)
        return _ENCODER.encode(data)


class BufferedStderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to stderr through a 64 kB buffer flushed twice a second, and at once for any
    line that is not a request line. Request lines come straight from AccessLogMiddleware
    (`write_request`), not through a LogRecord: a record and a write per request cost more
    than the rest of a cached request (bench/README.md). nginx's `access_log ... buffer=
    flush=` makes the same trade."""

    interval = 0.5
    current: ClassVar[BufferedStderrHandler | None] = None

    def __init__(self, fd: int = 2) -> None:
        self.buffer = io.BufferedWriter(io.FileIO(fd, "w", closefd=False), 65536)
        super().__init__(io.TextIOWrapper(self.buffer, encoding="utf-8",
                                          errors="backslashreplace", write_through=True))
        BufferedStderrHandler.current = self
        self._closed = False
        self._flusher = threading.Thread(target=self._flush_often, daemon=True,
                                         name="dostop-log-flush")
        self._flusher.start()

    def _flush_often(self) -> None:
        while not self._closed:
            time.sleep(self.interval)
            self.buffer.flush()  # BufferedWriter is thread-safe

    def write_request(self, line: bytes) -> None:
        self.buffer.write(line)

    def flush(self) -> None:
        pass  # StreamHandler.emit flushes after every record; the thread does it instead

    def emit(self, record: logging.LogRecord) -> None:
        super().emit(record)
        # Anything but a request line (uvicorn's "Waiting for application shutdown" after the
        # last request of a SIGTERM, a warning) goes out at once, with what waited before it.
        if record.name != ACCESS_LOGGER or record.levelno >= logging.WARNING:
            self.buffer.flush()

    def close(self) -> None:
        self._closed = True
        self.buffer.flush()
        if BufferedStderrHandler.current is self:
            BufferedStderrHandler.current = None
        super().close()


_FORMATTER = JsonLinesFormatter()
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=str)
_json_string = json.encoder.encode_basestring  # type: ignore[attr-defined]


def request_line(request_id: str, method: str, path: str, status: int, duration_ms: float) -> bytes:
    """The access line, as JsonLinesFormatter would write its record, built by hand: a
    general JSON encoder costs more than the rest of a cached request. `request_id` is hex or
    passed the `_SANE_REQUEST_ID` check; method and path are JSON-escaped."""
    return (f'{{"time":"{_FORMATTER._time(time.time())}","level":"info",'
            f'"logger":"{ACCESS_LOGGER}","message":"request","request_id":"{request_id}",'
            f'"method":{_json_string(method)},"path":{_json_string(path)},'
            f'"status":{status},"duration_ms":{duration_ms}}}\n').encode()


def log_config(level: str = "INFO", fd: int = 2) -> dict[str, Any]:
    """A `logging.config.dictConfig` for the app and uvicorn: everything as JSON lines on
    stderr; uvicorn's own access log is off (ours replaces it)."""
    handler = {"()": BufferedStderrHandler, "formatter": "json", "fd": fd}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": JsonLinesFormatter}},
        "handlers": {"json": handler},
        "root": {"handlers": ["json"], "level": level},
        "loggers": {
            "uvicorn": {"handlers": [], "level": level, "propagate": True},
            "uvicorn.error": {"handlers": [], "level": level, "propagate": True},
            "uvicorn.access": {"handlers": [], "level": "WARNING", "propagate": False},
        },
    }


class AccessLogMiddleware:
    """Pure ASGI, outermost of ours: times the request and writes its line once it is answered
    (or has failed: an exception is logged as status 500 and passed on)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.pid = os.getpid()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        request_id = b""
        for name, value in scope["headers"]:
            if name == REQUEST_ID_HEADER:
                if _SANE_REQUEST_ID.match(value):
                    request_id = value
                break
        if not request_id:
            request_id = os.urandom(8).hex().encode()
        rid = request_id.decode()
        token = request_id_var.set(rid)
        scope.setdefault("state", {})["request_id"] = rid  # for the 500 page (security.py)
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", ()), (REQUEST_ID_HEADER, request_id)]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            if access_log.isEnabledFor(logging.INFO):
                path = redact(scope["path"])
                duration_ms = round((time.perf_counter() - started) * 1000, 2)
                handler = BufferedStderrHandler.current
                if handler is not None and not access_log.handlers and access_log.propagate:
                    handler.write_request(
                        request_line(rid, scope["method"], path, status, duration_ms))
                else:  # someone attached their own handler (a test, a log shipper)
                    record = logging.LogRecord(ACCESS_LOGGER, logging.INFO, __file__, 0,
                                               "request", None, None)
                    record.fields = {"method": scope["method"], "path": path,
                                     "status": status, "duration_ms": duration_ms}
                    access_log.handle(record)
            request_id_var.reset(token)


def configure(level: str = "INFO") -> None:
    """For processes that do not start through uvicorn's log_config (benchmarks, scripts)."""
    import logging.config

    logging.config.dictConfig(log_config(level))
    sys.stderr.flush()
