"""Jinja environments: one per language, with that language's catalog installed, so templates
and our component macros translate with `_()`, `ngettext()` and `{% trans %}`."""

from __future__ import annotations

from collections.abc import Callable, MutableMapping
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from dostop.content import ContentItem, ContentRepository
from dostop.http.language_choice import choice_url
from dostop.identity import Identity
from dostop.i18n import content_language, format_list, format_long_date, format_number
from dostop.memo import BoundedMemo
from dostop.urls import UrlTable

TEMPLATES = Path(__file__).parent / "templates"
# One folder per component: its macro, style, script and pattern-page example side by side.
COMPONENTS = Path(__file__).parent / "components"


class ComponentLoader(jinja2.FileSystemLoader):
    """`components/dialog.html` is the macro in `components/dialog/dialog.html`, so templates
    import a component by its name while its files live together; `components/dialog/example.html`
    and the like are found as written."""

    def get_source(self, environment: jinja2.Environment,
                   template: str) -> tuple[str, str, Any]:
        name, dot, ext = template.rpartition(".")
        if dot and "/" not in name:
            template = f"{name}/{name}.{ext}"
        return super().get_source(environment, template)


def component_names() -> list[str]:
    """Every component with an example, as the pattern page lists them."""
    return sorted(path.parent.name for path in COMPONENTS.glob("*/example.html"))


def template_loader() -> jinja2.BaseLoader:
    return jinja2.ChoiceLoader([
        jinja2.PrefixLoader({"components": ComponentLoader(COMPONENTS)}),
        jinja2.FileSystemLoader(TEMPLATES),
    ])


class Environment(jinja2.Environment):
    """Templates see the environment's globals as one plain dict, not Jinja's default ChainMap.
    Every `{% from ... import %}` compares the importing template's globals with the imported
    one's, key by key; through a ChainMap that was an eighth of an uncached page's time
    (bench/README.md). Jinja's own advice holds here: all globals are set before the first
    template loads, and never changed after."""

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        return {**self.globals, **(d or {})}


def make_environment(
    locale: str, translations: Any, globals_: dict[str, Any],
    content: Callable[[], ContentRepository], urls: UrlTable, identity: Identity, *,
    auto_reload: bool = False,
) -> jinja2.Environment:
    """`auto_reload` re-reads a template whose file changed (development): off, it saves a
    stat() of every template a page uses on every render. Templates link with `url_for(name)`
    and `item_url(item)`, and read the site's `content_types` (navigation, site index, search
    results, the untranslated notice) and its publisher's `identity` in this language.
    `content` gives the content live now (publishing swaps it while the app runs)."""
    env = Environment(
        auto_reload=auto_reload,
        loader=template_loader(),
        autoescape=True,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.install_gettext_translations(translations, newstyle=True)  # type: ignore[attr-defined]
    lang = content_language(locale)
    env.globals.update(globals_)
    env.globals.update(
        locale=locale,
        lang=lang,
        url_for=lambda name, **params: urls.url_for(name, locale, **params),
        item_url=lambda item: _item_url(content(), urls, item, locale),
        page_url=lambda key: _page_url(content(), urls, key, locale),
        content_types=content().types,
        identity=identity,
        choice_url=choice_url,
        rendered_once=RenderedOnce(env),
        # Search hits apart: a stream of distinct ones must not push the footer out.
        rendered_hit=RenderedOnce(env),
    )
    env.filters["long_date"] = lambda value: format_long_date(value, lang)
    env.filters["number"] = lambda value: format_number(value, locale)
    env.filters["format_list"] = lambda items: format_list(items, locale)
    for content_type in content().types:
        if content_type.template_filters is not None:
            env.filters.update(content_type.template_filters(locale, translations))
    return env


class RenderedOnce:
    """`rendered_once("parts/dialogs.html", key=prefs.cache_key(), prefs=prefs)`: a part of the
    page that depends only on the language and the parameters given (the footer, the settings
    and shortcuts dialogs that every page carries), rendered once per distinct `key` (or, without
    one, per distinct parameters, which must then be hashable) and then reused: they are about
    half the work of every page the cache cannot keep (a new search, a form with errors;
    measured in bench/README.md). At most MAX variants are kept. With `auto_reload`
    (DOSTOP_DEBUG) nothing is kept, so an edited template shows at once."""

    MAX = 1024

    def __init__(self, env: jinja2.Environment) -> None:
        self.env = env
        self._memo: BoundedMemo[tuple[Any, ...], Markup] = BoundedMemo(self.MAX)

    def __call__(self, template_name: str, key: Any = None, **params: Any) -> Markup:
        memo_key = (template_name, key if key is not None else tuple(sorted(params.items())))
        html = None if self.env.auto_reload else self._memo.get(memo_key)
        if html is None:
            html = self._memo.put(
                memo_key, Markup(self.env.get_template(template_name).render(params)))
        return html


def _item_url(content: ContentRepository, urls: UrlTable, item: ContentItem, locale: str) -> str:
    return urls.url_for(content.types[item.kind].item_route, locale, slug=item.slug)


def _page_url(content: ContentRepository, urls: UrlTable, key: str, locale: str) -> str:
    """A plain page found by its translation key ("about", "contact"), in this language."""
    page = content.page_by_key(key, content_language(locale))
    if page is None:
        raise LookupError(f"no page with key {key!r} in {locale}: add it to site/content")
    return _item_url(content, urls, page, locale)


def make_environments(
    translations: dict[str, Any], globals_: dict[str, Any],
    content: Callable[[], ContentRepository], urls: UrlTable, identity: dict[str, Identity], *, auto_reload: bool = False,
) -> dict[str, jinja2.Environment]:
    return {locale: make_environment(locale, t, globals_, content, urls, identity[locale],
                                     auto_reload=auto_reload)
            for locale, t in translations.items()}
