"""Faults: the database down or locked, a folder that cannot be written, a failure in
the middle of a save, the mail server down and back. Pages keep being served; forms answer a
translated "try again later" (503 with Retry-After) and keep nothing half-written; `/healthz`
says the site serves, `/readyz` whether the database answers; mail waits in the outbox."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.pool import NullPool
from starlette.testclient import TestClient

from dostop.cli import main
from dostop.site import gettext_for
from dostop.storage import Storage, open_storage
from dostop.storage.repository import utcnow
from dostop.storage.schema import outbox
from servers import SmtpSink, free_port
from test_forms import make_client  # noqa: F401 - the fixture: an app per test with changed settings

PAGES = ["/sl/", "/en/", "/sl/novice/", "/en/news/", "/en/projects/", "/sl/iskanje/?q=projekt",
         "/en/accessibility/", "/sl/kazalo/", "/sitemap.xml", "/robots.txt", "/healthz",
         "/sl/e-novice/", "/en/contact/form/", "/en/accessibility/feedback/"]
POSTS = {  # path → a valid body
    "/sl/e-novice/": {"email": "ana@example.si", "language": "sl", "consent": "yes"},
    "/en/newsletter/": {"email": "ana@example.si", "language": "en", "consent": "yes"},
    "/sl/kontakt/obrazec/": {"name": "Ana Novak", "email": "ana@example.si",
                             "subject": "Razpis", "message": "Kdaj se odpre razpis?"},
    "/en/contact/form/": {"name": "Ana Novak", "email": "ana@example.si", "subject": "Call",
                          "message": "When does the call open?"},
    "/sl/dostopnost/povratne-informacije/": {"problem": "Gumba ne dosežem.",
                                             "page": "/sl/novice/"},
    "/en/accessibility/feedback/": {"problem": "I cannot reach the button.",
                                    "page": "/en/news/"},
}
UNAVAILABLE_TEXT = ["Sorry, we cannot take your form right now",
                    "Nothing was saved. Please try again in a few minutes."]


def translated(client: TestClient, locale: str, msgid: str) -> str:
    text = gettext_for(client.app.state.site, locale)(msgid)  # type: ignore[attr-defined]
    return text.replace('"', "&#34;").replace("'", "&#39;")


def assert_try_again_later(client: TestClient, path: str, response: Any) -> None:
    locale = path.split("/")[1]
    assert response.status_code == 503, (path, response.status_code)
    assert int(response.headers["retry-after"]) > 0
    assert "no-store" in response.headers["cache-control"]
    for msgid in UNAVAILABLE_TEXT:
        assert translated(client, locale, msgid) in response.text
    if locale == "sl":
        assert "Nič ni bilo shranjeno" in response.text


def assert_pages_served(client: TestClient, but: tuple[str, ...] = ()) -> None:
    for path in PAGES:
        if path not in but:
            assert client.get(path).status_code == 200, path
    css = client.app.state.site.assets.url("dostop.css")  # type: ignore[attr-defined]
    assert client.get(css).status_code == 200


def test_database_down_pages_served_forms_503_and_not_ready(make_client: Any) -> None:
    client = make_client(database_url=f"postgresql://nobody@127.0.0.1:{free_port()}/none")
    # Search runs in that database too: it says so, and every other page is served.
    search = "/sl/iskanje/?q=projekt"
    assert_pages_served(client, but=(search,))
    answer = client.get(search)
    assert answer.status_code == 503
    assert translated(client, "sl", "Search is unavailable right now") in answer.text
    for path, body in POSTS.items():
        assert_try_again_later(client, path, client.post(path, data=body))
    assert client.get("/healthz").status_code == 200
    ready = client.get("/readyz")
    assert ready.status_code == 503 and int(ready.headers["retry-after"]) > 0
    assert "no-store" in ready.headers["cache-control"]


def test_readiness_follows_the_database(make_client: Any, tmp_path: Path) -> None:
    """A data folder that cannot be written (SQLite cannot open its file): not ready, and
    ready again as soon as it can, without a restart."""
    var = tmp_path / "var-blocked"
    var.write_text("a file where the folder should be")
    client = make_client(var_dir=var)
    assert client.get("/readyz").status_code == 503
    assert_try_again_later(client, "/en/contact/form/",
                           client.post("/en/contact/form/", data=POSTS["/en/contact/form/"]))
    assert client.get("/en/").status_code == 200
    var.unlink()
    var.mkdir()
    assert client.get("/readyz").status_code == 200
    assert client.post("/en/contact/form/", data=POSTS["/en/contact/form/"]).status_code == 200


def test_locked_database_pages_served_forms_503_nothing_kept(make_client: Any,
                                                               tmp_path: Path) -> None:
    """Another process holds the SQLite write lock. The app waits for it (15 s in production;
    here the test's engine waits 0.2 s), then answers 503; after the lock is released the same
    form goes through, and only that one submission is stored."""
    var = tmp_path / "var"
    client = make_client(var_dir=var)
    open_storage("", var).engine.dispose()  # created and migrated
    database = var / "dostop.sqlite3"
    impatient = create_engine(f"sqlite:///{database}", poolclass=NullPool,
                              connect_args={"timeout": 0.2})
    client.app.state.storage = Storage(impatient)  # type: ignore[attr-defined]
    holder = sqlite3.connect(database, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        assert_pages_served(client)
        for path, body in POSTS.items():
            assert_try_again_later(client, path, client.post(path, data=body))
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    storage = client.app.state.storage  # type: ignore[attr-defined]
    assert storage.export("contact") == [] and storage.export("newsletter") == []
    assert storage.export("feedback") == [] and storage.pending_messages() == 0
    assert client.post("/en/contact/form/", data=POSTS["/en/contact/form/"]).status_code == 200
    assert len(storage.export("contact")) == 1


@pytest.mark.parametrize("path", list(POSTS))
def test_a_failure_in_the_middle_of_a_save_keeps_nothing(make_client: Any, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch,
                                                         path: str) -> None:
    """The submission row is written, then queuing its message fails: the transaction rolls
    back, so there is no submission without its message (and no "sent" page)."""
    client = make_client(var_dir=tmp_path / "var")

    def broken_queue(self: Storage, conn: Any, message: Any) -> None:
        raise OperationalError("INSERT INTO outbox", {}, Exception("disk I/O error"))

    monkeypatch.setattr(Storage, "_queue", broken_queue)
    assert_try_again_later(client, path, client.post(path, data=POSTS[path]))
    storage = client.app.state.storage  # type: ignore[attr-defined]
    for kind in ("newsletter", "contact", "feedback"):
        assert storage.export(kind) == [], kind
    assert storage.pending_messages() == 0


def test_sign_ups_wait_for_a_mail_server_that_comes_back(make_client: Any,
                                                         tmp_path: Path) -> None:
    """SMTP is down when the visitors sign up: they are told to check their mail (the messages
    are committed to the outbox), nothing is lost, and once the server is up `dostop outbox
    send` delivers every one."""
    var = tmp_path / "var"
    sink = SmtpSink()  # its port is chosen; nothing listens on it yet
    client = make_client(var_dir=var, smtp_url=sink.url)
    addresses = [f"person{n}@example.si" for n in range(3)]
    for address in addresses:
        response = client.post("/en/newsletter/", data={"email": address, "language": "en",
                                                        "consent": "yes"})
        assert response.status_code == 200 and "Check your e-mail" in response.text
    contact = client.post("/en/contact/form/", data=POSTS["/en/contact/form/"])
    assert contact.status_code == 200
    storage = client.app.state.storage  # type: ignore[attr-defined]
    assert storage.pending_messages() == 4  # each delivery after a response failed and waits
    assert len(storage.export("newsletter")) == 3

    sink.start()
    try:
        # The failed tries backed off (1, 2, 4 ... minutes): let that time pass.
        with storage.transaction() as connection:
            connection.execute(update(outbox).values(next_attempt_at=utcnow()))
        env = {"DOSTOP_VAR_DIR": str(var), "DATABASE_URL": "", "DOSTOP_SMTP_URL": sink.url}
        result = CliRunner().invoke(main, ["outbox", "send"], env=env)
        assert result.exit_code == 0, result.output
        assert "Sent 4" in result.output
        assert sorted(str(m["To"]) for m in sink.messages) == sorted(
            [*addresses, "info@rralur.si"])
        assert storage.pending_messages() == 0
    finally:
        sink.stop()
