"""Double opt-in end to end, through a real SMTP server and against both databases: the
message with its signed, expiring link; counted only once confirmed; an unsubscribe link in
every message; signing up twice is friendly and leaves one subscription."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from dataclasses import replace
from typing import Any
from urllib.parse import urlsplit

import pytest
from itsdangerous import TimestampSigner
from starlette.testclient import TestClient

from dostop.app import create_app
from dostop.settings import Settings
from servers import free_port

SIGN_UP = {"email": "Ana.Novak@example.si", "language": "en", "consent": "yes"}


@pytest.fixture
def newsletter_client(settings: Settings, database_url: str,
                      smtp_sink: Any) -> Iterator[TestClient]:
    app = create_app(replace(settings, database_url=database_url, smtp_url=smtp_sink.url))
    with TestClient(app, raise_server_exceptions=False, follow_redirects=False) as client:
        yield client
    app.state.storage.engine.dispose()


def links(message: Any) -> dict[str, str]:
    body = message.get_content()
    found = {}
    for url in re.findall(r"http://testserver\S+", body):
        kind = "confirm" if "/confirm/" in url or "/potrditev/" in url else "unsubscribe"
        found[kind] = url.removeprefix("http://testserver")
    return found


def test_double_opt_in_end_to_end(newsletter_client: TestClient, smtp_sink: Any) -> None:
    client = newsletter_client
    response = client.post("/sl/e-novice/", data=SIGN_UP)
    assert response.status_code == 200
    assert "Preverite e-pošto" in response.text and "Ana.Novak@example.si" in response.text
    storage = client.app.state.storage  # type: ignore[attr-defined]
    assert storage.confirmed_count() == 0  # not before the visitor confirms

    [message] = smtp_sink.messages
    assert message["To"] == "Ana.Novak@example.si"
    assert message["Subject"] == "Confirm your subscription to the RRA LUR newsletter"  # chosen language
    found = links(message)
    assert found["confirm"].startswith("/en/newsletter/confirm/?t=")
    assert message["List-Unsubscribe"] == f"<http://testserver{found['unsubscribe']}>"

    page = client.get(found["confirm"])  # a mail scanner opening the link changes nothing
    assert page.status_code == 200 and "Confirm subscription" in page.text
    assert "no-store" in page.headers["cache-control"]
    assert storage.confirmed_count() == 0
    token = re.search(r'name="t" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
    done = client.post(urlsplit(found["confirm"]).path, data={"t": token})
    assert done.status_code == 200 and "Your subscription is confirmed" in done.text
    assert storage.confirmed_count() == 1

    again = client.post("/en/newsletter/", data={**SIGN_UP, "email": "ana.novak@EXAMPLE.si"})
    assert again.status_code == 200 and "Check your e-mail" in again.text  # friendly, no error
    assert len(storage.export("newsletter")) == 1 and storage.confirmed_count() == 1
    second = smtp_sink.messages[1]
    assert second["Subject"] == "You are already subscribed to the RRA LUR newsletter"
    assert "unsubscribe" in links(second)  # in every message

    # One-click unsubscribe (RFC 8058) from the mail program: a POST to the header's URL.
    unsubscribe = links(second)["unsubscribe"]
    gone = client.post(unsubscribe, content=b"List-Unsubscribe=One-Click",
                       headers={"content-type": "application/x-www-form-urlencoded"})
    assert gone.status_code == 200 and "You have unsubscribed" in gone.text
    assert storage.export("newsletter") == [] and storage.confirmed_count() == 0
    stale = client.post(urlsplit(found["confirm"]).path, data={"t": token})
    assert "no longer exists" in stale.text


def test_unsubscribe_page_asks_first_and_works_without_logging_in(
        newsletter_client: TestClient, smtp_sink: Any) -> None:
    client = newsletter_client
    client.post("/sl/e-novice/", data={**SIGN_UP, "language": "sl"})
    found = links(smtp_sink.messages[0])
    assert found["unsubscribe"].startswith("/sl/e-novice/odjava/?t=")
    page = client.get(found["unsubscribe"])
    assert page.status_code == 200 and "Odjava od e-novic" in page.text
    assert len(client.app.state.storage.export("newsletter")) == 1  # type: ignore[attr-defined]
    token = re.search(r'name="t" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
    done = client.post("/sl/e-novice/odjava/", data={"t": token})
    assert "Odjavili ste se" in done.text
    assert client.app.state.storage.export("newsletter") == []  # type: ignore[attr-defined]


def test_expired_and_tampered_links_explain_what_to_do(
        newsletter_client: TestClient, smtp_sink: Any, settings: Settings) -> None:
    client = newsletter_client
    client.post("/en/newsletter/", data=SIGN_UP)
    url = links(smtp_sink.messages[0])["confirm"]
    raw = url.split("t=", 1)[1]
    subscription_token = raw.rsplit(".", 2)[0]

    class EightDaysAgo(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(time.time()) - 8 * 86400

    old = EightDaysAgo(settings.secret_key, salt="dostop.newsletter.confirm")
    expired = client.get("/en/newsletter/confirm/?t=" + old.sign(subscription_token).decode())
    assert expired.status_code == 410 and "This link has expired" in expired.text
    assert 'href="/en/newsletter/"' in expired.text
    tampered = client.get("/en/newsletter/confirm/?t=" + raw[:-3] + "abc")
    assert tampered.status_code == 400 and "This link is not valid" in tampered.text
    # A confirm link cannot be used to unsubscribe, nor the other way round (separate salts).
    assert client.get("/en/newsletter/unsubscribe/?t=" + raw).status_code == 400
    assert client.app.state.storage.confirmed_count() == 0  # type: ignore[attr-defined]


def test_sign_up_is_kept_when_the_mail_server_is_down(settings: Settings, smtp_sink: Any,
                                                      database_url: str) -> None:
    down = replace(settings, database_url=database_url,
                   smtp_url=f"smtp://127.0.0.1:{free_port()}")
    app = create_app(down)
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.post("/en/newsletter/", data=SIGN_UP)
        assert response.status_code == 200  # committed: the visitor may be told
        storage = app.state.storage
        assert storage.pending_messages() == 1
    # The server is back: the next retry (`dostop outbox send`, or the next submission) sends it.
    from dostop.forms.mail import Mailer, deliver_pending
    from sqlalchemy import update

    from dostop.storage.repository import utcnow
    from dostop.storage.schema import outbox

    with storage.transaction() as connection:
        connection.execute(update(outbox).values(next_attempt_at=utcnow()))
    assert deliver_pending(storage, Mailer(smtp_sink.url, settings.var_dir)) == (1, 0)
    assert smtp_sink.messages[0]["To"] == "Ana.Novak@example.si"
    storage.engine.dispose()
