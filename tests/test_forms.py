"""The three forms over HTTP, in-process: the GOV.UK error pattern per form and field, and the
refusals (cross-site 403, body 413, unreadable 400, rate limit 429, database down 503)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from dostop.app import create_app
from dostop.forms import CONTACT, FEEDBACK, NEWSLETTER, FormSpec
from dostop.settings import Settings
from dostop.storage import open_storage
from servers import free_port

Client = Callable[..., TestClient]

FORMS: dict[str, tuple[FormSpec, str, str]] = {  # kind → spec, Slovenian and English path
    "newsletter": (NEWSLETTER, "/sl/e-novice/", "/en/newsletter/"),
    "contact": (CONTACT, "/sl/kontakt/obrazec/", "/en/contact/form/"),
    "feedback": (FEEDBACK, "/sl/dostopnost/povratne-informacije/", "/en/accessibility/feedback/"),
}
VALID = {
    "newsletter": {"email": "ana@example.si", "language": "sl", "consent": "yes"},
    "contact": {"name": "Ana Novak", "email": "ana@example.si", "subject": "Razpis",
                "message": "Kdaj se odpre razpis?"},
    "feedback": {"problem": "Gumba ne dosežem s tipkovnico.", "page": "/sl/novice/"},
}


@pytest.fixture
def make_client(settings: Settings) -> Iterator[Client]:
    clients: list[TestClient] = []

    def build(**changes: Any) -> TestClient:
        app = create_app(replace(settings, **changes))
        client = TestClient(app, raise_server_exceptions=False, follow_redirects=False)
        client.__enter__()
        clients.append(client)
        return client

    yield build
    for client in clients:
        storage = getattr(client.app.state, "storage", None)  # type: ignore[attr-defined]
        client.__exit__(None, None, None)
        if storage is not None:
            storage.engine.dispose()


@pytest.fixture(scope="module")
def forms_app(tmp_path_factory: pytest.TempPathFactory) -> Starlette:
    """One app for the module (the content loads once); each test gets a fresh database."""
    var = tmp_path_factory.mktemp("var")
    return create_app(replace(Settings(), var_dir=var, secret_key="test-secret",
                              site_url="http://testserver"))


@pytest.fixture
def client(forms_app: Starlette, tmp_path: Path) -> Iterator[TestClient]:
    storage = open_storage("", tmp_path)
    forms_app.state.storage = storage
    with TestClient(forms_app, raise_server_exceptions=False, follow_redirects=False) as test:
        yield test
    storage.engine.dispose()
    del forms_app.state.storage


def main_html(response: Any) -> str:
    return re.search(r"<main.*</main>", response.text, re.S).group(0)  # type: ignore[union-attr]


def title(response: Any) -> str:
    return re.search(r"<title>(.*?)</title>", response.text, re.S).group(1)  # type: ignore[union-attr]


# --- the pages -----------------------------------------------------------------------------

@pytest.mark.parametrize("kind", FORMS)
@pytest.mark.parametrize("locale", ["sl", "en"])
def test_form_page_has_labels_hints_and_autocomplete(client: TestClient, kind: str,
                                                     locale: str) -> None:
    spec, sl_path, en_path = FORMS[kind]
    response = client.get(sl_path if locale == "sl" else en_path)
    assert response.status_code == 200
    html = main_html(response)
    assert 'novalidate' in html and "d-error-summary" not in html
    for field in spec.fields:
        if field.kind == "radios":
            assert f'id="{field.id}"' in html and "<legend" in html
            continue
        assert f'<label class="{"d-checkbox__label" if field.kind == "checkbox" else "d-label"}" for="{field.id}">' in html
        if field.autocomplete:
            assert re.search(rf'id="{field.id}"[^>]*autocomplete="{field.autocomplete}"', html)
        if field.hint:
            assert re.search(rf'id="{field.id}"[^>]*aria-describedby="{field.id}-hint"', html)


def test_pages_are_in_the_visitors_language(client: TestClient) -> None:
    sl = client.get("/sl/kontakt/obrazec/")
    en = client.get("/en/contact/form/")
    assert "<h1>Pišite nam</h1>" in sl.text and "<h1>Write to us</h1>" in en.text
    assert 'hreflang="en" href="http://testserver/en/contact/form/"' in sl.text


def test_home_join_us_and_contact_page_link_to_the_forms(client: TestClient) -> None:
    assert 'href="/sl/e-novice/">Pridružite se!' in client.get("/sl/").text
    assert 'href="/en/newsletter/">Join us!' in client.get("/en/").text
    assert 'href="/sl/kontakt/obrazec/"' in client.get("/sl/kontakt/").text
    assert 'href="/en/contact/form/"' in client.get("/en/contact/").text


# --- the error pattern, per form and field --------------------------------------------------

@pytest.mark.parametrize("kind", FORMS)
def test_empty_form_lists_every_required_field_and_links_to_it(client: TestClient,
                                                               kind: str) -> None:
    spec, sl_path, en_path = FORMS[kind]
    response = client.post(en_path, data={})
    assert response.status_code == 400
    assert title(response).startswith("Error: ")
    html = main_html(response)
    summary = html[html.index("d-error-summary"):html.index("<h1")]  # the summary comes first
    assert 'role="alert" tabindex="-1"' in summary
    required = [f for f in spec.fields if f.required]
    assert summary.count("<li>") == len(required)
    for field in required:
        assert f'href="#{field.id}"' in summary
        described = re.search(rf'aria-describedby="([^"]*{field.id.removesuffix("-0")}-error)"',
                              html)
        assert described, field.name
        assert f'id="{field.id.removesuffix("-0")}-error"' in html
    sl = client.post(sl_path, data={})
    assert title(sl).startswith("Napaka: ") and "Prišlo je do težave" in sl.text


@pytest.mark.parametrize("kind", FORMS)
def test_each_field_alone_gets_its_own_message_and_others_keep_their_values(
        client: TestClient, kind: str) -> None:
    spec, _sl_path, en_path = FORMS[kind]
    for field in spec.fields:
        if not field.required:
            continue
        data = dict(VALID[kind])
        data.pop(field.name, None)
        response = client.post(en_path, data=data)
        assert response.status_code == 400, field.name
        html = main_html(response)
        assert html.count("<li><a href=") == 1 and f'href="#{field.id}"' in html
        for other, value in data.items():
            if spec.field(other).kind in ("text", "email", "path"):
                assert f'value="{value}"' in html, other
            elif spec.field(other).kind == "textarea":
                assert f">{value}</textarea>" in html


@pytest.mark.parametrize(("kind", "field", "value", "message"), [
    ("newsletter", "email", "ana(at)example.si", "Enter an e-mail address in the correct format"),
    ("newsletter", "email", "ana@example.si\r\nBcc: x@evil.example",
     "Enter an e-mail address in the correct format"),
    ("newsletter", "language", "de", "Select the language you would like the newsletter in"),
    ("newsletter", "consent", "on", "Select the box to agree"),
    ("contact", "name", "Ana\nBcc: x@evil.example", "Enter your name on one line"),
    ("contact", "subject", "Hi\r\nBcc: x@evil.example", "Enter the subject on one line"),
    ("contact", "name", "A" * 201, "Name must be 200 characters or fewer"),
    ("contact", "message", "x" * 5001, "Message must be 5000 characters or fewer"),
    ("feedback", "page", "https://evil.example/", "Enter the address of a page on this site"),
    ("feedback", "page", "//evil.example/", "Enter the address of a page on this site"),
    ("feedback", "email", "not an address", "Enter an e-mail address in the correct format"),
])
def test_wrong_values_get_a_400_that_says_how_to_fix_them(
        client: TestClient, kind: str, field: str, value: str, message: str) -> None:
    _spec, _sl, en_path = FORMS[kind]
    response = client.post(en_path, data={**VALID[kind], field: value})
    assert response.status_code == 400
    assert message in main_html(response)
    assert "<script" not in main_html(response)


def test_markup_in_fields_is_shown_escaped(client: TestClient) -> None:
    response = client.post("/en/contact/form/", data={**VALID["contact"], "email": "",
                                                      "name": '<script>alert(1)</script>'})
    assert 'value="&lt;script&gt;alert(1)&lt;/script&gt;"' in response.text
    assert "<script>alert(1)" not in response.text


def test_invalid_utf8_is_a_400_with_the_error_summary(client: TestClient) -> None:
    response = client.post("/sl/kontakt/obrazec/", content=b"name=%FF%FE&email=a",
                           headers={"content-type": "application/x-www-form-urlencoded"})
    assert response.status_code == 400
    assert title(response).startswith("Napaka: ")
    assert 'href="#field-name"' in response.text


@pytest.mark.parametrize("content_type", ["multipart/form-data; boundary=x", "text/plain", ""])
def test_other_body_types_are_a_400(client: TestClient, content_type: str) -> None:
    response = client.post("/en/contact/form/", content=b"--x--",
                           headers={"content-type": content_type})
    assert response.status_code == 400


def test_body_over_the_limit_is_a_413(make_client: Client) -> None:
    client = make_client(form_body_limit=1000)
    response = client.post("/en/contact/form/", data={**VALID["contact"], "message": "x" * 2000})
    assert response.status_code == 413
    assert "too large" in response.text
    chunked = client.post("/en/contact/form/", content=iter([b"message=", b"x" * 2000]),
                          headers={"content-type": "application/x-www-form-urlencoded"})
    assert chunked.status_code == 413


# --- who may post ---------------------------------------------------------------------------

@pytest.mark.parametrize("headers", [
    {"sec-fetch-site": "cross-site"},
    {"sec-fetch-site": "same-site"},
    {"origin": "https://evil.example"},
    {"origin": "null"},
])
def test_cross_site_posts_are_refused_with_a_plain_403(client: TestClient,
                                                       headers: dict[str, str]) -> None:
    for path in ("/sl/e-novice/", "/en/contact/form/", "/en/accessibility/feedback/"):
        response = client.post(path, data=VALID["contact"], headers=headers)
        assert response.status_code == 403
    sl = client.post("/sl/kontakt/obrazec/", data=VALID["contact"], headers=headers)
    assert "Obrazec lahko pošljete samo z našega spletnega mesta" in sl.text
    assert client.app.state.storage.export("contact") == []  # type: ignore[attr-defined]


def test_same_origin_posts_are_accepted(client: TestClient) -> None:
    response = client.post("/en/contact/form/", data=VALID["contact"],
                           headers={"sec-fetch-site": "same-origin",
                                    "origin": "http://testserver"})
    assert response.status_code == 200
    assert "Thank you, your message has been sent" in response.text


def test_form_pages_stay_cacheable(client: TestClient) -> None:
    response = client.get("/sl/e-novice/")
    assert "no-store" not in response.headers.get("cache-control", "")
    assert "set-cookie" not in response.headers


def test_honeypot_looks_like_success_but_keeps_nothing(client: TestClient) -> None:
    response = client.post("/en/contact/form/", data={**VALID["contact"], "website": "spam"})
    assert response.status_code == 200
    assert client.app.state.storage.export("contact") == []  # type: ignore[attr-defined]


def test_rate_limit_answers_429_with_retry_after(make_client: Client) -> None:
    client = make_client(form_rate_limit=2)
    for _ in range(2):
        assert client.post("/en/contact/form/", data=VALID["contact"]).status_code == 200
    response = client.post("/en/contact/form/", data=VALID["contact"])
    assert response.status_code == 429
    assert response.headers["retry-after"] == "3600"
    assert "several times" in response.text
    # Another form has its own allowance; invalid attempts never count.
    assert client.post("/en/accessibility/feedback/", data=VALID["feedback"]).status_code == 200
    assert client.app.state.storage.export("contact").__len__() == 2  # type: ignore[attr-defined]


def test_database_down_is_a_503_and_pages_still_work(make_client: Client) -> None:
    client = make_client(database_url=f"postgresql://nobody@127.0.0.1:{free_port()}/none")
    response = client.post("/sl/kontakt/obrazec/", data=VALID["contact"])
    assert response.status_code == 503
    assert response.headers["retry-after"] == "120"
    assert client.get("/sl/kontakt/obrazec/").status_code == 200


# --- contact and feedback ---------------------------------------------------------------------

def test_contact_message_is_stored_and_sent_to_staff_after_commit(
        make_client: Client, smtp_sink: Any, database_url: str) -> None:
    client = make_client(smtp_url=smtp_sink.url, database_url=database_url)
    response = client.post("/sl/kontakt/obrazec/", data=VALID["contact"])
    assert response.status_code == 200 and "Hvala" in response.text
    [row] = client.app.state.storage.export("contact")  # type: ignore[attr-defined]
    assert row["message"] == "Kdaj se odpre razpis?" and row["locale"] == "sl"
    [mail] = smtp_sink.messages
    assert mail["To"] == "info@rralur.si" and mail["Reply-To"] == "ana@example.si"
    assert "Kdaj se odpre razpis?" in mail.get_content()


@pytest.mark.parametrize(("query", "referer", "expected"), [
    ("?page=/sl/novice/", None, "/sl/novice/"),
    ("?page=https://evil.example/", None, ""),
    ("?page=//evil.example/x", None, ""),
    ("", "http://testserver/en/projects/", "/en/projects/"),
    ("", "https://evil.example/en/projects/", ""),
])
def test_feedback_is_prefilled_with_a_same_site_page_only(
        client: TestClient, query: str, referer: str | None, expected: str) -> None:
    headers = {"referer": referer} if referer else {}
    response = client.get("/en/accessibility/feedback/" + query, headers=headers)
    assert response.status_code == 200
    assert re.search(r'id="field-page"[^>]*value="([^"]*)"', response.text).group(1) == expected  # type: ignore[union-attr]
    if not query:
        assert "no-store" in response.headers["cache-control"]  # Referer varies per visitor


def test_feedback_without_contact_details_is_accepted(client: TestClient, tmp_path: Path) -> None:
    response = client.post("/en/accessibility/feedback/", data=VALID["feedback"])
    assert response.status_code == 200
    [row] = client.app.state.storage.export("feedback")  # type: ignore[attr-defined]
    assert row["page"] == "/sl/novice/" and row["email"] == ""


# --- inline validation (js/forms.js asks about one field as the visitor leaves it) ------------

def test_one_field_check_answers_with_the_same_message_and_stores_nothing(
        client: TestClient) -> None:
    bad = client.post("/sl/kontakt/obrazec/?check=email", data={"email": "ana(at)example.si"})
    assert bad.status_code == 200
    assert bad.json() == {"field": "email",
                          "error": "Vpišite e-poštni naslov v pravilni obliki, na primer "
                                   "ime@primer.si"}
    assert "no-store" in bad.headers["cache-control"]
    good = client.post("/en/contact/form/?check=email", data={"email": "ana@example.si"})
    assert good.json() == {"field": "email", "error": ""}
    assert client.post("/en/contact/form/?check=consent", data={}).status_code == 400
    assert client.post("/en/contact/form/?check=email", data={"email": "x"},
                       headers={"sec-fetch-site": "cross-site"}).status_code == 403
    assert client.app.state.storage.export("contact") == []  # type: ignore[attr-defined]


def test_unwritable_data_folder_is_a_503_not_a_crash(make_client: Client, tmp_path: Path) -> None:
    not_a_folder = tmp_path / "var-is-a-file"
    not_a_folder.write_text("")
    client = make_client(var_dir=not_a_folder)
    response = client.post("/en/contact/form/", data=VALID["contact"])
    assert response.status_code == 503
    assert "Nothing was saved" in response.text


def test_only_a_form_page_summary_takes_focus(client: TestClient) -> None:
    """The pattern page shows an example summary: it must not pull focus away from the skip
    link on load (error_summary(..., focus=False))."""
    patterns = client.get("/en/patterns/").text
    assert 'class="d-error-summary"' in patterns and "autofocus" not in patterns
    errors = client.post("/en/contact/form/", data={}).text
    assert 'data-module="d-error-summary"' in errors and "autofocus" in errors


def test_no_personal_data_in_logs(client: TestClient, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level("DEBUG")
    client.post("/en/contact/form/", data=VALID["contact"])
    client.post("/en/newsletter/", data=VALID["newsletter"])
    client.post("/en/contact/form/", data={**VALID["contact"], "email": "bad@"})
    assert "form: submission saved" in caplog.text  # the forms do log, without the person
    for personal in ("ana@example.si", "Ana Novak", "Kdaj se odpre razpis?", "bad@"):
        assert personal not in caplog.text


@pytest.mark.parametrize("kind", FORMS)
def test_every_check_a_field_can_fail_has_its_own_message(kind: str) -> None:
    """An empty msgid would translate to the catalog header: each failure needs its words."""
    for field in FORMS[kind][0].fields:
        assert field.label and (field.missing or not field.required), field.name
        if field.kind in ("text", "email", "path"):
            assert field.invalid and field.too_long, field.name
        if field.kind == "textarea":
            assert field.too_long, field.name
