"""Another public body runs the engine by changing its content only: the second site in
tests/fixtures/second_site/ has its own identity.toml and one article, and its name, address
and sender appear in its header, titles, footer, feed and mail, its tagline on its home page and
its own name for its about page in the navigation, with no trace of RRA LUR."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient

from dostop.app import create_app
from dostop.cli import main
from dostop.content import ContentError
from dostop.identity import load_identity
from dostop.settings import Settings

CONTENT = Path(__file__).parent / "fixtures" / "second_site" / "content"
THE_AGENCY = ("RRA LUR", "Ljubljana Urban", "Ljubljanske urbane", "rralur", "Tehnološki park",
              "Povezujemo inovativne pristope", "We connect the innovative approaches",
              "About the agency", "O agenciji")


@pytest.fixture
def second_site(settings: Settings, smtp_sink: Any) -> Iterator[TestClient]:
    app = create_app(replace(settings, content_dir=CONTENT, smtp_url=smtp_sink.url))
    with TestClient(app, follow_redirects=False) as client:
        yield client


def test_its_name_in_header_titles_and_footer(second_site: TestClient) -> None:
    pages = {path: second_site.get(path) for path in (
        "/sl/", "/en/", "/sl/novice/odprli-smo-pisarno/", "/en/news/", "/en/accessibility/",
        "/sl/kontakt/obrazec/", "/en/newsletter/", "/en/search/?q=office")}
    for path, response in pages.items():
        assert response.status_code == 200, path
        for trace in THE_AGENCY:
            assert trace not in response.text, f"{trace} on {path}"
    home = pages["/en/"].text
    assert "<title>Green Karst Regional Development Agency – RRA Zeleni kras</title>" in home
    header = home.split('<header class="d-header">', 1)[1].split("</header>", 1)[0]
    assert '<span class="d-header__abbr">RRA Zeleni kras</span>' in header
    assert '<span class="d-header__full">Green Karst Regional Development Agency</span>' in header
    assert ">We develop the Karst together with its people.</h1>" in home
    assert ">Kras razvijamo skupaj z njegovimi ljudmi.</h1>" in pages["/sl/"].text
    assert '<a class="d-navigation__link" href="/en/about/">About us</a>' in header
    article = pages["/sl/novice/odprli-smo-pisarno/"].text
    assert "<title>Odprli smo pisarno v Sežani – RRA Zeleni kras</title>" in article
    footer = article.split('<footer class="d-footer">', 1)[1].split("</footer>", 1)[0]
    assert "Regionalna razvojna agencija Zeleni kras" in footer
    assert "Kraška cesta 1, 6210 Sežana" in footer
    statement = pages["/en/accessibility/"].text
    assert "Green Karst Regional Development Agency (RRA Zeleni kras) is committed" in statement
    description = '<meta name="description" content="The Green Karst Regional Development Agency'
    assert description in pages["/en/news/"].text


def test_its_feed(second_site: TestClient) -> None:
    feed = second_site.get("/sl/novice/feed.xml").text
    assert "<title>Novice – RRA Zeleni kras</title>" in feed
    assert "<author><name>Regionalna razvojna agencija Zeleni kras</name></author>" in feed
    assert "http://testserver/sl/novice/odprli-smo-pisarno/" in feed


def test_its_mail(second_site: TestClient, smtp_sink: Any) -> None:
    answer = second_site.post("/en/contact/form/", data={
        "name": "Ana Novak", "email": "ana@example.si", "subject": "Office hours",
        "message": "When is the office open?"})
    assert answer.status_code == 200
    signed_up = second_site.post("/sl/e-novice/", data={
        "email": "ana@example.si", "language": "sl", "consent": "yes"})
    assert signed_up.status_code == 200
    contact, newsletter = smtp_sink.messages
    assert contact["To"] == "info@zeleni-kras.example"
    assert contact["From"] == "RRA Zeleni kras <no-reply@zeleni-kras.example>"
    assert newsletter["From"] == "RRA Zeleni kras <no-reply@zeleni-kras.example>"
    assert newsletter["Subject"] == "Potrdite prijavo na e-novice RRA Zeleni kras"
    assert "e-novice RRA Zeleni kras" in newsletter.get_content()


def test_a_missing_or_incomplete_identity_is_named(tmp_path: Path) -> None:
    with pytest.raises(ContentError, match="identity file is missing"):
        load_identity(tmp_path)
    (tmp_path / "identity.toml").write_text('short_name = "X"\n[en]\nname = "X"\n')
    with pytest.raises(ContentError) as error:
        load_identity(tmp_path)
    messages = [p.message for p in error.value.problems]
    assert messages == ["[en] needs address, email, sender, description, tagline, about_label",
                        "[sl] needs name, address, email, sender, description, tagline, "
                        "about_label"]


def test_the_content_check_names_a_missing_identity(tmp_path: Path) -> None:
    shutil.copytree(CONTENT, tmp_path / "content")
    (tmp_path / "content" / "identity.toml").unlink()
    result = CliRunner().invoke(main, ["content", "check", "--dir", str(tmp_path / "content")])
    assert result.exit_code == 1
    assert "content/identity.toml:0: the site's identity file is missing" in result.output
