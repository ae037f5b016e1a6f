"""Languages: which exist, their catalogs, and how dates and numbers are written in each.

One place decides the locale of a request: the first path segment (see `locale_from_path`).
The checker behind `dostop i18n check` lives beside it (check, check_templates, check_python);
the site never imports it at run time.
"""

from __future__ import annotations

import gettext as gettext_module
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date
from io import BytesIO
from pathlib import Path
from typing import ClassVar, Literal

from babel import Locale as BabelLocale
from babel.dates import format_date
from babel.lists import format_list as babel_format_list
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import Translations

Locale = Literal["sl", "en"]
LOCALES: tuple[Locale, ...] = ("sl", "en")
DEFAULT_LOCALE: Locale = "sl"
# The pseudo-locale for QA; served only when `Settings.pseudo_locale` is on.
PSEUDO = "en-xa"


def content_language(locale: str) -> str:
    """The language of the content and dates a locale shows: the pseudo-locale shows English."""
    return "en" if locale == PSEUDO else locale


@dataclass(frozen=True)
class Untranslated:
    """Why the language switcher led to a list page instead of the item: the item (of `kind`,
    with `slug`) exists only in `locale`. It travels in the query (`?untranslated=news-sl-slug`),
    so the page that explains it stays public and cacheable; anything else in that parameter is
    ignored. The view checks that the item exists before the page names or links it."""

    kind: str
    locale: str
    slug: str = ""

    PARAMETER: ClassVar[str] = "untranslated"

    @property
    def query(self) -> str:
        slug = f"-{self.slug}" if self.slug else ""
        return f"?{self.PARAMETER}={self.kind}-{self.locale}{slug}"

    @classmethod
    def parse(cls, value: str, kinds: Collection[str] | None = None) -> Untranslated | None:
        """`kinds`: the site's content type names (by default, the engine's own types)."""
        if kinds is None:
            # Imported here: the content layer imports this module for its languages.
            from dostop.content.types import DEFAULT_TYPES

            kinds = {t.name for t in DEFAULT_TYPES}
        kind, _, rest = value.partition("-")
        locale, _, slug = rest.partition("-")
        if kind not in kinds or locale not in LOCALES:
            return None
        if slug and not _SLUG.fullmatch(slug):
            return None
        return cls(kind, locale, slug)


_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


# Slovenian writes a day and month with the month in the genitive ("5. oktobra 2017"); CLDR's
# format month is the nominative ("oktober"), so Babel alone would print "5. oktober 2017".
SL_GENITIVE_MONTHS = (
    "januarja", "februarja", "marca", "aprila", "maja", "junija",
    "julija", "avgusta", "septembra", "oktobra", "novembra", "decembra",
)


def format_long_date(value: date, locale: str) -> str:
    """The long date as each language writes it: "5. oktobra 2017", "5 October 2017"."""
    if locale == "sl":
        return f"{value.day}. {SL_GENITIVE_MONTHS[value.month - 1]} {value.year}"
    return format_date(value, "d MMMM y", locale="en_GB")


def N_(message: str) -> str:
    """Marks a string for extraction where it is defined (a module-level title, a form's error
    message) and translated later with `_(value)` once the request's language is known."""
    return message


def babel_locale(locale: str) -> BabelLocale:
    return BabelLocale.parse("en_GB" if locale in {"en", PSEUDO} else locale)


def format_number(value: float, locale: str) -> str:
    """"1.234.567" in Slovenian, "1,234,567" in English."""
    return format_decimal(value, locale=babel_locale(locale))


def format_list(items: Sequence[str], locale: str) -> str:
    """"novice, projekti in strani", "news, projects and pages"."""
    return babel_format_list(list(items), locale=babel_locale(locale))


def load_translations(locales_dir: Path, locale: str) -> Translations:
    """Reads the .po catalog and compiles it in memory, so a fresh clone needs no build step."""
    po_path = locales_dir / locale / "LC_MESSAGES" / "messages.po"
    if not po_path.exists():
        return Translations()
    with po_path.open("rb") as handle:
        catalog = read_po(handle, locale=locale)
    buffer = BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return Translations(buffer)


def locale_from_path(path: str, *, pseudo: bool = False) -> str | None:
    """The language of a URL: its first segment, if that is a language we serve."""
    first = path.lstrip("/").split("/", 1)[0]
    if first in LOCALES:
        return first
    if pseudo and first == PSEUDO:
        return PSEUDO
    return None


_ACCENTS = str.maketrans(
    "aceinousyACEINOUSYz", "åçéîñöûšýÅÇÉÎÑÖÛŠÝž"
)


def pseudo_localize(text: str) -> str:
    """Accents every letter outside placeholders and brackets the whole, so text that escaped
    translation (plain ASCII, no brackets) is easy to spot on a pseudo-locale page."""
    out: list[str] = []
    depth = 0
    for index, char in enumerate(text):
        if char in "{<" or (char == "%" and index + 1 < len(text) and text[index + 1] == "("):
            depth += 1
        if depth:
            out.append(char)
        else:
            out.append(char.translate(_ACCENTS))
        if char in "}>" or (char in "sd" and depth and text[index - 1 : index] == ")"):
            depth = max(depth - 1, 0)
    return "⟦" + "".join(out) + "⟧"


class PseudoTranslations(gettext_module.NullTranslations):
    """English strings, visibly transformed: a QA view of every interface string."""

    def __init__(self, base: Translations) -> None:
        super().__init__()
        self._base = base

    def gettext(self, message: str) -> str:
        return pseudo_localize(self._base.gettext(message))

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return pseudo_localize(self._base.ngettext(msgid1, msgid2, n))

    def pgettext(self, context: str, message: str) -> str:
        return pseudo_localize(str(self._base.pgettext(context, message)))

    def npgettext(self, context: str, msgid1: str, msgid2: str, n: int) -> str:
        return pseudo_localize(self._base.npgettext(context, msgid1, msgid2, n))


def negotiate_locale(accept_language: str) -> Locale:
    """The best of our languages for an Accept-Language header (q-values honoured; anything
    malformed is skipped, never an error). Falls back to Slovenian."""
    best: tuple[float, int, Locale] | None = None
    for position, part in enumerate(accept_language[:1000].split(",")):
        pieces = part.strip().split(";")
        tag = pieces[0].strip().lower()
        quality = 1.0
        for parameter in pieces[1:]:
            name, _, value = parameter.strip().partition("=")
            if name.strip() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = -1.0
        if not (0.0 < quality <= 1.0):
            continue
        primary = tag.split("-", 1)[0]
        if primary in LOCALES:
            candidate = (quality, -position, primary)
            if best is None or candidate > best:
                best = candidate
    return best[2] if best else DEFAULT_LOCALE
