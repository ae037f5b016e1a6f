"""Form fields and their validation (GOV.UK's error messages: say what to do to fix it).

Messages are English msgids, translated when the page is rendered; `_` here only marks them
for extraction (see `definitions.py`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

FieldKind = Literal["text", "email", "textarea", "checkbox", "radios", "path"]

# The WHATWG definition of a valid e-mail address (what <input type="email"> accepts).
EMAIL = re.compile(
    r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$"
)
# C0 controls except tab and line feed, DEL, and the C1 block: never kept in a stored value.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
LINE_BREAK = re.compile(r"[\r\n\u2028\u2029\x85]")


@dataclass(frozen=True)
class Problem:
    """One error: the field it belongs to, the msgid telling how to fix it, and its parameters."""

    field: str
    message: str
    params: dict[str, int | str] = field(default_factory=dict)


@dataclass(frozen=True)
class Field:
    name: str
    kind: FieldKind
    label: str
    missing: str = ""       # shown when a required field is empty
    invalid: str = ""       # shown when the value has the wrong form
    too_long: str = ""      # shown when the value is over max_length; gets %(max)s
    hint: str = ""
    required: bool = True
    max_length: int = 200
    autocomplete: str = ""
    choices: tuple[tuple[str, str], ...] = ()  # radios: (value, label msgid)

    @property
    def id(self) -> str:
        """The id of the control that the error summary links to (the first radio for radios)."""
        return f"field-{self.name}" + ("-0" if self.kind == "radios" else "")


@dataclass(frozen=True)
class FormSpec:
    kind: str
    title: str  # the page's title and <h1> (a msgid)
    fields: tuple[Field, ...]
    honeypot: str = "website"

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)


def is_site_path(value: str) -> bool:
    """A path on this site: starts with one slash, no scheme, host, backslash or space."""
    return (value.startswith("/") and not value.startswith("//") and "\\" not in value
            and not any(ch.isspace() for ch in value) and CONTROL.search(value) is None)


def clean(spec_field: Field, raw: str) -> str:
    if spec_field.kind == "textarea":
        value = raw.replace("\r\n", "\n").replace("\r", "\n")
        return CONTROL.sub("", value).strip()
    return raw.strip()


def check(spec_field: Field, value: str) -> Problem | None:
    """The one problem with a cleaned value, or None."""
    name = spec_field.name
    if not value:
        return Problem(name, spec_field.missing) if spec_field.required else None
    # Before the length check: these kinds have no too_long message (and gettext("") is the
    # catalog header, whose "%" broke the page with a 500 for a long hostile value).
    if spec_field.kind == "checkbox":
        return None if value == "yes" else Problem(name, spec_field.missing)
    if spec_field.kind == "radios":
        if value not in {choice for choice, _label in spec_field.choices}:
            return Problem(name, spec_field.missing)
        return None
    if len(value) > spec_field.max_length:
        return Problem(name, spec_field.too_long, {"max": spec_field.max_length})
    if spec_field.kind == "email":
        return None if EMAIL.match(value) else Problem(name, spec_field.invalid)
    if spec_field.kind == "path":
        return None if is_site_path(value) else Problem(name, spec_field.invalid)
    if spec_field.kind == "text" and (LINE_BREAK.search(value) or CONTROL.search(value)):
        return Problem(name, spec_field.invalid)
    return None


def validate(spec: FormSpec, raw: dict[str, str]) -> tuple[dict[str, str], list[Problem]]:
    """Cleans every field; returns the values (to show again) and the problems, in form order."""
    values: dict[str, str] = {}
    problems: list[Problem] = []
    for spec_field in spec.fields:
        value = clean(spec_field, raw.get(spec_field.name, ""))
        values[spec_field.name] = value
        problem = check(spec_field, value)
        if problem is not None:
            problems.append(problem)
    return values, problems


def single_field(spec: FormSpec, name: str, raw: str) -> Problem | None:
    """Checks one field on its own (inline validation as the visitor leaves it)."""
    spec_field = spec.field(name)
    return check(spec_field, clean(spec_field, raw))
