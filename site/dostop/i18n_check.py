"""`dostop i18n check`: every catalog entry translated, consistent and complete.

Reports `file:line: message` and returns 1 when anything is wrong.
"""

from __future__ import annotations

import re
from pathlib import Path

import click
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po

from dostop.i18n import LOCALES
from dostop.settings import Settings

PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|%[sd]|\{(\w*)\}")
PLURAL_FORMS = {"sl": 4, "en": 2}


def placeholders(text: str) -> list[str]:
    return sorted(m.group(0) for m in PLACEHOLDER.finditer(text))


def check_catalog(path: Path, locale: str) -> list[str]:
    problems: list[str] = []
    with path.open("rb") as handle:
        catalog: Catalog = read_po(handle, locale=locale)
    expected = PLURAL_FORMS.get(locale, catalog.num_plurals)
    if catalog.num_plurals != expected:
        problems.append(f"{path}:1: Plural-Forms declares {catalog.num_plurals} forms, "
                        f"{locale} needs {expected}")
    for message in catalog:
        if not message.id:
            continue
        problems.extend(f"{path}:{message.lineno}: {text}" for text in check_message(message, expected))
    return problems


def check_message(message: Message, forms: int) -> list[str]:
    ids = list(message.id) if isinstance(message.id, (list, tuple)) else [message.id]
    strings = list(message.string) if isinstance(message.string, (list, tuple)) else [message.string]
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
        if string and placeholders(string) != wanted and not (
            message.pluralizable and set(placeholders(string)) <= set(wanted)
        ):
            problems.append(f"{label}: placeholders {placeholders(string)} differ from {wanted}")
            break
    return problems


def run_check(settings: Settings) -> int:
    problems: list[str] = []
    for locale in LOCALES:
        path = settings.locales_dir / locale / "LC_MESSAGES" / "messages.po"
        if not path.exists():
            problems.append(f"{path}:0: catalog missing")
            continue
        problems.extend(check_catalog(path, locale))
    for problem in problems:
        click.echo(problem, err=True)
    if problems:
        click.echo(f"{len(problems)} catalog problem(s).", err=True)
        return 1
    click.echo("Catalogs OK.")
    return 0
