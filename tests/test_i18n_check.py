"""`dostop i18n check`: broken fixture catalogs and templates fail with file:line; the real
ones pass."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from dostop.cli import main
from dostop.i18n.check import Sources, check_all, check_catalog, run_check
from dostop.i18n.check_templates import check_template
from dostop.i18n.check_python import check_view
from dostop.settings import Settings

FIXTURES = Path(__file__).parent / "fixtures"
BROKEN = FIXTURES / "locales" / "broken"
TEMPLATES = FIXTURES / "i18n" / "templates"
VIEWS = FIXTURES / "i18n" / "views"


@pytest.fixture(autouse=True)
def _paths_relative_to_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(Path(__file__).parents[1])


def test_broken_slovenian_catalog_reports_every_problem_with_its_line() -> None:
    path = "tests/fixtures/locales/broken/sl/LC_MESSAGES/messages.po"
    assert check_catalog(BROKEN / "sl" / "LC_MESSAGES" / "messages.po", "sl") == [
        f"{path}:13: 'Search' is not translated",
        f"{path}:17: 'Projects' is marked fuzzy: check the translation and remove the flag",
        f"{path}:20: 'Page %(number)s': placeholders ['%(stevilka)s'] differ from ['%(number)s']",
        f"{path}:23: '%(num)s news item' has 2 of 4 plural forms",
    ]


def test_english_catalog_with_wrong_plural_count_is_reported() -> None:
    problems = check_catalog(BROKEN / "en" / "LC_MESSAGES" / "messages.po", "en")
    assert problems == [("tests/fixtures/locales/broken/en/LC_MESSAGES/messages.po:1: "
                         "Plural-Forms declares 3 forms, en needs 2")]


def test_unmarked_template_text_is_reported_with_its_line() -> None:
    path = "tests/fixtures/i18n/templates/unmarked.html"
    assert check_template(TEMPLATES / "unmarked.html") == [
        f"{path}:4: text 'Welcome to the agency' is not marked for translation",
        f"{path}:5: attribute alt='A map of the region' is not marked for translation",
        f"{path}:6: attribute title='Send the form' is not marked for translation",
        f"{path}:7: attribute value='Send' is not marked for translation",
        f"{path}:8: attribute placeholder='Search the site' is not marked for translation",
        f"{path}:9: attribute aria-label='Main menu' is not marked for translation",
        f"{path}:11: text '{{{{…}}}}: Opening hours' is not marked for translation",
        f"{path}:12: attribute content='The agency of the region' is not marked for translation",
        f"{path}:13: attribute data-announce-text='Results loaded' is not marked for translation",
        # A literal an expression prints is text too; the arguments of calls are not.
        f"{path}:14: text '{{{{…}}}}Latest news' is not marked for translation",
        f"{path}:15: attribute aria-label='{{{{…}}}}Main menu' is not marked for translation",
    ]


def test_marked_text_names_kbd_lang_and_opt_out_are_not_reported() -> None:
    # Punctuation and numbers, Jinja expressions, {% trans %}, a language named in itself,
    # <kbd>Ctrl+U</kbd>, translate="no", hidden values and the documented opt-out comment.
    assert check_template(TEMPLATES / "clean.html") == []


def test_templates_and_modules_that_do_not_parse_are_reported(tmp_path: Path) -> None:
    template, module = tmp_path / "broken.html", tmp_path / "broken.py"
    template.write_text("<p>\n{% if %}</p>\n")
    module.write_text("def view(:\n")
    assert check_template(template)[0].startswith(f"{template}:2: the template does not parse")
    assert check_view(module)[0].startswith(f"{module}:1: the module does not parse")


def test_unmarked_view_text_and_titles_are_reported() -> None:
    path = "tests/fixtures/i18n/views/unmarked.py"
    assert check_view(VIEWS / "unmarked.py") == [
        f"{path}:13: text 'Your message was sent' is not marked for translation",
        f"{path}:16: page title 'Contact' is not marked for translation",
    ]


def test_a_string_used_in_a_template_but_missing_from_the_catalogs_is_reported(
        tmp_path: Path) -> None:
    locales = tmp_path / "locales"
    shutil.copytree(BROKEN, locales)
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "contact.html").write_text(
        '<p>{{ _("News") }}</p>\n<p>{{ _("Contact us") }}</p>\n')
    problems = check_all(Sources(locales, templates, (tmp_path / "no-views",), tmp_path / "none", (), ()))
    assert f"{templates / 'contact.html'}:2: 'Contact us' is missing from the sl, en catalog " \
           "(run `make catalogs`, then translate it)" in problems
    assert not any("'News' is missing" in problem for problem in problems)


def test_check_fails_on_a_broken_tree_and_says_where(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_check(replace(Settings(), locales_dir=BROKEN)) == 1
    errors = capsys.readouterr().err
    assert "broken/sl/LC_MESSAGES/messages.po:13: 'Search' is not translated" in errors
    assert "translation problem(s)." in errors


def test_the_sites_own_catalogs_templates_and_views_pass() -> None:
    result = CliRunner().invoke(main, ["i18n", "check"])
    assert result.exit_code == 0, result.output
