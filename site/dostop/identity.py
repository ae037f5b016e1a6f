"""Who publishes the site: names, address and contact, read from `identity.toml` in the
content folder. Templates, feeds and mails take them from here, so another public body runs the
engine by changing its content only (docs/identity.md).

Top-level keys hold for every language; a `[sl]` or `[en]` table overrides them in that
language (a name is translated, an abbreviation or an address usually is not).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from dostop.content.problems import ContentError, Problem, relative_name
from dostop.i18n import LOCALES, PSEUDO, content_language, pseudo_localize

FILE_NAME = "identity.toml"


@dataclass(frozen=True)
class Identity:
    """The publisher in one language."""

    short_name: str   # after every page title, in the header and in mail subjects: "RRA LUR"
    name: str         # the body's full name: header, footer, feeds' author, statement
    address: str      # postal address, in the footer
    email: str        # where the public writes; contact and feedback forms send here
    sender: str       # the From of the site's own mail: "RRA LUR <no-reply@rralur.si>"
    description: str  # a page's description when it has none of its own (search engines)
    tagline: str      # the home page's banner heading: what the body does, in one sentence
    about_label: str  # the navigation's link to the `about` page: "About the agency"
    phone: str = ""

    def titled(self, title: str) -> str:
        """What a browser tab, a feed or a calendar shows for one of the site's pages or lists:
        the title, then the short name ("News – RRA LUR"), so a tab or a subscription says
        which site it is from and the distinguishing part comes first."""
        return f"{title} – {self.short_name}"


REQUIRED = tuple(f.name for f in fields(Identity) if f.name != "phone")


def load_identity(content_dir: Path) -> dict[str, Identity]:
    """The identity per language (the pseudo-locale shows the English one); raises
    ContentError, with the file and a plain message, when it is missing or incomplete."""
    path = content_dir / FILE_NAME
    name = relative_name(path, content_dir)
    try:
        data: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ContentError([Problem(name, 0, "the site's identity file is missing: "
                                    "copy site/content/identity.toml and change it")]) from None
    except tomllib.TOMLDecodeError as error:
        raise ContentError([Problem(name, getattr(error, "lineno", 1),
                                    f"not valid TOML: {error}")]) from None
    shared = {k: v for k, v in data.items() if not isinstance(v, dict)}
    result: dict[str, Identity] = {}
    problems = []
    for locale in LOCALES:
        values = {**shared, **data.get(locale, {})}
        missing = [key for key in REQUIRED if not str(values.get(key, "")).strip()]
        if missing:
            problems.append(Problem(name, 1, f"[{locale}] needs {', '.join(missing)}"))
            continue
        result[locale] = Identity(**{f.name: str(values.get(f.name, "")) for f in fields(Identity)})
    if problems:
        raise ContentError(problems)
    # The pseudo-locale marks the names and address like interface text: they frame every page
    # as the interface does, and QA sees at a glance that they come from this file.
    english = result[content_language(PSEUDO)]
    result[PSEUDO] = replace(english, **{key: pseudo_localize(getattr(english, key))
                                         for key in ("short_name", "name", "address", "description",
                                                     "tagline", "about_label")})
    return result
