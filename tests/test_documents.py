"""Documents: type, size read from the file, page count, and the PDF check (tagged, title,
language) on PDFs made here with pikepdf, tagged and not."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest

from dostop.content.documents import describe, format_size, pdf_problems, read_document
from dostop.i18n import load_translations

ROOT = Path(__file__).resolve().parents[1]


def make_pdf(path: Path, *, pages: int = 1, tagged: bool = False, title: str = "",
             language: str = "") -> Path:
    pdf = pikepdf.new()
    for _ in range(pages):
        pdf.add_blank_page()
    if tagged:
        pdf.Root.MarkInfo = pikepdf.Dictionary(Marked=True)
        pdf.Root.StructTreeRoot = pdf.make_indirect(
            pikepdf.Dictionary(Type=pikepdf.Name.StructTreeRoot, K=pikepdf.Array()))
    if title:
        pdf.docinfo["/Title"] = title
    if language:
        pdf.Root.Lang = pikepdf.String(language)
    pdf.save(path)
    return path


def test_an_accessible_pdf_passes_and_is_described(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "razpis.pdf", pages=12, tagged=True,
                    title="Javni razpis: kreativni vavčerji", language="sl-SI")
    info = read_document(path)
    assert (info.file_type, info.pages, info.tagged) == ("PDF", 12, True)
    assert info.size == path.stat().st_size
    assert info.title == "Javni razpis: kreativni vavčerji" and info.language == "sl-SI"
    assert pdf_problems(info) == []
    sl = load_translations(ROOT / "locales", "sl").ngettext
    size = format_size(info.size, "sl")
    assert describe(info, "sl", sl) == f"PDF, {size}, 12 strani"


def test_an_untagged_pdf_without_title_or_language_is_reported(tmp_path: Path) -> None:
    info = read_document(make_pdf(tmp_path / "scan.pdf"))
    problems = pdf_problems(info)
    assert len(problems) == 3
    assert "not tagged" in problems[0] and "no title" in problems[1]
    assert "no language" in problems[2]


def test_marked_without_a_structure_tree_is_not_tagged(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "x.pdf", title="T", language="en")
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        pdf.Root.MarkInfo = pikepdf.Dictionary(Marked=True)
        pdf.save(path)
    assert pdf_problems(read_document(path)) == [pdf_problems(read_document(
        make_pdf(tmp_path / "y.pdf", title="T", language="en")))[0]]


def test_a_title_in_xmp_metadata_counts(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "x.pdf", tagged=True, language="en")
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
            meta["dc:title"] = "Guarantee scheme: rules"
        pdf.save(path)
    assert read_document(path).title == "Guarantee scheme: rules"


def test_other_documents_have_type_and_size_and_no_pdf_check(tmp_path: Path) -> None:
    path = tmp_path / "obrazec.docx"
    path.write_bytes(b"x" * 245_000)
    info = read_document(path)
    en = load_translations(ROOT / "locales", "en").ngettext
    assert describe(info, "en", en) == "MS Word, 245 kB"
    assert pdf_problems(info) == []


@pytest.mark.parametrize(("size", "sl", "en"), [
    (300, "1 kB", "1 kB"), (245_000, "245 kB", "245 kB"),
    (1_234_567, "1,2 MB", "1.2 MB"), (12_345_678, "12 MB", "12 MB"),
])
def test_sizes_are_written_as_each_language_writes_numbers(size: int, sl: str, en: str) -> None:
    assert (format_size(size, "sl"), format_size(size, "en")) == (sl, en)
