"""Languages as a reader meets them: plural forms, dates, numbers, lists, Accept-Language,
and the pseudo-locale's transformation."""

from __future__ import annotations

from datetime import date

import pytest
from babel.support import Translations

from dostop.i18n import (
    N_,
    PSEUDO,
    PseudoTranslations,
    Untranslated,
    format_list,
    format_long_date,
    format_number,
    load_translations,
    negotiate_locale,
    pseudo_localize,
)
from dostop.settings import Settings

SINGULAR, PLURAL = "%(num)s news item", "%(num)s news items"
COUNTS = (0, 1, 2, 3, 4, 5, 101, 102, 103, 105)
SLOVENIAN_NEWS = {0: "novic", 1: "novica", 2: "novici", 3: "novice", 4: "novice", 5: "novic",
                  101: "novica", 102: "novici", 103: "novice", 105: "novic"}


@pytest.fixture(scope="module")
def catalogs() -> dict[str, Translations]:
    return {locale: load_translations(Settings().locales_dir, locale) for locale in ("sl", "en")}


@pytest.mark.parametrize("count", COUNTS)
def test_news_count_has_the_right_slovenian_plural_form(catalogs: dict[str, Translations],
                                                        count: int) -> None:
    text = catalogs["sl"].ngettext(SINGULAR, PLURAL, count) % {"num": count}
    assert text == f"{count} {SLOVENIAN_NEWS[count]}"


@pytest.mark.parametrize("count", COUNTS)
def test_news_count_in_english(catalogs: dict[str, Translations], count: int) -> None:
    text = catalogs["en"].ngettext(SINGULAR, PLURAL, count) % {"num": count}
    assert text == f"{count} news item" + ("" if count == 1 else "s")


@pytest.mark.parametrize(("count", "expected"), [
    (1, "1 zadetek za »kki«"), (2, "2 zadetka za »kki«"), (3, "3 zadetki za »kki«"),
    (5, "5 zadetkov za »kki«"), (101, "101 zadetek za »kki«"), (102, "102 zadetka za »kki«"),
])
def test_search_result_count_in_slovenian(catalogs: dict[str, Translations], count: int,
                                          expected: str) -> None:
    template = catalogs["sl"].ngettext("%(num)s result for “%(query)s”",
                                       "%(num)s results for “%(query)s”", count)
    assert template % {"num": count, "query": "kki"} == expected


@pytest.mark.parametrize(("value", "sl", "en"), [
    (date(2017, 10, 5), "5. oktobra 2017", "5 October 2017"),
    (date(2018, 1, 1), "1. januarja 2018", "1 January 2018"),
    (date(2018, 2, 28), "28. februarja 2018", "28 February 2018"),
    (date(2018, 3, 9), "9. marca 2018", "9 March 2018"),
    (date(2018, 5, 31), "31. maja 2018", "31 May 2018"),
    (date(2018, 12, 24), "24. decembra 2018", "24 December 2018"),
])
def test_long_dates_in_each_language(value: date, sl: str, en: str) -> None:
    assert format_long_date(value, "sl") == sl
    assert format_long_date(value, "en") == en
    assert format_long_date(value, PSEUDO) == en


def test_numbers_and_lists_are_written_as_each_language_writes_them() -> None:
    assert format_number(1234567, "sl") == "1.234.567"
    assert format_number(1234567, "en") == "1,234,567"
    assert format_number(2.5, "sl") == "2,5"
    assert format_list(["novice", "projekti", "strani"], "sl") == "novice, projekti in strani"
    assert format_list(["news", "projects", "pages"], "en") == "news, projects and pages"


@pytest.mark.parametrize(("header", "expected"), [
    ("", "sl"),
    ("en", "en"),
    ("en-GB,en;q=0.9", "en"),
    ("sl-SI, en;q=0.9", "sl"),
    ("de, en;q=0.5, sl;q=0.8", "sl"),
    ("de, en;q=0.8, sl;q=0.5", "en"),
    ("fr, de", "sl"),
    ("en;q=0", "sl"),
    ("EN-us", "en"),
    ("*", "sl"),
    ("en;q=1.5", "sl"),
    ("en;q=abc, sl;q=0.1", "sl"),
    ("garbage;;q=x,,,", "sl"),
    (";;;,=,q=,en", "en"),
    ("\x00\xff, en", "en"),
    ("en;q=0.5" + ", x" * 5000, "en"),
])
def test_accept_language_negotiation(header: str, expected: str) -> None:
    assert negotiate_locale(header) == expected


def test_pseudo_localize_transforms_letters_and_keeps_placeholders() -> None:
    text = pseudo_localize("Page %(number)s of {total}")
    assert text.startswith("⟦") and text.endswith("⟧")
    assert "%(number)s" in text and "{total}" in text
    assert "Page" not in text
    assert text % {"number": 3} == pseudo_localize("Page 3 of {total}")


def test_pseudo_translations_transform_every_kind_of_lookup(
        catalogs: dict[str, Translations]) -> None:
    pseudo = PseudoTranslations(catalogs["en"])
    assert pseudo.gettext("News") == pseudo_localize("News")
    assert pseudo.ngettext("%(num)s news item", "%(num)s news items", 2) % {"num": 2} == (
        pseudo_localize("2 news items"))
    assert pseudo.pgettext("menu", "News").startswith("⟦")


def test_untranslated_reason_accepts_only_known_kinds_and_languages() -> None:
    assert Untranslated.parse("news-sl") == Untranslated("news", "sl")
    assert Untranslated("project", "en").query == "?untranslated=project-en"
    # With the item's slug, so the page can lead back to it (the view checks it exists).
    assert Untranslated.parse("news-sl-uradne-ure-2018") == Untranslated("news", "sl", "uradne-ure-2018")
    assert Untranslated("page", "en", "about-us").query == "?untranslated=page-en-about-us"
    for value in ("", "news", "news-de", "article-sl", "<script>-sl", "news-sl-Upper",
                  "news-sl--x", "news-sl-x-", "news-sl-<b>", "news-sl-a/b", "news-sl-a%20b"):
        assert Untranslated.parse(value) is None, value


def test_deferred_marker_returns_the_message_unchanged() -> None:
    assert N_("Write to us") == "Write to us"
