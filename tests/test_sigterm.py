"""SIGTERM during load: a real `dostop serve` process, concurrent page loads and form
posts, and SIGTERM in the middle. Requests in flight finish, the process exits cleanly, and
every submission a visitor was told about is in the database afterwards.

"In flight" is made certain with `Expect: 100-continue`: uvicorn sends "100 Continue" when the
app starts reading the body, then the test sends half of it, SIGTERM, and the rest."""

from __future__ import annotations

import http.client
import itertools
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from dostop.storage import open_storage
from servers import free_port

pytestmark = pytest.mark.slow

DOSTOP = Path(sys.executable).parent / "dostop"
PAGES = ["/sl/", "/en/news/", "/sl/iskanje/?q=projekt", "/en/accessibility/", "/sitemap.xml"]
SLOW = 8  # posts whose body is still arriving when SIGTERM comes


def contact_body(text: str) -> bytes:
    return urllib.parse.urlencode({"name": "Ana Novak", "email": "ana@example.si",
                                   "subject": "Test", "message": text}).encode()


@dataclass
class Tally:
    ok: int = 0
    refused: int = 0       # the listening socket was already closed
    unanswered: list[str] = field(default_factory=list)   # reset before any answer
    broken: list[str] = field(default_factory=list)       # an answer cut off, or an error page
    acknowledged: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def one_request(port: int, n: int, tally: Tally) -> bool:
    """One request on a fresh connection; False when the connection was refused."""
    post = n % 3 == 0
    text = f"sigterm-load-{n}"
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    response = None
    try:
        if post:
            connection.request("POST", "/en/contact/form/", body=contact_body(text), headers={
                "content-type": "application/x-www-form-urlencoded",
                "x-forwarded-for": f"10.0.{n // 250 % 250}.{n % 250}"})
        else:
            connection.request("GET", PAGES[n % len(PAGES)])
        response = connection.getresponse()
        body = response.read()  # raises IncompleteRead if cut off
    except ConnectionRefusedError:
        with tally.lock:
            tally.refused += 1
        return False
    except (ConnectionResetError, BrokenPipeError) as error:
        # RemoteDisconnected is a ConnectionResetError: closed before a status line came.
        with tally.lock:
            (tally.unanswered if response is None else tally.broken).append(
                text if post else f"GET {n}: {type(error).__name__}")
        return True
    except (OSError, http.client.HTTPException) as error:
        with tally.lock:
            tally.broken.append(f"{n}: {type(error).__name__}")
        return True
    finally:
        connection.close()
    with tally.lock:
        if response.status in (200, 303):
            tally.ok += 1
            if post and b"Thank you" in body:
                tally.acknowledged.append(text)
        else:
            tally.broken.append(f"{n}: HTTP {response.status}")
    return True


def start_slow_post(port: int, n: int) -> tuple[socket.socket, bytes]:
    """Sends a form's headers with `Expect: 100-continue`; uvicorn answers "100 Continue" when
    the app starts reading the body, so from then on the request is certainly in flight."""
    body = contact_body(f"sigterm-slow-{n}")
    sock = socket.create_connection(("127.0.0.1", port), timeout=60)
    sock.sendall(b"POST /en/contact/form/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                 b"Content-Type: application/x-www-form-urlencoded\r\nExpect: 100-continue\r\n"
                 + f"X-Forwarded-For: 10.9.9.{n}\r\nContent-Length: {len(body)}\r\n"
                   "Connection: close\r\n\r\n".encode())
    return sock, body


def send_first_half(sock: socket.socket, body: bytes) -> bytes:
    interim = b""
    while not interim.endswith(b"\r\n\r\n"):
        interim += sock.recv(1)
    assert interim.startswith(b"HTTP/1.1 100"), interim
    sock.sendall(body[: len(body) // 2])
    return body[len(body) // 2:]


def finish_slow_post(sock: socket.socket, rest: bytes) -> bytes:
    sock.sendall(rest)
    chunks = []
    while chunk := sock.recv(65536):
        chunks.append(chunk)
    sock.close()
    return b"".join(chunks)


def wait_until_up(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, "dostop serve exited"
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("dostop serve did not start")


def test_sigterm_lets_requests_in_flight_finish_and_loses_no_submission(tmp_path: Path) -> None:
    port = free_port()
    var = tmp_path / "var"
    env = {**os.environ, "DOSTOP_VAR_DIR": str(var), "DATABASE_URL": "",
           "DOSTOP_SMTP_URL": "", "DOSTOP_SECRET_KEY": "test-secret",
           "DOSTOP_SITE_URL": f"http://127.0.0.1:{port}", "DOSTOP_FORM_RATE_LIMIT": "1000"}
    log = tmp_path / "serve.log"
    with log.open("wb") as log_file:  # a file, not a pipe: a full pipe would stall the server
        process = subprocess.Popen([str(DOSTOP), "serve", "--port", str(port)], env=env,
                                   stdout=log_file, stderr=subprocess.STDOUT)
    try:
        wait_until_up(port, process)
        tally = Tally()
        stop = threading.Event()
        counter = itertools.count()
        counter_lock = threading.Lock()

        def load() -> None:
            while not stop.is_set():
                with counter_lock:
                    n = next(counter)
                if not one_request(port, n, tally):
                    return  # refused: the server has stopped listening

        threads = [threading.Thread(target=load) for _ in range(16)]
        for thread in threads:
            thread.start()
        time.sleep(3.0)  # load running
        started = [start_slow_post(port, n) for n in range(SLOW)]
        slow = [(sock, send_first_half(sock, body)) for sock, body in started]
        process.send_signal(signal.SIGTERM)
        time.sleep(1.0)  # shutting down, waiting for the slow posts
        slow_answers = [finish_slow_post(sock, rest) for sock, rest in slow]
        time.sleep(0.5)
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
        code = process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    output = log.read_text()
    # uvicorn finishes its graceful shutdown, then exits by the signal it caught (-15).
    assert code in (0, -signal.SIGTERM), output[-2000:]
    assert "Finished server process" in output, output[-2000:]
    for answer in slow_answers:
        assert answer.startswith(b"HTTP/1.1 200"), answer[:200]
        assert b"Thank you" in answer
    assert tally.ok >= 10, "the load did not run"
    # No answer was cut off and no request answered with an error.
    assert tally.broken == [], tally.broken[:20]
    storage = open_storage("", var)
    stored = {row["message"] for row in storage.export("contact")}
    storage.engine.dispose()
    expected = set(tally.acknowledged) | {f"sigterm-slow-{n}" for n in range(SLOW)}
    assert expected <= stored, sorted(expected - stored)[:20]
    # Connections still waiting to be accepted when the listening socket closes are reset by
    # the kernel (bench/README.md, "Hardening"): the app never began them, so none of those
    # posts was stored (stored but unanswered would mean a request cut off in flight).
    unanswered_posts = {t for t in tally.unanswered if t.startswith("sigterm-load-")}
    assert not unanswered_posts & stored, sorted(unanswered_posts & stored)
