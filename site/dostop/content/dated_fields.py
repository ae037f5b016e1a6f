"""Front-matter readers and template filters shared by the types whose items happen at a time:
events and calls. Each problem is reported at its line through the file's FieldChecker."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pikepdf

from dostop.clock import start_of_day
from dostop.content.documents import DocumentInfo, describe, pdf_problems, read_document
from dostop.content.event_dates import EventTime, MomentError, format_event_time, parse_moment
from dostop.i18n import LOCALES

if TYPE_CHECKING:  # the checker's module imports the declarations
    from dostop.content.fields import FieldChecker


@dataclass(frozen=True)
class Document:
    """A file under static/ offered for download, with what the attachment line shows."""

    title: str
    src: str
    language: str
    info: DocumentInfo | None  # None when the content is loaded without static/ (tests)


def moment(check: FieldChecker, name: str, *, required: bool = False,
           time_required: bool = False) -> dt.date | dt.datetime | None:
    value = check.meta.get(name)
    line = check.front.line(name)
    if value is None or value == "":
        if required:
            check.add(line, f"field '{name}' is missing: write it as YYYY-MM-DDTHH:MM+02:00"
                      if time_required else f"field '{name}' is missing")
        return None
    try:
        found = parse_moment(value)
    except MomentError as error:
        check.add(line, f"{name}: {error}")
        return None
    if time_required and not isinstance(found, dt.datetime):
        check.add(line, f"{name}: give the time too, like {found.isoformat()}T12:00+02:00")
        return None
    return found


def as_moment(value: dt.date | dt.datetime) -> dt.datetime:
    """A day counts from its first moment."""
    return value if isinstance(value, dt.datetime) else start_of_day(value)


def documents(check: FieldChecker) -> tuple[Document, ...]:
    raw = check.meta.get("documents") or []
    if not isinstance(raw, list):
        check.add(check.front.line("documents"),
                  "documents must be a list: each item starts with '- title:'")
        return ()
    found: list[Document] = []
    for index, entry in enumerate(raw):
        line = check.front.line("documents", index)
        if not isinstance(entry, dict) or not entry.get("title") or not entry.get("file"):
            check.add(line, f"document {index + 1} needs 'title', 'file' and 'language'")
            continue
        src = str(entry["file"])
        language = str(entry.get("language") or "")
        if language not in LOCALES:
            check.add(check.front.line("documents", index, "language"),
                      f"document {index + 1} ({src}): 'language' must be one of "
                      f"{', '.join(LOCALES)}")
        file_line = check.front.line("documents", index, "file")
        info = _document_file(check, src, index + 1, file_line)
        found.append(Document(str(entry["title"]), src, language, info))
    return tuple(found)


def _document_file(check: FieldChecker, src: str, number: int, line: int) -> DocumentInfo | None:
    if "://" in src or src.startswith(("/", "//")) or ".." in src.split("/"):
        check.add(line, f"document {number} ({src}): give a path under static/, "
                        "like docs/razpis.pdf")
        return None
    if check.static_dir is None:
        return None
    path = check.static_dir / src
    if not path.is_file():
        check.add(line, f"document {number} ({src}): there is no such file in static/")
        return None
    try:
        info = read_document(path)
    except pikepdf.PdfError:
        check.add(line, f"document {number} ({src}): the PDF cannot be opened")
        return None
    for message in pdf_problems(info):
        check.add(line, f"document {number} ({src}): {message}")
    return info


def dated_filters(locale: str, translations: Any) -> dict[str, Callable[..., Any]]:
    """`moment`, a single moment as people write it (a deadline: "31. marca 2031 ob 12.00"),
    and `attachment`, a document's type and size line."""
    gettext, ngettext = translations.gettext, translations.ngettext
    return {
        "moment": lambda value: format_event_time(EventTime(value, value), locale, gettext),
        "attachment": lambda info: describe(info, locale, ngettext)
        if isinstance(info, DocumentInfo) else "",
    }
