"""Scale-out: two `dostop serve` processes behind Debian's nginx on loopback, sharing
one PostgreSQL, hold no state of their own; and a process finishes requests in flight on SIGTERM.
Starts real servers, so it is marked slow (`make test` runs it)."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from servers import free_port, missing_server

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
DOSTOP = Path(sys.executable).parent / "dostop"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
SECRET = "one-key-for-every-process"

NGINX_CONF = """
worker_processes 1;
{user}
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 256; }}
http {{
    access_log off;
    client_body_temp_path {prefix}/body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    # Round robin: with one nginx worker and one client, requests alternate between the two.
    upstream dostop {{
        server 127.0.0.1:{a};
        server 127.0.0.1:{b};
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://dostop;
            proxy_http_version 1.1;
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_set_header X-Request-ID $request_id;
            add_header X-Served-By $upstream_addr always;
        }}
    }}
}}
"""


def wait_for(url: str, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"{url} did not answer within {timeout} s")


def serve(port: int, env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        return subprocess.Popen([str(DOSTOP), "serve", "--port", str(port)], cwd=ROOT,
                                env={**os.environ, **env}, stdout=out, stderr=subprocess.STDOUT)


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture
def cluster(postgresql_url: str, smtp_sink: Any, tmp_path: Path) -> Iterator[dict[str, Any]]:
    if not os.path.exists(NGINX):
        missing_server("nginx is not installed: `make system-deps` (as root) installs it")
    ports = {"a": free_port(), "b": free_port(), "port": free_port()}
    site_url = f"http://127.0.0.1:{ports['port']}"
    processes = []
    for name in ("a", "b"):
        env = {"DATABASE_URL": postgresql_url, "DOSTOP_SECRET_KEY": SECRET,
               "DOSTOP_SITE_URL": site_url, "DOSTOP_SMTP_URL": smtp_sink.url,
               "DOSTOP_VAR_DIR": str(tmp_path / f"var-{name}")}
        processes.append(serve(ports[name], env, tmp_path / f"{name}.log"))
    with behind_nginx(ports, processes) as upstreams:
        with httpx.Client(base_url=site_url, follow_redirects=False, timeout=30) as client:
            yield {"client": client, "upstreams": upstreams, "smtp": smtp_sink,
                   "database_url": postgresql_url}


@contextmanager
def behind_nginx(ports: dict[str, int],
                 processes: list[subprocess.Popen[bytes]]) -> Iterator[set[str]]:
    """nginx on `ports["port"]` in front of the processes on ports "a" and "b", once all
    answer; yields the two upstream addresses, and stops nginx and the processes after."""
    prefix = Path(tempfile.mkdtemp(prefix="dostop-nginx-"))
    user = "user root;" if os.geteuid() == 0 else ""
    (prefix / "nginx.conf").write_text(NGINX_CONF.format(prefix=prefix, user=user, **ports))
    nginx = subprocess.Popen([NGINX, "-p", str(prefix), "-c", str(prefix / "nginx.conf"),
                              "-g", "daemon off;"], stderr=subprocess.PIPE)
    try:
        for name in ("a", "b"):
            wait_for(f"http://127.0.0.1:{ports[name]}/healthz")
        wait_for(f"http://127.0.0.1:{ports['port']}/healthz")
        yield {f"127.0.0.1:{ports['a']}", f"127.0.0.1:{ports['b']}"}
    finally:
        stop(nginx)
        for process in processes:
            stop(process)
        shutil.rmtree(prefix, ignore_errors=True)


def served_by(response: httpx.Response) -> str:
    return response.headers["x-served-by"]


def test_preferences_hold_whichever_process_answers(cluster: dict[str, Any]) -> None:
    client: httpx.Client = cluster["client"]
    saved = client.post("/en/accessibility/", data={"mode": "on", "action": "save"})
    assert saved.status_code == 303 and "set-cookie" in saved.headers
    cookie = saved.headers["set-cookie"].split(";")[0]
    client.cookies.clear()  # sent by hand below, so the last request can go without it
    answered = set()
    for _ in range(4):
        page = client.get("/en/news/", headers={"cookie": cookie})
        assert page.status_code == 200
        assert 'data-accessibility-mode="on"' in page.text
        answered.add(served_by(page))
    assert answered == cluster["upstreams"]  # both processes answered, both read the cookie
    # And a visitor without the cookie never gets the other visitor's copy.
    assert 'data-accessibility-mode="off"' in client.get("/en/news/").text


def test_a_sign_up_made_through_one_process_is_seen_by_the_other(cluster: dict[str, Any]) -> None:
    client: httpx.Client = cluster["client"]
    signed_up = client.post("/en/newsletter/", data={
        "email": "Ana.Novak@example.si", "language": "en", "consent": "yes"})
    assert signed_up.status_code == 200, signed_up.text[:500]
    first = served_by(signed_up)
    deadline = time.monotonic() + 30  # the message goes out after the response
    while not cluster["smtp"].messages and time.monotonic() < deadline:
        time.sleep(0.2)
    [message] = cluster["smtp"].messages
    confirm = next(u for u in re.findall(r"http://\S+", message.get_content()) if "/confirm/" in u)
    path, token = confirm.split("?t=")
    path = httpx.URL(path).path
    # Round robin: step until the last answer came from the sign-up's process, so the next
    # request (the confirmation) goes to the other one.
    for _ in range(4):
        if served_by(client.get("/healthz")) == first:
            break
    done = client.post(path, data={"t": token})
    assert served_by(done) != first
    assert done.status_code == 200 and "Your subscription is confirmed" in done.text

    from dostop.storage import open_storage

    storage = open_storage(cluster["database_url"], Path(tempfile.mkdtemp()))
    try:
        assert storage.confirmed_count() == 1
    finally:
        storage.engine.dispose()


def test_sigterm_lets_a_request_in_flight_finish(tmp_path: Path) -> None:
    port = free_port()
    process = serve(port, {"DOSTOP_VAR_DIR": str(tmp_path / "var")}, tmp_path / "serve.log")
    try:
        wait_for(f"http://127.0.0.1:{port}/healthz")
        body = b"mode=on&action=save"
        with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
            # Headers and half the body: the request is in flight...
            sock.sendall(b"POST /en/accessibility/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                         b"Content-Type: application/x-www-form-urlencoded\r\n"
                         b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body[:8])
            time.sleep(0.5)
            process.send_signal(signal.SIGTERM)
            time.sleep(1.5)
            # ...the server stopped accepting new connections...
            with pytest.raises(OSError):
                socket.create_connection(("127.0.0.1", port), timeout=2).close()
            assert process.poll() is None  # ...but still waits for this one
            sock.sendall(body[8:])
            answer = b""
            while b"\r\n\r\n" not in answer:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                answer += chunk
        assert answer.startswith(b"HTTP/1.1 303"), answer[:200]
        assert b"dostop_prefs=" in answer
        # Then it exits; uvicorn re-raises the SIGTERM it caught, so the status says so.
        assert process.wait(30) in (0, -signal.SIGTERM)
    finally:
        stop(process)
    log = (tmp_path / "serve.log").read_text()
    assert '"path":"/en/accessibility/","status":303' in log


def test_the_documented_nginx_configuration_is_valid(tmp_path: Path) -> None:
    """docs/nginx.conf, with a throwaway certificate and cache folder, passes `nginx -t`."""
    if not os.path.exists(NGINX) or not shutil.which("openssl"):
        missing_server("nginx and openssl are needed: `make system-deps` (as root) installs them")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=localhost", "-keyout", str(tmp_path / "key.pem"),
                    "-out", str(tmp_path / "cert.pem")], check=True, capture_output=True)
    site = (ROOT / "docs" / "nginx.conf").read_text()
    site = (site.replace("/etc/letsencrypt/live/www.rralur.si/fullchain.pem", str(tmp_path / "cert.pem"))
                .replace("/etc/letsencrypt/live/www.rralur.si/privkey.pem", str(tmp_path / "key.pem"))
                .replace("/var/cache/nginx/dostop", str(tmp_path / "cache")))
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\n    include {tmp_path}/site.conf;\n}}\n")
    checked = subprocess.run([NGINX, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
                             capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
