"""`dostop content check` on broken content: each mistake an editor makes is reported with its
file, the line to fix and a plain message, and the site refuses to start until it is fixed.

Each case under tests/fixtures/content/ is a minimal content tree (<locale>/<kind>/<slug>.md);
the line numbers below were counted in those files by hand."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from dostop.app import create_app
from dostop.cli import main
from dostop.content import ContentError
from dostop.settings import Settings

FIXTURES = Path(__file__).parent / "fixtures" / "content"
SEED_CAPTION = "CRE_HUB_Mestna_hisa_Ljubljana_3.10.2017_10_PhotoAlesRosa_m"
IMAGE = "image 1 (img/cre-hub-mestna-hisa-ljubljana.svg)"

CASES: dict[str, list[str]] = {
    "invalid-yaml": [
        (
            "invalid-yaml/sl/news/novica.md:2: front matter is not valid YAML: "
            "a quoted value is not closed: add the closing quotation mark"
        ),
    ],
    "value-with-colon": [
        (
            "value-with-colon/sl/news/novica.md:2: front matter is not valid YAML: "
            "a value contains ': ': put the whole value in quotation marks"
        ),
    ],
    "missing-front-matter": [
        (
            "missing-front-matter/sl/news/novica.md:1: front matter missing: "
            "start the file with a line '---', then the fields, then another '---'"
        ),
    ],
    "unclosed-front-matter": [
        (
            "unclosed-front-matter/sl/news/novica.md:1: front matter is not closed: "
            "add a line '---' after the last field"
        ),
    ],
    "missing-slug": [
        "missing-slug/sl/news/novica.md:1: front matter field 'slug' is missing or empty"
    ],
    "duplicate-slug": [
        (
            "duplicate-slug/sl/news/prva.md:3: duplicate slug 'ista-novica' "
            "(also in duplicate-slug/sl/news/druga.md)"
        ),
    ],
    "missing-twin": [
        "missing-twin/en/news/news-item.md:4: translation key 'news-2018' has no twin in: sl",
        "missing-twin/sl/news/novica.md:4: translation key 'novica-2018' has no twin in: en",
    ],
    "missing-alt": [
        (
            f"missing-alt/sl/news/novica.md:9: {IMAGE}: "
            "alt text is missing: describe what the picture shows"
        ),
    ],
    "alt-is-file-name": [
        (
            f"alt-is-file-name/sl/news/novica.md:10: {IMAGE}: alt text '{SEED_CAPTION}' looks like "
            "a file name: describe what the picture shows"
        ),
    ],
    "alt-is-camera-name": [
        (
            f"alt-is-camera-name/en/news/news-item.md:10: {IMAGE}: alt text 'IMG_1234.jpg' looks "
            "like a file name: describe what the picture shows"
        ),
    ],
    "skipped-heading": [
        "skipped-heading/sl/news/novica.md:15: heading level skipped: h2 is followed by h4",
    ],
    "first-heading-too-deep": [
        (
            "first-heading-too-deep/en/pages/calls.md:10: heading level skipped: "
            "the first heading after the title is h2, not h3"
        ),
    ],
    # Links to our own pages are resolved against the URL table and the content's slugs.
    "broken-internal-link": [
        (
            "broken-internal-link/sl/news/novica.md:9: link to /sl/projekti/garancijska-shema/ "
            "leads to no page of this site: check the address"
        ),
        (
            "broken-internal-link/sl/news/novica.md:11: link to "
            "/sl/novice/garancijska-shema-prve-pogodbe/ leads to no page of this site: "
            "check the address"
        ),
    ],
    "link-in-title": [
        (
            "link-in-title/en/news/news-item.md:2: title: a title cannot hold a link or an image: "
            "it becomes a link in lists"
        ),
    ],
    "empty-link-text": [
        "empty-link-text/sl/news/novica.md:12: a link has no text: say where it leads"
    ],
    "click-here": [
        (
            "click-here/en/news/news-item.md:10: link text 'click here' "
            "does not say where it leads: "
            "name the destination"
        ),
    ],
    "klikni-tukaj": [
        (
            "klikni-tukaj/sl/news/novica.md:11: link text 'klikni tukaj' "
            "does not say where it leads: "
            "name the destination"
        ),
    ],
    # Raw HTML is escaped when rendered, so it would show as code: every line with a tag is named.
    "raw-html": [
        "raw-html/sl/news/novica.md:9: raw HTML is not allowed in content: use Markdown",
        "raw-html/sl/news/novica.md:11: raw HTML is not allowed in content: use Markdown",
        "raw-html/sl/news/novica.md:13: raw HTML is not allowed in content: use Markdown",
    ],
    "duplicate-field": [
        "duplicate-field/sl/news/novica.md:8: field 'title' appears twice: keep one"
    ],
    # The page route comes last, so a page named like another address could never be reached.
    "reserved-slug": [
        (
            "reserved-slug/sl/pages/novice.md:3: slug 'novice' is already the address /sl/novice/: "
            "choose another"
        ),
    ],
    "image-file-missing": [
        (
            "image-file-missing/sl/news/novica.md:10: image 1 (img/ni-te-slike.svg): "
            "there is no such file in static/"
        ),
    ],
    # A Markdown image has no size, no credit, and here it would be a third-party request.
    "image-in-text": [
        (
            "image-in-text/sl/news/novica.md:11: "
            "image https://example.com/zemljevid.png in the text: "
            "list it under 'images' (with alt, width and height) and place it with [[image:N]]"
        ),
    ],
    "image-not-placed": [
        (
            "image-not-placed/sl/news/novica.md:13: image 2 is never placed: "
            "put [[image:2]] on its own line where it belongs in the text"
        ),
    ],
    "long-summary": [
        (
            "long-summary/en/news/news-item.md:6: summary is 250 characters long: "
            "keep it to 200 at most (one or two sentences)"
        ),
    ],
    "language-code": [
        (
            "language-code/sl/news/novica.md:9: language 'english' is not a language code: "
            "write it like {lang=en} or {lang=de}"
        ),
    ],
    "bad-date": [
        "bad-date/sl/news/novica.md:5: date '2018-13-45' is not a date: write it as YYYY-MM-DD"
    ],
    "wrong-folder": [
        (
            "wrong-folder/sl/novice/novica.md:1: file is in the wrong place: "
            "content goes in <sl|en>/<news|events|calls|projects|pages>/<slug>.md"
        ),
    ],
}


def check(directory: Path) -> tuple[int, list[str]]:
    result = CliRunner().invoke(main, ["content", "check", "--dir", str(directory)])
    return result.exit_code, result.output.splitlines()


@pytest.mark.parametrize("case", sorted(CASES))
def test_broken_content_is_reported_with_file_line_and_message(case: str) -> None:
    exit_code, lines = check(FIXTURES / case)
    assert exit_code == 1
    assert lines == [*CASES[case], f"{len(CASES[case])} problem(s) found."]


def test_every_fixture_case_is_tested() -> None:
    assert sorted(p.name for p in FIXTURES.iterdir() if p.is_dir()) == sorted(CASES)


def test_the_sites_own_content_passes() -> None:
    exit_code, lines = check(Settings().content_dir)
    assert exit_code == 0, lines
    assert len(lines) == 1 and re.fullmatch(r"Content OK: \d+ files\.", lines[0])


def test_a_missing_content_folder_is_an_error(tmp_path: Path) -> None:
    exit_code, lines = check(tmp_path / "nowhere")
    assert exit_code == 1
    assert lines[0] == f"{tmp_path / 'nowhere'}:0: content folder does not exist"


def test_the_app_refuses_to_start_on_invalid_content(tmp_path: Path) -> None:
    settings = replace(Settings(), content_dir=FIXTURES / "alt-is-file-name", var_dir=tmp_path)
    with pytest.raises(ContentError) as raised:
        create_app(settings)
    assert [str(p) for p in raised.value.problems] == CASES["alt-is-file-name"]
    assert CASES["alt-is-file-name"][0] in str(raised.value)


def test_serve_exits_saying_why_before_binding_a_port(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def never_serve(*args: object, **kwargs: object) -> None:
        raise AssertionError("uvicorn.run was reached: serve did not stop on invalid content")

    monkeypatch.setattr("uvicorn.run", never_serve)
    env = {"DOSTOP_CONTENT_DIR": str(FIXTURES / "klikni-tukaj"), "DOSTOP_VAR_DIR": str(tmp_path)}
    result = CliRunner().invoke(main, ["serve", "--port", "0"], env=env)
    assert result.exit_code == 1
    assert result.output.startswith("Dostop will not start: invalid content:\n")
    assert CASES["klikni-tukaj"][0] in result.output.splitlines()


def test_a_file_saved_with_a_bom_and_windows_line_endings_is_read_with_the_right_lines(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "content" / "sl" / "news"
    folder.mkdir(parents=True)
    text = (
        '---\ntitle: "Novica"\nslug: novica\nkey: novica\ndate: 2018-03-01\n'
        'summary: "Povzetek."\nonly_in_this_language: true\n---\nPrvi odstavek\n'
        "in [preberi več](https://www.rralur.si/).\n"
    )
    (folder / "novica.md").write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())
    exit_code, lines = check(tmp_path / "content")
    assert exit_code == 1
    assert lines[0] == (
        "content/sl/news/novica.md:10: link text 'preberi več' does not say where it leads: "
        "name the destination"
    )
