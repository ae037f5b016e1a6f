"""The report a person reads: one self-contained HTML file (styles inline, no scripts), summary
first, then one entry per problem with the pages it is on, then by page, in Slovenian or
English. It passes axe itself (tested). `by_rule` is what the accessibility statement lists."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import jinja2
from babel.dates import format_datetime

from dostop.i18n import babel_locale, load_translations
from dostop.settings import Settings
from dostop_audit.reasons import translate_all

Report = dict[str, Any]
TEMPLATES = Path(__file__).resolve().parent / "templates"


def wcag_criteria(tags: list[str]) -> list[str]:
    """axe's "wcag143" tags as success criteria: "1.4.3"."""
    found = []
    for tag in tags:
        match = re.fullmatch(r"wcag(\d)(\d)(\d+)", tag)
        if match:
            found.append(".".join(match.groups()))
    return found


def by_rule(report: Report) -> list[dict[str, Any]]:
    rules: dict[str, dict[str, Any]] = {}
    for index, page in enumerate(report["pages"]):
        for violation in page["violations"]:
            entry = rules.setdefault(violation["id"], {
                "id": violation["id"], "impact": violation.get("impact") or "minor",
                "help": violation.get("help", ""), "description": violation.get("description", ""),
                "help_url": violation.get("helpUrl", ""),
                "criteria": wcag_criteria(violation.get("tags", [])), "pages": [], "elements": 0})
            entry["pages"].append({"index": index, "url": page["url"], "mode": page["mode"],
                                   "count": len(violation.get("nodes", []))})
            entry["elements"] += len(violation.get("nodes", []))
    order = {"critical": 0, "serious": 1, "moderate": 2, "minor": 3}
    return sorted(rules.values(), key=lambda r: (order.get(r["impact"], 4), -r["elements"], r["id"]))


def reason_label(_: Callable[[str], str], reason: str) -> str:
    """The crawler's reasons (English, stable, as in the JSON) in the report's language."""
    labels = {
        "off-site": _("another site"),
        "redirects off-site": _("redirects to another site"),
        "excluded by --exclude": _("excluded by --exclude"),
        "not matched by --include": _("not matched by --include"),
        "beyond --max-pages": _("beyond --max-pages"),
        "deeper than --depth": _("deeper than --depth"),
        "not audited: the audit was interrupted": _("not audited: the audit was interrupted"),
    }
    if reason in labels:
        return labels[reason]
    match = re.fullmatch(r"not HTML \((.*)\)", reason)
    if match:
        return _("not HTML (%(type)s)") % {"type": match.group(1)}
    match = re.fullmatch(r"not a web page \((.*)\)", reason)
    if match:
        return _("not a web page (%(scheme)s)") % {"scheme": match.group(1)}
    return reason


def render_html(report: Report, lang: str, settings: Settings | None = None) -> str:
    settings = settings or Settings()
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                             extensions=["jinja2.ext.i18n"], trim_blocks=True, lstrip_blocks=True,
                             undefined=jinja2.StrictUndefined)
    translations = load_translations(settings.locales_dir, lang)
    env.install_gettext_translations(translations, newstyle=True)  # type: ignore[attr-defined]
    env.filters["reason"] = lambda reason: reason_label(translations.gettext, reason)
    env.filters["criteria"] = wcag_criteria
    env.filters["why"] = lambda text: translate_all(translations.gettext, text)
    when = datetime.fromisoformat(report["date"])
    return env.get_template("report.html").render(
        report=report, lang=lang, summary=report["summary"],
        date=format_datetime(when, "medium", tzinfo=None, locale=babel_locale(lang)) + " UTC")


def write_html(report: Report, path: Path, lang: str) -> None:
    path.write_text(render_html(report, lang), encoding="utf-8")
