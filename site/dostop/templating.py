"""Jinja environments: one per language, with that language's catalog installed, so templates
and our component macros translate with `_()`, `ngettext()` and `{% trans %}`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2

from dostop.content import ContentRepository
from dostop.i18n import PSEUDO, format_list, format_long_date, format_number
from dostop.language_choice import choice_url
from dostop.urls import url_for

TEMPLATES = Path(__file__).parent / "templates"


def make_environment(
    locale: str, translations: Any, globals_: dict[str, Any], content: ContentRepository
) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.install_gettext_translations(translations, newstyle=True)  # type: ignore[attr-defined]
    lang = "en" if locale == PSEUDO else locale
    env.globals.update(globals_)
    env.globals.update(
        locale=locale,
        lang=lang,
        url_for=lambda name, **params: url_for(name, locale, **params),
        page_url=lambda key: _page_url(content, key, locale),
        choice_url=choice_url,
    )
    env.filters["long_date"] = lambda value: format_long_date(value, lang)
    env.filters["number"] = lambda value: format_number(value, locale)
    env.filters["format_list"] = lambda items: format_list(items, locale)
    return env


def _page_url(content: ContentRepository, key: str, locale: str) -> str:
    """A plain page found by its translation key ("about", "contact"), in this language."""
    page = content.page_by_key(key, "en" if locale == PSEUDO else locale)
    if page is None:
        raise LookupError(f"no page with key {key!r} in {locale}: add it to site/content")
    return url_for("page", locale, slug=page.slug)


def make_environments(
    translations: dict[str, Any], globals_: dict[str, Any], content: ContentRepository
) -> dict[str, jinja2.Environment]:
    return {locale: make_environment(locale, t, globals_, content) for locale, t in translations.items()}
