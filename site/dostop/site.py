"""The site as the app holds it: settings, content, catalogs, templates, assets. Built once."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from gettext import NullTranslations

import jinja2

from dostop.assets import AssetStore
from dostop.clock import Clock
from dostop.content import ContentRepository
from dostop.identity import Identity
from dostop.http.preferences import PreferencesCodec
from dostop.search import SearchBackend
from dostop.settings import Settings
from dostop.urls import UrlTable


@dataclass
class Site:
    settings: Settings
    content: ContentRepository
    translations: dict[str, NullTranslations]
    environments: dict[str, jinja2.Environment]
    assets: AssetStore
    codec: PreferencesCodec
    search: SearchBackend
    urls: UrlTable
    identity: dict[str, Identity]  # per locale
    clock: Clock  # the one the views and the response cache ask what day it is

    def environment(self, locale: str) -> jinja2.Environment:
        return self.environments[locale]


def gettext_for(site: Site, locale: str) -> Callable[[str], str]:
    return site.translations[locale].gettext


def ngettext_for(site: Site, locale: str) -> Callable[[str, str, int], str]:
    return site.translations[locale].ngettext
