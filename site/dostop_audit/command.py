"""`dostop audit URL`: crawl, audit, report. Exit 0 when nothing at or above `--fail-on` was
found (only new findings count with `--baseline`), 1 when something was, 2 when the audit could
not run (site down, browser missing, bad options, interrupted), with a one-line reason."""

from __future__ import annotations

import os
import re
import signal
import sys
from pathlib import Path
from typing import Any, NoReturn

import click

from dostop_audit.impact import IMPACTS

EXIT_OK, EXIT_FOUND, EXIT_CANNOT_RUN = 0, 1, 2


def _parse_rules(value: str) -> dict[str, dict[str, bool]]:
    rules: dict[str, dict[str, bool]] = {}
    for item in filter(None, (part.strip() for part in value.split(","))):
        rules[item.lstrip("-")] = {"enabled": not item.startswith("-")}
    return rules


@click.command("audit", help=(
    "Audit a site for accessibility: crawl URL (its sitemap and links, same origin), run axe "
    "and keyboard checks in headless Chromium on every page, and report. Exit status: 0 nothing "
    "at or above --fail-on, 1 something was found, 2 the audit could not run."))
@click.argument("url")
@click.option("--max-pages", default=500, show_default=True, type=click.IntRange(1),
              help="Audit at most this many pages.")
@click.option("--depth", default=None, type=click.IntRange(0),
              help="Follow links at most this many steps from the start page and the sitemap.")
@click.option("--include", multiple=True, metavar="REGEX",
              help="Audit only URLs matching this regular expression (repeatable).")
@click.option("--exclude", multiple=True, metavar="REGEX",
              help="Neither audit nor follow URLs matching this (repeatable).")
@click.option("--tags", default=None,
              help="axe tags to run, comma-separated [default: wcag2a, wcag2aa, wcag21a, "
                   "wcag21aa, wcag22aa, best-practice].")
@click.option("--rules", default="", metavar="ID,-ID",
              help="Switch axe rules on (ID) or off (-ID) on top of the tags.")
@click.option("--mode", type=click.Choice(["off", "on", "both"]), default="off", show_default=True,
              help="Dostop sites: audit with the accessibility mode off, on, or both.")
@click.option("--workers", default=os.cpu_count() or 1, show_default="the number of cores",
              type=click.IntRange(1), help="Parallel browsers.")
@click.option("--ignore", "ignores", multiple=True, nargs=2, metavar="RULE[:SELECTOR] REASON",
              help="Do not count RULE (only inside SELECTOR, if given); REASON is required "
                   "and shown in every report. Repeatable.")
@click.option("--fail-on", type=click.Choice(IMPACTS), default="minor", show_default=True,
              help="Exit 1 when a violation of this impact or worse is found.")
@click.option("--baseline", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="An earlier --json report: show what is new and what was fixed; only new "
                   "findings fail.")
@click.option("--json", "json_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the full results as JSON.")
@click.option("--junit", "junit_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Write JUnit XML (one test case per problem).")
@click.option("--sarif", "sarif_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Write SARIF 2.1.0 (one result per problem) for CI code-scanning views.")
@click.option("--earl", "earl_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Write an ACT implementation report: EARL 1.0 in JSON-LD, one assertion per "
                   "page and rule, naming the W3C ACT rules and WCAG criteria.")
@click.option("--html", "html_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Write a single-file HTML report for people.")
@click.option("--lang", type=click.Choice(["sl", "en"]), default="sl", show_default=True,
              help="Language of the HTML report and the summary.")
@click.option("--statement", "statement_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the findings into the site's statement data (site/content/statement.json).")
@click.option("--keyboard/--no-keyboard", default=True, show_default=True,
              help="Run the keyboard checks (skip link first, reachability, visible focus).")
@click.option("--page-timeout", default=120, show_default=True, type=click.IntRange(4),
              metavar="SECONDS",
              help="Time limit per page: a page still loading after a quarter of it (30 s at "
                   "most) is audited as it is; steps left when it runs out are reported as not "
                   "run, and a page that hangs its browser gets a new one.")
def audit_command(url: str, max_pages: int, depth: int | None, include: tuple[str, ...],
                  exclude: tuple[str, ...], tags: str | None, rules: str, mode: str, workers: int,
                  ignores: tuple[tuple[str, str], ...], fail_on: str, baseline: Path | None,
                  json_path: Path | None, junit_path: Path | None, sarif_path: Path | None,
                  earl_path: Path | None, html_path: Path | None, lang: str,
                  statement_path: Path | None, keyboard: bool, page_timeout: int) -> None:
    from dostop_audit.browser import WCAG_TAGS
    from dostop_audit.profiles import PROFILES
    from dostop_audit.runner import AuditOptions, Ignore

    def cannot_run(reason: str) -> NoReturn:
        click.echo(f"dostop audit: {reason}", err=True)
        sys.exit(EXIT_CANNOT_RUN)

    try:
        for pattern in include + exclude:
            re.compile(pattern)
        parsed_ignores = tuple(Ignore.parse(spec, reason) for spec, reason in ignores)
    except (re.error, ValueError) as error:
        cannot_run(str(error))
    if not re.match(r"https?://", url):
        cannot_run(f"{url}: give an http:// or https:// address")
    options = AuditOptions(
        tags=tuple(t.strip() for t in (tags or "").split(",") if t.strip()) or WCAG_TAGS,
        rules=_parse_rules(rules), modes=("off", "on") if mode == "both" else (mode,),
        workers=workers, ignores=parsed_ignores, keyboard=keyboard, page_timeout=page_timeout)
    sigterm_handler = _stop_on_sigterm()
    try:
        status = run_audit(url, options, fail_on=fail_on, max_pages=max_pages, depth=depth,
                           include=include, exclude=exclude, baseline=baseline,
                           json_path=json_path, junit_path=junit_path, sarif_path=sarif_path,
                           html_path=html_path, lang=lang, statement_path=statement_path,
                           earl_path=earl_path)
    finally:
        if sigterm_handler is not None:
            signal.signal(signal.SIGTERM, sigterm_handler)
        # Every browser's profile, also after Ctrl+C, SIGTERM or an error.
        PROFILES.remove()
    sys.exit(status)


def _stop_on_sigterm() -> Any:
    """CI runners cancel a job with SIGTERM: it stops the audit as Ctrl+C does (the pages done
    are reported, the browsers and their profiles removed). A second SIGTERM ends it at once.
    Returns the handler to put back (None where signals cannot be handled: not the main thread)."""
    def stop(signum: int, frame: Any) -> None:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        raise KeyboardInterrupt

    try:
        return signal.signal(signal.SIGTERM, stop)
    except ValueError:
        return None


def run_audit(url: str, options: Any, *, fail_on: str, max_pages: int, depth: int | None,
              include: tuple[str, ...], exclude: tuple[str, ...], baseline: Path | None,
              json_path: Path | None, junit_path: Path | None, html_path: Path | None,
              lang: str, statement_path: Path | None, sarif_path: Path | None = None,
              earl_path: Path | None = None) -> int:
    from dostop_audit import baseline as baseline_module
    from dostop_audit.browser import BrowserMissing
    from dostop_audit.crawler import CrawlLimits, SiteDown, crawl
    from dostop_audit.report_html import write_html
    from dostop_audit.report_json import build_report, summarize, write_json
    from dostop_audit.report_junit import write_junit
    from dostop_audit.engines.earl import write_earl
    from dostop_audit.report_sarif import write_sarif
    from dostop_audit.runner import Interrupted, Runner
    from dostop_audit.statement import write_statement
    from dostop_audit.terminal import ProgressDisplay, summary_lines
    from dostop.i18n import load_translations
    from dostop.settings import Settings

    translations = load_translations(Settings().locales_dir, lang)
    _, ngettext = translations.gettext, translations.ngettext

    def fail(reason: str) -> int:
        click.echo(f"dostop audit: {reason}", err=True)
        return EXIT_CANNOT_RUN

    previous = None
    if baseline is not None:
        try:
            previous = baseline_module.load_baseline(baseline)
        except baseline_module.BaselineError as error:
            return fail(str(error))
    limits = CrawlLimits(max_pages=max_pages, depth=depth, include=include, exclude=exclude)
    try:
        found = crawl(url, limits)
    except SiteDown as error:
        return fail(_("site down: %(reason)s") % {"reason": error})
    except KeyboardInterrupt:
        return fail(_("interrupted while finding pages"))
    urls = [page.url for page in found.pages]
    if not urls:
        return fail(_("no HTML page to audit at %(url)s") % {"url": url})
    click.echo(ngettext("%(num)d page to audit", "%(num)d pages to audit", len(urls))
               % {"num": len(urls)}, err=True)

    runner = Runner(options)
    try:
        runner.start_browser()
    except (BrowserMissing, Exception) as error:  # noqa: BLE001 - any browser start failure
        return fail(_("browser missing or broken: %(reason)s") % {"reason": str(error).splitlines()[0]})
    progress = ProgressDisplay(len(urls), _, ngettext)
    interrupted = False
    try:
        pages = runner.run(urls, progress)
    except Interrupted as stop:
        pages, interrupted = stop.results, True
    progress.finish()
    done = {p.url for p in pages}
    report = build_report(found, limits, options, runner.environment, pages, fail_on=fail_on,
                          interrupted=interrupted,
                          not_audited=[u for u in urls if u not in done] if interrupted else None)
    if previous is not None:
        report["baseline"] = {"file": str(baseline), **baseline_module.compare(previous, report)}
        report["summary"] = summarize(report)
    for path, write in ((json_path, lambda p: write_json(report, p)),
                        (junit_path, lambda p: write_junit(report, p)),
                        (sarif_path, lambda p: write_sarif(report, p)),
                        (earl_path, lambda p: write_earl(report["pages"], p)),
                        (html_path, lambda p: write_html(report, p, lang))):
        if path is not None:
            write(path)
    if statement_path is not None and not interrupted:
        write_statement(report, statement_path)
    for line in summary_lines(report, _, ngettext):
        click.echo(line)
    if interrupted:
        return fail(_("interrupted after %(done)d of %(total)d pages; the reports show those pages")
                    % {"done": len(done), "total": len(urls)})
    if report["summary"]["errors"] == report["summary"]["states"]:
        return fail(_("no page could be audited: %(reason)s") % {"reason": pages[0].error})
    return EXIT_FOUND if report["summary"]["failed"] else EXIT_OK
