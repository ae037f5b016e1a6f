"""Markdown as the agency writes it: language of parts (WCAG 3.1.2), abbreviations explained at
their first use (WCAG 3.1.4), raw HTML escaped, and figures placed where `[[image:N]]` stands."""

from __future__ import annotations

from pathlib import Path

from dostop.content import Article, load_content
from dostop.content.loader import load_file
from dostop.content.markdown import extract_abbreviations, render
from dostop.settings import Settings

SEED = Settings().content_dir / "sl" / "news" / "kulturne-in-kreativne-industrije-kot-strategija.md"


def render_body(text: str) -> str:
    body, abbreviations = extract_abbreviations(text)
    return render(body, abbreviations)


def test_a_passage_in_another_language_is_a_span_with_lang() -> None:
    html = render("Dokument »[Roadmap: Culture and Creative Industry Strategy]{lang=en}«.")
    assert '»<span lang="en">Roadmap: Culture and Creative Industry Strategy</span>«' in html


def test_only_lang_and_dir_survive_on_spans() -> None:
    html = render('[besedilo]{lang=en onclick="alert(1)" .razred #id}')
    assert html.strip() == '<p><span lang="en">besedilo</span></p>'


def test_an_abbreviation_is_explained_at_its_first_use_only() -> None:
    html = render_body(
        "*[KKI]: kulturne in kreativne industrije\n\nPodjetja KKI.\n\nSpet KKI in KKI.\n"
    )
    assert html.count("<abbr") == 1
    assert '<p>Podjetja <abbr title="kulturne in kreativne industrije">KKI</abbr>.</p>' in html
    assert "<p>Spet KKI in KKI.</p>" in html
    assert "*[KKI]" not in html  # the definition line itself is not shown


def test_an_abbreviation_is_matched_as_a_whole_word() -> None:
    html = render_body("*[EU]: Evropska unija\n\nEUR in EUROPA nista EU.\n")
    assert html.strip() == '<p>EUR in EUROPA nista <abbr title="Evropska unija">EU</abbr>.</p>'


def test_raw_html_is_escaped_not_rendered() -> None:
    html = render(
        'Besedilo <script>alert(1)</script> in <b>krepko</b>.\n\n<div class="okvir">x</div>\n'
    )
    assert "<script>" not in html and "<b>" not in html and "<div" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;div class=&quot;okvir&quot;&gt;x&lt;/div&gt;" in html


def test_a_javascript_link_is_not_a_link() -> None:
    assert "href" not in render("[Razpis](javascript:alert(1))")


def test_the_image_marker_places_the_figure_between_paragraphs() -> None:
    item, problems = load_file(SEED, "sl", "news", SEED.parents[2])
    assert problems == [] and isinstance(item, Article)
    kinds = ["image" if block.image else "html" for block in item.blocks]
    assert kinds == ["html", "image", "html"]
    first, figure, rest = item.blocks
    assert first.html.count("<p>") == 1 and "2. in 3. oktobra" in first.html
    assert figure.image is item.images[0] and figure.image.credit == "Foto: Aleš Rosa"
    assert rest.html.startswith("<p>Cilj projekta CRE:HUB")
    assert "[[image:1]]" not in first.html + rest.html


def test_abbreviations_are_explained_once_across_the_pieces_around_a_figure() -> None:
    item, _ = load_file(SEED, "sl", "news", SEED.parents[2])
    assert item is not None
    html = "".join(block.html for block in item.blocks)
    # "RRA LUR" first appears before the figure and again after it; "KKI" only after it.
    assert html.count('<abbr title="Regionalna razvojna agencija Ljubljanske urbane regije">') == 1
    assert html.count('<abbr title="kulturne in kreativne industrije">KKI</abbr>') == 1
    assert "RRA LUR izvedla" in html


def test_titles_keep_language_marks_in_html_and_plain_text_elsewhere(tmp_path: Path) -> None:
    folder = tmp_path / "content" / "sl" / "news"
    folder.mkdir(parents=True)
    (folder / "novica.md").write_text(
        '---\ntitle: "Dokument [Roadmap]{lang=en} je sprejet"\nslug: novica\nkey: novica\n'
        'date: 2018-03-01\nsummary: "Povzetek."\nonly_in_this_language: true\n---\nBesedilo.\n',
        encoding="utf-8",
    )
    (article,) = load_content(tmp_path / "content").news("sl")
    assert article.title == "Dokument Roadmap je sprejet"  # for <title>, feeds and search
    assert article.title_html == 'Dokument <span lang="en">Roadmap</span> je sprejet'


def test_a_plain_body_is_searched_by_its_words_whatever_separates_them(tmp_path: Path) -> None:
    folder = tmp_path / "content" / "sl" / "news"
    folder.mkdir(parents=True)
    body = ("  Kolesarske\u00a0povezave *v*\tregiji.\n\nNovi\u2003razpis\u3000za   _občine_"
            "\u2028in\x1cpodjetja.\r\n")
    (folder / "novica.md").write_text(
        '---\ntitle: "Povezave"\nslug: novica\nkey: novica\ndate: 2018-03-01\n'
        f'summary: "Povzetek."\nonly_in_this_language: true\n---\n{body}', encoding="utf-8")
    (article,) = load_content(tmp_path / "content").news("sl")
    assert article.text == "Kolesarske povezave v regiji. Novi razpis za občine in podjetja."
    assert "<em>v</em>" in article.blocks[0].html  # rendered when the page shows it
