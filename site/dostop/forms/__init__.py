"""Forms: field definitions, validation, and reading a request body safely."""

from __future__ import annotations

from dostop.forms.body import BodyTooLarge, UnreadableForm, read_form
from dostop.forms.definitions import CONTACT, FEEDBACK, FORMS, NEWSLETTER, UNREADABLE
from dostop.forms.fields import Field, FormSpec, Problem, is_site_path, single_field, validate

__all__ = [
    "CONTACT", "FEEDBACK", "FORMS", "NEWSLETTER", "UNREADABLE", "BodyTooLarge", "Field", "FormSpec",
    "Problem", "UnreadableForm", "is_site_path", "read_form", "single_field", "validate",
]
