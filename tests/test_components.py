"""Every component macro, rendered through the app's own Jinja environment in both languages:
the markup that matters to assistive technology (roles, aria, ids, labels) and the translations."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from dostop.content import Article
from dostop.http.preferences import Preferences
from dostop.search import Document, SearchHit
from dostop.views.base import Alternate
from html_tree import Element, parse

COMPONENTS = Path(__file__).resolve().parents[1] / "site" / "dostop" / "components"
LOCALES = ("sl", "en")


@pytest.fixture(scope="module")
def envs(shared_app: Starlette) -> dict[str, jinja2.Environment]:
    site = shared_app.state.site
    return {locale: site.environment(locale) for locale in LOCALES}


def render(env: jinja2.Environment, source: str, **context: Any) -> Element:
    html = env.from_string(source).render(request_path="/", prefs=Preferences(), **context)
    return parse(html)


def component(name: str, macro: str, call: str) -> str:
    return f'{{% from "components/{name}.html" import {macro} %}}{{{{ {call} }}}}'


def sample_article(shared_app: Starlette, locale: str) -> Article:
    article: Article = shared_app.state.site.content.news(locale)[0]
    return article


# --- The layout's components ---------------------------------------------------------------------


@pytest.mark.parametrize(("locale", "text"), [("sl", "Skoči na glavno vsebino"),
                                              ("en", "Skip to main content")])
def test_skip_link(envs: dict[str, jinja2.Environment], locale: str, text: str) -> None:
    link = render(envs[locale], component("skip_link", "skip_link", "skip_link()")).find("a")
    assert link.attrs["href"] == "#main-content"
    assert link.all_text() == text
    assert "d-skip-link" in link.attrs["data-module"]


@pytest.mark.parametrize("locale", LOCALES)
def test_header_has_the_banner_search_and_language_switcher(
    envs: dict[str, jinja2.Environment], locale: str,
) -> None:
    alternates = [Alternate("sl", "/sl/"), Alternate("en", "/en/")]
    tree = render(envs[locale], component("header", "site_header",
                                          "site_header(alternates=alternates, current_path='/')"),
                  alternates=alternates)
    header = tree.find("header")
    search = header.find("form", role="search")
    field_id = search.find("input").attrs["id"]
    assert search.find("label").attrs["for"] == field_id
    assert len(header.find_all("nav")) >= 2  # language switcher and main navigation
    assert all(nav.attrs.get("aria-label") for nav in header.find_all("nav"))


@pytest.mark.parametrize(("locale", "label", "other", "other_name"), [
    ("sl", "Izbira jezika", "en", "English"), ("en", "Choose language", "sl", "Slovenščina")])
def test_language_switcher_names_each_language_in_itself(
    envs: dict[str, jinja2.Environment], locale: str, label: str, other: str, other_name: str,
) -> None:
    alternates = [Alternate("sl", "/sl/novice/"), Alternate("en", "/en/news/")]
    nav = render(envs[locale], component("language_switcher", "language_switcher",
                                         "language_switcher(alternates)"),
                 alternates=alternates).find("nav")
    assert nav.attrs["aria-label"] == label
    current = nav.find(aria_current="true")
    assert current.attrs["lang"] == locale
    link = nav.find("a")
    assert (link.attrs["lang"], link.attrs["hreflang"], link.all_text()) == (other, other, other_name)


@pytest.mark.parametrize(("locale", "label", "path"), [("sl", "Glavna navigacija", "/sl/novice/"),
                                                       ("en", "Main navigation", "/en/news/")])
def test_navigation_marks_the_current_page(
    envs: dict[str, jinja2.Environment], locale: str, label: str, path: str,
) -> None:
    nav = render(envs[locale], component("navigation", "navigation", "navigation(path)"),
                 path=path).find("nav")
    assert nav.attrs["aria-label"] == label
    current = nav.find_all("a", aria_current="page")
    assert [link.attrs["href"] for link in current] == [path]


@pytest.mark.parametrize(("locale", "label"), [("sl", "Drobtinice"), ("en", "Breadcrumbs")])
def test_breadcrumbs(envs: dict[str, jinja2.Environment], locale: str, label: str) -> None:
    nav = render(envs[locale], component("breadcrumbs", "breadcrumbs",
                                         "breadcrumbs([('/x/', 'Home'), (None, 'Here')])")).find("nav")
    assert nav.attrs["aria-label"] == label
    assert nav.find("ol")
    assert nav.find("span", aria_current="page").all_text() == "Here"


@pytest.mark.parametrize(("locale", "page_label", "next_text"), [
    ("sl", "Stran 3", "Naslednja stran"), ("en", "Page 3", "Next page")])
def test_pagination(envs: dict[str, jinja2.Environment], locale: str, page_label: str,
                    next_text: str) -> None:
    nav = render(envs[locale], component("pagination", "pagination",
                                         "pagination(3, 7, base_url='/n/')")).find("nav")
    assert nav.attrs["aria-label"]
    current = nav.find("a", aria_current="page")
    assert (current.attrs["aria-label"], current.attrs["href"]) == (page_label, "/n/?page=3")
    assert nav.find("a", rel="next").all_text() == next_text
    assert nav.find("a", rel="prev").attrs["href"] == "/n/?page=2"
    assert nav.find("a", aria_label="Stran 1" if locale == "sl" else "Page 1").attrs["href"] == "/n/"


def test_pagination_is_absent_for_one_page(envs: dict[str, jinja2.Environment]) -> None:
    tree = render(envs["sl"], component("pagination", "pagination", "pagination(1, 1, base_url='/n/')"))
    assert tree.find_all("nav") == []


@pytest.mark.parametrize("locale", LOCALES)
def test_article_card(envs: dict[str, jinja2.Environment], shared_app: Starlette, locale: str) -> None:
    article = sample_article(shared_app, locale)
    card = render(envs[locale], component("article_card", "article_card",
                                          "article_card(article, heading_level=2, id='c1')"),
                  article=article).find("article")
    assert card.attrs["id"] == "c1"
    link = card.find("h2").find("a")
    assert link.attrs["href"].startswith(f"/{locale}/")
    assert card.find("time").attrs["datetime"] == article.date.isoformat()  # type: ignore[union-attr]


@pytest.mark.parametrize("locale", LOCALES)
def test_figure_keeps_alt_text_and_credit(
    envs: dict[str, jinja2.Environment], shared_app: Starlette, locale: str,
) -> None:
    image = next(i for a in shared_app.state.site.content.news(locale) for i in a.images)
    figure = render(envs[locale], component("figure", "figure", "figure(image)"),
                    image=image).find("figure")
    assert figure.find("img").attrs["alt"] == image.alt
    assert image.credit in figure.find("figcaption").all_text()


@pytest.mark.parametrize(("locale", "heading"), [("sl", "Dostopnost"), ("en", "Accessibility")])
def test_footer_carries_the_accessibility_block(
    envs: dict[str, jinja2.Environment], locale: str, heading: str,
) -> None:
    footer = render(envs[locale], component("footer", "site_footer", "site_footer()")).find("footer")
    block = footer.find("section")
    title = block.find("h2")
    assert block.attrs["aria-labelledby"] == title.attrs["id"]
    assert title.all_text() == f"{heading} Ctrl+U"


@pytest.mark.parametrize("locale", LOCALES)
def test_live_region_is_polite_and_empty(envs: dict[str, jinja2.Environment], locale: str) -> None:
    region = render(envs[locale], component("live_region", "live_region", "live_region()")).find("div")
    assert region.attrs["id"] == "d-announcer"
    assert (region.attrs["role"], region.attrs["aria-live"]) == ("status", "polite")
    assert region.all_text() == ""


# --- Buttons, banners, search and paging: the components inside the page's content ---------------


@pytest.mark.parametrize("locale", LOCALES)
def test_button_is_a_button_or_a_link(envs: dict[str, jinja2.Environment], locale: str) -> None:
    tree = render(envs[locale], '{% from "components/button.html" import button %}'
                  '{{ button("Save", name="action", value="save") }}'
                  '{{ button("More", href="/more/", variant="secondary") }}'
                  '{{ button("Wait", type="button", disabled=True, attributes={"data-hx-get": "/x"}) }}')
    save, wait = tree.find_all("button")
    assert (save.attrs["type"], save.attrs["name"], save.attrs["value"]) == ("submit", "action", "save")
    link = tree.find("a")
    assert link.attrs["href"] == "/more/" and "d-button--secondary" in link.attrs["class"]
    assert "disabled" in wait.attrs and wait.attrs["data-hx-get"] == "/x"


@pytest.mark.parametrize(("locale", "important", "success"), [
    ("sl", "Pomembno", "Uspešno"), ("en", "Important", "Success")])
def test_notification_banner_is_a_labelled_region(
    envs: dict[str, jinja2.Environment], locale: str, important: str, success: str,
) -> None:
    tree = render(envs[locale], '{% from "components/notification_banner.html" import notification_banner %}'
                  '{{ notification_banner("Closed <b>today</b>") }}'
                  '{{ notification_banner("Sent", variant="success", id="ok", heading_level=3) }}')
    info, done = tree.find_all("div", role="region")
    assert info.attrs["aria-labelledby"] == "d-notification-title"
    assert info.find("h2", id="d-notification-title").all_text() == important
    assert info.find("p").all_text() == "Closed <b>today</b>"  # text, escaped
    assert done.find("h3", id="ok-title").all_text() == success
    assert "d-notification--success" in done.attrs["class"]
    assert not tree.find_all(aria_live="assertive") and not tree.find_all(role="alert")


@pytest.mark.parametrize(("locale", "label", "button_text"), [
    ("sl", "Iščite po vsej vsebini spletnega mesta", "Iskanje"),
    ("en", "Search everything on this site", "Search")])
def test_search_box_is_a_plain_form_that_htmx_enhances(
    envs: dict[str, jinja2.Environment], locale: str, label: str, button_text: str,
) -> None:
    form = render(envs[locale], component("search_box", "search_box",
                                          "search_box('/s/', query='a\"b', hint='Words')")).find("form")
    assert (form.attrs["role"], form.attrs["method"], form.attrs["action"]) == ("search", "get", "/s/")
    field = form.find("input")
    assert form.find("label").attrs["for"] == field.attrs["id"] == "d-search-q"
    assert form.find("label").all_text() == label
    assert (field.attrs["name"], field.attrs["value"]) == ("q", 'a"b')
    assert field.attrs["aria-describedby"] == "d-search-hint"
    assert form.find("button").all_text() == button_text
    # Live results: debounced, into the results region, the query kept in the address.
    assert field.attrs["data-hx-trigger"] == "input changed delay:300ms"
    assert field.attrs["data-hx-target"] == form.attrs["data-hx-target"] == "#d-search-results"
    assert field.attrs["aria-controls"] == "d-search-results"
    assert field.attrs["data-hx-replace-url"] == "true" and form.attrs["data-hx-push-url"] == "true"
    assert not any(name.startswith(("hx-", "data-hx-on")) for el in [form, *form.find_all()] for name in el.attrs)


def test_search_box_without_live_results_has_no_htmx(envs: dict[str, jinja2.Environment]) -> None:
    tree = render(envs["en"], component("search_box", "search_box", "search_box('/s/', live=False)"))
    assert not any("hx-" in name for el in tree.find_all() for name in el.attrs)


@pytest.mark.parametrize(("locale", "count_text", "none_text"), [
    ("sl", "zadet", "Za »<i>x</i>« ni zadetkov"), ("en", "result", "No results for “<i>x</i>”")])
def test_search_results(
    envs: dict[str, jinja2.Environment], shared_app: Starlette, locale: str, count_text: str,
    none_text: str,
) -> None:
    hits = [SearchHit(Document.of(sample_article(shared_app, locale)).found, -1.0)]
    tree = render(envs[locale], component("search_results", "search_results",
                                          "search_results('<i>x</i>', hits)"), hits=hits)
    heading = tree.find("h2", id="d-search-count")
    assert "data-d-announce" in heading.attrs
    assert heading.all_text().startswith("1 ") and count_text in heading.all_text()
    assert "<i>x</i>" in heading.all_text() and not tree.find_all("i")
    assert tree.find("ol").find("h3").find("a").attrs["href"].startswith(f"/{locale}/")
    empty = render(envs[locale], component("search_results", "search_results",
                                           "search_results('<i>x</i>', [])"))
    assert empty.find("h2").all_text() == none_text
    assert render(envs[locale], component("search_results", "search_results",
                                          "search_results('', [])")).find_all() == []


@pytest.mark.parametrize(("locale", "text"), [("sl", "Naloži več"), ("en", "Load more")])
def test_load_more_is_a_real_link_that_htmx_enhances(
    envs: dict[str, jinja2.Environment], locale: str, text: str,
) -> None:
    tree = render(envs[locale], component("load_more", "load_more",
                                          "load_more('/n/?page=2', target='paging')"))
    link = tree.find("a")
    assert link.all_text() == text
    assert link.attrs["href"] == link.attrs["data-hx-get"] == "/n/?page=2"
    assert (link.attrs["data-hx-target"], link.attrs["data-hx-swap"], link.attrs["data-hx-push-url"]) == (
        "#paging", "outerHTML", "true")
    indicator = tree.find("span")
    assert "htmx-indicator" in indicator.attrs["class"] and indicator.all_text()


COMPONENT_NAMES = sorted(path.name for path in COMPONENTS.iterdir() if path.is_dir())


# --- Generated from the examples: every component as the pattern page shows it -----------------

@pytest.fixture(scope="module")
def examples(shared_app: Starlette) -> dict[str, dict[str, Element]]:
    """locale → component → its section of the pattern page."""
    found: dict[str, dict[str, Element]] = {}
    client = TestClient(shared_app)
    for locale, path in (("sl", "/sl/vzorci/"), ("en", "/en/patterns/")):
        page = parse(client.get(path).text)
        found[locale] = {section.attrs["aria-labelledby"].removeprefix("d-pattern-"): section
                         for section in page.find_all("section", class_="d-pattern")}
    return found


@pytest.mark.parametrize("name", COMPONENT_NAMES)
def test_the_example_of_each_component_is_shown_named_in_both_languages_with_its_parts_tied(
    examples: dict[str, dict[str, Element]], name: str,
) -> None:
    names = {locale: examples[locale][name].find("h2").all_text() for locale in LOCALES}
    assert all(names.values()) and names["sl"] != names["en"], f"{name}: untranslated {names}"
    for locale in LOCALES:
        section = examples[locale][name]
        assert f"components/{name}/" in section.all_text()
        ids = [el.attrs["id"] for el in section.find_all() if "id" in el.attrs]
        assert len(ids) == len(set(ids)), f"{name}: an id used twice"
        labels = {label.attrs.get("for") for label in section.find_all("label")}
        for el in section.find_all():
            assert "style" not in el.attrs, f"{name}: inline style breaks the CSP"
            for attribute in ("aria-describedby", "aria-labelledby", "for"):
                for target in el.attrs.get(attribute, "").split():
                    assert target in ids, f"{name}: {attribute}={target!r} points nowhere"
            if el.tag in ("input", "textarea", "select") and el.attrs.get("type") != "hidden":
                assert el.attrs["id"] in labels, f"{name}: a control without a label"


@pytest.mark.parametrize("locale", LOCALES)
def test_dialog_is_a_labelled_native_dialog(envs: dict[str, jinja2.Environment], locale: str) -> None:
    tree = render(envs[locale], '{% from "components/dialog.html" import dialog %}'
                  '{% call dialog("dlg", "Title") %}<p>Body</p>{% endcall %}')
    dialog = tree.find("dialog")
    assert dialog.attrs["aria-labelledby"] == "dlg-title"
    assert dialog.find(id="dlg-title").all_text() == "Title"
    close = dialog.find("button")
    assert close.all_text() == ("Zapri" if locale == "sl" else "Close")


def test_the_pattern_page_shows_every_component(shared_client: TestClient) -> None:
    for path in ("/sl/vzorci/", "/en/patterns/"):
        response = shared_client.get(path)
        assert response.status_code == 200
        for name in COMPONENT_NAMES:
            assert f'id="d-pattern-{name}"' in response.text, (path, name)
        assert '<meta name="robots" content="noindex">' in response.text
