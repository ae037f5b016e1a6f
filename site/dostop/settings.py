from __future__ import annotations

import importlib
import math
import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from dostop.content.declaration import ContentType, ContentTypes
from dostop.content.types import DEFAULT_TYPES

ROOT = Path(__file__).resolve().parents[2]


class SettingsError(ValueError):
    """A setting from the environment that cannot be used; the message names it and why."""


# How a switch (DOSTOP_HTTPS, DOSTOP_DEBUG, ...) may be written; unset or empty is off.
TRUE = frozenset({"1", "true", "yes", "on"})
FALSE = frozenset({"", "0", "false", "no", "off"})


def content_types_at(reference: str) -> tuple[ContentType, ...]:
    """The content types named by `package.module:ATTR` (DOSTOP_CONTENT_TYPES): a sequence of
    ContentType declarations in an importable module, the site's whole list in order."""
    module_name, _, attribute = reference.partition(":")
    if not module_name or not attribute:
        raise SettingsError(f"DOSTOP_CONTENT_TYPES={reference!r}: write it as "
                            "package.module:ATTR (for example mysite.types:CONTENT_TYPES)")
    try:
        module = importlib.import_module(module_name)
    except Exception as error:  # any failure to import is the setting's, shown as such
        raise SettingsError(f"DOSTOP_CONTENT_TYPES={reference!r}: cannot import "
                            f"{module_name!r} ({type(error).__name__}: {error})") from error
    declared = getattr(module, attribute, None)
    if declared is None:
        raise SettingsError(f"DOSTOP_CONTENT_TYPES={reference!r}: module {module_name!r} "
                            f"has no {attribute!r}")
    types = (declared,) if isinstance(declared, ContentType) else declared
    if (not isinstance(types, (tuple, list)) or not types
            or not all(isinstance(t, ContentType) for t in types)):
        raise SettingsError(f"DOSTOP_CONTENT_TYPES={reference!r}: {attribute!r} is not a "
                            "ContentType or a list of them")
    try:
        ContentTypes(tuple(types))
    except ValueError as error:
        raise SettingsError(f"DOSTOP_CONTENT_TYPES={reference!r}: {error}") from error
    # A template named but missing would show first as a 500 on that type's pages, long after
    # the deploy: said here, before anything is served.
    from dostop.templating import TEMPLATES

    for declared_type in types:
        home_line = declared_type.home.line if declared_type.home else ""
        for name in (declared_type.list_template, declared_type.item_template, home_line):
            if name and not (TEMPLATES / name).is_file():
                raise SettingsError(f"DOSTOP_CONTENT_TYPES={reference!r}: content type "
                                    f"{declared_type.name!r} names the template {name!r}, "
                                    f"which is not in {TEMPLATES}")
    return tuple(types)


@dataclass(frozen=True)
class Settings:
    """Configuration, read once: from the environment by `from_env`, or built by tests."""

    content_dir: Path = ROOT / "site" / "content"
    locales_dir: Path = ROOT / "locales"
    static_dir: Path = ROOT / "static"
    vendor_dir: Path = ROOT / "node_modules" / "htmx.org" / "dist"
    var_dir: Path = ROOT / "var"
    # The content index (content/index.py), a SQLite file; empty: var_dir/content-index.sqlite3.
    content_index_file: Path | None = None
    secret_key: str = "dev-only-not-secret"
    site_url: str = "http://127.0.0.1:8000"
    https: bool = False
    debug: bool = False
    # QA only: serves the pseudo-locale (en-XA) so untranslated interface text stands out.
    pseudo_locale: bool = False
    # Lists the component pattern page in the sitemap (it is always reachable by its address).
    show_patterns: bool = False
    database_url: str = ""
    # The embedded search index (SQLite FTS5), shared by every worker; None: under var_dir
    # (search.index_path). Unused when database_url names PostgreSQL, which then searches.
    search_index: Path | None = None
    smtp_url: str = ""
    # Forms and mail: sender of our messages, where contact and feedback go, the
    # body limit (413 above it), and the rate limit per form and client address.
    # Empty: the sender and the address in the content's identity.toml.
    mail_from: str = ""
    staff_email: str = ""
    form_body_limit: int = 65536
    form_rate_limit: int = 5
    form_rate_window: int = 3600
    confirm_max_age: int = 7 * 86400
    unsubscribe_max_age: int = 3 * 365 * 86400
    # The content types this site publishes (docs/content-types.md): their folders under
    # content_dir, their addresses, lists, feeds and search results; from the environment,
    # DOSTOP_CONTENT_TYPES=package.module:ATTR.
    content_types: tuple[ContentType, ...] = DEFAULT_TYPES
    # Publishing without a restart (docs/publishing.md): how often a worker that does not
    # watch the content folder looks for a newer publication, in seconds (0: changes are not
    # published until a restart; the environment's default is 1), and how long the folder
    # must be quiet before a change is read (a file still being written is read once, whole).
    publish_interval: float = 0.0
    publish_settle: float = 0.3
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def content_index(self) -> Path:
        return self.content_index_file or self.var_dir / "content-index.sqlite3"

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        """Raises SettingsError for a value that cannot be used, with its name and why."""
        env = dict(os.environ if environ is None else environ)
        base = cls()
        types = env.get("DOSTOP_CONTENT_TYPES", "").strip()

        def flag(name: str) -> bool:
            value = env.get(name, "")
            spelled = value.strip().lower()
            if spelled in TRUE | FALSE:
                return spelled in TRUE
            # A misspelt "ture" would otherwise leave HTTPS or debug off without a word.
            raise SettingsError(f"{name}={value!r}: write 1 or 0 (or true/false, yes/no, on/off)")

        def count(name: str, default: int, least: int = 0) -> int:
            value = env.get(name, "").strip()
            try:
                number = int(value) if value else default
            except ValueError:
                number = least - 1
            if number < least:
                raise SettingsError(f"{name}={value!r}: write a whole number, {least} or more")
            return number

        def seconds(name: str, default: float) -> float:
            value = env.get(name, "").strip()
            try:
                number = float(value) if value else default
            except ValueError:
                number = math.nan
            # "inf" and "nan" parse as floats, but no timer can wait for them.
            if not math.isfinite(number) or number < 0:
                raise SettingsError(f"{name}={value!r}: write a number of seconds, 0 or more "
                                    "(for example 0.5)")
            return number

        return replace(
            base,
            content_dir=Path(env.get("DOSTOP_CONTENT_DIR", base.content_dir)),
            var_dir=Path(env.get("DOSTOP_VAR_DIR", base.var_dir)),
            content_index_file=Path(env["DOSTOP_CONTENT_INDEX"])
            if env.get("DOSTOP_CONTENT_INDEX") else None,
            secret_key=env.get("DOSTOP_SECRET_KEY", base.secret_key),
            site_url=env.get("DOSTOP_SITE_URL", base.site_url).rstrip("/"),
            https=flag("DOSTOP_HTTPS"),
            debug=flag("DOSTOP_DEBUG"),
            pseudo_locale=flag("DOSTOP_PSEUDO_LOCALE"),
            show_patterns=flag("DOSTOP_SHOW_PATTERNS"),
            database_url=env.get("DATABASE_URL", ""),
            search_index=Path(env["DOSTOP_SEARCH_INDEX"]) if env.get("DOSTOP_SEARCH_INDEX")
            else None,
            smtp_url=env.get("DOSTOP_SMTP_URL", ""),
            mail_from=env.get("DOSTOP_MAIL_FROM", base.mail_from),
            staff_email=env.get("DOSTOP_STAFF_EMAIL", base.staff_email),
            form_rate_limit=count("DOSTOP_FORM_RATE_LIMIT", base.form_rate_limit, least=1),
            publish_interval=seconds("DOSTOP_PUBLISH_INTERVAL", 1.0),
            publish_settle=seconds("DOSTOP_PUBLISH_SETTLE", base.publish_settle),
            content_types=content_types_at(types) if types else base.content_types,
        )
