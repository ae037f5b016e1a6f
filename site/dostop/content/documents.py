"""Documents attached to a call or an event, in the GOV.UK attachment pattern: beside the link,
the file type, its size (read from the file, never typed in) and its page count; and, for a PDF,
the checks the EU directive asks of documents: tagged, with a title and a language."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pikepdf
from babel.units import format_unit

from dostop.i18n import babel_locale

# Names people know a file by, from its extension (GOV.UK writes "PDF", "MS Word Document").
FILE_TYPES = {
    "pdf": "PDF",
    "doc": "MS Word",
    "docx": "MS Word",
    "xls": "MS Excel",
    "xlsx": "MS Excel",
    "odt": "ODT",
    "ods": "ODS",
    "csv": "CSV",
    "txt": "TXT",
    "zip": "ZIP",
}


@dataclass(frozen=True)
class DocumentInfo:
    file_type: str
    size: int  # bytes
    pages: int | None = None  # PDFs only
    tagged: bool = False
    title: str = ""
    language: str = ""


def file_type(path: Path) -> str:
    extension = path.suffix.lower().lstrip(".")
    return FILE_TYPES.get(extension, extension.upper())


def read_document(path: Path) -> DocumentInfo:
    """What the attachment shows and the check needs. A PDF that cannot be opened raises
    pikepdf.PdfError, which the content check reports."""
    size = path.stat().st_size
    kind = file_type(path)
    if kind != "PDF":
        return DocumentInfo(kind, size)
    with pikepdf.open(path) as pdf:
        root = pdf.Root
        mark_info = root.get("/MarkInfo")
        marked = bool(mark_info is not None and mark_info.get("/Marked", False))
        tagged = marked and "/StructTreeRoot" in root
        title = str(pdf.docinfo.get("/Title", "")).strip()
        if not title:
            with pdf.open_metadata() as meta:
                title = str(meta.get("dc:title", "") or "").strip()
        language = str(root.get("/Lang", "")).strip()
        return DocumentInfo(kind, size, len(pdf.pages), tagged, title, language)


def pdf_problems(info: DocumentInfo) -> list[str]:
    """What a screen-reader user would miss in a PDF (WCAG techniques PDF1-PDF21 rely on
    tags; PDF18 the title; PDF16 the language)."""
    if info.file_type != "PDF":
        return []
    problems = []
    if not info.tagged:
        problems.append("the PDF is not tagged, so a screen reader cannot follow its headings, "
                        "lists and tables: export it again with tags (accessible PDF)")
    if not info.title:
        problems.append("the PDF has no title: set one in the document's properties")
    if not info.language:
        problems.append("the PDF has no language: set it in the document's properties")
    return problems


def format_size(size: int, locale: str) -> str:
    """"245 kB", "1,2 MB" (Slovenian), "1.2 MB" (English): decimal units, as file managers
    show them; never below "1 kB" (CLDR's English short "byte" has no plural)."""
    if size >= 1_000_000:
        value: float = round(size / 1e6, 1) if size < 10_000_000 else round(size / 1e6)
        return format_unit(value, "digital-megabyte", length="short", locale=babel_locale(locale))
    value = max(round(size / 1e3), 1)
    return format_unit(value, "digital-kilobyte", length="short", locale=babel_locale(locale))


def describe(info: DocumentInfo, locale: str, ngettext: Callable[[str, str, int], str]) -> str:
    """The line beside the link: "PDF, 245 kB, 12 pages"."""
    parts = [info.file_type, format_size(info.size, locale)]
    if info.pages is not None:
        parts.append(ngettext("%(num)d page", "%(num)d pages", info.pages)
                     % {"num": info.pages})
    return ", ".join(parts)
