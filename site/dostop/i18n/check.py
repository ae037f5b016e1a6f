"""`dostop i18n check`: every catalog entry translated, consistent and complete; every string the
code asks for present in each catalog; no visible text left unmarked in templates and views.

Reports `file:line: message` and returns 1 when anything is wrong.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import click
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po

from dostop.i18n import LOCALES
from dostop.i18n.check_templates import check_template, shown
from dostop.i18n.check_python import check_view
from dostop.settings import ROOT, Settings

PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|%[sd]|\{(\w*)\}")
PLURAL_FORMS = {"sl": 4, "en": 2}
PACKAGE = ROOT / "site" / "dostop"
# The audit package beside the engine: its terminal output and HTML report are translated too.
AUDIT_PACKAGE = ROOT / "site" / "dostop_audit"


@dataclass(frozen=True)
class Sources:
    """What the check reads: the catalogs, and the code whose strings they must hold."""

    locales_dir: Path
    templates_dir: Path = PACKAGE / "templates"
    # Python whose strings people see: views, and the form definitions (labels, errors).
    view_dirs: tuple[Path, ...] = (PACKAGE / "views", PACKAGE / "forms")
    python_dir: Path = PACKAGE
    # Where else translated strings are asked for: the components' templates, and the audit's
    # report template and its Python.
    more_templates: tuple[Path, ...] = (PACKAGE / "components", AUDIT_PACKAGE / "templates")
    more_python: tuple[Path, ...] = (AUDIT_PACKAGE,)


def placeholders(text: str) -> list[str]:
    return sorted(m.group(0) for m in PLACEHOLDER.finditer(text))


def read_catalog(path: Path, locale: str) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=locale)


def check_catalog(path: Path, locale: str) -> list[str]:
    problems: list[str] = []
    catalog = read_catalog(path, locale)
    expected = PLURAL_FORMS.get(locale, catalog.num_plurals)
    if catalog.num_plurals != expected:
        problems.append(f"{shown(path)}:1: Plural-Forms declares {catalog.num_plurals} forms, "
                        f"{locale} needs {expected}")
    for message in catalog:
        if not message.id:
            continue
        problems.extend(f"{shown(path)}:{message.lineno}: {text}"
                        for text in check_message(message, expected))
    return problems


def check_message(message: Message, forms: int) -> list[str]:
    ids = list(message.id) if isinstance(message.id, (list, tuple)) else [message.id]
    strings = (list(message.string) if isinstance(message.string, (list, tuple))
               else [message.string])
    label = repr(ids[0])
    if message.fuzzy:
        return [f"{label} is marked fuzzy: check the translation and remove the flag"]
    if not any(strings):
        return [f"{label} is not translated"]
    problems = []
    if message.pluralizable:
        filled = [s for s in strings if s]
        if len(strings) < forms or len(filled) < forms:
            problems.append(f"{label} has {len(filled)} of {forms} plural forms")
    wanted = placeholders(ids[-1]) if message.pluralizable else placeholders(ids[0])
    for string in strings:
        # A singular form may leave out the count ("one item"), never add or rename one.
        if string and placeholders(string) != wanted and not (
            message.pluralizable and set(placeholders(string)) <= set(wanted)
        ):
            problems.append(f"{label}: placeholders {placeholders(string)} differ from {wanted}")
            break
    return problems


def extracted_messages(sources: Sources) -> list[tuple[Path, int, str, str | None]]:
    """Every msgid the templates and Python code ask for, and where: (file, line, id, context)."""
    found: list[tuple[Path, int, str, str | None]] = []
    jinja = {"**.html": {"extensions": "jinja2.ext.i18n", "trim_blocks": "true",
                         "lstrip_blocks": "true"}}
    runs = [
        *((directory, [("**.html", "jinja2")], jinja)
          for directory in (sources.templates_dir, *sources.more_templates)),
        *((directory, [("**.py", "python")], {})
          for directory in (sources.python_dir, *sources.more_python)),
    ]
    for directory, method_map, options in runs:
        if not directory.is_dir():
            continue
        for filename, lineno, message, _comments, context in extract_from_dir(
            directory, method_map, options, keywords=DEFAULT_KEYWORDS
        ):
            msgid = message[0] if isinstance(message, (list, tuple)) else message
            if msgid:
                found.append((directory / filename, lineno, msgid, context))
    return found


def check_coverage(sources: Sources, catalogs: dict[str, Catalog]) -> list[str]:
    """A string used in the code but absent from a catalog would show untranslated."""
    problems = []
    for path, line, msgid, context in extracted_messages(sources):
        missing = [locale for locale, catalog in catalogs.items()
                   if catalog.get(msgid, context=context) is None]
        if missing:
            problems.append(f"{shown(path)}:{line}: {msgid!r} is missing from the "
                            f"{', '.join(missing)} catalog "
                            "(run `make catalogs`, then translate it)")
    return problems



def check_sources(templates_dirs: tuple[Path, ...], view_dirs: tuple[Path, ...]) -> list[str]:
    """Every template and view module, in a stable order."""
    problems: list[str] = []
    for path in sorted(p for directory in templates_dirs for p in directory.rglob("*.html")):
        problems.extend(check_template(path))
    for path in sorted(p for directory in view_dirs for p in directory.rglob("*.py")):
        problems.extend(check_view(path))
    return problems


def check_all(sources: Sources) -> list[str]:
    problems: list[str] = []
    catalogs: dict[str, Catalog] = {}
    for locale in LOCALES:
        path = sources.locales_dir / locale / "LC_MESSAGES" / "messages.po"
        if not path.exists():
            problems.append(f"{shown(path)}:0: catalog missing")
            continue
        problems.extend(check_catalog(path, locale))
        catalogs[locale] = read_catalog(path, locale)
    problems.extend(check_coverage(sources, catalogs))
    problems.extend(check_sources((sources.templates_dir, *sources.more_templates),
                                  sources.view_dirs))
    return problems


def run_check(settings: Settings) -> int:
    problems = check_all(Sources(locales_dir=settings.locales_dir))
    for problem in problems:
        click.echo(problem, err=True)
    if problems:
        click.echo(f"{len(problems)} translation problem(s).", err=True)
        return 1
    click.echo("Catalogs and sources OK.")
    return 0
